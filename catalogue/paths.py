"""Content file layout: where each kind of file lives and what its id is."""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX = 60
YAML_SUFFIXES = (".yaml", ".yml")


def is_valid_id(text: str) -> bool:
    return len(text) <= ID_MAX and bool(ID_PATTERN.match(text))


def id_problem(text: str) -> str:
    """Why text is not a valid id, in a contributor's words."""
    suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:ID_MAX]
    hint = f' (try "{suggestion}")' if suggestion and is_valid_id(suggestion) else ""
    return (
        f'"{text}" is not a valid id: use lowercase letters a-z, digits and single hyphens, '
        f"at most {ID_MAX} characters{hint}"
    )
