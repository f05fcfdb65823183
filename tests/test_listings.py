"""Listings show a page of cards at a time; following rel="next" from the first page reaches every offer."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from catalogue.checks.check import check_content
from catalogue.pipeline import BuildOptions, build_site
from catalogue.site import printed
from catalogue.site.listings import PER_PAGE

from .conftest import OFFER, SUPPLIER, TODAY, WriteContent
from .sitecheck import listing_pages, parse

OFFERS = 2 * PER_PAGE + 5  # three pages


# One language named the ways suppliers write it, and another language with no name in CLDR.
LANGUAGE_NAMES = ["Polish", "polski", "Polish (polski)", "POLISH", "BSL", "British Sign Language (BSL)"]


def offer(number: int) -> str:
    """Offers at prices 10, 20, 30…, half online, every third for young people, every fifth in a
    language named one of several ways."""
    text = OFFER.replace("Walk and talk", f"Offer {number:03}").replace(
        "amount: 120", f"amount: {10 * number}"
    )
    if number % 5 == 0:
        text += f"languages: [{LANGUAGE_NAMES[number // 5 % len(LANGUAGE_NAMES)]}]\n"
    if number % 2:
        text = text.replace("delivery: [in_person]", "delivery: [in_person, online]")
    if number % 3 == 0:
        text = text.replace("audiences: [older-people]", "audiences: [young-people]")
    return text


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import BASE_FILES, write_tree

    folder = tmp_path_factory.mktemp("listings")
    files: dict[str, str | bytes | None] = {
        **BASE_FILES,
        **{f"suppliers/green-minds/offers/offer-{n:03}.yaml": offer(n) for n in range(OFFERS)},
    }
    for n in range(OFFERS):  # suppliers enough for two pages of them
        files[f"suppliers/supplier-{n:03}/supplier.yaml"] = SUPPLIER.replace(
            "Green Minds CIC", f"Supplier {n:03}"
        )
    root = write_tree(folder / "content", files)
    out = folder / "site"
    build_site(BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True, cache=folder / "c"))
    return out


def cards(page: Path) -> list[str]:
    """The offers a page lists as cards, in order."""
    return re.findall(r'<article class="card" data-offer="([^"]+)"', page.read_text())


def every_card(site: Path, url: str) -> list[str]:
    pages = listing_pages(site, url)
    assert all(len(cards(page)) <= PER_PAGE for page in pages)
    return [card for page in pages for card in cards(page)]


ALL = {f"green-minds/offer-{n:03}" for n in range(OFFERS)} | {"green-minds/walk"}
LISTINGS = {
    "offers/": ALL,
    "offers/by-price/": ALL,
    "offers/online/": {f"green-minds/offer-{n:03}" for n in range(OFFERS) if n % 2},
    "categories/wellbeing/": ALL,
    "areas/riverside/": ALL,
    "areas/north/": ALL,  # riverside's region lists what riverside has
    "audiences/young-people/": {f"green-minds/offer-{n:03}" for n in range(OFFERS) if n % 3 == 0},
    "suppliers/green-minds/": ALL,
}


@pytest.mark.parametrize("url", sorted(LISTINGS))
def test_following_next_from_a_listing_reaches_each_of_its_offers_once(site: Path, url: str) -> None:
    found = every_card(site, url)
    assert sorted(found) == sorted(LISTINGS[url])
    if len(found) > PER_PAGE:
        assert (site / url / "page/2/index.html").is_file()


def test_a_listing_s_pages_link_to_each_other(site: Path) -> None:
    first, second, third = listing_pages(site, "offers/")
    assert first == site / "offers/index.html" and third == site / "offers/page/3/index.html"
    middle = second.read_text()
    assert '<link rel="prev" href="../../../offers/">' in middle
    assert '<link rel="next" href="../../../offers/page/3/">' in middle
    assert 'href="../../../offers/page/2/" aria-current="page"' in middle
    assert "Page 2 of 3: 25 to 48 of 54" in " ".join("".join(parse(second).text).split())
    assert "<title>All offers, page 2 of 3 · Wellbeing Menu</title>" in middle
    assert 'rel="prev"' not in first.read_text() and 'rel="next"' not in third.read_text()


def test_counts_say_how_many_the_whole_listing_holds(site: Path) -> None:
    text = " ".join("".join(parse(site / "offers/index.html").text).split())
    assert f"{OFFERS + 1} current offers, A to Z." in text
    online = " ".join("".join(parse(site / "offers/online/page/2/index.html").text).split())
    assert f"groups anywhere can book them: {OFFERS // 2} offers." in online


def test_the_price_view_lists_the_cheapest_first_across_its_pages(site: Path) -> None:
    found = every_card(site, "offers/by-price/")
    prices = [120 if key == "green-minds/walk" else 10 * int(key[-3:]) for key in found]
    assert prices[:3] == [0, 10, 20] and prices == sorted(prices)
    # Offers 0 to 49 and the walk cost less than £500: the band starts at the 52nd, on page 3.
    page = (site / "offers/index.html").read_text()
    assert '<a href="../offers/by-price/page/3/#band-500-999">£500–£999</a>: 3 offers' in page
    assert 'id="band-500-999"' in (site / "offers/by-price/page/3/index.html").read_text()


@pytest.mark.parametrize("url", sorted(url for url, offers in LISTINGS.items() if len(offers) > PER_PAGE))
def test_a_listing_of_several_pages_names_every_offer_it_holds_for_its_filters(site: Path, url: str) -> None:
    """filters.js filters the whole listing from its listing.json and the one file of cards."""
    first = (site / url / "index.html").read_text()
    depth = "../" * url.count("/")
    assert f'data-listing="{depth}{url}listing.json" data-cards="{depth}offers/cards.json"' in first
    listing = json.loads((site / url / "listing.json").read_text())
    assert listing["offers"] == every_card(site, url)  # in the listing's order
    cards = json.loads((site / "offers/cards.json").read_text())["cards"]
    assert set(cards) == ALL
    assert cards["green-minds/offer-005"].startswith(
        '<article class="card" data-offer="green-minds/offer-005"'
    )
    assert 'href="../offers/green-minds/offer-005/"' in cards["green-minds/offer-005"]  # from offers/


def test_a_listing_of_one_page_filters_its_own_cards(site: Path) -> None:
    page = (site / "audiences/young-people/index.html").read_text()
    assert "data-offer-filters" in page and "data-listing=" not in page
    assert not (site / "audiences/young-people/listing.json").exists()


def test_the_language_filter_offers_each_language_once_whatever_its_names(site: Path) -> None:
    page = (site / "offers/page/2/index.html").read_text()
    select = page.split('<select id="filter-language" name="language">')[1].split("</select>")[0]
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', select)
    assert options == [("", "Any language"), ("bfi", "British Sign Language"), ("pl", "Polish")]
    polish = {f"green-minds/offer-{n:03}" for n in range(0, OFFERS, 5) if n // 5 % 6 < 4}
    found = set(re.findall(r'data-offer="([^"]+)"[^>]*data-languages="pl"', "".join(
        (site / url / "index.html").read_text() for url in ("offers/", "offers/page/2/", "offers/page/3/")
    )))  # fmt: skip
    assert found == polish


def test_the_sitemap_lists_every_page_of_a_listing(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text()
    assert "https://example.org/menu/offers/page/3/</loc>" in sitemap
    assert "https://example.org/menu/suppliers/page/2/</loc>" in sitemap


def test_a_large_menu_is_printed_by_category_in_parts(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(printed, "PRINT_WHOLE", 2)
    root = content({f"suppliers/green-minds/offers/offer-{n}.yaml": offer(n) for n in range(4)})
    out = tmp_path / "site"
    build_site(
        BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True, cache=tmp_path / "c")
    )
    index = " ".join("".join(parse(out / "print/index.html").text).split())
    assert "5 current offers" in index and "Wellbeing, part 3 of 3 (1 offer)" in index
    printed_titles = []
    for part in ("print/wellbeing/", "print/wellbeing/page/2/", "print/wellbeing/page/3/"):
        html = (out / part / "index.html").read_text()
        printed_titles += re.findall(r"<h3>([^<]+)</h3>", html)
    assert sorted(printed_titles) == sorted(["Walk and talk", *(f"Offer {n:03}" for n in range(4))])


def test_a_small_menu_is_printed_whole(site: Path, content: WriteContent, tmp_path: Path) -> None:
    root = content()
    out = tmp_path / "site"
    build_site(
        BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True, cache=tmp_path / "c")
    )
    assert "the whole menu" in (out / "print/index.html").read_text()


def test_a_supplier_may_not_take_the_id_the_listing_pages_use(content: WriteContent) -> None:
    root = content({"suppliers/page/supplier.yaml": SUPPLIER, "suppliers/page/offers/2.yaml": OFFER})
    assert [p.format() for p in check_content(root, "content", TODAY).errors] == [
        'content/suppliers/page:1:1: error: supplier folder name "page" is taken by the site\'s own pages '
        '(offers/page/2/); choose another id, like "page-studio"'
    ]
