"""A scheme's own colour and logo from site.yaml, in Chromium: the header wears the colour, the
logo sits beside the title, and axe finds nothing on the pages, with a colour only just dark
enough for the header's white text (4.6:1)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tests.browser.conftest import REPO, _serve_build_of
from tests.browser.support import PAGES, ServedSite, open_page
from tests.browser.test_accessibility import VIEWPORTS, axe_report

pytestmark = pytest.mark.browser

COLOUR = "#0076d6"  # 4.60:1 with white: near the least the check accepts
BRANDED = ("home", "offer", "offer-with-image", "supplier", "organisation", "category", "search", "shortlist")


@pytest.fixture(scope="module")
def brand_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    content = tmp_path_factory.mktemp("brand") / "content"
    shutil.copytree(REPO / "content", content)
    logo = "images/partnership.svg"
    (content / "images").mkdir()
    shutil.copy(REPO / "content/suppliers/canal-clay/images/logo.svg", content / logo)
    site = content / "site.yaml"
    brand = f'brand:\n  colour: "{COLOUR}"\n  logo: {logo}\n  logo_alt: North and West Partnership\n'
    site.write_text(site.read_text().replace("coordinators:", brand + "coordinators:", 1))
    yield from _serve_build_of(content, tmp_path_factory.mktemp("brand-site") / "www", "")


@pytest.mark.parametrize("name", BRANDED)
def test_no_wcag_violations_with_the_brand_colour(
    new_context: Callable[..., BrowserContext], brand_site: ServedSite, name: str
) -> None:
    page = new_context(viewport=VIEWPORTS["desktop"], bypass_csp=True).new_page()
    open_page(page, brand_site, PAGES[name])
    assert (
        page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
        == "rgb(0, 118, 214)"
    )
    report = axe_report(page)
    assert not report, f"axe found problems on /{PAGES[name]}\n" + "\n".join(report)


def test_the_logo_stands_beside_the_title_and_the_policy_blocks_nothing(
    new_context: Callable[..., BrowserContext], brand_site: ServedSite
) -> None:
    page = new_context(viewport=VIEWPORTS["phone"]).new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    open_page(page, brand_site, "")
    logo = page.get_by_role("link", name=re.compile("^North and West Partnership Wellbeing Menu"))
    assert logo.locator("img.brand-logo").evaluate("img => img.complete && img.naturalWidth > 0")
    assert logo.locator("img.brand-logo").bounding_box()["height"] == pytest.approx(40, abs=1)  # type: ignore[index]
    assert refused == []
