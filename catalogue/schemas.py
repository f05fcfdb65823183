"""The JSON Schemas (draft-07) that define each kind of content file."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

KINDS = ("site", "supplier", "offer", "organisation")
SCHEMA_FILES = (*KINDS, "common")


def schema_text(name: str) -> str:
    """The text of one schema file, as published on the site."""
    return (resources.files(__package__) / "schema" / f"{name}.schema.json").read_text("utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


@cache
def validator(kind: str) -> Draft7Validator:
    """A reusable validator for one kind of content file."""
    registry: Registry = Registry().with_resources(
        (f"{name}.schema.json", Resource.from_contents(schema(name), default_specification=DRAFT7))
        for name in SCHEMA_FILES
    )
    return Draft7Validator(schema(kind), registry=registry)


def field_names(kind: str) -> list[str]:
    return list(schema(kind)["properties"])
