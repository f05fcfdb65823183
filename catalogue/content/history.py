"""When each content file was last changed: its last commit, or its modification time."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from .files import ContentTree
from .git import git_text


def last_updated(files: list[Path], root: Path) -> dict[Path, dt.date]:
    """The date of the last commit touching each file; mtime where git has none."""
    committed = last_commits(files, root)
    return {file: committed.get(file) or mtime_date(file) for file in files}


def offer_dates(
    tree: ContentTree, known: dict[str, dict[str, dt.date]] | None = None
) -> tuple[dict[str, dt.date], dict[str, dt.date]]:
    """Each offer's "last updated" date (its last commit's, or its file's modification time), and its
    last commit's date where git has one; by display path. known: see commit_dates."""
    offer_files = {tree.files[d.path].file: d.path for d in tree.offers.values() if d.path in tree.files}
    committed = last_commits(list(offer_files), tree.root, known)
    updated = {display: committed.get(file) or mtime_date(file) for file, display in offer_files.items()}
    return updated, {offer_files[file]: when for file, when in committed.items()}


def last_commits(
    files: list[Path], root: Path, known: dict[str, dict[str, dt.date]] | None = None
) -> dict[Path, dt.date]:
    """The date of the last commit touching each of the files that git knows (see commit_dates)."""
    dates = commit_dates(root, known)
    if not dates:
        return {}
    base = root.resolve()
    found = {}
    for file in files:
        if when := dates.get(_resolved_name(file, root, base)):
            found[file] = when
    return found


def _resolved_name(file: Path, root: Path, base: Path) -> str:
    """A content file's resolved path, as commit_dates names it (base: root resolved)."""
    # Content folders and files are never links (check refuses them): no need to resolve each.
    try:
        return str(base / file.relative_to(root))
    except ValueError:
        return str(file.resolve())


def mtime_date(file: Path) -> dt.date:
    try:
        return dt.datetime.fromtimestamp(file.stat().st_mtime, dt.UTC).date()
    except OSError:
        return dt.datetime.now(dt.UTC).date()


def commit_dates(root: Path, known: dict[str, dict[str, dt.date]] | None = None) -> dict[str, dt.date]:
    """The date of the last commit of each file git knows under root, by resolved path (empty
    outside git). They depend only on the commit checked out, so `known` (the memo's) keeps them
    between runs: a `git log` of a long history takes a while (0.55 s for 12,000 files and 300
    commits)."""
    top = git_text(root, "rev-parse", "--show-toplevel", "HEAD")
    if top is None:
        return {}
    top_folder, _, head = top.strip().partition("\n")
    key = f"{root.resolve()}\0{head}"
    if known is not None and key in known:
        return known[key]
    dates = _commit_dates_at(root.resolve(), Path(top_folder), head)
    if dates is None:
        return {}  # git failed: not kept, so the next run asks again
    if known is not None:
        known.clear()  # only the commit checked out is worth keeping
        known[key] = dates
    return dates


@lru_cache(maxsize=8)
def _commit_dates_at(root: Path, top_folder: Path, head: str) -> dict[str, dt.date] | None:
    """One `git log` over the content folder: newest commit first, so the first date wins."""
    log = git_text(root, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", ".")
    if log is None:
        return None
    dates: dict[str, dt.date] = {}
    for entry in log.split("\0")[1:]:
        day, _, names = entry.partition("\n")
        when = dt.date.fromisoformat(day.strip())
        for name in names.split("\n"):
            if name:
                dates.setdefault(str((top_folder / name).resolve()), when)
    return dates


def git_head(content: Path) -> str:
    """The commit the content's dates come from ("" outside git): a new commit can change them."""
    return (git_text(content, "rev-parse", "HEAD") or "").strip()
