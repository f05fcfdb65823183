"""Remembering what earlier runs read and checked, so unchanged files are not parsed again.

The memo stands beside the core: the loader is handed its `read`, the checks its `checker()`,
the commit dates its `commits`. Entries are keyed by what could change them: a file's size,
modification time and inode for parsing; its content digest, the vocabulary and its
picture's state for its own checks. `check` and `build` share it in .cache/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..checks.check import OwnCheck, check_own, own_inputs
from ..content.loader import Document, content_digest, parse_document, read_document, read_source
from ..content.vocabulary import Vocabulary
from ..errors import Problem
from ..publish.children import die_with_parent
from .pickles import code_digest, pickle_name, read_pickle, write_pickle

StatKey = tuple[str, int, int, int]


class Memo:
    """Parsed documents, each file's own problems and the content's commit dates, from earlier runs."""

    def __init__(self) -> None:
        self.code = code_digest()
        # display path -> (file status, digest of its bytes, what parsing them gave)
        self.documents: dict[str, tuple[StatKey, str, Document | None, list[Problem]]] = {}
        self.checks: dict[tuple[str, ...], list[Problem]] = {}
        # The commit dates of the content files, for the commit checked out (history.commit_dates).
        self.commits: dict[str, dict[str, dt.date]] = {}
        self.learnt = True  # holds something the saved copy does not
        self.saved_commits: list[str] = []

    @property
    def dirty(self) -> bool:
        return self.learnt or list(self.commits) != self.saved_commits

    def read(self, file: Path, display: str) -> tuple[Document | None, list[Problem]]:
        """Parse a file, or return what an earlier run parsed from the same bytes (a content.files.Reader).

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
        self.learnt = True
        return result

    def checker(self) -> OwnCheck:
        """checks.check_own, answering from memory for a file, vocabulary and picture it has seen."""
        vocabularies: dict[int, tuple[Vocabulary, str]] = {}

        def check(kind: str, document: Document, folder: Path, vocabulary: Vocabulary) -> list[Problem]:
            if id(vocabulary) not in vocabularies:  # kept with it, so that its id is not reused
                vocabularies[id(vocabulary)] = (vocabulary, _vocabulary_digest(vocabulary))
            inputs = own_inputs(kind, document, folder)
            key = (document.path, document.digest, vocabularies[id(vocabulary)][1], inputs)
            if key not in self.checks:
                self.checks[key] = check_own(kind, document, folder, vocabulary)
                self.learnt = True
            return self.checks[key]

        return check

    def forget_missing(self, present: set[str]) -> None:
        """Forget the files no longer there (display paths)."""
        for display in set(self.documents) - present:
            del self.documents[display]
            self.learnt = True


def _vocabulary_digest(vocabulary: Vocabulary) -> str:
    text = json.dumps(asdict(vocabulary), sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def load_memo(folder: Path) -> Memo:
    """The memo saved by the last run, or an empty one."""
    memo = read_pickle(folder / pickle_name("memo"))
    if not isinstance(memo, Memo) or memo.code != code_digest():
        return Memo()
    memo.learnt = False
    memo.saved_commits = list(memo.commits)
    return memo


def save_memo(memo: Memo, folder: Path) -> None:
    """Write the memo atomically, when it learnt something; old versions' memos are removed."""
    if not memo.dirty:
        return  # a no-change build need not spend a second writing the same memo again
    memo.checks = {k: v for k, v in memo.checks.items() if k[0] in memo.documents}
    memo.learnt, memo.saved_commits = False, list(memo.commits)
    write_pickle(folder, "memo", memo)


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
    memo.learnt, memo.saved_commits = False, list(memo.commits)

    def wait() -> None:
        os.waitpid(child, 0)

    return wait


def load_cards(folder: Path, global_digest: str) -> dict[Any, Markup]:
    """The offer cards the last build rendered, if it had the same templates and site settings."""
    saved = read_pickle(folder / pickle_name("cards"))
    if not isinstance(saved, tuple) or len(saved) != 2 or saved[0] != global_digest:
        return {}
    return {key: Markup(card) for key, card in saved[1].items()}


def save_cards(folder: Path, global_digest: str, cards: dict[Any, Markup]) -> None:
    """Keep the rendered cards for the next build (written atomically, like the memo)."""
    write_pickle(folder, "cards", (global_digest, {k: str(v) for k, v in cards.items()}))
