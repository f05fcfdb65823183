"""The bilingual example in a real browser: Welsh search finds Welsh words (and English search
does not), the scripts speak Welsh on Welsh pages, the shortlist is one list across languages
and its outputs are in the language of the page, and axe finds nothing on Welsh pages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from catalogue.checks.check import check_content
from tests.browser.conftest import REPO, _serve_build_of
from tests.browser.support import ServedSite
from tests.browser.test_accessibility import VIEWPORTS, axe_report

pytestmark = pytest.mark.browser

EXAMPLE = REPO / "examples" / "bilingual"
COUNSELLING = "offers/menai-counselling/short-term-counselling/"
COUNSELLING_CY = "Cwnsela tymor byr yn Gymraeg neu'n Saesneg"
COUNSELLING_EN = "Short-term counselling in Welsh or English"
WELSH_WORD = "cwnsela"  # in the Welsh text of three offers, in no English text

# One Welsh page of every kind.
WELSH_PAGES = {
    "home": "cy/",
    "offers": "cy/offers/",
    "offers-by-price": "cy/offers/by-price/",
    "online": "cy/offers/online/",
    "offer": f"cy/{COUNSELLING}",
    "untranslated-offer": "cy/offers/harbour-voices/songwriting-for-young-people/",
    "category": "cy/categories/counselling/",
    "area": "cy/areas/bangor/",
    "areas": "cy/areas/",
    "audience": "cy/audiences/carers/",
    "suppliers": "cy/suppliers/",
    "supplier": "cy/suppliers/menai-counselling/",
    "organisations": "cy/organisations/",
    "organisation": "cy/organisations/llangefni-community-centre/",
    "scheme": "cy/scheme/",
    "search": f"cy/search/?q={WELSH_WORD}",
    "shortlist": "cy/shortlist/",
    "contribute": "cy/contribute/",
    "print": "cy/print/",
}


@pytest.fixture(scope="module")
def welsh_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    yield from _serve_build_of(EXAMPLE, tmp_path_factory.mktemp("bilingual-site") / "www", "")


def summary(page: Page) -> Locator:
    return page.locator("pagefind-summary")


def test_the_pages_of_every_kind_exist(welsh_site: ServedSite) -> None:
    for path in WELSH_PAGES.values():
        page_file = welsh_site.folder / path.split("?")[0] / "index.html"
        assert page_file.is_file(), path


def test_welsh_search_finds_welsh_words_with_its_words_in_welsh(page: Page, welsh_site: ServedSite) -> None:
    page.goto(welsh_site.url + f"cy/search/?q={WELSH_WORD}")
    expect(summary(page)).to_have_text(f"3 canlyniad ar gyfer {WELSH_WORD}")
    expect(page.locator("pagefind-results a.result-link").first).to_be_visible()
    titles = page.locator("pagefind-results a.result-link").all_inner_texts()
    assert COUNSELLING_CY in titles
    headings = page.locator(".pf-filter-group-name").all_inner_texts()
    assert {"Categori", "Pris", "Dull cyflwyno"} <= set(headings)
    expect(page.get_by_role("button", name="Ychwanegu at y rhestr fer").first).to_be_visible()
    expect(page.get_by_label("Trefnu canlyniadau")).to_be_visible()


def test_english_search_does_not_find_the_welsh_words(page: Page, welsh_site: ServedSite) -> None:
    page.goto(welsh_site.url + f"search/?q={WELSH_WORD}")
    expect(summary(page)).to_have_text(f"No results for {WELSH_WORD}")


def test_the_shortlist_is_one_list_in_the_language_of_each_page(
    new_context: Callable[..., BrowserContext], welsh_site: ServedSite
) -> None:
    page = new_context(viewport=VIEWPORTS["desktop"], accept_downloads=True).new_page()
    page.goto(welsh_site.url + f"cy/{COUNSELLING}")
    page.get_by_role("button", name=f"Ychwanegu at y rhestr fer: {COUNSELLING_CY}").click()
    expect(page.get_by_role("link", name="Rhestr fer (1)")).to_be_visible()
    page.get_by_role("link", name="Rhestr fer (1)").click()
    page.wait_for_url(welsh_site.url + "cy/shortlist/")
    expect(page.get_by_role("heading", name=COUNSELLING_CY)).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Lawrlwytho CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert rows[1][0] == COUNSELLING_CY
    assert rows[0][0] != "Offer"  # the heading row in Welsh too
    # The same list, on the English shortlist, in English.
    page.get_by_role("link", name="English").click()
    page.wait_for_url(welsh_site.url + "shortlist/")
    expect(page.get_by_role("heading", name=COUNSELLING_EN)).to_be_visible()
    expect(page.get_by_role("link", name="Shortlist (1)")).to_be_visible()


@pytest.mark.parametrize("path", WELSH_PAGES.values(), ids=WELSH_PAGES.keys())
def test_no_wcag_violations_on_welsh_pages(
    new_context: Callable[..., BrowserContext], welsh_site: ServedSite, path: str
) -> None:
    page = new_context(viewport=VIEWPORTS["desktop"], bypass_csp=True).new_page()
    page.goto(welsh_site.url + path)
    if "search/?q=" in path:
        expect(page.locator("pagefind-results a.result-link").first).to_be_visible()
    report = axe_report(page)
    assert not report, f"axe found problems on /{path}\n" + "\n".join(report)


def test_the_welsh_form_writes_the_offer_s_welsh_in_its_translations_block(
    page: Page, welsh_site: ServedSite, tmp_path: Path
) -> None:
    page.goto(welsh_site.url + "cy/contribute/")
    expect(page.get_by_role("heading", name="Yn ieithoedd eraill y fwydlen")).to_be_visible()
    page.select_option("#f-supplier", "harbour-voices")
    page.fill("#f-title", "Singing in the harbour")
    page.fill("#f-summary", "A weekly singing group by the sea for anyone who likes to sing.")
    page.fill("#f-description", "We sing together.\n\nNo experience needed.")
    page.select_option("#f-category", "music-singing")
    page.fill("#f-prices-0-amount", "90")
    page.select_option("#f-prices-0-unit", "per_session")
    page.check("#f-delivery-online")
    welsh_title = page.locator("#f-translations-cy-title")
    assert welsh_title.get_attribute("lang") == "cy"
    welsh_title.fill("Canu yn yr harbwr")
    page.fill("#f-translations-cy-summary", "Grŵp canu wythnosol ger y môr i unrhyw un sy’n hoffi canu.")
    page.click("#offer-form button[type=submit]")
    yaml_text = page.input_value("#yaml-output")
    assert yaml_text.endswith(
        'translations:\n  cy:\n    title: "Canu yn yr harbwr"\n'
        '    summary: "Grŵp canu wythnosol ger y môr i unrhyw un sy’n hoffi canu."\n'
    )
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    (content / "suppliers/harbour-voices/offers/singing-in-the-harbour.yaml").write_text(yaml_text, "utf-8")
    assert [p.format() for p in check_content(content, "content", dt.date(2026, 12, 7)).errors] == []
