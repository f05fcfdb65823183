"""Search as a visitor uses it: Pagefind's component UI on /search/, with filters and
the sort-by-price control from static/search.js."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from catalogue.model.objects import PRICE_BANDS
from tests.browser.support import (
    RESULT_ITEMS,
    ServedSite,
    mark_results_stale,
    result_paths,
    wait_for_results,
)

pytestmark = pytest.mark.browser

# "shipyards" appears only in the description (Markdown body) of this one offer.
DESCRIPTION_WORD = "shipyards"
DESCRIPTION_OFFER = "offers/canal-clay/memory-tiles/"
# Matches every offer, online and in person, at many prices.
BROAD_WORD = "people"


@pytest.fixture(params=["root", "menu", "parts"])
def site(request: pytest.FixtureRequest) -> ServedSite:
    """The sample site at a host's root, under /menu/, and under /parts/ with its index in parts."""
    return request.getfixturevalue(f"{request.param}_site")


def filter_counts(page: Page) -> dict[str, list[tuple[str, str]]]:
    """Each filter's values, in the order the filter pane lists them, with the count beside each."""
    return {
        name: group.locator("label.pf-filter-checkbox").evaluate_all(
            """labels => labels.map((label) => [
                label.querySelector("input").value,
                label.querySelector(".pf-filter-checkbox-count")?.textContent.trim(),
            ])"""
        )
        for group in page.locator("pagefind-filter-pane details[data-filter-name]").all()
        if (name := group.get_attribute("data-filter-name"))
    }


def test_the_parts_site_has_its_index_in_parts(parts_site: ServedSite) -> None:
    """So that the tests above, run on it too, search an index in parts (catalogue/search/parts.py)."""
    offers = len(parts_site.offers_by_path)
    bundles = sorted(p.name for p in (parts_site.folder / "pagefind").glob("part-*"))
    assert offers > 15 and bundles == [f"part-{n}" for n in range(2, -(-offers // 5) + 1)], bundles
    search_page = (parts_site.folder / "search/index.html").read_text()
    assert f'data-parts="{" ".join(b + "/" for b in bundles)}"' in search_page


def test_an_index_in_parts_finds_and_counts_what_one_index_does(
    page: Page, menu_site: ServedSite, parts_site: ServedSite
) -> None:
    seen = []
    for site in (menu_site, parts_site):
        page.goto(f"{site.url}search/?q={BROAD_WORD}")
        wait_for_results(page)
        found = sorted(path.removeprefix(site.path_of("")) for path in result_paths(page))
        seen.append((found, filter_counts(page)))
    (one, one_counts), (parts, parts_counts) = seen
    assert len(one) > 20 and one_counts["price"] and one_counts["category"]
    assert parts == one
    assert parts_counts == one_counts


def assert_single_result_opens_offer(page: Page, site: ServedSite) -> None:
    assert wait_for_results(page) == 1
    offer_path = site.path_of(DESCRIPTION_OFFER)
    assert result_paths(page) == [offer_path]
    page.locator("pagefind-results a.result-link").click()
    page.wait_for_url(site.url + DESCRIPTION_OFFER)
    title = site.offers_by_path[offer_path]["title"]
    assert page.locator("h1").inner_text() == title


def test_query_string_finds_offer_by_description_word(page: Page, site: ServedSite) -> None:
    page.goto(f"{site.url}search/?q={DESCRIPTION_WORD}")
    assert page.locator("pagefind-input input").input_value() == DESCRIPTION_WORD
    assert_single_result_opens_offer(page, site)


def test_typing_in_search_box_finds_offer_by_description_word(page: Page, site: ServedSite) -> None:
    page.goto(f"{site.url}search/")
    page.locator("pagefind-input input").press_sequentially(DESCRIPTION_WORD)
    assert_single_result_opens_offer(page, site)


def test_header_search_form_leads_to_results(page: Page, root_site: ServedSite) -> None:
    page.goto(root_site.url + "offers/")
    page.get_by_role("search").get_by_label("Search offers").fill(DESCRIPTION_WORD)
    page.get_by_role("search").get_by_role("button", name="Search").click()
    page.wait_for_url(f"{root_site.url}search/?q={DESCRIPTION_WORD}")
    assert_single_result_opens_offer(page, root_site)


def test_delivery_filter_narrows_results_to_online_offers(page: Page, site: ServedSite) -> None:
    page.goto(f"{site.url}search/?q={BROAD_WORD}")
    everything = wait_for_results(page)
    delivery = page.locator('pagefind-filter-pane details[data-filter-name="delivery"]')
    if delivery.get_attribute("open") is None:
        delivery.locator("summary").click()
    mark_results_stale(page)
    delivery.locator('input[value="Online"]').check()
    try:
        online = wait_for_results(page, fewer_than=everything)
    except PlaywrightTimeout:
        pytest.fail(f"ticking delivery 'Online' did not narrow the {everything} results for {BROAD_WORD!r}")
    assert online > 0
    offline = [path for path in result_paths(page) if "online" not in site.offers_by_path[path]["delivery"]]
    assert not offline, f"results still include offers that are not online: {offline}"


@pytest.mark.parametrize(
    ("label", "descending"), [("Lowest price first", False), ("Highest price first", True)]
)
def test_sort_by_price_orders_results(page: Page, site: ServedSite, label: str, descending: bool) -> None:
    page.set_viewport_size({"width": 1280, "height": 3000})  # fewer lazy cards to scroll in
    page.goto(f"{site.url}search/?q={BROAD_WORD}")
    total = wait_for_results(page)
    best_match = result_paths(page)
    mark_results_stale(page)
    page.get_by_label("Sort results").select_option(label=label)
    try:
        assert wait_for_results(page) == total
    except PlaywrightTimeout:
        pytest.fail(f"choosing {label!r} did not show the results again")
    sorted_paths = result_paths(page)
    assert sorted(sorted_paths) == sorted(best_match), "sorting changed which offers are found"
    prices = [site.offers_by_path[path]["lowest_price"] for path in sorted_paths]
    listing = "\n".join(f"  {price:>8} {path}" for price, path in zip(prices, sorted_paths, strict=True))
    assert prices == sorted(prices, reverse=descending), f"{label!r} gave this order:\n{listing}"
    assert prices != [site.offers_by_path[p]["lowest_price"] for p in best_match], (
        "best-match order was already price order, so this test proves nothing; pick another word"
    )


def test_results_show_the_supplier_and_the_lowest_price(page: Page, site: ServedSite) -> None:
    page.goto(f"{site.url}search/?q={DESCRIPTION_WORD}")
    assert wait_for_results(page) == 1
    offer = site.offers_by_path[site.path_of(DESCRIPTION_OFFER)]
    meta = page.locator("pagefind-results .result-meta").inner_text()
    assert offer["supplier"]["name"] in meta
    assert f"£{offer['lowest_price']:,.2f}" in meta  # "£1,150.00 per group", or "From £…" for several


@pytest.mark.parametrize("how", ["query string", "typed"])
def test_price_filter_lists_the_bands_in_price_order(page: Page, site: ServedSite, how: str) -> None:
    if how == "typed":
        page.goto(f"{site.url}search/")
        page.locator("pagefind-input input").press_sequentially(BROAD_WORD)
    else:
        page.goto(f"{site.url}search/?q={BROAD_WORD}")
    wait_for_results(page)
    price = page.locator('pagefind-filter-pane details[data-filter-name="price"]')
    listed = price.locator("input").evaluate_all("inputs => inputs.map((input) => input.value)")
    bands = [label for _, label, *_ in PRICE_BANDS]
    assert {"£100–£499", "£1,000 and over"} <= set(listed), (
        f"the site's offers must span the bands Pagefind puts out of order; it lists {listed}"
    )
    assert listed == [band for band in bands if band in listed], f"price bands listed as {listed}"


@pytest.mark.parametrize("word", ["enquire", "keywords"])
def test_words_every_offer_page_carries_find_nothing(page: Page, site: ServedSite, word: str) -> None:
    """Labels, headings and contact lines are on every offer page; only what tells offers apart is searched."""
    assert not any(word in json.dumps(offer).lower() for offer in site.offers_by_path.values())
    page.goto(f"{site.url}search/?q={word}")
    assert wait_for_results(page) == 0


def test_a_listing_s_search_link_shows_every_offer_of_its_category_cheapest_first(
    page: Page, site: ServedSite
) -> None:
    """Listings of several pages send filtering and sorting to the search page: ?category=…&sort=asc."""
    label = "Movement & outdoors"
    wanted = {
        path: offer for path, offer in site.offers_by_path.items() if offer["category"]["label"] == label
    }
    page.goto(f"{site.url}search/?category=Movement+%26+outdoors&sort=asc")
    assert page.locator("#search-sort").input_value() == "asc"
    page.wait_for_function(
        "([items, count]) => document.querySelectorAll(items).length === count",
        arg=[RESULT_ITEMS, len(wanted)],
    )
    paths = result_paths(page)
    assert sorted(paths) == sorted(wanted)
    prices = [wanted[path]["lowest_price"] for path in paths]
    assert prices == sorted(prices)
    category = page.locator('pagefind-filter-pane details[data-filter-name="category"]')
    assert category.locator(f'input[value="{label}"]').is_checked()
