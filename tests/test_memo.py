"""The memo in .cache/: what `check` and `build` remember between runs, and what they refuse."""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
from pathlib import Path

import pytest

from catalogue.cli import main
from catalogue.content.loader import parse_document
from catalogue.incremental import memo, snapshot
from catalogue.incremental.pickles import code_digest
from catalogue.publish.folders import generation_cache

from .conftest import WriteContent


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display paths of the files parsed, in order."""
    seen: list[str] = []

    def counting(raw: bytes, display: str) -> object:
        seen.append(display)
        return parse_document(raw, display)

    monkeypatch.setattr(memo, "parse_document", counting)
    return seen


@pytest.fixture
def threshold() -> tuple[int, ...]:
    """The cycle collector's thresholds before the test."""
    return gc.get_threshold()


def test_a_build_after_a_check_parses_nothing_again(
    content: WriteContent,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    parses: list[str],
    threshold: tuple[int, ...],
) -> None:
    root = content()
    monkeypatch.chdir(root.parent)
    assert main(["check", "--today", "2026-11-23"]) == 0
    assert "content/site.yaml" in parses
    parses.clear()
    assert main(["build", "--today", "2026-11-23", "--no-search", "--quiet", "--out", "site"]) == 0
    assert parses == []
    assert (root.parent / "site/offers/green-minds/walk/index.html").is_file()
    assert gc.isenabled() and gc.get_threshold() == threshold  # paused and raised only while it ran


def test_a_touched_file_is_read_but_not_parsed_again(
    content: WriteContent, monkeypatch: pytest.MonkeyPatch, parses: list[str]
) -> None:
    root = content()
    monkeypatch.chdir(root.parent)
    assert main(["check", "--today", "2026-11-23"]) == 0
    walk = root / "suppliers/green-minds/offers/walk.yaml"
    before = walk.stat().st_mtime_ns
    os.utime(walk, ns=(before + 1_000_000_000, before + 1_000_000_000))  # as a checkout would
    parses.clear()
    assert main(["check", "--today", "2026-11-23"]) == 0
    assert parses == []
    walk.write_text(walk.read_text().replace("amount: 120", "amount: 125"))
    assert main(["check", "--today", "2026-11-23"]) == 0
    assert parses == ["content/suppliers/green-minds/offers/walk.yaml"]


class Planted:
    """What a pickle committed to the repository could run when a build unpickles it."""

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, ("touch planted-code-ran",))


class Incompatible:
    """What unpickling a file that other code wrote can do: fail with any error (here a TypeError)."""

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (int, ("1", 2, 3))


def test_cache_files_that_do_not_load_are_rebuilt_without_a_traceback(
    content: WriteContent, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = content()
    monkeypatch.chdir(root.parent)
    kept = generation_cache(Path("site"), Path(".cache")) / f"snapshot-{code_digest()}.pickle"
    kept.parent.mkdir(parents=True)
    older = kept.with_name("snapshot-0123456789abcdef01234567.pickle")  # an earlier version's
    for file in (Path(".cache") / f"memo-{code_digest()}.pickle", kept, older):
        file.write_bytes(pickle.dumps(Incompatible()))
    assert main(["build", "--today", "2026-11-23", "--no-search", "--out", "site"]) == 0
    assert "built " in capsys.readouterr().err
    assert isinstance(pickle.loads(kept.read_bytes()), snapshot.Snapshot)  # written anew
    assert not older.exists()


def test_a_cache_that_came_with_the_repository_is_never_unpickled(
    content: WriteContent, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = content()
    folder = root.parent
    monkeypatch.chdir(folder)
    (folder / ".cache").mkdir()
    for name in (f"memo-{code_digest()}.pickle", f"cards-{code_digest()}.pickle"):
        (folder / ".cache" / name).write_bytes(pickle.dumps(Planted()))
    kept = generation_cache(Path("site"), Path(".cache")) / f"snapshot-{code_digest()}.pickle"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(pickle.dumps(Planted()))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-f", "."], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "planted"], cwd=folder, check=True)
    assert main(["check", "--today", "2026-11-23"]) == 0
    assert main(["build", "--today", "2026-11-23", "--no-search", "--quiet", "--out", "site"]) == 0
    assert not (folder / "planted-code-ran").exists()
    assert "check passed" in capsys.readouterr().err
