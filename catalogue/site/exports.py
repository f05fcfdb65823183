"""Machine-readable exports: JSON, CSV, Atom feed, sitemap and robots.txt."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

from ..model.catalogue import Catalogue
from ..model.ledger import Scheme
from ..model.objects import Offer, Price
from .listings import newest_first
from .page import Page

EXPORT_VERSION = 1
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def offer_record(offer: Offer, base_url: str) -> dict[str, Any]:
    """One offer as published in offers.json: every field, ids and labels, absolute URLs."""
    return {
        "id": offer.id,
        "key": offer.key,
        "url": absolute(base_url, offer.url),
        "title": offer.title,
        "summary": offer.summary,
        "description_markdown": offer.description,
        "category": {"id": offer.category.id, "label": offer.category.label},
        "tags": offer.tags,
        "prices": [price_record(p) for p in offer.prices],
        "lowest_price": float(offer.lowest_price),
        "includes_vat": offer.nothing_to_add,  # true: nothing to add, VAT included or none charged
        "vat": offer.vat,
        "delivery": offer.delivery,
        "areas": [{"id": a.id, "label": a.label} for a in offer.areas],
        "audiences": [{"id": a.id, "label": a.label} for a in offer.audiences],
        "group_size": {"min": offer.group_min, "max": offer.group_max},
        "duration": offer.duration or None,
        "languages": offer.languages,
        "accessibility": offer.accessibility or None,
        "safeguarding": offer.safeguarding or None,
        "outcomes": offer.outcomes,
        "lead_time_days": offer.lead_time_days,
        "available_from": offer.available_from.isoformat() if offer.available_from else None,
        "available_until": offer.available_until.isoformat() if offer.available_until else None,
        "updated": offer.updated.isoformat(),
        "contact": {
            "name": offer.contact.name or None,
            "email": offer.enquiry_email,
            "phone": offer.enquiry_phone or None,
            "url": offer.contact.url or None,
        },
        "supplier": {
            "id": offer.supplier.id,
            "name": offer.supplier.name,
            "url": absolute(base_url, offer.supplier.url),
            "legal_form": offer.supplier.legal_form,
            "vat_registered": offer.supplier.vat_registered,
            "website": offer.supplier.website or None,
            "email": offer.supplier.email,
        },
    }


def price_record(price: Price) -> dict[str, Any]:
    """One price option in offers.json: minimum and add_on always present, so readers need no default."""
    return {
        "label": price.label or None,
        "amount": float(price.amount),
        "unit": price.unit,
        "notes": price.notes or None,
        "minimum": price.minimum,
        "add_on": price.add_on,
    }


def offers_json(
    catalogue: Catalogue, offers: list[Offer], base_url: str, translations: dict[str, Any] | None = None
) -> bytes:
    """Every current offer; on a multilingual site each with its translations (site/translated.py)."""
    records = [offer_record(o, base_url) for o in offers]
    if translations is not None:
        for offer, record in zip(offers, records, strict=True):
            record["translations"] = translations.get(offer.key, {})
    document = {
        "version": EXPORT_VERSION,
        "site": {
            "title": catalogue.site.title,
            "url": absolute(base_url, ""),
            "currency": catalogue.site.currency,
        },
        "generated_for": catalogue.today.isoformat(),
        "offers": records,
    }
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


SHORTLIST_FIELDS = (
    "key", "url", "title", "prices", "lowest_price", "includes_vat", "vat", "delivery", "areas", "audiences",
    "group_size", "duration", "languages", "accessibility", "lead_time_days", "contact", "supplier",
)  # fmt: skip


def shortlist_json(offers: list[Offer], base_url: str) -> bytes:
    """What the shortlist and compare views need: offers.json without the long text."""
    records = [{k: v for k, v in offer_record(o, base_url).items() if k in SHORTLIST_FIELDS} for o in offers]
    return (json.dumps({"version": EXPORT_VERSION, "offers": records}, separators=(",", ":")) + "\n").encode()


def shortlist_prices(offer: Offer) -> str:
    """The prices as the shortlist's button saves them (data-prices): "amount unit minimum" for each,
    "add_on" after an add-on's, commas between: "385 per_session 1,22.5 per_person 1 add_on".
    A reader of the older "amount unit" form takes the first two words and still works."""
    return ",".join(
        f"{p.amount} {p.unit} {p.minimum}" + (" add_on" if p.add_on else "") for p in offer.prices
    )


def spreadsheet_safe(value: Any) -> str:
    """Text that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


CSV_COLUMNS = [
    "offer_key", "title", "supplier", "category", "price_label", "amount", "unit", "price_notes",
    "delivery", "areas", "audiences", "summary", "url", "email", "price_minimum", "price_add_on", "vat",
]  # fmt: skip


def offers_csv(
    offers: list[Offer],
    base_url: str,
    translations: dict[str, Any] | None = None,
    languages: Sequence[str] = (),
) -> bytes:
    """One row per price option, safe against formula injection; new columns go at the end, so
    that spreadsheets reading columns by position keep working: on a multilingual site, the
    title, summary and price label in each other language (title_cy…), empty where not translated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    extra = [f"{name}_{code}" for code in languages for name in ("title", "summary", "price_label")]
    writer.writerow(CSV_COLUMNS + extra)
    for offer in offers:
        for place, price in enumerate(offer.prices):
            row = [
                offer.key, offer.title, offer.supplier.name, offer.category.label, price.label,
                f"{price.amount:.2f}", price.unit, price.notes, " ".join(offer.delivery),
                "; ".join(a.label for a in offer.areas), "; ".join(a.label for a in offer.audiences),
                offer.summary, absolute(base_url, offer.url), offer.enquiry_email, price.minimum,
                "yes" if price.add_on else "no", offer.vat,
            ]  # fmt: skip
            row += _translated_columns(offer, place, translations or {}, languages)
            writer.writerow([spreadsheet_safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode()


def _translated_columns(
    offer: Offer, place: int, translations: dict[str, Any], languages: Sequence[str]
) -> list[str]:
    columns = []
    for code in languages:
        fields = translations.get(offer.key, {}).get(code, {})
        prices = fields.get("prices", [])
        label = prices[place].get("label", "") if place < len(prices) else ""
        columns += [fields.get("title", ""), fields.get("summary", ""), label]
    return columns


SCHEME_COLUMNS = [
    "kind", "id", "name", "budget", "committed", "delivered", "left", "activities", "organisations_served",
    "url",
]  # fmt: skip


def scheme_csv(scheme: Scheme, base_url: str) -> bytes:
    """The rows of /scheme/: each organisation's spending, each supplier's trade, and the totals.

    A supplier's "committed" is its trade (the items of its offers in committed orders); a
    column that does not apply to a row is left empty. Safe against formula injection.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SCHEME_COLUMNS)
    for o in scheme.organisations:
        spend = o.spend
        row = [
            "organisation", o.id, o.name, _amount(spend.budget), _amount(spend.committed),
            _amount(spend.delivered), _amount(spend.left), spend.activities, "", absolute(base_url, o.url),
        ]  # fmt: skip
        writer.writerow([spreadsheet_safe(v) for v in row])
    for s in scheme.suppliers:
        trade = s.trade
        row = [
            "supplier", s.id, s.name, "", _amount(trade.committed), _amount(trade.delivered), "", "",
            trade.organisations, absolute(base_url, s.url),
        ]  # fmt: skip
        writer.writerow([spreadsheet_safe(v) for v in row])
    total = scheme.spend
    row = [
        "total", "", "", _amount(total.budget), _amount(total.committed), _amount(total.delivered),
        _amount(total.left), total.activities, "", absolute(base_url, "scheme/"),
    ]  # fmt: skip
    writer.writerow([spreadsheet_safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode()


def _amount(amount: Decimal | None) -> str:
    return "" if amount is None else f"{amount:.2f}"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(catalogue: Catalogue, offers: list[Offer], base_url: str) -> bytes:
    """Atom feed of current offers, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    newest = newest_first(offers)
    _sub(feed, "title", catalogue.site.title)
    _sub(feed, "id", absolute(base_url, ""))
    _sub(feed, "updated", _timestamp(newest[0].updated if newest else catalogue.today))
    ET.SubElement(feed, f"{{{ATOM}}}link", href=absolute(base_url, "feed.xml"), rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=absolute(base_url, ""))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _sub(author, "name", catalogue.site.title)
    for offer in newest[:100]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _sub(entry, "title", offer.title)
        _sub(entry, "id", absolute(base_url, offer.url))
        _sub(entry, "updated", _timestamp(offer.updated))
        ET.SubElement(entry, f"{{{ATOM}}}link", href=absolute(base_url, offer.url))
        _sub(entry, "summary", f"{offer.summary} — {offer.supplier.name}")
        ET.SubElement(entry, f"{{{ATOM}}}category", term=offer.category.id, label=offer.category.label)
    return _xml(feed)


def sitemap(pages: list[Page], base_url: str, languages: dict[str, str] | None = None) -> bytes:
    """Every page; on a multilingual site (languages: prefix -> code) each with its versions in
    every language as alternates, as Google reads hreflang from a sitemap."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    versions: dict[str, list[Page]] = {}
    for page in pages:
        versions.setdefault(page.key, []).append(page)
    for page in pages:
        if page.path.endswith("index.html"):
            url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
            _sub(url, "loc", absolute(base_url, page.url), SITEMAP)
            for twin in versions[page.key] if languages else []:
                assert languages is not None
                link = {
                    "rel": "alternate",
                    "hreflang": languages[twin.prefix],
                    "href": absolute(base_url, twin.url),
                }
                ET.SubElement(url, f"{{{XHTML}}}link", link)
    return _xml(urlset)


XHTML = "http://www.w3.org/1999/xhtml"


def robots(base_url: str) -> bytes:
    return f"User-agent: *\nAllow: /\nSitemap: {absolute(base_url, 'sitemap.xml')}\n".encode()


def _sub(parent: ET.Element, tag: str, text: str, namespace: str = ATOM) -> ET.Element:
    element = ET.SubElement(parent, f"{{{namespace}}}{tag}")
    element.text = text
    return element


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def offer_jsonld(offer: Offer, base_url: str, currency: str) -> dict[str, Any]:
    """schema.org Service with its offers, for search engines."""
    url = absolute(base_url, offer.url)
    return {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": offer.title,
        "description": offer.summary,
        "url": url,
        "category": offer.category.label,
        "provider": {
            "@type": "Organization",
            "name": offer.supplier.name,
            "email": offer.supplier.email,
            "url": absolute(base_url, offer.supplier.url),
        },
        "areaServed": [{"@type": "Place", "name": a.label} for a in offer.areas],
        "audience": [{"@type": "Audience", "audienceType": a.label} for a in offer.audiences],
        "offers": [
            {
                "@type": "Offer",
                "name": p.label or offer.title,
                "url": url,
                "priceCurrency": currency,
                "price": f"{p.amount:.2f}",
                **({"priceValidUntil": offer.available_until.isoformat()} if offer.available_until else {}),
                "priceSpecification": {
                    "@type": "UnitPriceSpecification",
                    "price": f"{p.amount:.2f}",
                    "priceCurrency": currency,
                    "unitText": p.unit_words,
                    **_eligible_quantity(p),
                    # True with no VAT to add as well: the price is all there is to pay.
                    **(
                        {"valueAddedTaxIncluded": offer.nothing_to_add}
                        if offer.nothing_to_add is not None
                        else {}
                    ),
                },
            }
            for p in offer.prices
        ],
    }


def _eligible_quantity(price: Price) -> dict[str, Any]:
    """schema.org's way to say a price must be booked several at a time."""
    if price.minimum <= 1:
        return {}
    return {"eligibleQuantity": {"@type": "QuantitativeValue", "minValue": price.minimum}}
