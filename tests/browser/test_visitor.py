"""A visitor's path on a phone and a laptop: a header that leaves room, search results that act
like the site's cards, and a way to report what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import RESULT_ITEMS, ServedSite, result_paths, wait_for_results
from tests.browser.test_accessibility import VIEWPORTS, axe_report

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
OFFER = "offers/kelvin-walkers/health-walks/"


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(viewport=PHONE).new_page()


@pytest.mark.parametrize("path", ["", "offers/", OFFER, "search/?q=walk", "suppliers/kelvin-walkers/"])
def test_on_a_phone_the_page_heading_starts_within_200_px(
    phone: Page, root_site: ServedSite, path: str
) -> None:
    phone.goto(root_site.url + path)
    box = phone.locator("h1").first.bounding_box()
    assert box is not None and box["y"] < 200, f"/{path}: the heading starts {box and box['y']} px down"


def test_the_phone_menu_opens_without_javascript(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(root_site.url + "offers/")
    areas = page.get_by_role("navigation", name="Main").get_by_role("link", name="Areas")
    expect(areas).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(areas).to_be_visible()
    areas.click()
    page.wait_for_url(root_site.url + "areas/")


def test_on_a_laptop_the_menu_is_a_row_of_links(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(root_site.url)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="All offers")).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()


def test_search_results_are_cards_in_the_site_s_font_with_a_price_and_a_link(
    phone: Page, root_site: ServedSite
) -> None:
    phone.goto(root_site.url + "search/?q=walk")
    count = wait_for_results(phone)
    cards = phone.locator(RESULT_ITEMS)
    assert count > 2 and cards.count() == count
    assert len(result_paths(phone)) == count  # every card scrolled into view, and so loaded
    font = phone.evaluate("getComputedStyle(document.body).fontFamily")
    for card in cards.all():
        link = card.locator("a.result-link")
        assert "/offers/" in (link.get_attribute("href") or "")
        assert link.evaluate("a => getComputedStyle(a).fontFamily") == font
        assert card.locator(".card-price").inner_text().strip().startswith(("£", "From £", "Free"))
    first = cards.first
    assert "walk" in first.locator("[data-summary] mark").first.inner_text().lower()


def test_add_to_shortlist_from_a_search_result_counts_in_the_header(
    phone: Page, root_site: ServedSite
) -> None:
    phone.goto(root_site.url + "search/?q=walk")
    wait_for_results(phone)
    first = phone.locator(RESULT_ITEMS).first
    title = first.locator("a.result-link").inner_text()
    first.get_by_role("button", name=f"Add to shortlist: {title}").click()
    expect(phone.locator(".header-shortlist [data-shortlist-count]")).to_have_text("1")
    expect(first.get_by_role("button", name=f"Remove from shortlist: {title}")).to_be_visible()
    phone.goto(root_site.url + "shortlist/")
    expect(phone.get_by_role("main")).to_contain_text(title)


def test_the_report_link_opens_the_issue_form_naming_the_offer(page: Page, root_site: ServedSite) -> None:
    page.goto(root_site.url + OFFER)
    link = page.get_by_role("link", name="Report a problem with this offer")
    address = urlsplit(link.get_attribute("href") or "")
    query = parse_qs(address.query)
    assert (address.scheme, address.netloc) == ("https", "github.com")
    assert address.path == "/example-partnership/wellbeing-menu/issues/new"
    assert query["template"] == ["report-offer-problem.yml"]
    assert query["offer"] == ["kelvin-walkers/health-walks"]
    assert query["offer-url"] == [root_site.url + OFFER]
    assert query["title"] == ["Problem with an offer: Weekly health walks from your venue"]


def test_a_supplier_s_page_links_to_suggesting_a_change(page: Page, root_site: ServedSite) -> None:
    page.goto(root_site.url + "suppliers/kelvin-walkers/")
    query = parse_qs(
        urlsplit(page.get_by_role("link", name="Suggest a change").get_attribute("href") or "").query
    )
    assert query["template"] == ["suggest-a-change.yml"] and query["supplier"] == ["kelvin-walkers"]
    assert query["page-url"] == [root_site.url + "suppliers/kelvin-walkers/"]


def test_axe_finds_nothing_on_the_search_page_with_results_and_filters_open(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    page = new_context(viewport=VIEWPORTS["desktop"], bypass_csp=True).new_page()
    page.goto(root_site.url + "search/?q=walk")
    wait_for_results(page)
    for group in page.locator("pagefind-filter-pane details[data-filter-name]").all():
        if group.get_attribute("open") is None:
            group.locator("summary").click()
    report = axe_report(page)
    assert not report, "\n".join(report)


def test_pictures_load_with_their_text_and_a_phone_takes_the_small_copy(
    phone: Page, root_site: ServedSite
) -> None:
    phone.goto(root_site.url + OFFER)
    picture = phone.get_by_role("img", name="Drawing of three walkers on a path over green hills")
    expect(picture).to_be_visible()
    phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    assert picture.evaluate("img => img.currentSrc").endswith("health-walks.jpg.480w.webp")
    phone.goto(root_site.url + "suppliers/canal-clay/")
    logo = phone.get_by_role("img", name="Canal Clay Studio logo").first
    phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=logo.element_handle())
