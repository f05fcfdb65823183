"""The JSON Schemas (draft-07) that define each kind of content file."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

KINDS = ("site", "supplier", "offer", "organisation", "order")
SCHEMA_FILES = (*KINDS, "common")


def schema_text(name: str) -> str:
    """The text of one schema file, as published on the site."""
    return (resources.files("catalogue") / "schema" / f"{name}.schema.json").read_text("utf-8")


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


def _inline_common(node: Any) -> Any:
    """The schema with references to common definitions copied in place."""
    prefix = "common.schema.json#/definitions/"
    if isinstance(node, dict):
        reference = node.get("$ref", "")
        if reference.startswith(prefix):
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return {**_inline_common(schema("common")["definitions"][reference[len(prefix) :]]), **rest}
        return {k: _inline_common(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_common(v) for v in node]
    return node


@cache
def is_valid(kind: str) -> Callable[[Any], bool]:
    """A compiled yes/no check, thirty times faster than collecting errors.

    Most files are valid, so the full validator runs only for those that fail here.
    """
    standalone = {k: v for k, v in _inline_common(schema(kind)).items() if k != "$id"}
    compiled = fastjsonschema.compile(standalone)

    def check(data: Any) -> bool:
        try:
            compiled(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return check


def field_names(kind: str) -> list[str]:
    return list(schema(kind)["properties"])


def enum(kind: str, *path: str) -> list[str]:
    """The values a schema allows for a field: enum("offer", "prices", "unit")."""
    node = schema(kind)
    for name in path:
        node = node["properties"][name]
        node = node.get("items", node)
    values: list[str] = node["enum"]
    return values
