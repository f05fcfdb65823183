"""An offer's languages: each name must tell which language it is, so that the site's language
filter finds the offer. A name it cannot tell is a warning (the offer still shows it as written)."""

from __future__ import annotations

import difflib

from ..content.languages import folded, known_names, language_code
from ..content.loader import Document, JsonPath
from ..errors import Problem
from .messages import field_label


def language_warnings(document: Document) -> list[Problem]:
    """A warning, at its line, for each entry of `languages` that names no language known."""
    names = document.data.get("languages")
    problems = []
    for index, name in enumerate(names if isinstance(names, list) else []):
        path: JsonPath = ("languages", index)
        if not isinstance(name, str) or not name.strip() or path in document.implicit:
            continue  # a name of the wrong type, or one YAML would read as another, is reported already
        if language_code(name):
            continue
        problems.append(document.problem(path, unknown_language(path, name), "warning"))
    return problems


def unknown_language(path: JsonPath, name: str) -> str:
    return (
        f'{field_label(path)}: cannot tell which language "{name}" is{suggestion(name)}, so the '
        "language filter will not find this offer by it; write the language's name in English or "
        'in the language itself, like "Polish", "polski" or "British Sign Language"'
    )


def suggestion(name: str) -> str:
    """(did you mean "Polish"?), from the names recognised, compared without case or accents."""
    known = known_names()
    match = difflib.get_close_matches(folded(name), list(known), n=1, cutoff=0.75)
    return f' (did you mean "{known[match[0]]}"?)' if match else ""
