"""A rebuild keeps the search files of unchanged offers, and never a wrong one."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from catalogue.search import index_search
from catalogue.site import BuildOptions, build_site

from .conftest import TODAY, WriteContent
from .test_incremental import edit, two_offers

WALK = "suppliers/green-minds/offers/walk.yaml"


def fragments(out: Path) -> dict[str, Path]:
    """The search index's page files, by the URL of the offer each is for (at most one each)."""
    found: dict[str, Path] = {}
    for file in sorted((out / "pagefind/fragment").iterdir()):
        page = json.loads(gzip.decompress(file.read_bytes()).removeprefix(b"pagefind_dcd"))
        assert page["url"] not in found, f"two search files lead to {page['url']}"
        found[page["url"]] = file
    return found


def change_walk(root: Path) -> None:
    edit(root / WALK, "A gentle weekly walk", "A brisk weekly swim")


def hashed_files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for folder in ("fragment", "index")
        for p in (out / "pagefind" / folder).iterdir()
    }


def clean_index(out: Path, scratch: Path) -> Path:
    """Pagefind run from nothing over a copy of the site's offer pages."""
    shutil.copytree(out / "offers", scratch / "offers")
    index_search(scratch)
    return scratch


def test_a_rebuild_keeps_unchanged_offers_search_files_and_the_index_equals_a_fresh_one(
    content: WriteContent, tmp_path: Path
) -> None:
    root, options = two_offers(content, tmp_path, search=True)
    before = fragments(options.out)
    other = before["/offers/green-minds/other/"].stat().st_ino
    change_walk(root)
    assert build_site(options).searched
    after = fragments(options.out)
    assert set(after) == {"/offers/green-minds/walk/", "/offers/green-minds/other/"}
    assert after["/offers/green-minds/other/"].stat().st_ino == other  # kept: not compressed or written again
    assert b"brisk weekly swim" in gzip.decompress(after["/offers/green-minds/walk/"].read_bytes())
    # Nothing is left of the old index, and what is kept is what Pagefind makes from nothing.
    assert hashed_files(options.out) == hashed_files(clean_index(options.out, tmp_path / "fresh"))


def test_a_removed_offer_is_no_longer_in_the_index(content: WriteContent, tmp_path: Path) -> None:
    """The copy being rebuilt still has the removed offer's page while Pagefind reads it."""
    root, options = two_offers(content, tmp_path, search=True)
    (root / "suppliers/green-minds/offers/other.yaml").unlink()
    assert build_site(options).searched
    assert set(fragments(options.out)) == {"/offers/green-minds/walk/"}


def test_a_kept_file_standing_in_for_a_new_one_is_caught_and_the_index_made_again(
    content: WriteContent, tmp_path: Path
) -> None:
    """Pagefind skips a file whose (7-digit) name is already there: a kept file of another page
    under the new page's name would send searchers to the wrong offer."""
    root, options = two_offers(content, tmp_path, search=True)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(root, elsewhere)
    change_walk(elsewhere)
    build_site(
        BuildOptions(content=elsewhere, out=tmp_path / "o2", today=TODAY, quiet=True, cache=tmp_path / "c2")
    )
    new_walk = fragments(tmp_path / "o2")["/offers/green-minds/walk/"].name
    published = fragments(options.out)
    shutil.copy(published["/offers/green-minds/other/"], options.out / "pagefind/fragment" / new_walk)

    change_walk(root)
    assert build_site(options).searched
    after = fragments(options.out)  # fails on two files leading to one offer
    assert after["/offers/green-minds/walk/"].name == new_walk
    assert b"brisk weekly swim" in gzip.decompress(after["/offers/green-minds/walk/"].read_bytes())


def test_an_index_written_by_another_pagefind_version_is_not_kept(
    content: WriteContent, tmp_path: Path
) -> None:
    root, options = two_offers(content, tmp_path, search=True)
    entry = options.out / "pagefind/pagefind-entry.json"
    entry.write_text(entry.read_text().replace('"version":"', '"version":"0.9-'))
    other = fragments(options.out)["/offers/green-minds/other/"].stat().st_ino
    change_walk(root)
    assert build_site(options).searched
    assert fragments(options.out)["/offers/green-minds/other/"].stat().st_ino != other
    assert '"version":"0.9-' not in entry.read_text()
