"""The suppliers' guide and the shortlist's script say what the schemas and the generator say.

CONTRIBUTING.md's field tables are written for people (types in words, examples); these tests
hold them to the schemas: the same fields, the same required ones, the same length limits and
choices, and the units' meanings as content/words.py gives them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from catalogue.content.schemas import enum, schema
from catalogue.content.words import UNITS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
SECTIONS = {
    "offer": "## Every field of an offer",
    "supplier": "## Every field of supplier.yaml",
    "organisation": "## Organisations' files",
    "order": "## Organisations' orders",
}
NESTED = {"offer": "prices", "order": "items"}  # the lists of fields the guide lists as prices[].amount


def table(heading: str) -> list[list[str]]:
    """The rows of the first table under a heading, each a list of cells (header and rule left out)."""
    section = GUIDE.split(heading, 1)[1]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    first = section.splitlines().index(lines[0])
    rows = []
    for line in section.splitlines()[first:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip("|"))])
    return rows[2:]


def fields(kind: str) -> dict[str, list[str]]:
    """Each field the guide lists for a kind of file (`prices[].amount` as "prices.amount"), with its row."""
    found = {}
    for row in table(SECTIONS[kind]):
        for name in re.findall(r"`([a-z_\[\].]+)`", row[0]):
            found[name.replace("[]", "")] = row
    return found


def resolved(node: dict[str, Any]) -> dict[str, Any]:
    reference = node.get("$ref", "")
    if reference.startswith("common.schema.json#/definitions/"):
        return {**schema("common")["definitions"][reference.rsplit("/", 1)[1]], **node}
    return node


def schema_fields(kind: str) -> dict[str, tuple[dict[str, Any], bool]]:
    """Every field of a schema (prices' and items' too, as "prices.amount"), with whether it is required."""
    main = schema(kind)
    found = {
        name: (resolved(node), name in main.get("required", [])) for name, node in main["properties"].items()
    }
    if kind in NESTED:
        listed = main["properties"][NESTED[kind]]["items"]
        for name, node in listed["properties"].items():
            found[f"{NESTED[kind]}.{name}"] = (resolved(node), name in listed.get("required", []))
    return found


@pytest.mark.parametrize("kind", sorted(SECTIONS))
def test_the_guide_lists_every_field_of_the_schema_and_no_other(kind: str) -> None:
    assert sorted(fields(kind)) == sorted(schema_fields(kind))


@pytest.mark.parametrize("kind", sorted(SECTIONS))
def test_the_guide_says_which_fields_are_required_as_the_schema_does(kind: str) -> None:
    column = 2
    for name, row in fields(kind).items():
        _, required = schema_fields(kind)[name]
        assert (row[column] == "yes") == required, f"{kind} field {name}: the guide says {row[column]!r}"


@pytest.mark.parametrize("kind", sorted(SECTIONS))
def test_the_lengths_the_guide_gives_are_the_schema_s(kind: str) -> None:
    for name, row in fields(kind).items():
        rules, _ = schema_fields(kind)[name]
        if found := re.search(r"(\d+)–(\d+) characters", row[1]):
            assert (rules.get("minLength"), rules.get("maxLength")) == tuple(map(int, found.groups())), name
        if found := re.search(r"up to (\d+) characters", row[1]):
            assert rules.get("maxLength") == int(found[1]), name


def test_the_guide_lists_the_legal_forms_of_the_schema() -> None:
    row = fields("supplier")["legal_form"]
    assert re.findall(r"`([a-z-]+)`", row[1]) == enum("supplier", "legal_form")


def test_the_guide_explains_each_unit_as_the_generator_does() -> None:
    rows = {re.sub(r"`", "", row[0]): row[1] for row in table("## Prices and units")}
    assert list(rows) == enum("offer", "prices", "unit")
    assert rows == {unit: words.meaning for unit, words in UNITS.items()}


# A row of UNITS in static/shortlist.js: the words after a price, a number of the unit (one and
# many, through ngettext) and the label of the box for that number, each a message to translate.
SCRIPT_UNIT = re.compile(
    r'(\w+): \[_\("([^"]*)"\), \(n\) => ngettext\("%\(num\)s ([^"]*)", "%\(num\)s ([^"]*)", n\), '
    r'_\("Number of ([^"]*)"\)\],'
)


def test_the_shortlist_script_words_units_as_the_generator_does() -> None:
    script = (ROOT / "static/shortlist.js").read_text(encoding="utf-8")
    body = script.split("export const UNITS = {", 1)[1].split("};", 1)[0]
    rows = SCRIPT_UNIT.findall(body)
    assert len(rows) == len(body.strip().splitlines())  # every row read, none in another shape
    assert {unit: (words, one, many) for unit, words, one, many, _ in rows} == {
        unit: (words.words, words.one, words.many) for unit, words in UNITS.items()
    }
    # the same plural message as the pages', so the catalogue translates it once for both
    assert {unit: (f"%(num)s {one}", f"%(num)s {many}") for unit, _, one, many, _ in rows} == {
        unit: words.counted for unit, words in UNITS.items()
    }
    assert all(label == many for _, _, _, many, label in rows)  # "Number of sessions"


def test_the_table_reader_sees_a_changed_row() -> None:
    """So that the tests above fail when the guide and the schema part."""
    global GUIDE
    saved = GUIDE
    try:
        GUIDE = GUIDE.replace(
            "| `title` | text, 3–120 characters | yes |", "| `title` | text, 3–99 characters | no |"
        )
        assert fields("offer")["title"][1:3] == ["text, 3–99 characters", "no"]
    finally:
        GUIDE = saved
