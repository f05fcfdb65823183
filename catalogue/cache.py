"""Remembering what earlier runs read and checked, so unchanged files are not parsed again.

Entries are keyed by what could change them: a file's size, modification time and
inode for parsing; its content digest (and the vocabulary's) for checking. The whole
memo is also keyed by a digest of the generator's own code, so a new version never
trusts an old memo. On disk it is written to a temporary file and renamed into place,
so a killed or concurrent build never leaves a half-written cache.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .children import die_with_parent
from .generations import replace_file
from .history import git
from .loader import Document, content_digest, parse_document, read_document, read_source
from .problems import Problem

StatKey = tuple[str, int, int, int]
Parsed = tuple[Document | None, list[Problem]]


@cache
def code_digest() -> str:
    """A digest of the generator's code and schemas: any change invalidates every memo."""
    package = Path(__file__).resolve().parent
    hasher = hashlib.blake2b(digest_size=12)
    for file in sorted([*package.glob("*.py"), *package.glob("schema/*.json")]):
        hasher.update(file.name.encode() + file.read_bytes())
    return hasher.hexdigest()


class Memo:
    """Parsed documents and per-file check results from earlier runs."""

    def __init__(self) -> None:
        self.code = code_digest()
        # display path -> (file status, digest of its bytes, what parsing them gave)
        self.documents: dict[str, tuple[StatKey, str, Document | None, list[Problem]]] = {}
        self.checks: dict[tuple[str, ...], list[Problem]] = {}
        self.dirty = True  # holds something the saved copy does not
        # Rendered offer cards by site fingerprint (see load_cards).
        self.cards: dict[str, dict[Any, Any]] = {}
        # The commit dates of the content files, for the commit checked out (history.commit_dates).
        self.commits: dict[str, dict[str, dt.date]] = {}

    def read(self, file: Path, display: str) -> tuple[Document | None, list[Problem]]:
        """Parse a file, or return what an earlier run parsed from the same bytes.

        An unchanged status (size, modification time, inode) is trusted without reading the
        file; otherwise the file is read and parsed only if its bytes differ from last time,
        so a touched file, or a checkout that rewrote every file, costs a read, not a parse.
        """
        try:
            status = file.lstat()
        except OSError:
            return read_document(file, display)
        key = (str(file.absolute()), status.st_size, status.st_mtime_ns, status.st_ino)
        known = self.documents.get(display)
        if known and known[0] == key:
            return known[2], known[3]
        raw, problem = read_source(file, display)
        if problem is not None:
            return None, [problem]
        digest = content_digest(raw)
        result = (known[2], known[3]) if known and known[1] == digest else parse_document(raw, display)
        self.documents[display] = (key, digest, *result)
        self.dirty = True
        return result

    def checked(self, key: tuple[str, ...], compute: Callable[[], list[Problem]]) -> list[Problem]:
        if key not in self.checks:
            self.checks[key] = compute()
            self.dirty = True
        return self.checks[key]

    def forget_missing(self, present: set[str]) -> None:
        for display in set(self.documents) - present:
            del self.documents[display]
            self.dirty = True


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
    listed = git(file.parent, "ls-files", "--", file.name)
    return bool(listed and listed.strip())


def load_memo(folder: Path) -> Memo:
    """The memo saved by the last build, or an empty one."""
    memo = read_pickle(folder / f"memo-{code_digest()}.pickle")
    if not isinstance(memo, Memo) or memo.code != code_digest():
        return Memo()
    memo.dirty = False
    return memo


def load_cards(folder: Path, global_digest: str) -> dict[Any, Any]:
    """The offer cards the last build rendered, if it had the same templates and site settings."""
    saved = read_pickle(folder / f"cards-{code_digest()}.pickle")
    if not isinstance(saved, tuple) or len(saved) != 2 or saved[0] != global_digest:
        return {}
    return {key: Markup(card) for key, card in saved[1].items()}


def save_cards(folder: Path, global_digest: str, cards: dict[Any, Any]) -> None:
    """Keep the rendered cards for the next build (written atomically, like the memo)."""
    _write_pickle(
        folder, f"cards-{code_digest()}.pickle", (global_digest, {k: str(v) for k, v in cards.items()})
    )


def _write_pickle(folder: Path, name: str, value: Any) -> None:
    """Write by renaming a whole temporary file into place; remove older versions' files."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        replace_file(target, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        kind = name.split("-")[0]
        for old in folder.glob(f"{kind}-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower


def save_memo_aside(memo: Memo, folder: Path) -> Callable[[], None]:
    """Save the memo from a forked copy of this process while the build goes on; call the result to wait.

    Pickling a 10,000-offer memo takes about 0.7 s of one core, and the build that follows
    the check runs on one core for longer than that: the copy uses the other one.
    """
    if not memo.dirty:
        return lambda: None
    parent = os.getpid()
    try:
        child = os.fork()
    except OSError:
        save_memo(memo, folder)
        return lambda: None
    if child == 0:  # the copy: save, then leave without running the parent's exit handlers
        code = 1
        try:
            die_with_parent(parent)
            save_memo(memo, folder)
            code = 0
        finally:
            os._exit(code)
    memo.dirty = False

    def wait() -> None:
        os.waitpid(child, 0)

    return wait


def save_memo(memo: Memo, folder: Path) -> None:
    """Write the memo atomically, when it learnt something; old versions' memos are removed."""
    if not memo.dirty:
        return  # a no-change build need not spend a second writing the same memo again
    memo.checks = {k: v for k, v in memo.checks.items() if k[0] in memo.documents}
    memo.cards = {}
    _write_pickle(folder, f"memo-{code_digest()}.pickle", memo)
    memo.dirty = False
