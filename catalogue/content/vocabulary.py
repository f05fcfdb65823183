"""The vocabularies coordinators define in site.yaml: category, area and audience ids."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Vocabulary:
    """The ids coordinators define in site.yaml, with their labels."""

    categories: dict[str, str] = field(default_factory=dict)
    areas: dict[str, str] = field(default_factory=dict)
    area_parents: dict[str, str] = field(default_factory=dict)
    audiences: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_site(cls, data: Any) -> Vocabulary:
        """From site.yaml's data, as far as it can be read (it may have errors of its own)."""
        data = data if isinstance(data, dict) else {}
        vocabulary = cls(
            categories=_labels(data.get("categories")),
            areas=_labels(data.get("areas")),
            audiences=_labels(data.get("audiences")),
        )
        for item in _items(data.get("areas")):
            if isinstance(item.get("parent"), str):
                vocabulary.area_parents[item["id"]] = item["parent"]
        return vocabulary


def _items(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _labels(value: Any) -> dict[str, str]:
    return {item["id"]: str(item.get("label", item["id"])) for item in _items(value)}


def area_tree(areas: Mapping[str, str], parents: Mapping[str, str]) -> list[tuple[str, int]]:
    """Area ids in site.yaml's order, each region followed by its places; with their depth."""
    children: dict[str, list[str]] = {}
    for area in areas:
        children.setdefault(parents.get(area, ""), []).append(area)
    ordered: list[tuple[str, int]] = []
    seen: set[str] = set()

    def visit(area: str, depth: int) -> None:
        if area in seen:
            return
        seen.add(area)
        ordered.append((area, depth))
        for child in children.get(area, []):
            visit(child, depth + 1)

    for area in areas:
        if parents.get(area) not in areas:
            visit(area, 0)
    for area in areas:  # areas in a circle of parents have no region to hang from
        visit(area, 0)
    return ordered
