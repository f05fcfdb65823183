"""Prices that add up: a price's smallest booking (`minimum`) and extras bought with another price
(`add_on`), as `check`, the model and every page and export that names a "from" price see them."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from catalogue.checks.check import check_content
from catalogue.model.making import build_catalogue
from catalogue.model.objects import Offer, Price, Site
from catalogue.pipeline import BuildOptions, build_site
from catalogue.site.render import Formatter

from .conftest import BASE_FILES, OFFER, TODAY, WriteContent, messages, write_tree
from .sitecheck import listing_pages, page_text

WALK = "content/suppliers/green-minds/offers/walk.yaml"

# A workshop with a cheaper extra per person: the extra must never be its "from" price.
COOKING = """\
title: Batch cooking workshop
summary: Cook five meals for the freezer in one afternoon.
description: Cook, taste and take home.
category: wellbeing
prices:
  - label: Workshop
    amount: 385
    unit: per_session
  - label: Slow cooker
    amount: 22.50
    unit: per_person
    add_on: true
    notes: A slow cooker to keep.
includes_vat: false
delivery: [online]
"""

# One price, booked six at a time.
YOGA = """\
title: Chair yoga
summary: Gentle seated yoga.
description: Weekly classes.
category: wellbeing
prices:
  - amount: 55
    unit: per_session
    minimum: 6
    notes: Minimum booking of 6 weekly classes.
includes_vat: true
delivery: [online]
"""

# Two bookable prices in different units: "From" names the lower with its unit.
COUNSELLING = """\
title: Counselling
summary: Short-term counselling.
description: Up to twelve sessions.
category: wellbeing
prices:
  - label: Weekly visit
    amount: 150
    unit: per_session
    minimum: 10
  - label: Online
    amount: 45
    unit: per_hour
delivery: [online]
"""


def with_prices(prices: str) -> str:
    start, rest = OFFER.split("prices:\n", 1)
    return start + "prices:\n" + prices + "delivery:" + rest.split("delivery:", 1)[1]


# --- check ----------------------------------------------------------------------------


def test_an_offer_of_add_ons_alone_is_an_error_at_its_prices(content: WriteContent) -> None:
    prices = "  - amount: 120\n    unit: per_session\n    add_on: true\n"
    root = content({"suppliers/green-minds/offers/walk.yaml": with_prices(prices)})
    assert messages(root) == [
        f"{WALK}:7:3: error: prices: every price is marked add_on: true, but an add-on is only bought "
        "with another price; remove add_on from the price that can be booked on its own"
    ]


def test_an_add_on_beside_a_bookable_price_and_a_minimum_pass(content: WriteContent) -> None:
    root = content(
        {"suppliers/green-minds/offers/cooking.yaml": COOKING, "suppliers/green-minds/offers/yoga.yaml": YOGA}
    )
    assert messages(root) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "prices[0].minimum: must be a whole number ≥ 1; got 0"),
        ("2.5", "prices[0].minimum: must be a whole number ≥ 1; got 2.5"),
        ('"8"', 'prices[0].minimum: must be a whole number ≥ 1; got "8"'),
    ],
)
def test_a_minimum_is_a_whole_number_of_at_least_one(
    content: WriteContent, value: str, expected: str
) -> None:
    prices = f"  - amount: 120\n    unit: per_session\n    minimum: {value}\n"
    root = content({"suppliers/green-minds/offers/walk.yaml": with_prices(prices)})
    assert [m.split(": error: ", 1)[1] for m in messages(root)] == [expected]


def test_add_on_is_true_or_false(content: WriteContent) -> None:
    prices = (
        '  - amount: 120\n    unit: per_session\n  - amount: 5\n    unit: per_person\n    add_on: "yes"\n'
    )
    root = content({"suppliers/green-minds/offers/walk.yaml": with_prices(prices)})
    assert [m.split(": error: ", 1)[1] for m in messages(root)] == [
        'prices[1].add_on: must be true or false; got "yes"'
    ]


# --- the model and its words ------------------------------------------------------------


def site() -> Site:
    return Site("Menu", "", "", "GBP", "en-GB", "menu@example.org", None, [], {}, {}, {})


def test_a_price_says_its_smallest_booking_and_what_it_costs() -> None:
    football = Price(Decimal(85), "per_session", minimum=8)
    assert (football.minimum_words, football.smallest_booking) == ("at least 8 sessions", Decimal(680))
    assert Price(Decimal(85), "per_session").minimum_words == ""
    assert Price(Decimal(10), "per_person", minimum=12).minimum_words == "at least 12 people"


@pytest.mark.parametrize(
    ("text", "starting", "from_price"),
    [
        (COOKING, Decimal(385), "From £385.00 per session"),
        (YOGA, Decimal(55), "£55.00 per session, at least 6 sessions (£330.00)"),
        (COUNSELLING, Decimal(45), "From £45.00 per hour"),
    ],
)
def test_the_from_price_is_the_lowest_bookable_one_with_its_unit(
    content: WriteContent, text: str, starting: Decimal, from_price: str
) -> None:
    offer = built_offer(content, text)
    assert offer.lowest_price == starting
    assert Formatter(site()).from_price(offer) == from_price


def test_a_free_bookable_price_is_free_and_an_offer_of_add_ons_falls_back_to_all(
    content: WriteContent,
) -> None:
    offer = built_offer(content, COOKING.replace("amount: 385", "amount: 0"))
    assert Formatter(site()).from_price(offer) == "Free"
    assert offer.price_band[0] == "free"
    offer.prices = [
        Price(Decimal(9), "per_person", add_on=True),
        Price(Decimal(7), "per_person", add_on=True),
    ]
    assert offer.lowest_price == Decimal(7)  # check refuses this; the pages still show a price


def built_offer(content: WriteContent, text: str) -> Offer:
    root = content({"suppliers/green-minds/offers/priced.yaml": text})
    result = check_content(root, "content", TODAY)
    assert result.errors == []
    catalogue = build_catalogue(result.tree, result.updated, TODAY)
    return next(o for o in catalogue.offers if o.id == "priced")


# --- the built site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def priced_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base tree (a walk at £120 per session) with the workshop, the yoga and the counselling."""
    root = write_tree(
        tmp_path_factory.mktemp("priced") / "content",
        {
            **BASE_FILES,
            "suppliers/green-minds/offers/cooking.yaml": COOKING,
            "suppliers/green-minds/offers/yoga.yaml": YOGA,
            "suppliers/green-minds/offers/counselling.yaml": COUNSELLING,
        },
    )
    out = root.parent / "site"
    build_site(BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True))
    return out


def card(site: Path, listing: str, key: str) -> str:
    """The HTML of one offer's card on a listing page."""
    html = (site / listing / "index.html").read_text(encoding="utf-8")
    found = re.search(rf'<article class="card" data-offer="{key}".*?</article>', html, re.S)
    assert found, key
    return found[0]


def test_cards_show_the_bookable_from_price_with_its_unit(priced_site: Path) -> None:
    cooking = card(priced_site, "offers", "green-minds/cooking")
    assert '<p class="card-price">From £385.00 per session, plus VAT</p>' in cooking
    assert 'data-price="385"' in cooking
    assert 'data-prices="385 per_session 1,22.5 per_person 1 add_on"' in cooking
    yoga = card(priced_site, "offers", "green-minds/yoga")
    assert '<p class="card-price">£55.00 per session, at least 6 sessions (£330.00), VAT included</p>' in yoga
    assert 'data-prices="55 per_session 6"' in card(priced_site, "offers", "green-minds/yoga")
    counselling = card(priced_site, "offers", "green-minds/counselling")
    assert '<p class="card-price">From £45.00 per hour</p>' in counselling


def test_the_offer_page_names_add_ons_smallest_bookings_and_vat(priced_site: Path) -> None:
    cooking = page_text(priced_site, "offers/green-minds/cooking")
    assert "£22.50 per person Slow cooker Add-on Booked with another price, not on its own." in cooking
    assert "VAT is added to these prices." in cooking
    yoga = page_text(priced_site, "offers/green-minds/yoga")
    assert (
        "£55.00 per session Book at least 6 sessions: £330.00. Minimum booking of 6 weekly classes." in yoga
    )
    assert "Prices include any VAT: there is nothing to add." in yoga


def test_the_by_price_listing_sorts_and_bands_by_the_from_price(priced_site: Path) -> None:
    pages = listing_pages(priced_site, "offers/by-price/")
    html = " ".join(page.read_text(encoding="utf-8") for page in pages)
    order = re.findall(
        r'<h2 id="band-([a-z0-9-]+)"|card-title"><a href="[./]*offers/green-minds/([a-z]+)/"', html
    )
    assert [band or key for band, key in order] == [
        "under-100", "counselling", "yoga", "100-499", "walk", "cooking",
    ]  # fmt: skip


def test_search_sorts_and_filters_by_the_from_price(priced_site: Path) -> None:
    page = (priced_site / "offers/green-minds/cooking/index.html").read_text(encoding="utf-8")
    assert '<span data-pagefind-sort="price">000000385.00</span>' in page
    assert '<span data-pagefind-filter="price">£100–£499</span>' in page
    assert '<span data-pagefind-meta="price">From £385.00 per session, plus VAT</span>' in page
    assert '<span data-pagefind-meta="prices">385 per_session 1,22.5 per_person 1 add_on</span>' in page


def test_exports_carry_minimum_and_add_on_and_the_bookable_lowest_price(priced_site: Path) -> None:
    offers = {o["id"]: o for o in json.loads((priced_site / "offers.json").read_text())["offers"]}
    assert offers["cooking"]["lowest_price"] == 385
    assert offers["cooking"]["prices"][1] == {
        "label": "Slow cooker", "amount": 22.5, "unit": "per_person", "notes": "A slow cooker to keep.",
        "minimum": 1, "add_on": True,
    }  # fmt: skip
    assert [(p["minimum"], p["add_on"]) for p in offers["yoga"]["prices"]] == [(6, False)]
    shortlist = {
        o["key"]: o for o in json.loads((priced_site / "shortlist/offers.json").read_text())["offers"]
    }
    assert shortlist["green-minds/cooking"]["includes_vat"] is False
    assert shortlist["green-minds/cooking"]["prices"][1]["add_on"] is True

    rows = list(csv.reader(io.StringIO((priced_site / "offers.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][:14] == [
        "offer_key", "title", "supplier", "category", "price_label", "amount", "unit", "price_notes",
        "delivery", "areas", "audiences", "summary", "url", "email",
    ]  # fmt: skip
    assert rows[0][14:16] == ["price_minimum", "price_add_on"]
    by_label = {(r[0], r[4]): r[14:16] for r in rows[1:]}
    assert by_label[("green-minds/cooking", "Slow cooker")] == ["1", "yes"]
    assert by_label[("green-minds/yoga", "")] == ["6", "no"]


def test_open_referral_says_the_smallest_booking_and_the_add_on(priced_site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((priced_site / "openreferral/cost_options.csv").read_text())))
    words = {row["amount"]: row["amount_description"] for row in rows}
    assert words["55"].startswith("Per session, in GBP. Booked for at least 6 sessions.")
    assert words["22.5"].startswith(
        "Per person, in GBP. An add-on, bought with another price of this service."
    )


def test_the_json_ld_gives_a_smallest_booking_as_an_eligible_quantity(priced_site: Path) -> None:
    html = (priced_site / "offers/green-minds/yoga/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])  # type: ignore[index]
    specification = data["offers"][0]["priceSpecification"]
    assert specification["eligibleQuantity"] == {"@type": "QuantitativeValue", "minValue": 6}
