"""Orders as content: the scheme's ledger checked against offers and budgets, and shown on
/scheme/, on organisations' and suppliers' pages and in scheme.csv."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from catalogue.cli import main
from catalogue.pipeline import BuildOptions, build_site

from .conftest import OFFER, SITE, TODAY, WriteContent, messages, replaced
from .sitecheck import broken_links, page_text

HEADER = "# yaml-language-server: $schema=../../../catalogue/schema/order.schema.json\n"
ORDER = (
    HEADER
    + """\
date: "2026-10-05"
status: confirmed
items:
  - offer: green-minds/walk
    quantity: 2
    amount: 240
notes: Two walks for the Tuesday group.
"""
)
# A second offer with two prices and dates of its own.
COURSE = """\
title: Clay course
summary: A six-week clay course.
description: Hands in clay.
category: arts
prices:
  - label: At our studio
    amount: 300
    unit: per_block
  - label: At your venue
    amount: 360
    unit: per_block
delivery: [online]
available_from: 2026-09-01
available_until: 2026-12-31
"""
FIRST = "content/orders/riverside-tenants/first.yaml"


def tree(content: WriteContent, orders: dict[str, str | None], **more: str | None) -> Path:
    files: dict[str, str | bytes | None] = {"suppliers/green-minds/offers/course.yaml": COURSE, **more}
    files.update({f"orders/riverside-tenants/{name}.yaml": text for name, text in orders.items()})
    return content(files)


def order(*replacements: tuple[str, str], extra: str = "") -> str:
    return replaced(ORDER, *replacements, extra=extra)


# --- check ---------------------------------------------------------------------------------


def test_a_good_order_has_no_problems(content: WriteContent) -> None:
    assert messages(tree(content, {"first": ORDER})) == []


def test_an_order_of_an_organisation_that_does_not_exist(content: WriteContent) -> None:
    root = content({"orders/riverside-tenant/first.yaml": ORDER})
    assert messages(root) == [
        'content/orders/riverside-tenant/first.yaml:2:1: error: there is no organisation "riverside-tenant" '
        "(did you mean \"riverside-tenants\"?); an order's folder is named after its organisation's file "
        "in organisations/ (orders/<organisation-id>/)"
    ]


def test_an_unknown_offer_suggests_the_near_miss(content: WriteContent) -> None:
    root = tree(content, {"first": order(("green-minds/walk", "green-minds/wakl"))})
    assert messages(root) == [
        f'{FIRST}:5:12: error: items[0].offer: there is no offer "green-minds/wakl" '
        '(did you mean "green-minds/walk"?); name it as supplier-id/offer-id'
    ]


def test_an_unknown_price_label_lists_the_offer_s_prices(content: WriteContent) -> None:
    item = "  - offer: green-minds/course\n    price: At our studoi\n    quantity: 1\n    amount: 300\n"
    root = tree(
        content, {"first": order(extra="").replace("notes: Two walks for the Tuesday group.\n", item)}
    )
    assert messages(root) == [
        f'{FIRST}:9:12: error: items[1].price: the offer "green-minds/course" has no price "At our studoi" '
        '(did you mean "At our studio"?); its prices are: "At our studio", "At your venue"'
    ]


def test_an_offer_with_several_prices_needs_the_price_s_label(content: WriteContent) -> None:
    root = tree(
        content, {"first": order(("green-minds/walk", "green-minds/course"), ("amount: 240", "amount: 600"))}
    )
    assert messages(root) == [
        f'{FIRST}:5:5: error: items[0]: the offer "green-minds/course" has 2 prices; add "price:" with the '
        'label of the one ordered: "At our studio", "At your venue"'
    ]


def test_a_price_label_is_not_needed_for_the_only_price_without_one(content: WriteContent) -> None:
    course = COURSE.replace("  - label: At our studio\n    amount", "  - amount")
    root = tree(
        content,
        {"first": order(("green-minds/walk", "green-minds/course"), ("amount: 240", "amount: 600"))},
        **{"suppliers/green-minds/offers/course.yaml": course},
    )
    assert messages(root) == []


@pytest.mark.parametrize("quantity", ["0", "-2"])
def test_a_quantity_must_be_more_than_nothing(content: WriteContent, quantity: str) -> None:
    root = tree(
        content, {"first": order(("quantity: 2", f"quantity: {quantity}"), ("amount: 240", "amount: 0"))}
    )
    assert messages(root) == [f"{FIRST}:6:15: error: items[0].quantity: must be more than 0; got {quantity}"]


def test_an_offer_ordered_before_it_was_available(content: WriteContent) -> None:
    text = order(
        ("green-minds/walk", "green-minds/course"),
        ("quantity: 2", "price: At your venue\n    quantity: 1"),
        ("amount: 240", "amount: 360"),
        ('"2026-10-05"', '"2026-08-20"'),
    )
    assert messages(tree(content, {"first": text})) == [
        f'{FIRST}:5:12: error: items[0].offer: "green-minds/course" was not available on 2026-08-20, '
        "the order's date (available from 2026-09-01); check the order's date and the offer"
    ]


def test_an_offer_ordered_after_it_ended(content: WriteContent) -> None:
    text = order(('"2026-10-05"', '"2027-07-01"'))
    assert messages(tree(content, {"first": text})) == [
        f'{FIRST}:5:12: error: items[0].offer: "green-minds/walk" was not available on 2027-07-01, '
        "the order's date (available until 2027-06-30); check the order's date and the offer"
    ]


def test_an_amount_that_is_not_quantity_times_price_is_a_warning_naming_both(content: WriteContent) -> None:
    root = tree(content, {"first": order(("amount: 240", "amount: 200"))})
    assert messages(root) == [
        f"{FIRST}:7:13: warning: items[0].amount: the agreed amount, £200.00, differs from the quantity "
        "times the price, 2 × £120.00 = £240.00; correct whichever is wrong (an agreed discount can "
        "stay: say so in notes)"
    ]


def test_fewer_than_a_price_s_smallest_booking_is_a_warning(content: WriteContent) -> None:
    walk = OFFER.replace("amount: 120\n", "amount: 120\n    minimum: 3\n")
    assert walk != OFFER
    root = tree(content, {"first": order()}, **{"suppliers/green-minds/offers/walk.yaml": walk})
    assert messages(root) == [
        f"{FIRST}:6:15: warning: items[0].quantity: 2 is fewer than this price's smallest booking, "
        "3 sessions; correct the quantity, or, if the supplier agreed to fewer, say so in notes"
    ]
    enough = order(("quantity: 2", "quantity: 3"), ("amount: 240", "amount: 360"))
    cancelled = order(("status: confirmed", "status: cancelled"))
    orders = {"first": enough, "second": cancelled}
    root = tree(content, orders, **{"suppliers/green-minds/offers/walk.yaml": walk})
    assert messages(root) == []


def test_an_hour_and_a_half_is_priced_as_the_shortlist_rounds(content: WriteContent) -> None:
    walk = OFFER.replace("amount: 120", "amount: 22.5")
    text = order(("quantity: 2", "quantity: 0.25"), ("amount: 240", "amount: 5.63"))
    root = tree(content, {"first": text}, **{"suppliers/green-minds/offers/walk.yaml": walk})
    assert messages(root) == []


def test_going_over_the_budget_is_an_error_at_the_item_that_does_it(content: WriteContent) -> None:
    later = order(
        ('"2026-10-05"', '"2026-11-01"'), ("quantity: 2", "quantity: 6"), ("amount: 240", "amount: 720")
    )
    cancelled = order(
        ("status: confirmed", "status: cancelled"),
        ("quantity: 2", "quantity: 9"),
        ("amount: 240", "amount: 1080"),
    )
    root = tree(
        content,
        {
            "first": ORDER,
            "second": later,
            "gone": cancelled,
            "third": order(('"2026-10-05"', '"2026-11-10"')),
        },
    )
    assert messages(root) == [
        "content/orders/riverside-tenants/third.yaml:7:13: error: items[0].amount: this item takes the "
        'committed orders of "riverside-tenants" over its budget of £1,000.00: they come to £1,200.00 in all, '
        "£200.00 over; reduce or cancel an order, or ask the coordinators about the budget"
    ]


def test_within_the_budget_once_an_order_is_cancelled(content: WriteContent) -> None:
    big = order(("quantity: 2", "quantity: 8"), ("amount: 240", "amount: 960"))
    cancelled = big.replace("status: confirmed", "status: cancelled")
    assert messages(tree(content, {"first": ORDER, "second": cancelled})) == []
    assert len(messages(tree(content, {"first": ORDER, "second": big}))) == 1


def test_budgets_are_checked_when_the_scheme_is_not_published(content: WriteContent) -> None:
    big = order(("quantity: 2", "quantity: 9"), ("amount: 240", "amount: 1080"))
    root = tree(content, {"first": big}, **{"site.yaml": SITE + "scheme:\n  publish: false\n"})
    assert [m.split(": error: ")[1][:40] for m in messages(root)] == [
        "items[0].amount: this item takes the com"
    ]


def test_an_order_s_own_fields_and_date(content: WriteContent) -> None:
    text = order(
        ('"2026-10-05"', '"2026-02-30"'), ("status: confirmed", "status: agreed"), extra="note: Hi\n"
    )
    assert messages(tree(content, {"first": text})) == [
        f"{FIRST}:2:7: error: date: 2026-02-30 is not a real date; check the day and the month (YYYY-MM-DD)",
        f'{FIRST}:3:9: error: status: must be one of requested, confirmed, delivered, cancelled; got "agreed"',
        f'{FIRST}:9:1: error: unknown field "note" (did you mean "notes"?)',
    ]


def test_stray_files_and_bad_names_in_orders(content: WriteContent) -> None:
    root = content(
        {
            "orders/notes.txt": "notes",
            "orders/Riverside/first.yaml": ORDER,
            "orders/riverside-tenants/README.md": "notes",
            "orders/riverside-tenants/First Order.yaml": ORDER,
            "orders/riverside-tenants/first.yaml": ORDER,
            "orders/riverside-tenants/first.yml": ORDER,
        }
    )
    assert messages(root) == [
        'content/orders/Riverside:1:1: error: order folder name "Riverside" is not a valid id: use lowercase '
        'letters a-z, digits and single hyphens, at most 60 characters (try "riverside")',
        "content/orders/notes.txt:1:1: error: only organisations' order folders belong in orders/; move this "
        "file into orders/<organisation-id>/ or remove it",
        'content/orders/riverside-tenants/First Order.yaml:1:1: error: order file name "First Order" is not a '
        'valid id: use lowercase letters a-z, digits and single hyphens, at most 60 characters (try "first-order")',
        "content/orders/riverside-tenants/README.md:1:1: error: only order files ending in .yaml belong in "
        "orders/riverside-tenants/; move or remove this file",
        "content/orders/riverside-tenants/first.yml:1:1: error: first.yaml and first.yml both define the order "
        '"first"; keep only one of them',
    ]


# --- the site ------------------------------------------------------------------------------

DELIVERED = order(
    ('"2026-10-05"', '"2026-09-14"'),
    ("status: confirmed", "status: delivered"),
    ("green-minds/walk", "green-minds/course"),
    ("quantity: 2", "price: At our studio\n    quantity: 1"),
    ("amount: 240", "amount: 300"),
)
CANCELLED = order(
    ("status: confirmed", "status: cancelled"), ("quantity: 2", "quantity: 3"), ("amount: 240", "amount: 360")
)
QUIET_CLUB = "name: Quiet Club\nsummary: A club with no budget.\narea: hilltop\n"


def build(root: Path, out: Path) -> Path:
    build_site(BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True))
    return out


@pytest.fixture
def ledger_site(content: WriteContent, tmp_path: Path) -> Path:
    """Riverside Tenants (budget £1,000): a confirmed order of £240, a delivered one of £300 and a
    cancelled one of £360; Quiet Club: no budget, no orders."""
    root = tree(
        content,
        {"first": ORDER, "second": DELIVERED, "gone": CANCELLED},
        **{"organisations/quiet-club.yaml": QUIET_CLUB},
    )
    return build(root, tmp_path / "site")


def test_the_scheme_page_adds_up_the_orders(ledger_site: Path) -> None:
    text = page_text(ledger_site, "scheme")
    assert "Total budget £1,000.00 Committed £540.00 Delivered £300.00 Left £460.00" in text
    assert "3 orders for 2 different activities from 1 supplier." in text
    assert "Riverside Tenants: £540.00 committed of £1,000.00 (£300.00 delivered), £460.00 left" in text
    assert "Riverside Tenants £1,000.00 £540.00 £300.00 £460.00 2" in text
    assert "All organisations £1,000.00 £540.00 £300.00 £460.00 2" in text
    assert "Green Minds CIC £540.00 £300.00 1" in text
    assert "Quiet Club" not in text  # no budget and no orders: not part of the scheme
    html = (ledger_site / "scheme/index.html").read_text()
    assert '<rect class="bar-committed" x="0" y="0" width="54.00" height="6"/>' in html
    assert '<rect class="bar-delivered" x="0" y="0" width="30.00" height="6"/>' in html
    assert "style=" not in html  # the policy forbids inline styles: bar lengths are SVG attributes
    assert [link for link in broken_links(ledger_site, "/menu/") if "pagefind" not in link] == []


def test_scheme_csv_has_the_page_s_rows(ledger_site: Path) -> None:
    rows = list(csv.reader(io.StringIO((ledger_site / "scheme.csv").read_text(encoding="utf-8-sig"))))
    assert rows == [
        ["kind", "id", "name", "budget", "committed", "delivered", "left", "activities", "organisations_served", "url"],
        ["organisation", "riverside-tenants", "Riverside Tenants", "1000.00", "540.00", "300.00", "460.00", "2", "",
         "https://example.org/menu/organisations/riverside-tenants/"],
        ["supplier", "green-minds", "Green Minds CIC", "", "540.00", "300.00", "", "", "1",
         "https://example.org/menu/suppliers/green-minds/"],
        ["total", "", "", "1000.00", "540.00", "300.00", "460.00", "2", "", "https://example.org/menu/scheme/"],
    ]  # fmt: skip


def test_an_organisation_s_page_shows_its_orders_and_what_is_left(ledger_site: Path) -> None:
    text = page_text(ledger_site, "organisations/riverside-tenants")
    assert "£540.00 committed of its £1,000.00 budget (£300.00 delivered): £460.00 left." in text
    assert (
        "5 October 2026 Confirmed Walk and talk from Green Minds CIC: 2 sessions, £240.00 "
        "Notes: Two walks for the Tuesday group. £240.00"
    ) in text
    assert (
        "14 September 2026 Delivered Clay course from Green Minds CIC: 1 block (At our studio), £300.00"
        in text
    )
    assert "Cancelled Walk and talk from Green Minds CIC: 3 sessions, £360.00" in text
    assert text.index("5 October 2026") < text.index("14 September 2026")  # newest first
    assert "Orders and budget" not in page_text(ledger_site, "organisations/quiet-club")


def test_a_supplier_s_page_shows_the_orders_it_received(ledger_site: Path) -> None:
    text = page_text(ledger_site, "suppliers/green-minds")
    assert "£540.00 of trade from 1 organisation through the scheme, £300.00 of it delivered." in text
    assert "5 October 2026 Riverside Tenants Confirmed Walk and talk: 2 sessions, £240.00" in text


def test_the_scheme_is_linked_from_the_footer_and_the_organisations(ledger_site: Path) -> None:
    assert (
        'href="../scheme/">What the scheme has spent</a>'
        in (ledger_site / "organisations/index.html").read_text()
    )
    assert 'href="scheme/">The scheme’s spending</a>' in (ledger_site / "index.html").read_text()


def test_a_scheme_that_keeps_its_spending_private(content: WriteContent, tmp_path: Path) -> None:
    root = tree(content, {"first": ORDER}, **{"site.yaml": SITE + "scheme:\n  publish: false\n"})
    site = build(root, tmp_path / "site")
    assert not (site / "scheme").exists() and not (site / "scheme.csv").exists()
    assert "scheme/" not in (site / "index.html").read_text()
    assert "Orders and budget" not in page_text(site, "organisations/riverside-tenants")
    assert "Orders received" not in page_text(site, "suppliers/green-minds")
    assert (
        "scheme.csv" not in (site / "sitemap.xml").read_text()
        and "/scheme/" not in (site / "sitemap.xml").read_text()
    )


HOSTILE_NOTES = "<script>alert(1)</script><img src=x onerror=alert(1)> {{ 7*7 }}"


def test_hostile_text_in_notes_and_names_stays_text(content: WriteContent, tmp_path: Path) -> None:
    notes = order(("notes: Two walks for the Tuesday group.", f"notes: {HOSTILE_NOTES!r}"))
    organisation = (
        'name: "=HYPERLINK(\\"https://evil.example\\")<b>x</b>"\nsummary: Tenants.\narea: riverside\n'
        "budget:\n  amount: 1000\n"
    )
    root = tree(content, {"first": notes}, **{"organisations/riverside-tenants.yaml": organisation})
    site = build(root, tmp_path / "site")
    for page in ("organisations/riverside-tenants", "suppliers/green-minds"):
        html = (site / page / "index.html").read_text()
        assert "<script>alert" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
        assert f"Notes: {HOSTILE_NOTES}" in page_text(site, page)
    assert "<b>x</b>" not in (site / "scheme/index.html").read_text()
    rows = list(csv.reader(io.StringIO((site / "scheme.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][2] == '\'=HYPERLINK("https://evil.example")<b>x</b>'


# --- rebuilds ------------------------------------------------------------------------------


def test_a_changed_order_rebuilds_the_pages_that_show_it(content: WriteContent, tmp_path: Path) -> None:
    root = tree(content, {"first": ORDER})
    options = BuildOptions(
        content=root, out=tmp_path / "out", today=TODAY, search=False, quiet=True, cache=tmp_path / "c"
    )
    build_site(options)
    before = page_text(options.out, "scheme")
    first = root / "orders/riverside-tenants/first.yaml"
    first.write_text(first.read_text().replace("status: confirmed", "status: delivered"))
    written = set(build_site(options).written)
    assert {
        "scheme/index.html",
        "scheme.csv",
        "organisations/riverside-tenants/index.html",
        "suppliers/green-minds/index.html",
    } <= written
    assert "offers/green-minds/walk/index.html" not in written  # an offer's page shows no orders
    assert "Delivered £0.00" in before and "Delivered £240.00" in page_text(options.out, "scheme")


def test_check_counts_the_orders(content: WriteContent, capsys: pytest.CaptureFixture[str]) -> None:
    root = tree(content, {"first": ORDER})
    assert main(["check", "--content", str(root), "--today", TODAY.isoformat()]) == 0
    assert capsys.readouterr().err.endswith("(2 offers, 1 suppliers, 1 organisations, 1 orders)\n")


def test_an_order_of_a_draft_offer_shows_its_title_without_a_link(
    content: WriteContent, tmp_path: Path
) -> None:
    draft = OFFER + "status: draft\n"
    root = tree(content, {"first": ORDER}, **{"suppliers/green-minds/offers/walk.yaml": draft})
    site = build(root, tmp_path / "site")
    assert "5 October 2026 Confirmed Walk and talk from Green Minds CIC: 2, £240.00" in page_text(
        site, "organisations/riverside-tenants"
    )
    assert "offers/green-minds/walk/" not in (site / "organisations/riverside-tenants/index.html").read_text()


@pytest.mark.parametrize("number", [".inf", ".nan", "1e300"])
def test_numbers_no_schema_allows_are_reported_not_a_crash(content: WriteContent, number: str) -> None:
    text = order(("quantity: 2", f"quantity: {number}"), ("amount: 240", f"amount: {number}"))
    problems = messages(tree(content, {"first": text}))
    assert problems and all(": error: items[0]." in p for p in problems)
