"""Characters content may not hold, written once for the loader, the checks and the pages.

A file is refused whole when YAML itself cannot read it (tabs in indentation, characters
outside YAML's printable set) or when GitHub's editor would show its lines differently
from YAML (line separators). NOT_TEXT is what no value may hold however it was written
(a YAML escape such as "\\0" included) and what no page may show.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import Problem

# Control characters other than tab and line breaks, and Unicode noncharacters.
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)


def raw_text_problems(text: str, display: str) -> list[Problem]:
    """Why a file's text cannot be read as YAML line by line: the first kind of fault found, each place."""
    return _tabs(text, display) or _unprintable(text, display) or _line_separators(text, display)


def _tabs(text: str, display: str) -> list[Problem]:
    if "\t" not in text:
        return []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            problems.append(
                Problem(
                    display,
                    number,
                    indent.index("\t") + 1,
                    "error",
                    "a tab is used for indentation; YAML needs spaces (replace the tab with spaces)",
                )
            )
    return problems


# Characters YAML refuses to read (outside its printable set).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _unprintable(text: str, display: str) -> list[Problem]:
    return _found(
        text,
        display,
        _UNPRINTABLE,
        lambda code: f"contains an invisible control character ({code}) that YAML does not allow; delete it",
    )


# Line breaks to YAML but not to GitHub's editor, which shows them as one line: every line
# number after one would be wrong. Word processors and web pages leave them in pasted text.
_LINE_SEPARATORS = re.compile("[\x85\u2028\u2029]")
_SEPARATOR_NAMES = {"U+0085": "next-line", "U+2028": "line separator", "U+2029": "paragraph separator"}


def _line_separators(text: str, display: str) -> list[Problem]:
    return _found(
        text,
        display,
        _LINE_SEPARATORS,
        lambda code: (
            f"contains an invisible {_SEPARATOR_NAMES[code]} character ({code}), often pasted "
            "from a word processor; delete it, and press Enter if a new line was meant"
        ),
    )


def _found(text: str, display: str, pattern: re.Pattern[str], message: Callable[[str], str]) -> list[Problem]:
    """Each character the pattern finds, at its line (counting only newlines, as editors do) and column."""
    if not pattern.search(text):
        return []
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in pattern.finditer(line):
            code = f"U+{ord(match.group()):04X}"
            problems.append(Problem(display, number, match.start() + 1, "error", message(code)))
    return problems[:20]
