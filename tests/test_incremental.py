"""Incremental rebuilds give exactly the bytes of a full build, edit after edit."""

from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from catalogue.errors import BuildError
from catalogue.incremental.memo import Memo
from catalogue.pipeline import BuildOptions, Pipeline, build_site

from .conftest import OFFER, SITE, SUPPLIER, TODAY, WriteContent

ROOT = Path(__file__).resolve().parent.parent


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".catalogue-generation"
    }


def full_build(content: Path, templates: Path, static: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    options = BuildOptions(
        content=content, out=out, today=TODAY, search=False, quiet=True, templates=templates, static=static,
        cache=out.parent / f"{out.name}-cache", workers=1,
    )  # fmt: skip
    Pipeline(options, Memo()).build()  # a memo of its own: nothing read from another build's .cache/
    return snapshot(out)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


ORDER = 'date: "2025-12-01"\nstatus: confirmed\nitems:\n  - offer: green-minds/walk\n    quantity: 2\n    amount: 190\n'
EDITS: list[tuple[str, Callable[[Path, Path], None]]] = [
    ("add an offer", lambda c, t: (c / "suppliers/green-minds/offers/swim.yaml").write_text(
        OFFER.replace("Walk and talk", "Swim and talk"))),
    ("change an offer's price", lambda c, t: edit(c / "suppliers/green-minds/offers/walk.yaml", "amount: 120", "amount: 95")),
    ("rename an offer", lambda c, t: (c / "suppliers/green-minds/offers/swim.yaml").rename(
        c / "suppliers/green-minds/offers/swimming.yaml")),
    ("delete an offer", lambda c, t: (c / "suppliers/green-minds/offers/swimming.yaml").unlink()),
    ("change a supplier", lambda c, t: edit(c / "suppliers/green-minds/supplier.yaml", "Green Minds CIC", "Green Minds")),
    ("add a supplier", lambda c, t: [
        (c / "suppliers/blue-sky/offers").mkdir(parents=True),
        (c / "suppliers/blue-sky/supplier.yaml").write_text(SUPPLIER.replace("Green Minds CIC", "Blue Sky")),
        (c / "suppliers/blue-sky/offers/art.yaml").write_text(OFFER.replace("category: wellbeing", "category: arts")),
    ]),
    ("change site.yaml", lambda c, t: edit(c / "site.yaml", "label: Arts and creativity", "label: Arts & crafts")),
    ("give the site a colour", lambda c, t: edit(c / "site.yaml", "coordinators:", 'brand:\n  colour: "#1f5f4a"\ncoordinators:')),
    ("change the site's colour", lambda c, t: edit(c / "site.yaml", '"#1f5f4a"', '"#6b2d5c"')),
    ("change a template", lambda c, t: edit(t / "offer.html", "About this offer", "About this activity")),
    ("add an order", lambda c, t: [
        (c / "orders/riverside-tenants").mkdir(parents=True),
        (c / "orders/riverside-tenants/walks.yaml").write_text(ORDER),
    ]),
    ("deliver an order", lambda c, t: edit(c / "orders/riverside-tenants/walks.yaml", "confirmed", "delivered")),
    ("change an order's amount", lambda c, t: edit(c / "orders/riverside-tenants/walks.yaml", "amount: 190", "amount: 180")),
    ("cancel an order", lambda c, t: edit(c / "orders/riverside-tenants/walks.yaml", "delivered", "cancelled")),
    ("expire an offer", lambda c, t: edit(c / "suppliers/green-minds/offers/walk.yaml", "2027-06-30", "2026-01-01")),
]  # fmt: skip


@pytest.mark.parametrize("memo_in_memory", [True, False], ids=["preview", "build"])
def test_a_sequence_of_edits_matches_full_builds(
    content: WriteContent, tmp_path: Path, memo_in_memory: bool
) -> None:
    root = content({"site.yaml": SITE})
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    static = tmp_path / "static"
    shutil.copytree(ROOT / "static", static)
    out = tmp_path / "out"
    options = BuildOptions(
        content=root, out=out, today=TODAY, search=False, quiet=True, templates=templates, static=static,
        cache=tmp_path / "cache",
    )  # fmt: skip
    pipeline = Pipeline(options, Memo() if memo_in_memory else None)
    pipeline.build()
    for name, change in EDITS:
        change(root, templates)
        result = pipeline.build()
        assert result.written, name
        assert snapshot(out) == full_build(root, templates, static, tmp_path / "full"), name
    pipeline.build()  # brings the spare copy level with the published one
    assert pipeline.build().written == []


def two_offers(content: WriteContent, tmp_path: Path, search: bool) -> tuple[Path, BuildOptions]:
    """Content with two offers from one supplier, built once."""
    root = content({"suppliers/green-minds/offers/other.yaml": OFFER.replace("Walk and talk", "Other walk")})
    options = BuildOptions(
        content=root, out=tmp_path / "out", today=TODAY, search=search, quiet=True, cache=tmp_path / "c"
    )
    build_site(options)
    return root, options


def test_one_changed_offer_rewrites_only_the_pages_that_show_it(
    content: WriteContent, tmp_path: Path
) -> None:
    root, options = two_offers(content, tmp_path, search=False)
    edit(root / "suppliers/green-minds/offers/walk.yaml", "A gentle weekly walk", "A brisk weekly walk")
    written = set(build_site(options).written)
    assert "offers/green-minds/walk/index.html" in written
    assert "offers/green-minds/other/index.html" not in written
    assert "suppliers/green-minds/index.html" in written  # it lists the offer as a card
    assert "audiences/young-people/index.html" not in written


def no_hard_links(source: object, target: object) -> None:
    raise PermissionError(errno.EPERM, "Operation not permitted", str(source))  # link() on a FAT drive


def test_a_disk_that_fills_while_the_site_is_copied_is_a_clear_error(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, options = two_offers(content, tmp_path, search=False)
    before = snapshot(options.out)
    edit(root / "suppliers/green-minds/offers/walk.yaml", "A gentle weekly walk", "A brisk weekly walk")

    def disk_full(source: object, target: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(os, "link", disk_full)
    with pytest.raises(BuildError) as raised:
        build_site(options)  # the second build copies the site to update it
    assert str(raised.value) == "could not prepare the output folder: the disk is full"
    assert snapshot(options.out) == before


@pytest.mark.parametrize("links", [True, False], ids=["hard-links", "no-hard-links"])
def test_after_every_page_changed_the_next_build_rewrites_only_what_changed_again(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, links: bool
) -> None:
    """The spare copy catches up with hard links instead of rendering the last build's pages again;
    with copies on a file system that has no hard links."""
    if not links:
        monkeypatch.setattr(os, "link", no_hard_links)
    root, options = two_offers(content, tmp_path, search=True)
    edit(root / "site.yaml", "title: ", "title: The ")
    everything = build_site(options)
    assert "offers/green-minds/other/index.html" in everything.written and everything.searched
    edit(root / "suppliers/green-minds/offers/walk.yaml", "A gentle weekly walk", "A brisk weekly walk")
    result = build_site(options)
    assert "offers/green-minds/walk/index.html" in result.written
    assert "offers/green-minds/other/index.html" not in result.written
    assert result.searched
    assert build_site(options).written == [] and not build_site(options).searched
    full = full_build(root, ROOT / "templates", ROOT / "static", tmp_path / "full")
    pages = {path: data for path, data in snapshot(options.out).items() if not path.startswith("pagefind/")}
    assert pages == full


def test_a_build_with_nothing_changed_reads_no_content_and_says_the_same(
    content: WriteContent, tmp_path: Path
) -> None:
    expiring = OFFER.replace("available_until: 2027-06-30", "available_until: 2026-12-01")
    root = content({"suppliers/green-minds/offers/walk.yaml": expiring})
    options = BuildOptions(
        content=root, out=tmp_path / "out", today=TODAY, search=False, quiet=True, cache=tmp_path / "c"
    )
    first = build_site(options)
    again = build_site(options)
    assert not again.read_content and again.written == []  # answered from the record, not the content
    assert [p.format() for p in again.warnings] == [p.format() for p in first.warnings]
    assert "expires on 2026-12-01" in again.warnings[0].message
    assert (again.pages, again.offers, again.files) == (first.pages, first.offers, first.files)

    def full_path_taken(change: Callable[[], object], **different: object) -> bool:
        change()
        return build_site(replace(options, **different)).read_content

    walk = root / "suppliers/green-minds/offers/walk.yaml"
    assert full_path_taken(lambda: os.utime(walk, ns=(1, walk.stat().st_mtime_ns + 1)))
    assert not build_site(options).read_content
    assert full_path_taken(lambda: None, today=TODAY.replace(day=24))
    assert full_path_taken(lambda: None)  # back to the first date: the output was rebuilt for the 24th
    images = root / "suppliers/green-minds/images"
    assert full_path_taken(lambda: [images.mkdir(), (images / "new.png").write_bytes(b"png")])
    assert full_path_taken(lambda: (options.out / ".catalogue-generation").write_text("someone else's"))
    assert not build_site(options).read_content


def test_the_output_folder_is_swapped_in_one_step(content: WriteContent, tmp_path: Path) -> None:
    """Where the system can (Linux renameat2), the published folder is never missing, not even for
    an instant between two renames."""
    from catalogue.publish import generations

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "which").write_text("a")
    (b / "which").write_text("b")
    if not generations._exchange(a, b):
        pytest.skip("this file system cannot exchange two folders in one step")
    assert (a / "which").read_text() == "b" and (b / "which").read_text() == "a"


def test_a_build_on_a_new_day_matches_a_full_build_of_that_day(content: WriteContent, tmp_path: Path) -> None:
    """Nothing changed but the date: pages that show it (the print page's "as of") are rewritten."""
    root = content()
    options = BuildOptions(
        content=root, out=tmp_path / "out", today=TODAY, search=False, quiet=True, cache=tmp_path / "c"
    )
    build_site(options)
    next_day = replace(options, today=TODAY + dt.timedelta(days=1))
    assert "print/index.html" in build_site(next_day).written
    fresh = replace(next_day, out=tmp_path / "fresh", cache=tmp_path / "c2")
    build_site(fresh)
    assert snapshot(options.out) == snapshot(fresh.out)


def test_a_new_library_version_renders_every_page_again(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages and the offer cards kept between builds depend on Markdown, Jinja and Babel too."""
    _, options = two_offers(content, tmp_path, search=False)
    upgraded = ("markdown=99.0",)
    monkeypatch.setattr("catalogue.incremental.fingerprint.library_versions", lambda: upgraded)
    monkeypatch.setattr("catalogue.incremental.uptodate.library_versions", lambda: upgraded)
    result = build_site(options)
    assert len([path for path in result.written if path.endswith(".html")]) == result.pages


def test_builds_started_together_wait_for_each_other(content: WriteContent, tmp_path: Path) -> None:
    """Two terminals, or two CI steps, building the same folder at once: each build waits for the
    one before it, and the site, its spare copy and the shared .cache/ all come out right."""
    root = content({"suppliers/green-minds/offers/other.yaml": OFFER.replace("Walk and talk", "Other walk")})
    work = tmp_path / "work"
    work.mkdir()
    out = work / "site"
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(root), "--out", str(out)]
    command += ["--today", TODAY.isoformat(), "--quiet"]

    def together(count: int) -> list[subprocess.CompletedProcess[str]]:
        started = [
            subprocess.Popen(command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for _ in range(count)
        ]
        return [subprocess.CompletedProcess(p.args, p.wait(timeout=300), p.communicate()[0]) for p in started]

    def matches_a_lone_build() -> None:
        lone = full_build(root, ROOT / "templates", ROOT / "static", tmp_path / "lone")
        published = snapshot(out)
        assert {k: v for k, v in published.items() if not k.startswith("pagefind/")} == lone
        assert "pagefind/pagefind-entry.json" in published
        assert not list(work.glob(".site.building-*"))

    for run in together(3):  # from nothing
        assert run.returncode == 0, run.stdout
    matches_a_lone_build()

    edit(root / "suppliers/green-minds/offers/walk.yaml", "Walk and talk", "Walk and chat")
    for run in together(3):  # one offer changed, with a spare copy to update
        assert run.returncode == 0, run.stdout
    matches_a_lone_build()
    assert "Walk and chat" in (out / "offers/green-minds/walk/index.html").read_text()
    assert (work / ".site.spare").is_dir()

    # Checks started together share the memo in .cache/: each saves it whole, under its own name first.
    check = [sys.executable, str(ROOT / "build.py"), "check", "--content", str(root), "--today", "2026-11-23"]
    edit(root / "suppliers/green-minds/offers/other.yaml", "Other walk", "Another walk")
    started = [subprocess.Popen(check, cwd=work, stderr=subprocess.DEVNULL) for _ in range(3)]
    assert [p.wait(timeout=120) for p in started] == [0, 0, 0]
    again = subprocess.run(check, cwd=work, capture_output=True, text=True, check=False)
    assert again.returncode == 0 and "Traceback" not in again.stderr
