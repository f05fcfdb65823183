"""HTML validity and links: every page of the sample catalogue and of the hostile corpus parses
with html5lib's strict parser, and no internal link or anchor is broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..sitecheck import broken_links
from .conftest import HOSTILE_BASE_PATH, SAMPLE_BASE_PATH
from .scan import html_pages, parse_page

SITES = {"sample": SAMPLE_BASE_PATH, "hostile": HOSTILE_BASE_PATH}


@pytest.fixture(params=list(SITES))
def built(request: pytest.FixtureRequest) -> tuple[Path, str]:
    return request.getfixturevalue(f"{request.param}_site"), SITES[request.param]


def test_every_page_parses_strictly(built: tuple[Path, str]) -> None:
    site, _ = built
    pages = html_pages(site)
    assert len(pages) > 80
    errors = [f"{page.relative_to(site)}: {error}" for page in pages if (error := parse_page(page)[1])]
    assert errors == []


def test_no_internal_link_or_anchor_is_broken(built: tuple[Path, str]) -> None:
    site, base_path = built
    assert broken_links(site, base_path) == []
