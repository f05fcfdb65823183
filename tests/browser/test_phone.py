"""On a phone (375 px wide): the shortlist's count in sight in the header, beside "Menu"."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.browser.support import ServedSite, wait_for_results

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


def header_count(page: Page) -> str:
    """The count the header shows, once it is in sight at the top of the page, beside "Menu"."""
    page.evaluate("window.scrollTo(0, 0)")
    header = page.locator(".site-header")
    link = header.get_by_role("link", name="Shortlist")
    expect(link).to_be_in_viewport()
    expect(header.get_by_text("Menu", exact=True)).to_be_in_viewport()
    return link.locator("[data-shortlist-count]").inner_text()


def announced(page: Page) -> Locator:
    """What the shortlist says to screen readers (its role=status line)."""
    return page.get_by_role("status").filter(has_text="Shortlist:")


def test_adding_from_search_results_and_a_listing_changes_the_count_in_the_header(
    phone: Page, site: ServedSite
) -> None:
    phone.goto(site.url + "search/?q=walk")
    wait_for_results(phone)
    assert header_count(phone) == "0"

    first = phone.locator("pagefind-results article.result-card").first
    title = first.get_attribute("data-offer-title")
    first.get_by_role("button", name=f"Add to shortlist: {title}").click()

    expect(phone.locator(".header-shortlist [data-shortlist-count]")).to_have_text("1")
    assert header_count(phone) == "1"
    expect(announced(phone)).to_have_text(f"Added {title}. Shortlist: 1 offer.")

    phone.goto(site.url + "areas/maryhill/")
    assert header_count(phone) == "1"
    card = phone.locator("main article.card").first
    assert card.get_attribute("data-offer-title") != title
    card.get_by_role("button", name="Add to shortlist").click()
    expect(phone.locator(".header-shortlist [data-shortlist-count]")).to_have_text("2")
    assert header_count(phone) == "2"
    expect(announced(phone)).to_contain_text("Shortlist: 2 offers.")

    card.get_by_role("button", name="Remove from shortlist").click()
    expect(phone.locator(".header-shortlist [data-shortlist-count]")).to_have_text("1")
    assert header_count(phone) == "1"


def test_the_header_holds_no_shortlist_without_script(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(root_site.url + "offers/")

    expect(page.locator(".site-header .header-shortlist")).to_be_hidden()
    expect(page.locator(".site-header").get_by_text("Menu", exact=True)).to_be_visible()


# Every layout shift the page makes while it loads, summed (Chromium's Layout Instability API: the
# figure Lighthouse reports as CLS, without its windows, so never smaller).
RECORD_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const moved = entry.sources.map((source) => source.node?.nodeName + "." + (source.node?.className || ""));
    window.layoutShifts.push([entry.value, moved.join(" ")]);
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize(
    "path",
    ["search/?q=walk", "areas/maryhill/", "offers/", "offers/kelvin-walkers/health-walks/", "shortlist/"],
)
def test_pages_hold_still_while_they_load_on_a_slow_phone(
    new_context: Callable[..., BrowserContext], root_site: ServedSite, path: str
) -> None:
    """Each request 150 ms late, as on a slow mobile network: the page is drawn before its scripts
    run, so whatever they add (results, filters, buttons) must have had its place kept."""
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    network = context.new_cdp_session(page)
    network.send("Network.enable")
    network.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 150, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    page.add_init_script(RECORD_SHIFTS)
    page.goto(root_site.url + path)
    if path.startswith("search/"):
        wait_for_results(page)
    page.wait_for_timeout(1500)

    shifts = page.evaluate("window.layoutShifts")
    assert sum(value for value, _ in shifts) < 0.01, shifts
