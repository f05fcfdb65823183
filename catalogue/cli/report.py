"""Printing problems for people (text) and for GitHub Actions (workflow commands)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..errors import Problem, visible_path


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: Problem) -> str:
    """`::error file=…,line=…,col=…::message`, escaped as GitHub expects."""
    return (
        f"::{problem.severity} file={escape_property(problem.path)},line={problem.line},"
        f"col={problem.column}::{escape_data(problem.message)}"
    )


def summary_markdown(problems: list[Problem]) -> str:
    """A readable table of problems for the job summary."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "### Content check\n\nNo problems found.\n"
    lines = [
        "### Content check",
        "",
        f"{errors} error(s) and {warnings} warning(s). Fix the errors, then save the files again.",
        "",
        "| | File | Line | Problem |",
        "|---|---|---|---|",
    ]
    for p in problems:
        icon = "❌ error" if p.is_error else "⚠️ warning"
        message = p.message.replace("|", "\\|").replace("\n", " ")
        path = visible_path(p.path).replace("|", "\\|").replace("`", "'")
        lines.append(f"| {icon} | `{path}` | {p.line}:{p.column} | {message} |")
    return "\n".join(lines) + "\n"


def print_problems(problems: Iterable[Problem], out: TextIO, fmt: str = "text") -> None:
    problems = list(problems)
    for problem in problems:
        print(problem.format(), file=out)
        if fmt == "github":
            print(github_command(problem), file=out)
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with Path(os.environ["GITHUB_STEP_SUMMARY"]).open("a", encoding="utf-8") as summary:
            summary.write(summary_markdown(problems))
