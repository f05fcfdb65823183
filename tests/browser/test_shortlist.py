"""Choosing within a budget as a visitor does: add offers from several pages, total them
against an organisation's budget on /shortlist/, share the list (CSV, text, email),
compare offers side by side, and filter listings, all kept in this browser only."""

from __future__ import annotations

import csv
import functools
import io
import json
import shutil
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Download, Locator, Page, expect

from catalogue.checks.check import check_content
from catalogue.content.loader import parse_document
from catalogue.pipeline import BuildOptions, build_site
from tests.browser.conftest import REPO, TODAY, QuietHandler
from tests.browser.support import ServedSite

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHAIR_YOGA = "Chair yoga for older adults"
POTTERY = "Pottery taster session"
WALKING_FOOTBALL = "Walking football for over-50s"
BATCH_COOKING = "Batch cooking on a budget workshop"
EXPIRED_KEY = "kelvin-walkers/summer-canal-rides"
CSV_HEADER = [
    "Offer",
    "Supplier",
    "Price option",
    "Unit price",
    "Unit",
    "Quantity",
    "Line total",
    "Note",
    "Link",
    "VAT",
]


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    context = new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    return context


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def storage_key(site: ServedSite) -> str:
    return "wellbeing-menu-shortlist:" + urlsplit(site.url).path


def seed(page: Page, site: ServedSite, state: dict[str, Any]) -> None:
    """Put a shortlist in this browser's storage, as an earlier visit would have left it."""
    page.goto(site.url)
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [storage_key(site), json.dumps(state)]
    )


def saved_item(key: str, title: str, supplier: str, prices: list[list[Any]], qty: int = 1) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "supplier": supplier,
        "prices": prices,
        "added": "2026-06-01",
        "option": 0,
        "qty": qty,
    }


def add(page: Page, site: ServedSite, path: str, title: str) -> None:
    page.goto(site.url + path)
    button = page.get_by_role("button", name=f"Add to shortlist: {title}")
    button.click()
    expect(page.get_by_role("button", name=f"Remove from shortlist: {title}")).to_have_attribute(
        "aria-pressed", "true"
    )


def item(page: Page, title: str) -> Locator:
    return page.locator(".shortlist-item").filter(has=page.get_by_role("heading", name=title))


def summary(page: Page) -> Locator:
    return page.locator("[data-shortlist-summary]")


def build_shortlist(page: Page, site: ServedSite) -> None:
    """Three offers from an offer page, /offers/ and a category page, totalled for Maryhill."""
    add(page, site, "offers/still-point/chair-yoga/", CHAIR_YOGA)
    expect(page.get_by_role("link", name="Shortlist (1)")).to_be_visible()
    add(page, site, "offers/", POTTERY)
    add(page, site, "categories/food-cooking/", BATCH_COOKING)
    page.get_by_role("link", name="Shortlist (3)").click()
    page.wait_for_url(site.url + "shortlist/")
    page.get_by_label("Organisation").select_option("maryhill-community-hub")
    expect(page.get_by_label("Budget (GBP)")).to_have_value("1000")
    item(page, CHAIR_YOGA).get_by_label("Number of sessions").fill("6")
    batch = item(page, BATCH_COOKING)
    batch.get_by_label("Price option").select_option(
        label="£22.50 per person (Slow cooker add-on), an add-on"
    )
    batch.get_by_label("Number of people").fill("12")


def test_shortlist_totals_against_an_organisation_budget(page: Page, site: ServedSite) -> None:
    build_shortlist(page, site)
    expect(item(page, CHAIR_YOGA)).to_contain_text("6 sessions × £55.00 per session = £330.00")
    expect(item(page, POTTERY)).to_contain_text("1 session × £240.00 per session = £240.00")
    expect(item(page, BATCH_COOKING)).to_contain_text("12 people × £22.50 per person = £270.00")
    expect(summary(page)).to_have_attribute("aria-live", "polite")
    expect(summary(page)).to_contain_text("Total: £840.00 of £1,000.00 · £160.00 left")

    item(page, POTTERY).get_by_label("Number of sessions").fill("2")
    expect(summary(page)).to_contain_text("Total: £1,080.00 of £1,000.00 · £80.00 over")

    page.reload()
    expect(page.locator(".shortlist-item")).to_have_count(3)
    expect(page.get_by_label("Organisation")).to_have_value("maryhill-community-hub")
    expect(item(page, CHAIR_YOGA).get_by_label("Number of sessions")).to_have_value("6")
    expect(summary(page)).to_contain_text("£80.00 over")

    page.get_by_role("button", name=f"Remove {POTTERY} from shortlist").click()
    expect(page.locator(".shortlist-item")).to_have_count(2)
    expect(summary(page)).to_contain_text("Total: £600.00 of £1,000.00 · £400.00 left")
    expect(page.get_by_role("link", name="Shortlist (2)")).to_be_visible()


def test_each_offer_starts_at_its_smallest_booking_under_a_summary_that_stays_in_view(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    """Walking football (at least 8 sessions), chair yoga (at least 6) and a pottery taster come to
    £1,250 at their smallest bookings: over Maryhill's £1,000 from the first total shown."""
    page = new_context(viewport={"width": 375, "height": 700}).new_page()
    add(page, root_site, "offers/tackle-it-together/walking-football/", WALKING_FOOTBALL)
    add(page, root_site, "offers/still-point/chair-yoga/", CHAIR_YOGA)
    add(page, root_site, "offers/canal-clay/pottery-taster/", POTTERY)
    page.goto(root_site.url + "shortlist/?organisation=maryhill-community-hub")
    expect(summary(page)).to_contain_text("Total: £1,250.00 of £1,000.00 · £250.00 over")
    football = item(page, WALKING_FOOTBALL)
    expect(football.get_by_label("Number of sessions")).to_have_value("8")
    expect(football).to_contain_text("Smallest booking: 8 sessions")
    expect(football).to_contain_text("8 sessions × £85.00 per session = £680.00")
    expect(football).to_contain_text("including hall or pitch hire. Minimum 8 weeks.")  # the price's notes
    expect(football).to_contain_text("No VAT to add: Tackle It Together SCIO is not VAT-registered.")
    expect(item(page, CHAIR_YOGA)).to_contain_text("6 sessions × £55.00 per session = £330.00")
    expect(item(page, POTTERY)).to_contain_text("1 session × £240.00 per session = £240.00")
    expect(item(page, POTTERY)).to_contain_text("VAT is added on top.")
    expect(summary(page)).to_contain_text("VAT is added to 1 offer.")
    expect(summary(page)).not_to_contain_text("do not say if VAT is added")

    # The summary comes before the offers and, on a phone, stays at the top as they scroll by.
    assert summary(page).evaluate(
        "(box) => box.compareDocumentPosition(document.querySelector('[data-shortlist-items]')) & 4"
    )
    item(page, POTTERY).get_by_role(
        "button", name=f"Remove {POTTERY} from shortlist"
    ).scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 200
    assert summary(page).evaluate("(box) => Math.round(box.getBoundingClientRect().top)") == 0

    football.get_by_label("Number of sessions").fill("4")
    expect(football).to_contain_text("less than the smallest booking of 8 sessions")
    expect(summary(page)).to_contain_text(f"Less than the smallest booking: {WALKING_FOOTBALL}.")
    expect(summary(page)).to_contain_text("Total: £910.00 of £1,000.00 · £90.00 left")

    # Neither supplier left is VAT-registered: the total is all there is to pay.
    item(page, POTTERY).get_by_role("button", name=f"Remove {POTTERY} from shortlist").click()
    expect(summary(page)).to_contain_text("Total: £670.00 of £1,000.00 · £330.00 left")
    expect(summary(page)).to_contain_text("There is no VAT to add to this total.")


def test_add_ons_are_never_the_starting_option_and_old_saved_items_still_count(
    page: Page, root_site: ServedSite
) -> None:
    add(page, root_site, "offers/blether-kitchen/batch-cooking-on-a-budget/", BATCH_COOKING)
    older = saved_item("tackle-it-together/walking-football", WALKING_FOOTBALL, "Tackle It Together SCIO",
                       [[85, "per_session"]], 2)  # saved before prices had minimums  # fmt: skip
    state = json.loads(page.evaluate("([key]) => localStorage.getItem(key)", [storage_key(root_site)]))
    assert state["items"][0]["prices"] == [[385, "per_session", 1, False], [22.5, "per_person", 1, True]]
    assert (state["items"][0]["option"], state["items"][0]["qty"]) == (0, 1)
    state["items"].append(older)
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)", [storage_key(root_site), json.dumps(state)]
    )
    page.goto(root_site.url + "shortlist/")
    batch = item(page, BATCH_COOKING)
    expect(batch.get_by_label("Price option")).to_have_value("0")
    expect(batch).to_contain_text("1 session × £385.00 per session = £385.00")
    expect(item(page, WALKING_FOOTBALL)).to_contain_text("2 sessions × £85.00 per session = £170.00")
    expect(item(page, WALKING_FOOTBALL)).not_to_contain_text("The price has changed")
    expect(summary(page)).to_contain_text("Total: £555.00")


def test_csv_text_and_emails_hold_the_chosen_lines(page: Page, root_site: ServedSite) -> None:
    build_shortlist(page, root_site)
    expect(summary(page)).to_contain_text("Total: £840.00")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "shortlist.csv"
    rows = downloaded_rows(download)
    assert rows[0] == CSV_HEADER
    assert [r[:7] for r in rows[1:4]] == [
        [CHAIR_YOGA, "Still Point Mindfulness", "", "55.00", "per session", "6", "330.00"],
        [POTTERY, "Canal Clay Studio CIC", "", "240.00", "per session", "1", "240.00"],
        [
            BATCH_COOKING,
            "Blether Kitchen Co-operative",
            "Slow cooker add-on",
            "22.50",
            "per person",
            "12",
            "270.00",
        ],
    ]
    assert rows[1][8] == root_site.url + "offers/still-point/chair-yoga/"
    assert [r[9] for r in rows[1:4]] == [
        "No VAT to add: Still Point Mindfulness is not VAT-registered.",
        "VAT is added on top.",
        "VAT is not stated: ask the supplier.",
    ]
    assert [r[0] for r in rows[5:]] == ["Total", "Budget", "Left", "Organisation"]
    assert rows[5][9] == "VAT is added to 1 offer; 1 offer does not say if VAT is added."
    assert [r[6] for r in rows[5:8]] == ["840.00", "1000.00", "160.00"]
    assert rows[8][1] == "Maryhill Community Hub"

    page.get_by_role("button", name="Copy as text").click()
    expect(page.get_by_text("Copied the shortlist as text")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()").splitlines()
    assert copied[0] == "Shortlist for Maryhill Community Hub from Wellbeing Menu — North & West"
    assert copied[2:5] == [
        f"{CHAIR_YOGA} — Still Point Mindfulness — £55.00 per session — 6 sessions — £330.00",
        f"{POTTERY} — Canal Clay Studio CIC — £240.00 per session — 1 session — £240.00",
        f"{BATCH_COOKING} — Blether Kitchen Co-operative — £22.50 per person (Slow cooker add-on) — 12 people — £270.00",
    ]
    assert copied[-5:] == [
        "Total: £840.00",
        "Budget: £160.00 left of £1,000.00",
        f"VAT is added to the prices of {POTTERY}.",
        f"VAT is not stated for {BATCH_COOKING}: ask the supplier.",
        f"Not VAT-registered, so no VAT to add: {CHAIR_YOGA}.",
    ]

    coordinators = page.get_by_role("link", name="Email the shortlist to the coordinators")
    to, query = mailto_parts(coordinators.get_attribute("href"))
    assert to == "wellbeingmenu@example.org"
    order = page.get_by_label("The order file").input_value()
    folder = "content/orders/maryhill-community-hub/"
    assert query["body"][0] == "\n".join(copied) + f"\n\nThe order, as a file for {folder}:\n\n{order}"
    supplier = page.get_by_role("link", name="Email Still Point Mindfulness")
    to, query = mailto_parts(supplier.get_attribute("href"))
    assert to == "info@stillpoint.example.org"
    assert query["subject"] == [f"Enquiry: {CHAIR_YOGA} (Wellbeing Menu — North & West)"]
    assert f"- {CHAIR_YOGA}: £55.00 per session, 6 sessions" in query["body"][0]
    assert "Our organisation: Maryhill Community Hub" in query["body"][0]


def downloaded_rows(download: Download) -> list[list[str]]:
    return list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))


def mailto_parts(href: str | None) -> tuple[str, dict[str, list[str]]]:
    assert href and href.startswith("mailto:"), href
    address, _, query = href.removeprefix("mailto:").partition("?")
    return unquote(address), parse_qs(query)


def test_csv_cells_cannot_run_as_formulas(page: Page, root_site: ServedSite) -> None:
    hostile = saved_item("nobody/gone", '=HYPERLINK("https://evil.example")', "+Supplier", [[10, "fixed"]])
    seed(page, root_site, {"items": [hostile], "budget": "", "organisation": ""})
    page.goto(root_site.url + "shortlist/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    rows = downloaded_rows(download_info.value)
    assert rows[1][:2] == ['\'=HYPERLINK("https://evil.example")', "'+Supplier"]


def test_expired_and_repriced_offers_are_flagged(page: Page, root_site: ServedSite) -> None:
    state = {
        "items": [
            saved_item(
                EXPIRED_KEY, "Summer canal rides on adapted bikes", "Kelvin Walkers", [[280, "per_session"]]
            ),
            saved_item(
                "still-point/chair-yoga", CHAIR_YOGA, "Still Point Mindfulness", [[50, "per_session"]], 2
            ),
        ],
        "budget": "500",
        "organisation": "",
    }
    seed(page, root_site, state)
    page.goto(root_site.url + "shortlist/")
    expired = item(page, "Summer canal rides on adapted bikes")
    expect(expired).to_contain_text("No longer available")
    expect(expired).to_contain_text("expired or been withdrawn")
    repriced = item(page, CHAIR_YOGA)
    expect(repriced).to_contain_text("The price has changed since you added this on 1 June 2026")
    expect(repriced).to_contain_text("It was £50.00 per session; it is now £55.00 per session")
    expect(summary(page)).to_contain_text("Total: £110.00 of £500.00 · £390.00 left")
    expect(summary(page)).to_contain_text("1 offer is no longer available and not counted")

    repriced.get_by_role("button", name=f"Keep the new price for {CHAIR_YOGA}").click()
    expect(item(page, CHAIR_YOGA)).not_to_contain_text("The price has changed")
    expect(item(page, "Summer canal rides on adapted bikes")).to_contain_text("No longer available")


def test_compare_shows_chosen_offers_side_by_side(page: Page, root_site: ServedSite) -> None:
    build_shortlist(page, root_site)
    compare = page.locator("[data-compare-table]")
    expect(compare).to_be_hidden()
    page.get_by_role("checkbox", name=CHAIR_YOGA).check()
    page.get_by_role("checkbox", name=BATCH_COOKING).check()
    table = compare.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(["Offer", CHAIR_YOGA, BATCH_COOKING])
    offers = {o["title"]: o for o in root_site.offers_by_path.values()}
    group = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Group size"))
    yoga_size = offers[CHAIR_YOGA]["group_size"]
    expect(group).to_contain_text(f"{yoga_size['min']} to {yoga_size['max']} people")
    prices = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Price options"))
    expect(prices).to_contain_text("£385.00 per session (Workshop)")
    vat = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="VAT", exact=True))
    expect(vat.get_by_role("cell")).to_have_text(
        [
            "No VAT to add: Still Point Mindfulness is not VAT-registered.",
            "VAT is not stated: ask the supplier.",
        ]
    )
    for label in [
        "Duration",
        "How it is delivered",
        "Areas",
        "Who it is for",
        "Languages",
        "Accessibility",
        "Notice needed",
    ]:
        expect(table.get_by_role("rowheader", name=label)).to_be_visible()

    total = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Your total"))
    expect(total).to_contain_text("£330.00 for 6 sessions")
    expect(total).to_contain_text("£270.00 for 12 people")
    hint = page.get_by_text("Scroll the table sideways to see every offer")
    expect(hint).to_be_hidden()  # a wide screen shows the whole table

    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert compare.evaluate("(box) => box.scrollWidth > box.clientWidth")  # the table scrolls, not the page
    expect(hint).to_be_visible()
    first = table.get_by_role("rowheader", name="Price options")
    left = first.evaluate("(cell) => cell.getBoundingClientRect().left")
    compare.evaluate("(box) => { box.scrollLeft = box.scrollWidth; }")
    assert first.evaluate("(cell) => cell.getBoundingClientRect().left") == left  # the first column stays


def test_no_wcag_violations_on_a_full_shortlist(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    # The site's CSP forbids injected scripts; bypass it for axe only.
    page = new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page()
    state = {
        "items": [
            saved_item(
                EXPIRED_KEY, "Summer canal rides on adapted bikes", "Kelvin Walkers", [[280, "per_session"]]
            ),
            saved_item(
                "still-point/chair-yoga", CHAIR_YOGA, "Still Point Mindfulness", [[50, "per_session"]]
            ),
            saved_item(
                "blether-kitchen/batch-cooking-on-a-budget",
                BATCH_COOKING,
                "Blether Kitchen Co-operative",
                [[385, "per_session"], [22.5, "per_person"]],
            ),
            saved_item(
                "canal-clay/pottery-taster", POTTERY, "Canal Clay Studio CIC", [[240, "per_session"]], 5
            ),
        ],
        "budget": "1000",
        "organisation": "maryhill-community-hub",
    }
    seed(page, root_site, state)
    page.goto(root_site.url + "shortlist/")
    page.get_by_role("checkbox", name=CHAIR_YOGA).check()
    page.get_by_role("checkbox", name=POTTERY).check()
    expect(page.get_by_role("table")).to_be_visible()
    expect(summary(page)).to_contain_text("Total: £1,640.00 of £1,000.00 · £640.00 over")
    axe = Axe()
    page.evaluate(axe.axe_script)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        violations = page.evaluate(
            "(options) => axe.run(document, options).then((r) => r.violations)", options
        )
        assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def test_organisation_page_starts_a_shortlist_with_its_budget(page: Page, root_site: ServedSite) -> None:
    page.goto(root_site.url + "organisations/dalmuir-mens-shed/")
    page.get_by_role("link", name="Start a shortlist with this budget").click()
    expect(page.get_by_label("Organisation")).to_have_value("dalmuir-mens-shed")
    expect(page.get_by_label("Budget (GBP)")).to_have_value("750")
    assert urlsplit(page.url).query == ""  # a reload keeps what the visitor types next
    expect(page.get_by_text("Your shortlist is empty")).to_be_visible()


def card_prices(page: Page) -> list[float]:
    return [
        float(p)
        for p in page.locator("main .cards > li:visible .card").evaluate_all(
            "cs => cs.map(c => c.dataset.price)"
        )
    ]


def matching(count: int, total: int) -> str:
    return f"{count} of the {total} offers here match{'es' if count == 1 else ''}"


def test_listing_filters_work_without_a_round_trip(page: Page, root_site: ServedSite) -> None:
    page.goto(root_site.url + "offers/")  # page 1 of 2: the filters act on both
    offers = list(root_site.offers_by_path.values())
    status = page.locator("[data-filter-status]")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(f"{len(offers)} offers here")
    expect(page.get_by_label("Within my remaining budget")).to_be_disabled()

    page.get_by_label("How it is delivered").select_option("online")
    online = [o for o in offers if "online" in o["delivery"]]
    expect(status).to_have_text(matching(len(online), len(offers)))
    page.get_by_label("Who it is for").select_option("young-people")
    both = [o for o in online if "young-people" in {a["id"] for a in o["audiences"]}]
    expect(status).to_have_text(matching(len(both), len(offers)))
    page.get_by_label("Who it is for").select_option("")
    page.get_by_label("Sort by price").select_option("desc")
    assert card_prices(page) == sorted((o["lowest_price"] for o in online), reverse=True)

    page.get_by_label("How it is delivered").select_option("")
    page.get_by_label("Sort by price").select_option("")
    page.get_by_role("button", name=f"Add to shortlist: {POTTERY}").click()  # £240 of a £400 budget
    page.goto(root_site.url + "shortlist/")
    page.get_by_label("Budget (GBP)").fill("400")
    expect(summary(page)).to_contain_text("Total: £240.00 of £400.00 · £160.00 left")
    page.go_back()
    page.get_by_label("Within my remaining budget").check()
    expect(page.get_by_text("(£160.00 left of £400.00)")).to_be_visible()
    fits = [o for o in offers if o["lowest_price"] <= 160 or o["title"] == POTTERY]
    expect(status).to_have_text(matching(len(fits), len(offers)))
    page.get_by_label("Sort by price").select_option("asc")
    assert card_prices(page) == sorted(o["lowest_price"] for o in fits)[:24]


def test_without_javascript_there_is_no_shortlist_ui(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(root_site.url + "offers/still-point/chair-yoga/")
    expect(page.get_by_role("button", name="shortlist")).to_have_count(0)
    expect(page.get_by_role("link", name="Shortlist")).to_have_count(0)
    page.goto(root_site.url + "offers/")
    expect(page.get_by_role("form")).to_have_count(0)
    expect(page.get_by_role("button", name="shortlist")).to_have_count(0)
    page.goto(root_site.url + "shortlist/")
    expect(page.get_by_text("The shortlist needs JavaScript")).to_be_visible()


# --- the order, as a file for content/orders/<organisation-id>/ ---------------------------


def local_today(page: Page) -> str:
    return str(page.evaluate("new Date().toLocaleDateString('sv')"))  # YYYY-MM-DD, as the page writes it


def test_the_order_file_goes_to_the_organisation_s_orders_folder_and_passes_the_check(
    page: Page, root_site: ServedSite, tmp_path: Path
) -> None:
    build_shortlist(page, root_site)
    today = local_today(page)
    order = page.get_by_label("The order file").input_value()
    assert order.splitlines() == [
        "# yaml-language-server: $schema=../../../catalogue/schema/order.schema.json",
        f'date: "{today}"',
        "status: requested",
        "items:",
        f"  # {CHAIR_YOGA}, from Still Point Mindfulness",
        '  - offer: "still-point/chair-yoga"',
        "    quantity: 6",
        "    amount: 330",
        f"  # {POTTERY}, from Canal Clay Studio CIC",
        '  - offer: "canal-clay/pottery-taster"',
        "    quantity: 1",
        "    amount: 240",
        f"  # {BATCH_COOKING}, from Blether Kitchen Co-operative",
        '  - offer: "blether-kitchen/batch-cooking-on-a-budget"',
        '    price: "Slow cooker add-on"',
        "    quantity: 12",
        "    amount: 270",
    ]
    link = urlsplit(page.get_by_role("link", name="Add the order on GitHub").get_attribute("href") or "")
    assert (link.scheme, link.netloc) == ("https", "github.com")
    assert link.path == "/example-partnership/wellbeing-menu/new/main/content/orders/maryhill-community-hub"
    assert parse_qs(link.query) == {"filename": [f"{today}.yaml"], "value": [order]}

    # The file, saved where the link puts it, is a good order: Maryhill's £840 fits its £1,000.
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    shutil.rmtree(content / "orders/maryhill-community-hub")
    (content / f"orders/maryhill-community-hub/{today}.yaml").parent.mkdir()
    (content / f"orders/maryhill-community-hub/{today}.yaml").write_text(order, encoding="utf-8")
    result = check_content(content, "content", TODAY)
    assert [p.format() for p in result.problems if "orders/" in p.path] == []


def test_the_order_link_waits_for_an_organisation(page: Page, root_site: ServedSite) -> None:
    chair_yoga = saved_item(
        "still-point/chair-yoga", CHAIR_YOGA, "Still Point Mindfulness", [[55, "per_session"]], 2
    )
    gone = saved_item(
        EXPIRED_KEY, "Summer canal rides on adapted bikes", "Kelvin Walkers", [[280, "per_session"]]
    )
    seed(page, root_site, {"items": [chair_yoga, gone], "budget": "", "organisation": ""})
    page.goto(root_site.url + "shortlist/")
    expect(page.get_by_text("Choose your organisation under “Your budget”")).to_be_visible()
    expect(page.get_by_role("link", name="Add the order on GitHub")).to_be_hidden()
    order = page.get_by_label("The order file").input_value()
    assert '"still-point/chair-yoga"' in order and EXPIRED_KEY not in order  # what is gone is not ordered
    page.get_by_label("Organisation").select_option("yoker-youth-club")
    expect(page.get_by_role("link", name="Add the order on GitHub")).to_be_visible()
    expect(page.get_by_text("Choose your organisation under “Your budget”")).to_be_hidden()


HOSTILE_TITLE = '=HYPERLINK("https://evil.example")</textarea><script>alert(1)</script> # a: b'
HOSTILE_LABEL = 'Slow cooker add-on" # x: "y'


@pytest.fixture(scope="module")
def hostile_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The sample with markup, a formula and YAML's own characters in an offer's title and a price's label."""
    folder = tmp_path_factory.mktemp("hostile-order")
    content = folder / "content"
    shutil.copytree(REPO / "content", content)
    yoga = content / "suppliers/still-point/offers/chair-yoga.yaml"
    yoga.write_text(yoga.read_text().replace(f"title: {CHAIR_YOGA}", f"title: {json.dumps(HOSTILE_TITLE)}"))
    batch = content / "suppliers/blether-kitchen/offers/batch-cooking-on-a-budget.yaml"
    batch.write_text(
        batch.read_text().replace("label: Slow cooker add-on", f"label: {json.dumps(HOSTILE_LABEL)}")
    )
    shutil.rmtree(content / "orders")
    www = folder / "www"
    www.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(www)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    build_site(BuildOptions(content=content, out=www, base_url=url, today=TODAY, search=False, quiet=True))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ServedSite(url=url, folder=www)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_titles_and_labels_stay_text_in_the_order_file(page: Page, hostile_site: ServedSite) -> None:
    yoga = saved_item(
        "still-point/chair-yoga", HOSTILE_TITLE, "Still Point Mindfulness", [[55, "per_session"]], 2
    )
    batch = saved_item(
        "blether-kitchen/batch-cooking-on-a-budget", BATCH_COOKING, "Blether Kitchen Co-operative",
        [[385, "per_session"], [22.5, "per_person"]], 4,
    )  # fmt: skip
    batch["option"] = 1
    seed(page, hostile_site, {"items": [yoga, batch], "budget": "", "organisation": "amal-womens-group"})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_site.url + "shortlist/")
    expect(item(page, HOSTILE_TITLE)).to_be_visible()
    order = page.get_by_label("The order file").input_value()
    assert f"  # {HOSTILE_TITLE}, from Still Point Mindfulness" in order.splitlines()
    document, problems = parse_document(order.encode(), "order.yaml")
    assert problems == [] and document is not None
    assert document.data["items"] == [
        {"offer": "still-point/chair-yoga", "quantity": 2, "amount": 110},
        {
            "offer": "blether-kitchen/batch-cooking-on-a-budget",
            "price": HOSTILE_LABEL,
            "quantity": 4,
            "amount": 90,
        },
    ]
    assert page.locator("script:not([src])").count() == 0 and dialogs == []
