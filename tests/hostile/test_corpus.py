"""Hostile content in every field: `check` accepts what is only text and refuses what is not, and
the built site shows every attack string as text, runs none of it, and exports no formulas."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml

from catalogue.checks.check import check_content
from catalogue.site.exports import FORMULA_PREFIXES
from catalogue.site.markdown import ALLOWED_TAGS

from ..conftest import BASE_FILES, write_tree
from .conftest import HOSTILE_BASE_PATH, TODAY
from .corpus import (
    OFFER_TEXT_FIELDS,
    REFUSED_CHARACTERS,
    REFUSED_URLS,
    URL_FIELDS,
    Corpus,
    _label,
    _set,
    to_yaml,
)
from .scan import html_pages, json_ld, page_problems, page_tree, text_of

FILES = {
    "site": "site.yaml",
    "supplier": "suppliers/green-minds/supplier.yaml",
    "offer": "suppliers/green-minds/offers/walk.yaml",
    "organisation": "organisations/riverside-tenants.yaml",
}
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", *FORMULA_PREFIXES)


def folded(text: str) -> str:
    return " ".join(text.split())


def test_the_hostile_tree_passes_check(hostile: Corpus) -> None:
    """Only warnings that a language cannot be told (the vectors in `languages` name none)."""
    result = check_content(hostile.root, "content", TODAY)
    unknown_language = re.compile(r"languages\[\d+\]: cannot tell which language ")
    assert [p.format() for p in result.problems if not unknown_language.match(p.message)] == []
    assert len(result.tree.offers) == len(hostile.offer_pages)


def test_no_page_lets_content_run_code(hostile_site: Path) -> None:
    """Strict HTML; no event handlers, script/data URLs, foreign scripts, frames or inline styles."""
    pages = html_pages(hostile_site)
    assert len(pages) > 80
    problems = [p for page in pages for p in page_problems(hostile_site, page, HOSTILE_BASE_PATH)]
    assert problems == []


def test_every_vector_shows_as_text_where_it_was_written(hostile: Corpus, hostile_site: Path) -> None:
    wanted: dict[str, list[str]] = defaultdict(list)
    for placement in hostile.placements + hostile.markdown:
        if placement.page is not None:
            wanted[placement.page].append(placement.text)
    missing = []
    for page, texts in wanted.items():
        body = page_tree(hostile_site / page / "index.html").find("body")
        assert body is not None
        shown = text_of(body)
        missing += [f"{page}: {text!r}" for text in texts if folded(text) not in shown]
    assert missing == []
    assert sum(len(t) for t in wanted.values()) > 700


def test_titles_headings_and_json_ld_hold_the_exact_text(hostile: Corpus, hostile_site: Path) -> None:
    site = yaml.safe_load((hostile.root / "site.yaml").read_text(encoding="utf-8"))
    for page in hostile.offer_pages:
        key = page.removeprefix("offers/").rstrip("/")
        supplier, offer_id = key.split("/")
        offer = yaml.safe_load(
            (hostile.root / f"suppliers/{supplier}/offers/{offer_id}.yaml").read_text(encoding="utf-8")
        )
        tree = page_tree(hostile_site / page / "index.html")
        title, heading = tree.find(".//title"), tree.find(".//h1")
        assert title is not None and heading is not None
        assert text_of(title) == folded(f"{offer['title']} · {site['title']}"), page
        assert text_of(heading) == folded(offer["title"]), page
        data = json_ld(tree)
        assert data["name"] == offer["title"] and data["description"] == offer["summary"], page


def test_descriptions_keep_only_allowed_markup_and_absolute_links(hostile_site: Path) -> None:
    problems = []
    for page in html_pages(hostile_site):
        for prose in page_tree(page).iterfind(".//div[@class='prose']"):
            for element in prose.iter():
                if element is prose:
                    continue
                if element.tag not in ALLOWED_TAGS:
                    problems.append(f"{page.name}: <{element.tag}>")
                href = element.get("href")
                if element.tag == "a" and href is not None and not href.startswith(("https://", "mailto:")):
                    problems.append(f"{page.relative_to(hostile_site)}: <a href={href!r}>")
    assert problems == []


def test_the_csv_opens_without_formulas(hostile: Corpus, hostile_site: Path) -> None:
    text = (hostile_site / "offers.csv").read_bytes().decode("utf-8-sig")  # keep carriage returns
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + 2 * len(hostile.offer_pages)  # a header, then one row per price
    formulas = [cell for row in rows for cell in row if cell.startswith(CSV_FORMULA_STARTS)]
    assert formulas == []
    offers = json.loads((hostile_site / "offers.json").read_text(encoding="utf-8"))["offers"]
    titles = {row[1] for row in rows[1:]}
    escaped = {
        ("'" + o["title"]) if o["title"].startswith(CSV_FORMULA_STARTS) else o["title"] for o in offers
    }
    assert titles == escaped  # nothing lost but the formula: the text is kept after a quote


def test_every_export_parses(hostile_site: Path) -> None:
    for name in ["offers.json", *(p.name for p in [hostile_site / "shortlist/offers.json"] if p.exists())]:
        json.loads((hostile_site / name).read_text(encoding="utf-8"))
    for name in ["feed.xml", "sitemap.xml"]:
        ET.parse(hostile_site / name)


# --- what check refuses -------------------------------------------------------------------------


def base_data() -> dict[str, Any]:
    return {kind: yaml.safe_load(BASE_FILES[path]) for kind, path in FILES.items()}


def check_with(folder: Path, kind: str, path: tuple[str | int, ...], value: Any) -> list[str]:
    """Problems reported for the small valid tree with one field set to value."""
    data = base_data()
    _set(data[kind], path, value)
    root = write_tree(folder / "content", {**BASE_FILES, FILES[kind]: to_yaml(data[kind])})
    return [p.format() for p in check_content(root, "content", TODAY).errors]


@pytest.mark.parametrize("url", REFUSED_URLS)
@pytest.mark.parametrize(("kind", "path"), URL_FIELDS, ids=[f"{k}.{_label(p)}" for k, p in URL_FIELDS])
def test_check_refuses_urls_that_are_not_https(
    tmp_path: Path, kind: str, path: tuple[str | int, ...], url: str
) -> None:
    errors = check_with(tmp_path, kind, path, url)
    assert len(errors) == 1, errors
    assert f"error: {_label(path)}: must be a full web address starting with https://" in errors[0]


@pytest.mark.parametrize("character", REFUSED_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    ("kind", "path"),
    [("offer", ("title",)), ("offer", ("description",)), ("offer", ("tags", 0)), ("site", ("title",))],
    ids=["offer.title", "offer.description", "offer.tags", "site.title"],
)
def test_check_refuses_control_characters_written_as_escapes(
    tmp_path: Path, kind: str, path: tuple[str | int, ...], character: str
) -> None:
    errors = check_with(tmp_path, kind, path, f"Walk{character} and talk")
    assert len(errors) == 1, errors
    assert f"error: {_label(path)}: " in errors[0] and f"U+{ord(character):04X}" in errors[0]


LIMITED = [(path, limit) for path, limit, _ in OFFER_TEXT_FIELDS if 1 not in path]


@pytest.mark.parametrize(("path", "limit"), LIMITED, ids=[_label(path) for path, _ in LIMITED])
def test_one_character_over_each_limit_is_refused(
    tmp_path: Path, path: tuple[str | int, ...], limit: int
) -> None:
    errors = check_with(tmp_path, "offer", path, "x" * (limit + 1))
    assert len(errors) == 1, errors
    assert f"error: {_label(path)}: must be at most {limit} characters long; it has {limit + 1}" in errors[0]
