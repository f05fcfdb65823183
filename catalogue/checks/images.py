"""Pictures named in content: a plain path inside the supplier's folder, to a small real file."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

from ..content.loader import Document
from ..errors import Problem
from .messages import describe

MAX_IMAGE_BYTES = 1024 * 1024
_UNSAFE_PATH = re.compile(r"%(2e|2f|5c|00)|\\|\x00|^[a-zA-Z]:", re.I)


def image_rules(document: Document, folder: Path, name: str, alt: str) -> list[Problem]:
    """An image path must stay inside its folder, be a real file (no link) and be small."""
    value = document.data.get(name)
    problems = []
    if value is not None and not document.data.get(alt):
        problems.append(
            document.problem(
                (name,),
                f'{alt}: required with "{name}"; describe the '
                "image in a few words for people who cannot see it",
            )
        )
    if not isinstance(value, str):
        return problems
    reason = image_path_problem(value, folder)
    if reason:
        problems.append(document.problem((name,), f"{name}: {reason}"))
    return problems


def image_path_problem(value: str, folder: Path) -> str | None:
    """Why an image path is refused, or None when it names a file inside folder."""
    where = f"inside {folder.name}/"
    shown = describe(value)  # quoted, with control characters written out (a NUL prints as \x00)
    pure = PurePosixPath(value)
    if _UNSAFE_PATH.search(value) or pure.is_absolute() or ".." in pure.parts or "//" in value:
        return (
            f'{shown} must be a plain relative path {where} (no "..", no leading "/", '
            "no backslashes or encoded characters), like images/logo.png"
        )
    current = folder
    for part in pure.parts:
        if part == ".":
            continue
        try:
            names = os.listdir(current)
        except OSError:
            names = []
        if part not in names:
            close = [n for n in names if n.lower() == part.lower()]
            if close:
                return f'{shown} was not found: the file is named "{close[0]}" (capital letters must match)'
            return f"{shown} was not found {where}; add the file or correct the path"
        current = current / part
        if current.is_symlink():
            return f"{shown} is a link; add the image file itself"
    if not current.is_file():
        return f"{shown} is not a file"
    size = current.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"{shown} is {size / 1024 / 1024:.1f} MB; images may be at most 1 MB"
    return None


def file_state(folder: Path, name: Any) -> str:
    """What an image's check depends on besides its document: the file and the folders to it.

    A folder's modification time changes when an entry is added, removed or renamed (a
    case-only rename too), the file's status when it is replaced, resized or made a link.
    """
    if not isinstance(name, str) or not name:
        return ""
    state = []
    current = folder
    for part in ("", *PurePosixPath(name).parts):
        current = current / part if part else current
        try:
            status = current.lstat()
        except (OSError, ValueError):
            state.append("-")
            break
        state.append(f"{status.st_mode}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}")
    return "|".join(state)
