"""Building the catalogue from content that has passed its checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..content.files import ContentTree
from ..content.languages import language_code
from ..content.loader import parse_date
from ..content.translations import Language, formatting_locale, site_languages
from .catalogue import Catalogue
from .ledger import attach_orders
from .objects import Contact, Feedback, Offer, Organisation, Price, Site, Supplier, Term
from .translated import localised_tree


def build_catalogue(
    tree: ContentTree,
    updated: dict[str, dt.date],
    today: dt.date,
    drafts: bool = False,
    language: Language | None = None,
) -> Catalogue:
    """Turn checked content (no errors) into the catalogue the site shows, in one of its languages
    (the main one by default); updated: each offer's "last updated" date by display path."""
    assert tree.site is not None, "build_catalogue needs content without errors"
    site = make_site(tree.site.data)
    if language is not None and not language.main:
        tree = localised_tree(tree, language, site.main_language)
        site = make_site(tree.site.data if tree.site else {}, language)
    suppliers = {
        sid: make_supplier(sid, doc.data, site, doc.digest, doc.path)
        for sid, doc in sorted(tree.suppliers.items())
    }
    organisations = {
        oid: _organisation(oid, doc.data, site, doc.digest, doc.path)
        for oid, doc in sorted(tree.organisations.items())
    }
    offers = []
    for key, document in sorted(tree.offers.items()):
        supplier_id, offer_id = key.split("/")
        data = document.data
        if data.get("status") == "draft" and not drafts:
            continue
        when = updated.get(document.path, today)
        offer = make_offer(offer_id, data, suppliers[supplier_id], site, today, when, document.path)
        offer.digest = document.digest
        suppliers[supplier_id].offers.append(offer)
        offers.append(offer)
    _attach_feedback(offers, organisations)
    orders = attach_orders(tree, organisations, suppliers, offers)
    return Catalogue(site, suppliers, offers, organisations, today, drafts, orders)


def other_languages(catalogue: Catalogue, tree: ContentTree, updated: dict[str, dt.date]) -> list[Catalogue]:
    """The catalogue in each of the site's other languages, in site.yaml's order."""
    return [
        build_catalogue(tree, updated, catalogue.today, catalogue.drafts, language)
        for language in catalogue.site.languages[1:]
    ]


def _terms(ids: Any, known: dict[str, Term]) -> list[Term]:
    return [known[i] for i in ids or [] if i in known]


def _vocabulary(items: list[dict[str, Any]]) -> dict[str, Term]:
    return {i["id"]: Term(i["id"], i["label"], i.get("description", ""), i.get("parent")) for i in items}


def make_site(data: dict[str, Any], language: Language | None = None) -> Site:
    """The site's settings and vocabularies, as a page in `language` shows them (the main one by default)."""
    languages = site_languages(data)
    language = language or languages[0]
    locale = data.get("locale", "en-GB")
    brand = data.get("brand") or {}
    return Site(
        title=data["title"],
        tagline=data.get("tagline", ""),
        base_url=data.get("base_url", ""),
        currency=data.get("currency", "GBP"),
        locale=formatting_locale(language, locale) if len(languages) > 1 else locale,
        contact_email=data["contact_email"],
        repository=data.get("repository"),
        coordinators=list(data.get("coordinators", [])),
        categories=_vocabulary(data["categories"]),
        areas=_vocabulary(data["areas"]),
        audiences=_vocabulary(data["audiences"]),
        scheme_published=(data.get("scheme") or {}).get("publish", True),
        languages=languages,
        language=language,
        branch=data.get("branch", "main"),
        brand_colour=brand.get("colour", "").lower(),
        brand_logo=brand.get("logo", ""),
        brand_logo_alt=brand.get("logo_alt", ""),
    )


def make_supplier(
    supplier_id: str, data: dict[str, Any], site: Site, digest: str, source: str = ""
) -> Supplier:
    return Supplier(
        id=supplier_id,
        name=data["name"],
        summary=data["summary"],
        description=data.get("description", ""),
        legal_form=data["legal_form"],
        registration_number=data.get("registration_number", ""),
        website=data.get("website", ""),
        email=data["email"],
        phone=data.get("phone", ""),
        locality=data.get("locality", ""),
        vat_registered=data.get("vat_registered"),
        areas=_terms(data.get("areas"), site.areas),
        logo=data.get("logo", ""),
        logo_alt=data.get("logo_alt", ""),
        maintainers=list(data["maintainers"]),
        digest=digest,
        source=source,
    )


def make_offer(
    offer_id: str,
    data: dict[str, Any],
    supplier: Supplier,
    site: Site,
    today: dt.date,
    updated: dt.date,
    source: str,
) -> Offer:
    start = parse_date(data.get("available_from"))
    end = parse_date(data.get("available_until"))
    group = data.get("group_size") or {}
    return Offer(
        supplier=supplier,
        id=offer_id,
        title=data["title"],
        summary=data["summary"],
        description=data["description"],
        category=site.categories[data["category"]],
        tags=list(data.get("tags", [])),
        prices=[make_price(p) for p in data["prices"]],
        includes_vat=data.get("includes_vat"),
        delivery=[d for d in ("in_person", "online") if d in data["delivery"]],
        areas=_terms(data.get("areas"), site.areas),
        audiences=_terms(data.get("audiences"), site.audiences),
        group_min=group.get("min"),
        group_max=group.get("max"),
        duration=data.get("duration", ""),
        languages=list(data.get("languages", [])),
        language_codes=[language_code(name) or "" for name in data.get("languages", [])],
        accessibility=data.get("accessibility", ""),
        safeguarding=data.get("safeguarding", ""),
        outcomes=list(data.get("outcomes", [])),
        lead_time_days=data.get("lead_time_days"),
        available_from=start,
        available_until=end,
        contact=Contact(**(data.get("contact") or {})),
        image=data.get("image", ""),
        image_alt=data.get("image_alt", ""),
        draft=data.get("status") == "draft",
        updated=updated,
        expired=bool(end and end < today),
        upcoming=bool(start and start > today),
        source=source,
    )


def make_price(data: dict[str, Any]) -> Price:
    """One price option; a price without a minimum can be booked one at a time."""
    return Price(
        Decimal(str(data["amount"])),
        data["unit"],
        data.get("label", ""),
        data.get("notes", ""),
        minimum=int(data.get("minimum", 1)),
        add_on=data.get("add_on") is True,
    )


def _organisation(
    organisation_id: str, data: dict[str, Any], site: Site, digest: str, source: str
) -> Organisation:
    budget = (data.get("budget") or {}).get("amount")
    return Organisation(
        id=organisation_id,
        name=data["name"],
        summary=data["summary"],
        description=data.get("description", ""),
        area=site.areas[data["area"]],
        audiences=_terms(data.get("audiences"), site.audiences),
        interests=_terms(data.get("interests"), site.categories),
        budget=Decimal(str(budget)) if budget is not None else None,
        website=data.get("website", ""),
        email=data.get("email", ""),
        logo=data.get("logo", ""),
        logo_alt=data.get("logo_alt", ""),
        feedback=[
            (f["offer"], dt.date.fromisoformat(f["date"]), f["comment"]) for f in data.get("feedback", [])
        ],
        digest=digest,
        source=source,
    )


def _attach_feedback(offers: list[Offer], organisations: dict[str, Organisation]) -> None:
    by_key = {offer.key: offer for offer in offers}
    for organisation in organisations.values():
        for key, when, comment in organisation.feedback:
            if key in by_key:
                by_key[key].feedback.append(Feedback(organisation, when, comment))
    for offer in offers:
        offer.feedback.sort(key=lambda f: f.date, reverse=True)
