"""What one run leaves in .cache/ for the next, as pickles that only this machine's runs read.

Every file is named by a digest of the generator's own code, so a new version never
trusts an old one; each is written whole under another name and renamed into place, so a
killed or concurrent run never leaves one half-written.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from ..content.git import git_text
from ..publish.files import replace_file

PACKAGE = Path(__file__).resolve().parent.parent


@cache
def code_digest() -> str:
    """A digest of the generator's code, schemas and words (catalogue/locale): any change invalidates
    everything kept."""
    hasher = hashlib.blake2b(digest_size=12)
    words = PACKAGE.glob("locale/*/LC_MESSAGES/*.po")
    for file in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.glob("schema/*.json"), *words]):
        hasher.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0" + file.read_bytes())
    return hasher.hexdigest()


def read_pickle(file: Path) -> Any:
    """A pickle this machine wrote, or None.

    Unpickling runs code, so a file that came with the repository (a cache committed by a
    pull request, say) is never read: .cache/ is git-ignored, and anything in it that git
    tracks was put there on purpose by someone else.
    """
    if not file.is_file() or _tracked_by_git(file):
        return None
    try:
        with file.open("rb") as handle, _collector_paused():
            return pickle.load(handle)
    except Exception:  # unreadable, cut short, or made by other code (TypeError, KeyError…): unused
        return None


def write_pickle(folder: Path, name: str, value: Any) -> None:
    """Write `<name>-<code digest>.pickle` whole, and remove the files older versions wrote."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / pickle_name(name)
        replace_file(target, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        for old in folder.glob(f"{name}-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only makes the next run slower


def pickle_name(name: str) -> str:
    return f"{name}-{code_digest()}.pickle"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Unpickling makes millions of objects and none of them garbage: the cycle collector would
    scan them again and again for nothing (0.9 s instead of 0.25 s for the memo of 10,000 offers)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _tracked_by_git(file: Path) -> bool:
    listed = git_text(file.parent, "ls-files", "--", file.name)
    return bool(listed and listed.strip())
