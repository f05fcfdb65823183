"""VAT as it is: a supplier that is not VAT-registered has no VAT to add to its prices, and every
page, card and export says so; a registered supplier's offer still says whether VAT is added."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from catalogue.pipeline import BuildOptions, build_site

from .conftest import BASE_FILES, OFFER, SUPPLIER, TODAY, replaced, write_tree
from .sitecheck import page_text

NOT_REGISTERED = replaced(
    SUPPLIER,
    ("Green Minds CIC", "Quiet Hands SCIO"),
    ("areas: [north]", "vat_registered: false\nareas: [north]"),
)
REGISTERED = replaced(
    SUPPLIER,
    ("Green Minds CIC", "Big Kitchen Co-op"),
    ("areas: [north]", "vat_registered: true\nareas: [north]"),
)


def offer(title: str, vat_line: str = "", amount: str = "120") -> str:
    return replaced(OFFER, ("Walk and talk", title), ("amount: 120", f"amount: {amount}"), extra=vat_line)


@pytest.fixture(scope="module")
def vat_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Green Minds (says nothing of VAT): the walk. Quiet Hands (not registered): an offer that says
    nothing, one that says includes_vat: true and a free one. Big Kitchen (registered): VAT added."""
    root = write_tree(
        tmp_path_factory.mktemp("vat") / "content",
        {
            **BASE_FILES,
            "suppliers/quiet-hands/supplier.yaml": NOT_REGISTERED,
            "suppliers/quiet-hands/offers/knitting.yaml": offer("Knitting circle"),
            "suppliers/quiet-hands/offers/sewing.yaml": offer("Sewing circle", "includes_vat: true\n"),
            "suppliers/quiet-hands/offers/tea.yaml": offer("Tea and a chat", amount="0"),
            "suppliers/big-kitchen/supplier.yaml": REGISTERED,
            "suppliers/big-kitchen/offers/cooking.yaml": offer("Cooking together", "includes_vat: false\n"),
        },
    )
    out = root.parent / "site"
    build_site(BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True))
    return out


def card_price(site: Path, key: str) -> str:
    html = (site / "offers/index.html").read_text(encoding="utf-8")
    found = re.search(rf'data-offer="{key}".*?<p class="card-price">(.*?)</p>', html, re.S)
    assert found, key
    return found[1]


def test_cards_say_there_is_no_vat_to_add_or_that_it_is_added(vat_site: Path) -> None:
    assert card_price(vat_site, "quiet-hands/knitting") == "£120.00 per session, no VAT to add"
    assert card_price(vat_site, "quiet-hands/sewing") == "£120.00 per session, no VAT to add"
    assert card_price(vat_site, "quiet-hands/tea") == "Free"
    assert card_price(vat_site, "big-kitchen/cooking") == "£120.00 per session, plus VAT"
    assert card_price(vat_site, "green-minds/walk") == "£120.00 per session"


def test_offer_pages_say_why_there_is_no_vat_to_add(vat_site: Path) -> None:
    knitting = page_text(vat_site, "offers/quiet-hands/knitting")
    assert "No VAT to add: Quiet Hands SCIO is not VAT-registered." in knitting
    assert "VAT is added" not in knitting
    assert "No VAT to add: Quiet Hands SCIO is not VAT-registered." in page_text(
        vat_site, "offers/quiet-hands/sewing"
    )
    assert "VAT is added to these prices." in page_text(vat_site, "offers/big-kitchen/cooking")
    assert "VAT" not in page_text(vat_site, "offers/green-minds/walk").replace("VAT-", "")


def test_supplier_pages_say_whether_it_is_vat_registered(vat_site: Path) -> None:
    assert "VAT Not VAT-registered: there is no VAT to add to its prices" in page_text(
        vat_site, "suppliers/quiet-hands"
    )
    assert "VAT VAT-registered" in page_text(vat_site, "suppliers/big-kitchen")
    assert "VAT" not in page_text(vat_site, "suppliers/green-minds")


def test_exports_carry_the_vat_state(vat_site: Path) -> None:
    offers = {o["key"]: o for o in json.loads((vat_site / "offers.json").read_text())["offers"]}
    states = {
        key: (o["vat"], o["includes_vat"], o["supplier"]["vat_registered"]) for key, o in offers.items()
    }
    assert states == {
        "quiet-hands/knitting": ("not_registered", True, False),
        "quiet-hands/sewing": ("not_registered", True, False),
        "quiet-hands/tea": ("not_registered", True, False),
        "big-kitchen/cooking": ("added", False, True),
        "green-minds/walk": ("not_stated", None, None),
    }
    shortlist = json.loads((vat_site / "shortlist/offers.json").read_text())["offers"]
    assert {o["key"]: (o["vat"], o["includes_vat"]) for o in shortlist} == {
        key: state[:2] for key, state in states.items()
    }

    rows = list(csv.DictReader(io.StringIO((vat_site / "offers.csv").read_text(encoding="utf-8-sig"))))
    assert list(rows[0])[-1] == "vat"  # new columns go at the end
    assert {row["offer_key"]: row["vat"] for row in rows} == {key: state[0] for key, state in states.items()}


def test_search_engines_and_open_referral_hear_there_is_nothing_to_add(vat_site: Path) -> None:
    html = (vat_site / "offers/quiet-hands/knitting/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])  # type: ignore[index]
    assert data["offers"][0]["priceSpecification"]["valueAddedTaxIncluded"] is True

    rows = csv.DictReader(io.StringIO((vat_site / "openreferral/cost_options.csv").read_text()))
    words = sorted(row["amount_description"] for row in rows)
    assert words == [
        "Per session, in GBP.",
        "Per session, in GBP.",  # the free tea: nothing to say of VAT
        "Per session, in GBP. No VAT to add: Quiet Hands SCIO is not VAT-registered.",
        "Per session, in GBP. No VAT to add: Quiet Hands SCIO is not VAT-registered.",
        "Per session, in GBP. VAT is added to these prices.",
    ]
