"""Turning JSON Schema errors into plain-English messages for contributors."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from jsonschema.exceptions import ValidationError

from ..content.loader import Document, JsonPath
from ..errors import Problem

_TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a group of fields",
    "null": "empty",
}


def field_label(path: JsonPath) -> str:
    """prices[0].amount, as a contributor would point at it."""
    label = ""
    for part in path:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else part)
    return label


def did_you_mean(word: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f' (did you mean "{match[0]}"?)' if match else ""


def describe(value: Any) -> str:
    """A value as the contributor wrote it, shortened."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        visible = "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)
        return f'"{visible}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return str(value)


def expected(schema: dict[str, Any]) -> str:
    """What a schema wants, in words: 'a number ≥ 0', 'text', 'a list'."""
    kind = schema.get("type", "")
    words = _TYPE_WORDS.get(kind, "a value") if isinstance(kind, str) else "a value"
    if "minimum" in schema:
        words += f" ≥ {schema['minimum']:g}"
    return words


def schema_problems(
    document: Document, errors: Iterable[ValidationError]
) -> tuple[list[Problem], set[JsonPath]]:
    """Problems for a document's schema errors, and the paths that had the wrong type."""
    problems: list[Problem] = []
    wrong_type: set[JsonPath] = set()
    for error in errors:
        path: JsonPath = tuple(error.absolute_path)
        if error.validator == "type":
            wrong_type.add(path)
        problems.extend(_problems_for(document, path, error))
    return problems, wrong_type


def _problems_for(document: Document, path: JsonPath, error: ValidationError) -> list[Problem]:
    if error.validator == "required":
        return _missing_fields(document, path, error)
    if error.validator == "additionalProperties":
        return _unknown_fields(document, path, error)
    message = _message(document, path, error)
    return [document.problem(path, f"{field_label(path)}: {message}" if path else message)]


def _missing_fields(document: Document, path: JsonPath, error: ValidationError) -> list[Problem]:
    instance: Any = error.instance
    present = instance if isinstance(instance, dict) else {}
    required: Any = error.validator_value
    problems = []
    for name in required:
        if name not in present:
            label = field_label((*path, name))
            problems.append(
                document.problem(path, f'{label}: required field is missing; add a line "{name}: …"')
            )
    return problems


def _unknown_fields(document: Document, path: JsonPath, error: ValidationError) -> list[Problem]:
    schema: Any = error.schema
    instance: Any = error.instance
    allowed = list(schema.get("properties", {}))
    problems = []
    for name in instance:
        if name in allowed:
            continue
        mark = document.key_mark((*path, name))
        if len(path) >= 2 and path[-2] == "translations":
            message = _untranslatable(str(name), allowed)
        else:
            hint = did_you_mean(str(name), allowed) or f"; the fields allowed here are: {', '.join(allowed)}"
            message = f'unknown field "{name}"{hint}'
        if path:
            message = f"{field_label(path)}: {message}"
        problems.append(Problem(document.path, mark.line, mark.column, "error", message))
    return problems


def _untranslatable(name: str, allowed: list[str]) -> str:
    """A field in a translation that is not translated: a typo, or a value every language shares."""
    hint = did_you_mean(name, allowed)
    if hint:
        return f'"{name}" is not a field that translates{hint}'
    return (
        f'"{name}" cannot be translated: it is the same in every language. '
        f"The fields that can are: {', '.join(allowed)}"
    )


def _message(document: Document, path: JsonPath, error: ValidationError) -> str:
    schema: Any = error.schema if isinstance(error.schema, dict) else {}
    value: Any = error.instance
    limit: Any = error.validator_value
    validator = error.validator
    if validator == "type":
        return _type_message(document, path, schema, value)
    if validator == "pattern":
        reason = schema.get(
            "patternErrorMessage", f"does not have the expected form ({schema.get('pattern')})"
        )
        return f"{reason}; got {describe(value)}"
    if validator == "enum":
        choices = [str(c) for c in limit]
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return f"must be one of {', '.join(choices)}; got {describe(value)}{hint}"
    if validator == "minLength":
        if value == "" or (isinstance(value, str) and not value.strip()):
            return "is empty; write some text or remove the line"
        return f"must be at least {limit} characters long; it has {len(value)}"
    if validator == "maxLength":
        over = len(value) - limit
        return f"must be at most {limit} characters long; it has {len(value)} (shorten it by {over})"
    if validator == "minimum":
        return f"must be {expected(schema)}; got {describe(value)}"
    if validator == "exclusiveMinimum":
        return f"must be more than {limit:g}; got {describe(value)}"
    if validator == "maximum":
        return f"must be at most {limit:g}; got {describe(value)}"
    if validator == "minItems":
        return f"needs at least {limit} item{'s' if limit > 1 else ''}"
    if validator == "uniqueItems":
        return "lists the same value more than once; keep each value once"
    return str(error.message)


def _type_message(document: Document, path: JsonPath, schema: dict[str, Any], value: Any) -> str:
    implicit = document.implicit.get(path)
    want = schema.get("type")
    if value is None:
        return f"is empty; write {expected(schema)} here or remove the line"
    if implicit and want == "string":
        kind, raw = implicit
        meaning = {
            "bool": f"the yes/no value {describe(value)}",
            "date": "a date",
        }.get(kind, f"the number {describe(value)}")
        return f'YAML reads {raw} as {meaning}, not text; put it in quotes: "{raw}"'
    if want == "array" and isinstance(value, str | int | float):
        return f'must be a list; got {describe(value)}. Write each item on its own line starting with "- "'
    if want == "object":
        return f"must be a group of indented fields; got {describe(value)}"
    return f"must be {expected(schema)}; got {describe(value)}"
