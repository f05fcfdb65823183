"""Problems found in content: what every stage reports instead of raising."""

from __future__ import annotations

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


class ContentError(Exception):
    """Raised by stages that cannot go on because the content has errors."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{sum(p.is_error for p in problems)} error(s) in content")
        self.problems = problems
