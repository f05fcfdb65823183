"""A rebuild after only existing offers changed publishes their pages first (the fast path, incremental/fastpath.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from catalogue import pipeline
from catalogue.content import history
from catalogue.errors import BuildError, ContentError
from catalogue.pipeline import BuildOptions, build_site

from .conftest import OFFER, TODAY, WriteContent
from .test_incremental import ROOT, edit, full_build, snapshot, two_offers

WALK = "offers/green-minds/walk/index.html"
SUPPLIER_PAGE = "suppliers/green-minds/index.html"
TOKEN = ".catalogue-generation"


def published_when_the_rest_starts(monkeypatch: pytest.MonkeyPatch, out: Path) -> dict[str, bytes]:
    """What the published folder holds at the moment the build starts on everything else."""
    seen: dict[str, bytes] = {}
    rest = pipeline.Pipeline._build

    def look_first(*args: object, **kwargs: object) -> pipeline.BuildResult:
        seen.update(snapshot(out))
        return rest(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.Pipeline, "_build", look_first)
    return seen


def brisk(root: Path) -> None:
    edit(root / "suppliers/green-minds/offers/walk.yaml", "A gentle weekly walk", "A brisk weekly walk")


def test_a_changed_offer_s_page_is_published_before_the_rest_of_the_build(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, options = two_offers(content, tmp_path, search=True)
    old_index = (options.out / "pagefind/pagefind-entry.json").read_bytes()
    brisk(root)
    early = published_when_the_rest_starts(monkeypatch, options.out)
    result = build_site(replace(options, quiet=False))
    # Before the check of everything else, the listings or the search index: the new page alone.
    assert b"A brisk weekly walk" in early[WALK]
    assert b"Our members loved it." in early[WALK]  # the feedback an organisation gave it
    assert b"A gentle weekly walk" in early[SUPPLIER_PAGE]
    assert early["pagefind/pagefind-entry.json"] == old_index
    assert "published the page of 1 changed offer first" in capsys.readouterr().err
    # Then the whole site, with the same bytes for that page, and search updated in the same build.
    final = snapshot(options.out)
    assert final[WALK] == early[WALK]
    assert b"A brisk weekly walk" in final[SUPPLIER_PAGE]
    assert result.searched and final["pagefind/pagefind-entry.json"] != old_index
    full = full_build(root, ROOT / "templates", ROOT / "static", tmp_path / "full")
    assert {p: b for p, b in final.items() if not p.startswith("pagefind/")} == full
    assert not (options.out.parent / ".out.early").exists()


def test_the_next_rebuild_publishes_first_again(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, options = two_offers(content, tmp_path, search=False)
    brisk(root)
    build_site(options)
    edit(root / "suppliers/green-minds/offers/walk.yaml", "A brisk weekly walk", "A slow weekly walk")
    early = published_when_the_rest_starts(monkeypatch, options.out)
    build_site(options)
    assert b"A slow weekly walk" in early[WALK]


SUPPLIER_FILE = "suppliers/green-minds/supplier.yaml"
OTHER_CHANGES: list[tuple[str, Callable[[Path], object]]] = [
    ("its supplier changed too", lambda root: edit(root / SUPPLIER_FILE, "Green Minds CIC", "Green Minds")),
    ("the site settings changed too", lambda root: edit(root / "site.yaml", "title: ", "title: The ")),
    ("an organisation changed too", lambda root: edit(
        root / "organisations/riverside-tenants.yaml", "Our members loved it.", "Our members loved it!")),
    ("a new offer", lambda root: (root / "suppliers/green-minds/offers/swim.yaml").write_text(
        OFFER.replace("Walk and talk", "Swim and talk"))),
    ("a removed offer", lambda root: (root / "suppliers/green-minds/offers/other.yaml").unlink()),
    ("the offer became a draft", lambda root: edit(
        root / "suppliers/green-minds/offers/walk.yaml", "title: ", "status: draft\ntitle: ")),
]  # fmt: skip


@pytest.mark.parametrize("change", [c for _, c in OTHER_CHANGES], ids=[n for n, _ in OTHER_CHANGES])
def test_when_more_than_offers_changed_every_page_waits_for_the_end(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], object]
) -> None:
    root, options = two_offers(content, tmp_path, search=False)
    before = snapshot(options.out)
    brisk(root)
    change(root)
    early = published_when_the_rest_starts(monkeypatch, options.out)
    build_site(options)
    assert early == before


def test_an_offer_with_an_error_changes_nothing(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, options = two_offers(content, tmp_path, search=False)
    before = snapshot(options.out)
    brisk(root)
    edit(root / "suppliers/green-minds/offers/walk.yaml", "amount: 120", "amount: lots")
    with pytest.raises(ContentError):
        build_site(options)
    assert snapshot(options.out) == before


def test_vat_added_by_a_supplier_that_is_not_registered_is_never_published_first(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule across files (check.vat_rules) holds on the fast path too: no page goes out early."""
    root, options = two_offers(content, tmp_path, search=False)
    edit(
        root / "suppliers/green-minds/supplier.yaml",
        "areas: [north]",
        "vat_registered: false\nareas: [north]",
    )
    build_site(options)
    before = snapshot(options.out)
    brisk(root)
    edit(root / "suppliers/green-minds/offers/walk.yaml", "delivery:", "includes_vat: false\ndelivery:")
    early = published_when_the_rest_starts(monkeypatch, options.out)
    with pytest.raises(ContentError) as raised:
        build_site(options)
    assert [p.message.split(" says ")[0] for p in raised.value.problems if p.is_error] == [
        "includes_vat: false"
    ]
    assert early == before
    assert snapshot(options.out) == before


def test_a_build_that_fails_after_publishing_first_puts_the_old_page_back(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, options = two_offers(content, tmp_path, search=True)
    before, token = snapshot(options.out), (options.out / TOKEN).read_text()
    brisk(root)
    early = published_when_the_rest_starts(monkeypatch, options.out)

    def no_index(*args: object, **kwargs: object) -> None:
        raise BuildError("search indexing failed (Pagefind): out of memory")

    monkeypatch.setattr(pipeline, "Indexing", no_index)
    with pytest.raises(BuildError):
        build_site(options)
    assert b"A brisk weekly walk" in early[WALK]
    assert snapshot(options.out) == before
    assert (options.out / TOKEN).read_text() == token  # so the next build trusts it as before
    assert not (options.out.parent / ".out.early").exists()
    monkeypatch.undo()
    build_site(options)
    assert b"A brisk weekly walk" in (options.out / WALK).read_bytes()


KILLED_AFTER_PUBLISHING_FIRST = """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from catalogue import pipeline
    from catalogue.cli import main

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    pipeline.Pipeline._build = killed
    main(["build", "--content", {content!r}, "--out", {out!r}, "--today", "2026-11-23", "--no-search"])
"""


def test_a_build_killed_after_publishing_first_is_undone_by_the_next_one(
    content: WriteContent, tmp_path: Path
) -> None:
    root = content({"suppliers/green-minds/offers/other.yaml": OFFER.replace("Walk and talk", "Other walk")})
    out = tmp_path / "out"
    args = ["build", "--content", str(root), "--out", str(out), "--today", "2026-11-23", "--no-search"]
    build = [sys.executable, str(ROOT / "build.py"), *args]
    subprocess.run(build, cwd=tmp_path, check=True, capture_output=True)
    before = snapshot(out)
    brisk(root)
    script = textwrap.dedent(KILLED_AFTER_PUBLISHING_FIRST).format(
        root=str(ROOT), content=str(root), out=str(out)
    )
    killed = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    assert b"A brisk weekly walk" in (out / WALK).read_bytes()  # published first, then killed
    assert (tmp_path / ".out.early").is_dir()
    # The next build first puts the old page back (so a build that fails now changes nothing)...
    edit(root / "suppliers/green-minds/offers/walk.yaml", "amount: 120", "amount: lots")
    failed = subprocess.run(build, cwd=tmp_path, capture_output=True, text=True)
    assert failed.returncode == 1 and "the site was not changed" in failed.stderr
    assert snapshot(out) == before
    # ...and one that succeeds publishes the offer as it now is.
    edit(root / "suppliers/green-minds/offers/walk.yaml", "amount: lots", "amount: 95")
    subprocess.run(build, cwd=tmp_path, check=True, capture_output=True)
    assert b"A brisk weekly walk" in (out / WALK).read_bytes()
    assert not (tmp_path / ".out.early").exists()
    assert snapshot(out) == full_build(root, ROOT / "templates", ROOT / "static", tmp_path / "full")


def built_in_git(content: WriteContent, tmp_path: Path) -> tuple[Path, BuildOptions]:
    """Content in a git repository whose one commit is dated 4 March 2026, built once."""
    root = content()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    dated = {
        **os.environ,
        "GIT_COMMITTER_DATE": "2026-03-04T12:00:00Z",
        "GIT_AUTHOR_DATE": "2026-03-04T12:00:00Z",
    }
    subprocess.run([*git, "commit", "-q", "-m", "offers"], cwd=root, check=True, env=dated)
    options = BuildOptions(
        content=root, out=tmp_path / "out", today=TODAY, search=False, quiet=True, cache=tmp_path / "c"
    )
    build_site(options)
    return root, options


def test_in_git_the_page_published_first_has_the_date_of_the_offer_s_last_commit(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the full build dates it: the last commit touching the file, not the edit."""
    root, options = built_in_git(content, tmp_path)
    brisk(root)
    early = published_when_the_rest_starts(monkeypatch, options.out)
    build_site(options)
    assert b"A brisk weekly walk" in early[WALK]
    assert b"Last updated 4 March 2026" in early[WALK]
    assert (options.out / WALK).read_bytes() == early[WALK]


def test_in_git_a_rebuild_keeps_the_commit_dates_instead_of_running_git_log_again(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They depend only on the commit checked out, and a `git log` of a long history is slow."""
    root, options = built_in_git(content, tmp_path)
    history._commit_dates_at.cache_clear()  # as in a new process
    asked = history.git_text

    def no_log(cwd: Path, *args: str) -> str | None:
        assert args[0] != "log", "git log ran again"
        return asked(cwd, *args)

    monkeypatch.setattr(history, "git_text", no_log)
    edit(root / "suppliers/green-minds/supplier.yaml", "Green Minds CIC", "Green Minds Together")
    build_site(options)  # a supplier changed: its offers' pages come from the full build
    page = (options.out / WALK).read_bytes()
    assert b"Green Minds Together" in page and b"Last updated 4 March 2026" in page
