"""Remembering what earlier runs read and checked, so unchanged files are not parsed again.

Entries are keyed by what could change them: a file's size, modification time and
inode for parsing; its content digest (and the vocabulary's) for checking. The whole
memo is also keyed by a digest of the generator's own code, so a new version never
trusts an old memo. On disk it is written to a temporary file and renamed into place,
so a killed or concurrent build never leaves a half-written cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .loader import Document, read_document
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
        self.documents: dict[str, tuple[StatKey, Document | None, list[Problem]]] = {}
        self.checks: dict[tuple[str, ...], list[Problem]] = {}
        self.changed: list[str] = []  # display paths parsed afresh by the last load
        self.dirty = True  # holds something the saved copy does not
        # Rendered offer cards by site fingerprint, kept in memory by the preview only.
        self.cards: dict[str, dict[Any, Any]] = {}

    def lookup(
        self, file: Path, display: str
    ) -> tuple[StatKey | None, tuple[Document | None, list[Problem]] | None]:
        """What an earlier run parsed from this file, if the file is unchanged since."""
        try:
            status = file.lstat()
        except OSError:
            return None, None
        key = (str(file.absolute()), status.st_size, status.st_mtime_ns, status.st_ino)
        known = self.documents.get(display)
        if known and known[0] == key:
            return key, (known[1], known[2])
        return key, None

    def store(self, display: str, key: StatKey | None, result: tuple[Document | None, list[Problem]]) -> None:
        self.changed.append(display)
        self.dirty = True
        if key is not None:
            self.documents[display] = (key, *result)

    def read(self, file: Path, display: str) -> tuple[Document | None, list[Problem]]:
        key, known = self.lookup(file, display)
        if known is not None:
            return known
        result = read_document(file, display)
        self.store(display, key, result)
        return result

    def checked(self, key: tuple[str, ...], compute: Callable[[], list[Problem]]) -> list[Problem]:
        if key not in self.checks:
            self.checks[key] = compute()
            self.dirty = True
        return self.checks[key]

    def forget_missing(self, present: set[str]) -> None:
        for display in set(self.documents) - present:
            del self.documents[display]
            self.changed.append(display)
            self.dirty = True


def load_memo(folder: Path) -> Memo:
    """The memo saved by the last build, or an empty one."""
    try:
        with (folder / f"memo-{code_digest()}.pickle").open("rb") as handle:
            memo: Any = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return Memo()
    if not isinstance(memo, Memo) or memo.code != code_digest():
        return Memo()
    memo.dirty = False
    return memo


def load_cards(folder: Path, global_digest: str) -> dict[Any, Any]:
    """The offer cards the last build rendered, if it had the same templates and site settings."""
    try:
        with (folder / f"cards-{code_digest()}.pickle").open("rb") as handle:
            saved: Any = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return {}
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
        temporary = folder / f".{target.name}.{os.getpid()}.tmp"
        with temporary.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
        kind = name.split("-")[0]
        for old in folder.glob(f"{kind}-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower


def save_memo_aside(memo: Memo, folder: Path) -> Callable[[], None]:
    """Save the memo from a forked copy of this process while the build goes on; call the result to wait.

    Pickling a 10,000-offer memo takes over a second of one core, and the build that follows
    the check runs on one core for longer than that: the copy uses the other one.
    """
    if not memo.dirty:
        return lambda: None
    try:
        child = os.fork()
    except OSError:
        save_memo(memo, folder)
        return lambda: None
    if child == 0:  # the copy: save, then leave without running the parent's exit handlers
        code = 1
        try:
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
    memo.changed = []
    memo.cards = {}
    _write_pickle(folder, f"memo-{code_digest()}.pickle", memo)
    memo.dirty = False
