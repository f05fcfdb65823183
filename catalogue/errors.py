"""Problems found in content, and the two ways a command stops without a traceback.

Every stage reports a Problem instead of raising; a build refused because of them
raises ContentError, one that could not finish for another reason (a full disk,
Pagefind) raises BuildError. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import errno
import re
import shutil
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


def visible_path(path: str) -> str:
    """A path with control characters written out, so a file name cannot start a new line
    (and with it, say, a GitHub workflow command)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in path)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at the line and column of the value at fault."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str

    def format(self) -> str:
        message = " ".join(self.message.split())  # one problem, one line
        return f"{visible_path(self.path)}:{self.line}:{self.column}: {self.severity}: {message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """By file, then line and column; duplicates removed."""
    return sorted(set(problems))


def tally(problems: list[Problem]) -> str:
    """ "2 errors, 1 warning"."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


class ContentError(Exception):
    """Raised by stages that cannot go on because the content has errors."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{sum(p.is_error for p in problems)} error(s) in content")
        self.problems = problems


class BuildError(Exception):
    """The build could not finish for a reason other than content (disk, Pagefind…)."""


def describe(error: OSError) -> str:
    """Why a file operation failed, in a few plain words."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list) and error.args[0]:
        why = str(error.args[0][0][2])  # copytree lists (source, target, why) for each file it could not copy
        if found := re.match(r"\[Errno (\d+)\] ([^:]*)(?:: '(.*)')?$", why):
            return describe(OSError(int(found[1]), found[2], found[3]))
        return why
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to write ({error.filename})"
    return f"{error.strerror or error} ({error.filename})"
