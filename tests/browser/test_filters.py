"""Listings that filter together: category, area, who it is for, delivery and a maximum price,
kept in the address; the same narrowing without JavaScript through links; an empty result that
says where to look; and search that knows a category's own words."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from catalogue.content.languages import language_code
from tests.browser.support import ServedSite, result_paths, wait_for_results
from tests.browser.test_accessibility import VIEWPORTS, axe_report

pytestmark = pytest.mark.browser

AREA = "areas/clydebank/"
ARTS = "arts-creativity"
FOOD = "food-cooking"


def visible_offers(page: Page) -> set[str]:
    return set(
        page.locator("main .cards > li:visible article.card").evaluate_all(
            "cards => cards.map(card => card.dataset.offer)"
        )
    )


def listed_offers(page: Page) -> set[str]:
    return set(
        page.locator("main article.card").evaluate_all("cards => cards.map(card => card.dataset.offer)")
    )


def test_filters_on_an_area_page_combine_and_agree_with_the_area_s_category_page(
    page: Page, root_site: ServedSite
) -> None:
    offers = {o["key"]: o for o in root_site.offers_by_path.values()}
    page.goto(root_site.url + AREA + FOOD + "/")  # built on the server: food offers covering Clydebank
    food_here = listed_offers(page)
    older = {k for k in food_here if "older-people" in {a["id"] for a in offers[k]["audiences"]}}
    expected = {k for k in older if offers[k]["lowest_price"] <= 600}
    assert food_here > older > expected > set(), "the sample should make each choice narrow the list"

    page.goto(root_site.url + AREA)
    status = page.locator("[data-filter-status]")
    page.get_by_label("Category", exact=True).select_option(FOOD)
    # the area lists more offers than a page holds: the matches come once its offers are fetched
    expect(status).to_have_text(re.compile(rf"^{len(food_here)} of the "))
    assert visible_offers(page) == food_here
    page.get_by_label("Who it is for").select_option("older-people")
    expect(status).to_have_text(re.compile(rf"^{len(older)} of the "))
    assert visible_offers(page) == older
    page.get_by_label("Maximum price (£)").fill("600")
    expect(status).to_have_text(re.compile(rf"^{len(expected)} of the \d+ offers here match(es)?$"))
    assert visible_offers(page) == expected

    asked = parse_qs(urlsplit(page.url).query)
    assert asked == {"category": [FOOD], "audience": ["older-people"], "max": ["600"]}
    page.reload()  # a shared or bookmarked address shows the same list
    expect(status).to_have_text(re.compile(rf"^{len(expected)} of the "))
    assert visible_offers(page) == expected
    expect(page.get_by_label("Maximum price (£)")).to_have_value("600")


def test_without_javascript_an_area_and_a_category_combine_through_links(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(root_site.url + AREA)
    everything = listed_offers(page)
    by_category = page.get_by_role("navigation", name="By category in Clydebank")
    link = by_category.get_by_role("link", name="Arts & creativity")
    count = int(re.search(r"\((\d+)\)", link.locator("xpath=..").inner_text()).group(1))  # type: ignore[union-attr]
    link.click()
    page.wait_for_url(root_site.url + AREA + ARTS + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Arts & creativity in Clydebank")
    arts = listed_offers(page)
    assert len(arts) == count and arts < everything
    offers = {o["key"]: o for o in root_site.offers_by_path.values()}
    assert {offers[k]["category"]["id"] for k in arts} == {ARTS}

    # From the category's own page, the same list is one link away.
    page.goto(root_site.url + f"categories/{ARTS}/")
    page.get_by_role("navigation", name=re.compile("by area")).get_by_role("link", name="Clydebank").click()
    assert listed_offers(page) == arts


def test_an_empty_result_names_the_nearest_offers_and_a_wider_place_to_look(
    page: Page, root_site: ServedSite
) -> None:
    # The volunteer's task: art for older people in Clydebank, at most £300. The one art offer
    # there costs more, so the list is empty and says what comes nearest.
    page.goto(root_site.url + AREA + f"?category={ARTS}&audience=older-people&max=300")
    expect(page.locator("[data-filter-status]")).to_have_text(re.compile(r"^0 of the "))
    none = page.locator("[data-filter-none]")
    expect(none).to_contain_text("Nothing here matches all of these.")
    nearest = none.get_by_role("listitem")
    expect(nearest).to_have_count(3)
    # other categories for the same people within the price come first, cheapest first
    expect(nearest.first).to_contain_text(re.compile(r"\(another category: \w"))
    offers = {o["title"]: o for o in root_site.offers_by_path.values()}
    for title in nearest.get_by_role("link").all_inner_texts():
        assert offers[title]["lowest_price"] <= 300
        assert "older-people" in {a["id"] for a in offers[title]["audiences"]}
    wider = none.get_by_role("link", name="All of West Dunbartonshire")
    assert parse_qs(urlsplit(wider.get_attribute("href") or "").query)["max"] == ["300"]
    search = none.get_by_role("link", name="search every offer with these filters")
    asked = parse_qs(urlsplit(search.get_attribute("href") or "").query)
    assert asked["area"] == ["Clydebank"] and asked["category"] == ["Arts & creativity"]
    assert asked["audience"] == ["Older people"]

    # On the area's art page, the price is what empties the list: the nearest says by how much.
    page.goto(root_site.url + AREA + ARTS + "/?max=300")
    expect(page.locator("[data-filter-near] li").first).to_contain_text("above your maximum")
    first = page.locator("[data-filter-near] li a").first
    title = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_a_category_s_own_words_find_its_offers(page: Page, root_site: ServedSite) -> None:
    page.goto(root_site.url + "search/?q=crafts")
    found = wait_for_results(page)
    assert found > 0, "'crafts' is in the arts category's description"
    expect(page.locator("pagefind-results").get_by_text("Arts & creativity").first).to_be_attached()


def test_a_search_that_finds_nothing_offers_the_categories(page: Page, root_site: ServedSite) -> None:
    page.goto(root_site.url + "search/?q=zzyzxqv")
    assert wait_for_results(page) == 0
    categories = page.locator("#search-none")
    expect(categories).to_be_visible()
    categories.get_by_role("link", name="Arts & creativity").click()
    page.wait_for_url(root_site.url + f"categories/{ARTS}/")


def test_axe_finds_nothing_on_an_empty_filtered_list_and_a_search_without_results(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    page = new_context(viewport=VIEWPORTS["desktop"], bypass_csp=True).new_page()
    report = []
    for path in (AREA + f"?category={ARTS}&audience=older-people&max=300", "search/?q=zzyzxqv"):
        page.goto(root_site.url + path)
        if path.startswith("search/"):
            wait_for_results(page)
        else:
            expect(page.locator("[data-filter-near] li").first).to_be_visible()
        report += axe_report(page, f"{path} ")
    assert not report, "\n".join(report)


def test_on_a_phone_the_choices_fold_away_so_the_offers_start_on_the_first_screen(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    phone = new_context(viewport={"width": 375, "height": 800}).new_page()
    phone.goto(root_site.url + AREA)
    category = phone.get_by_label("Category", exact=True)
    expect(category).to_be_hidden()
    first = phone.locator("main article.card").first.bounding_box()
    assert first is not None and first["y"] < 800, f"the first offer starts {first and first['y']} px down"
    phone.get_by_text("Choices", exact=True).click()
    category.select_option(FOOD)
    expect(phone.locator("[data-filter-status]")).to_have_text(re.compile(r"^4 of the "))
    phone.reload()  # choices in the address stay open, so the visitor sees why the list is short
    expect(category).to_be_visible()
    expect(category).to_have_value(FOOD)


def polish_offers(site: ServedSite) -> set[str]:
    """The offers whose languages name Polish, in whatever way."""
    return {
        o["key"]
        for o in site.offers_by_path.values()
        if any(language_code(name) == "pl" for name in o["languages"])
    }


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_filter_chosen_on_one_page_shows_every_matching_offer_of_the_listing(
    new_context: Callable[..., BrowserContext], root_site: ServedSite, width: str
) -> None:
    page = new_context(viewport=VIEWPORTS[width]).new_page()
    page.goto(root_site.url + "offers/")  # page 1 of 2
    first_page = listed_offers(page)
    polish, total = polish_offers(root_site), len(root_site.offers_by_path)
    assert len(first_page) == 24 and polish - first_page, "a Polish offer should be on page 2 only"
    if width == "phone":
        page.get_by_text("Choices", exact=True).click()
    page.get_by_label("Language").select_option(label="Polish")
    status = page.locator("[data-filter-status]")
    expect(status).to_have_text(f"{len(polish)} of the {total} offers here match")
    assert visible_offers(page) == polish
    expect(page.get_by_role("navigation", name="Pages of this list")).to_be_hidden()
    assert parse_qs(urlsplit(page.url).query) == {"language": ["pl"]}

    page.goto(root_site.url + "offers/page/2/")  # the same choice on the other page
    second_page = visible_offers(page)
    page.goto(root_site.url + "offers/page/2/?language=pl")
    expect(status).to_have_text(f"{len(polish)} of the {total} offers here match")
    assert visible_offers(page) == polish
    page.get_by_label("Language").select_option("")  # cleared: the page's own offers again
    expect(status).to_have_text(f"{total} offers here")
    expect(page.get_by_role("navigation", name="Pages of this list")).to_be_visible()
    assert visible_offers(page) == second_page and len(second_page) == total - 24


def test_sorting_a_listing_of_several_pages_sorts_all_of_it_a_page_at_a_time(
    page: Page, root_site: ServedSite
) -> None:
    page.goto(root_site.url + "offers/page/2/")
    page.get_by_label("Sort by price").select_option("asc")
    prices = sorted(o["lowest_price"] for o in root_site.offers_by_path.values())
    shown = lambda: page.locator("main .cards > li:visible .card").evaluate_all(  # noqa: E731
        "cards => cards.map(card => Number(card.dataset.price))"
    )
    expect(page.locator("main .cards > li:visible")).to_have_count(24)
    assert shown() == prices[:24]
    more = page.get_by_role("button", name=f"Show {len(prices) - 24} more offers")
    more.click()
    expect(page.locator("main .cards > li:visible")).to_have_count(len(prices))
    assert shown() == prices
    expect(more).to_be_hidden()
    # focus moves to the first offer shown, so that a keyboard or screen reader user reads on from it
    expect(page.locator("main .cards > li:visible").nth(24).locator(".card-title a")).to_be_focused()


def test_an_offer_s_languages_lead_to_every_offer_in_each(page: Page, root_site: ServedSite) -> None:
    page.goto(root_site.url + "offers/open-door-counselling/short-term-counselling/")
    page.get_by_role("link", name="Polish (every offer in Polish)").click()
    expect(page.get_by_label("Language")).to_have_value("pl")
    polish = polish_offers(root_site)
    expect(page.locator("[data-filter-status]")).to_have_text(re.compile(rf"^{len(polish)} of the "))
    assert visible_offers(page) == polish


def test_search_filters_by_language(page: Page, root_site: ServedSite) -> None:
    polish = {path for path, o in root_site.offers_by_path.items() if o["key"] in polish_offers(root_site)}
    page.goto(root_site.url + "search/?language=Polish")
    page.wait_for_function(
        "count => document.querySelectorAll('pagefind-results li').length === count", arg=len(polish)
    )
    assert set(result_paths(page)) == polish
    page.goto(root_site.url + "search/?q=counselling")
    wait_for_results(page)
    expect(page.locator("pagefind-filter-pane")).to_contain_text("Dari")


def test_axe_finds_nothing_on_a_listing_filtered_across_its_pages(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    page = new_context(viewport=VIEWPORTS["desktop"], bypass_csp=True).new_page()
    page.goto(root_site.url + "offers/?sort=asc")
    expect(page.get_by_role("button", name="Show 8 more offers")).to_be_visible()
    report = axe_report(page, "offers/?sort=asc ")
    page.goto(root_site.url + "suppliers/open-door-counselling/?language=ar")
    expect(page.locator("[data-filter-status]")).to_have_text(re.compile(r" match"))
    report += axe_report(page, "a supplier's offers in Arabic ")
    assert not report, "\n".join(report)
