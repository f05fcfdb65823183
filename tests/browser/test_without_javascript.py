"""With JavaScript off the catalogue still works: offers are listed and enquiries are
plain mailto: links."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.browser.support import ServedSite

pytestmark = pytest.mark.browser

OFFER = "offers/kelvin-walkers/health-walks/"


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(java_script_enabled=False).new_page()


def test_every_current_offer_is_reached_by_following_next_from_the_offers_page(
    page: Page, root_site: ServedSite
) -> None:
    page.goto(root_site.url + "offers/")
    listed: set[str] = set()
    pages = 0
    while True:
        pages += 1
        listed.update(page.locator("main article.card").get_by_role("link").all_inner_texts())
        following = page.locator("main nav.pagination a[rel=next]")
        if not following.count():
            break
        following.click()
    missing = [offer["title"] for offer in root_site.offers_by_path.values() if offer["title"] not in listed]
    assert pages > 1 and not missing, f"the offers pages without JavaScript miss links to: {missing}"


def test_offer_page_shows_content_and_mailto_enquiry(page: Page, root_site: ServedSite) -> None:
    page.goto(root_site.url + OFFER)
    offer = root_site.offers_by_path[root_site.path_of(OFFER)]
    assert page.locator("h1").inner_text() == offer["title"]
    assert page.get_by_text(offer["summary"]).first.is_visible()
    assert page.get_by_role("heading", name="About this offer").is_visible()
    enquire = page.get_by_role("link", name="Enquire about this offer")
    href = enquire.get_attribute("href") or ""
    assert enquire.is_visible()
    assert href.startswith(f"mailto:{offer['contact']['email']}?"), href
