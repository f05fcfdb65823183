"""A rebuild keeps the search files of unchanged offers, and never a wrong one."""

from __future__ import annotations

import errno
import gzip
import json
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

from catalogue.errors import BuildError
from catalogue.pipeline import BuildOptions, BuildResult, build_site
from catalogue.preview.preview import SearchIndexer
from catalogue.search import parts as search_parts
from catalogue.search.pagefind import index_search

from .conftest import OFFER, TODAY, WriteContent
from .test_incremental import edit, two_offers

WALK = "suppliers/green-minds/offers/walk.yaml"


def fragments(out: Path) -> dict[str, Path]:
    """The search index's page files, in every part, by the URL of the offer each is for (at most one each)."""
    found: dict[str, Path] = {}
    for file in sorted((out / "pagefind").glob("**/fragment/*")):
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
        for p in (out / "pagefind").glob(f"**/{folder}/*")
    }


def clean_index(out: Path, scratch: Path, parts: list[list[str]] | None = None) -> Path:
    """Pagefind run from nothing over a copy of the site's offer pages."""
    shutil.copytree(out / "offers", scratch / "offers")
    index_search(scratch, parts or [])
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


PRICED = {  # cheapest first: parts of two are (free, cheap) and (dear, dearest)
    "suppliers/green-minds/offers/walk.yaml": OFFER.replace("amount: 120", "amount: 0"),
    "suppliers/green-minds/offers/cheap.yaml": OFFER.replace("amount: 120", "amount: 10"),
    "suppliers/green-minds/offers/dear.yaml": OFFER.replace("amount: 120", "amount: 500"),
    "suppliers/green-minds/offers/dearest.yaml": OFFER.replace("amount: 120", "amount: 900"),
}


@pytest.fixture
def in_parts(
    monkeypatch: pytest.MonkeyPatch, content: WriteContent, tmp_path: Path
) -> tuple[Path, BuildOptions]:
    """Four offers at four prices, their index in parts of two, built once."""
    monkeypatch.setattr(search_parts, "PAGES_PER_INDEX", 2)
    root = content(PRICED)
    options = BuildOptions(content=root, out=tmp_path / "out", today=TODAY, quiet=True, cache=tmp_path / "c")
    build_site(options)
    return root, options


def part_urls(out: Path) -> list[set[str]]:
    bundles = [out / "pagefind", *sorted((out / "pagefind").glob("part-*"))]
    return [{url for url, file in fragments(out).items() if file.parent.parent == b} for b in bundles]


def test_an_index_in_parts_holds_each_price_range_in_its_part(in_parts: tuple[Path, BuildOptions]) -> None:
    _, options = in_parts
    offers = "/offers/green-minds/"
    assert part_urls(options.out) == [
        {f"{offers}walk/", f"{offers}cheap/"},
        {f"{offers}dear/", f"{offers}dearest/"},
    ]
    assert 'data-parts="part-2/"' in (options.out / "search/index.html").read_text()
    # The other parts share the first part's scripts and WebAssembly: only their index is there.
    kept = sorted(
        p.suffix if p.suffix == ".pf_meta" else p.name for p in (options.out / "pagefind/part-2").iterdir()
    )
    assert kept == [".pf_meta", "filter", "fragment", "index", "pagefind-entry.json"]
    assert not list(options.out.glob("pagefind/.*"))


def test_a_rebuild_of_an_index_in_parts_keeps_unchanged_files_and_equals_a_fresh_one(
    in_parts: tuple[Path, BuildOptions], tmp_path: Path
) -> None:
    root, options = in_parts
    kept = {url: file.stat().st_ino for url, file in fragments(options.out).items()}
    entries = [
        options.out / "pagefind/pagefind-entry.json",
        options.out / "pagefind/part-2/pagefind-entry.json",
    ]
    written = [entry.stat().st_ino for entry in entries]
    edit(root / "suppliers/green-minds/offers/dear.yaml", "A gentle weekly walk", "A brisk weekly swim")
    rebuilt = build_site(options)
    assert rebuilt.searched and rebuilt.read_content
    after = fragments(options.out)
    assert {url for url, file in after.items() if file.stat().st_ino == kept[url]} == {
        "/offers/green-minds/walk/",
        "/offers/green-minds/cheap/",
        "/offers/green-minds/dearest/",
    }
    assert b"brisk weekly swim" in gzip.decompress(after["/offers/green-minds/dear/"].read_bytes())
    # Part 1 has no changed page: Pagefind did not run for it. Part 2 was indexed again.
    assert [entry.stat().st_ino == before for entry, before in zip(entries, written, strict=True)] == [
        True,
        False,
    ]
    parts = rebuilt.search_parts
    assert hashed_files(options.out) == hashed_files(clean_index(options.out, tmp_path / "fresh", parts))


def test_a_price_change_moves_an_offer_to_another_part(in_parts: tuple[Path, BuildOptions]) -> None:
    root, options = in_parts
    edit(root / "suppliers/green-minds/offers/walk.yaml", "amount: 0", "amount: 1000")
    build_site(options)
    offers = "/offers/green-minds/"
    assert part_urls(options.out) == [
        {f"{offers}cheap/", f"{offers}dear/"},
        {f"{offers}dearest/", f"{offers}walk/"},
    ]


def test_a_kept_file_of_another_part_standing_in_for_a_new_one_is_caught(
    in_parts: tuple[Path, BuildOptions], tmp_path: Path
) -> None:
    root, options = in_parts
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(root, elsewhere)
    edit(elsewhere / "suppliers/green-minds/offers/dear.yaml", "A gentle weekly walk", "A brisk weekly swim")
    build_site(
        BuildOptions(content=elsewhere, out=tmp_path / "o2", today=TODAY, quiet=True, cache=tmp_path / "c2")
    )
    new_dear = fragments(tmp_path / "o2")["/offers/green-minds/dear/"]
    assert new_dear.parent == tmp_path / "o2/pagefind/part-2/fragment"
    shutil.copy(
        fragments(options.out)["/offers/green-minds/walk/"],
        options.out / "pagefind/part-2/fragment" / new_dear.name,
    )

    edit(root / "suppliers/green-minds/offers/dear.yaml", "A gentle weekly walk", "A brisk weekly swim")
    assert build_site(options).searched
    after = fragments(options.out)  # fails on two files leading to one offer
    assert b"brisk weekly swim" in gzip.decompress(after["/offers/green-minds/dear/"].read_bytes())


def test_a_catalogue_that_no_longer_needs_parts_loses_them(
    in_parts: tuple[Path, BuildOptions], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, options = in_parts
    monkeypatch.setattr(search_parts, "PAGES_PER_INDEX", 4)
    (root / "suppliers/green-minds/offers/dearest.yaml").unlink()
    assert build_site(options).searched
    assert not list((options.out / "pagefind").glob("part-*"))
    assert set(fragments(options.out)) == {f"/offers/green-minds/{o}/" for o in ("walk", "cheap", "dear")}
    assert "data-parts" not in (options.out / "search/index.html").read_text()


def test_the_preview_indexes_in_parts_too(in_parts: tuple[Path, BuildOptions]) -> None:
    """The preview's search page asks for the parts, so its background index must have them."""
    root, options = in_parts
    indexer = SearchIndexer(options.out)

    def index(result: BuildResult) -> None:
        indexer.request(result)
        deadline = time.monotonic() + 60
        while indexer.indexed != result.search_fingerprint:
            assert time.monotonic() < deadline, "the preview's index was not made"
            time.sleep(0.05)

    index(build_site(replace(options, preview=True)))
    assert part_urls(indexer.root) == part_urls(options.out)
    edit(root / "suppliers/green-minds/offers/walk.yaml", "amount: 0", "amount: 1000")
    index(build_site(replace(options, preview=True)))
    offers = "/offers/green-minds/"
    assert part_urls(indexer.root) == [
        {f"{offers}cheap/", f"{offers}dear/"},
        {f"{offers}dearest/", f"{offers}walk/"},
    ]


def test_a_disk_that_fills_as_a_part_s_glob_is_written_is_a_clear_error(
    in_parts: tuple[Path, BuildOptions], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, options = in_parts
    before = (options.out / "offers/green-minds/dear/index.html").read_bytes()
    write_text = Path.write_text

    def full(path: Path, *args: object, **kwargs: object) -> int:
        if path.name == "pagefind.json":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return write_text(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", full)
    edit(root / "suppliers/green-minds/offers/dear.yaml", "A gentle weekly walk", "A brisk weekly swim")
    with pytest.raises(BuildError, match=r"^search indexing could not run: the disk is full$"):
        build_site(options)
    assert (options.out / "offers/green-minds/dear/index.html").read_bytes() == before  # the site as it was


def test_a_part_s_glob_names_its_pages_and_stays_under_the_length_pagefind_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages = ["offers/a/x/index.html", "offers/b/z/index.html", "offers/a/y/index.html"]
    assert search_parts.part_glob(pages) == "offers/{a/{x,y},b/{z}}/index.html"

    class Offer:  # what plan reads of an offer
        expired = False

        def __init__(self, number: int) -> None:
            self.lowest_price = number
            self.url = f"offers/supplier-{number % 3}/offer-{number:04}/"

    monkeypatch.setattr(search_parts, "PAGES_PER_INDEX", 40)
    monkeypatch.setattr(search_parts, "GLOB_MOST", 200)
    parts = search_parts.plan([Offer(n) for n in range(100)])
    assert [page for part in parts for page in part] == [f"{Offer(n).url}index.html" for n in range(100)]
    assert all(len(search_parts.part_glob(part)) <= 200 for part in parts) and len(parts) > 3
