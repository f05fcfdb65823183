"""When each content file was last changed: its last commit, or its modification time."""

from __future__ import annotations

import datetime as dt
import subprocess
from functools import lru_cache
from pathlib import Path


def last_updated(files: list[Path], root: Path) -> dict[Path, dt.date]:
    """The date of the last commit touching each file; mtime where git has none."""
    committed = commit_dates(root)
    dates = {}
    base = root.resolve()
    for file in files:
        if committed:
            # Content folders and files are never links (check refuses them): no need to resolve each.
            try:
                resolved = base / file.relative_to(root)
            except ValueError:
                resolved = file.resolve()
            known = committed.get(resolved)
            if known:
                dates[file] = known
                continue
        dates[file] = mtime_date(file)
    return dates


def mtime_date(file: Path) -> dt.date:
    try:
        return dt.datetime.fromtimestamp(file.stat().st_mtime, dt.UTC).date()
    except OSError:
        return dt.datetime.now(dt.UTC).date()


def commit_dates(root: Path) -> dict[Path, dt.date]:
    """The date of the last commit of each file git knows under root, by resolved path (empty
    outside git). One `git log` over the content folder: newest commit first, so the first date wins."""
    top = git(root, "rev-parse", "--show-toplevel", "HEAD")
    if top is None:
        return {}
    top_folder, _, head = top.strip().partition("\n")
    return _commit_dates_at(root.resolve(), Path(top_folder), head)


@lru_cache(maxsize=8)
def _commit_dates_at(root: Path, top_folder: Path, head: str) -> dict[Path, dt.date]:
    """The dates for one commit of the repository: the same for every build of it."""
    log = git(root, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", ".")
    if log is None:
        return {}
    top_path = top_folder
    dates: dict[Path, dt.date] = {}
    for entry in log.split("\0")[1:]:
        day, _, names = entry.partition("\n")
        when = dt.date.fromisoformat(day.strip())
        for name in names.split("\n"):
            if name:
                dates.setdefault((top_path / name).resolve(), when)
    return dates


def git(cwd: Path, *args: str) -> str | None:
    """What a git command prints, or None outside a repository or when git fails."""
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None
