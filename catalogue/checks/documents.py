"""The rules every kind of file meets: its schema, and what YAML or a schema cannot see.

Written in the contributor's words (messages.py); a file's problems are all collected,
never raised, so that one round trip fixes them all.
"""

from __future__ import annotations

from typing import Any

from ..content.characters import NOT_TEXT
from ..content.loader import Document, JsonPath, strings
from ..content.schemas import is_valid, validator
from ..content.starters import PLACEHOLDER, placeholder_hint
from ..errors import Problem
from .messages import field_label, schema_problems

DATE_FIELDS = {"available_from", "available_until", "date"}
# Python-Markdown slows with the square of the "[" and "<" it must match (20,000 "[" take minutes
# to render; 100 take about a second), so a description may hold only this many of each.
MAX_MARKDOWN_MARKS = 100
_MARK_HINTS = {
    "[": "a link needs only one, as in [text](https://…)",
    "<": "Markdown needs it only for links written <https://…>; write Markdown rather than HTML tags",
}


def validate_document(document: Document, kind: str) -> list[Problem]:
    """Schema errors, then the YAML conversions the schema cannot see."""
    errors = [] if is_valid(kind)(document.data) else validator(kind).iter_errors(document.data)
    problems, wrong_type = schema_problems(document, errors)
    texts = list(strings(document.data))  # walked once for both rules that read every string
    problems += implicit_value_problems(document, wrong_type) + placeholder_problems(document, texts)
    return problems + character_problems(document, texts) + markdown_problems(document)


def character_problems(document: Document, texts: list[tuple[JsonPath, str]]) -> list[Problem]:
    """Text holding control characters or noncharacters, which pages, feeds and exports cannot carry."""
    if not NOT_TEXT.search("\n".join(text for _, text in texts)):
        return []  # nearly every file: one search of all its text instead of one per value
    problems = []
    for path, text in texts:
        found = NOT_TEXT.search(text)
        if found:
            problems.append(
                document.problem(
                    path,
                    f"{field_label(path)}: contains an invisible control character "
                    f"(U+{ord(found.group()):04X}) that cannot be shown on the site; delete it",
                )
            )
    return problems


def markdown_problems(document: Document) -> list[Problem]:
    """A description with more "[" or "<" than Markdown can render in reasonable time."""
    text = document.data.get("description")
    if not isinstance(text, str):
        return []
    problems = []
    for mark, hint in _MARK_HINTS.items():
        count = text.count(mark)
        if count > MAX_MARKDOWN_MARKS:
            problems.append(
                document.problem(
                    ("description",),
                    f'description: uses "{mark}" {count} times; at most {MAX_MARKDOWN_MARKS} are allowed '
                    f"({hint})",
                )
            )
    return problems


def implicit_value_problems(document: Document, wrong_type: set[JsonPath]) -> list[Problem]:
    """Dates and odd numbers that YAML converted where the schema still accepted them."""
    problems = []
    for path, (kind, raw) in document.implicit.items():
        if path in wrong_type:
            continue
        label = field_label(path)
        if kind == "date" and path[-1] not in DATE_FIELDS:
            problems.append(
                document.problem(
                    path,
                    f'{label}: YAML reads {raw} as a date, not text; put it in quotes: "{raw}"',
                )
            )
        elif kind == "odd-number":
            problems.append(
                document.problem(
                    path,
                    f"{label}: YAML reads {raw} as the number {document_value(document, path)}; "
                    "write numbers plainly (like 90 or 12.50), or put text in quotes",
                )
            )
    return problems


def document_value(document: Document, path: JsonPath) -> Any:
    value = document.data
    for part in path:
        value = value[part]
    return value


def placeholder_problems(document: Document, texts: list[tuple[JsonPath, str]]) -> list[Problem]:
    """One error for every value that still holds a starter file's REPLACE placeholder."""
    return [
        document.problem(path, f"{field_label(path)}: fill in this placeholder ({placeholder_hint(value)})")
        for path, value in texts
        if PLACEHOLDER.match(value)
    ]
