"""Typed catalogue objects built from content that has passed validation."""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from .validate import CheckResult, parse_date

UNIT_WORDS = {
    "per_session": "per session",
    "per_block": "per block",
    "per_person": "per person",
    "per_hour": "per hour",
    "per_day": "per day",
    "per_group": "per group",
    "fixed": "fixed price",
}
UNIT_NOUNS = {
    "per_session": "sessions",
    "per_block": "blocks",
    "per_person": "people",
    "per_hour": "hours",
    "per_day": "days",
    "per_group": "groups",
    "fixed": "bookings",
}
PRICE_BANDS = [
    ("free", "Free", Decimal(0), Decimal(0)),
    ("under-100", "Under £100", Decimal("0.01"), Decimal("99.99")),
    ("100-499", "£100–£499", Decimal(100), Decimal("499.99")),
    ("500-999", "£500–£999", Decimal(500), Decimal("999.99")),
    ("1000-plus", "£1,000 and over", Decimal(1000), None),
]


@dataclass(frozen=True)
class Term:
    """A vocabulary entry from site.yaml: a category, area or audience."""

    id: str
    label: str
    description: str = ""
    parent: str | None = None


@dataclass
class Site:
    title: str
    tagline: str
    base_url: str
    currency: str
    locale: str
    contact_email: str
    repository: str | None
    coordinators: list[str]
    categories: dict[str, Term]
    areas: dict[str, Term]
    audiences: dict[str, Term]

    def area_ancestors(self, area_id: str) -> list[str]:
        """The regions containing an area, nearest first."""
        found: list[str] = []
        parent = self.areas[area_id].parent if area_id in self.areas else None
        while parent and parent in self.areas and parent not in found:
            found.append(parent)
            parent = self.areas[parent].parent
        return found

    def area_children(self, area_id: str) -> list[Term]:
        return [a for a in self.areas.values() if a.parent == area_id]

    def area_descendants(self, area_id: str) -> set[str]:
        return {a for a in self.areas if area_id in self.area_ancestors(a)}


@dataclass(frozen=True)
class Price:
    amount: Decimal
    unit: str
    label: str = ""
    notes: str = ""

    @property
    def unit_words(self) -> str:
        return UNIT_WORDS[self.unit]

    @property
    def is_free(self) -> bool:
        return self.amount == 0


@dataclass
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""
    url: str = ""


@dataclass
class Supplier:
    id: str
    name: str
    summary: str
    description: str
    legal_form: str
    registration_number: str
    website: str
    email: str
    phone: str
    locality: str
    areas: list[Term]
    logo: str
    logo_alt: str
    maintainers: list[str]
    offers: list[Offer] = field(default_factory=list)
    digest: str = ""

    @property
    def url(self) -> str:
        return f"suppliers/{self.id}/"


@dataclass
class Feedback:
    organisation: Organisation
    date: dt.date
    comment: str


@dataclass
class Offer:
    supplier: Supplier
    id: str
    title: str
    summary: str
    description: str
    category: Term
    tags: list[str]
    prices: list[Price]
    includes_vat: bool | None
    delivery: list[str]
    areas: list[Term]
    audiences: list[Term]
    group_min: int | None
    group_max: int | None
    duration: str
    languages: list[str]
    accessibility: str
    safeguarding: str
    outcomes: list[str]
    lead_time_days: int | None
    available_from: dt.date | None
    available_until: dt.date | None
    contact: Contact
    image: str
    image_alt: str
    draft: bool
    updated: dt.date
    expired: bool
    upcoming: bool
    source: str  # display path of the offer's file
    feedback: list[Feedback] = field(default_factory=list)
    digest: str = ""

    @property
    def key(self) -> str:
        return f"{self.supplier.id}/{self.id}"

    @property
    def url(self) -> str:
        return f"offers/{self.supplier.id}/{self.id}/"

    @property
    def lowest_price(self) -> Decimal:
        return min(p.amount for p in self.prices)

    @property
    def is_free(self) -> bool:
        return self.lowest_price == 0

    @property
    def online(self) -> bool:
        return "online" in self.delivery

    @property
    def in_person(self) -> bool:
        return "in_person" in self.delivery

    @property
    def price_band(self) -> tuple[str, str]:
        price = self.lowest_price
        for band_id, label, low, high in PRICE_BANDS:
            if price >= low and (high is None or price <= high):
                return band_id, label
        return PRICE_BANDS[-1][0], PRICE_BANDS[-1][1]

    @cached_property
    def area_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.areas)

    @cached_property
    def audience_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.audiences)

    @property
    def enquiry_email(self) -> str:
        return self.contact.email or self.supplier.email

    @property
    def enquiry_phone(self) -> str:
        return self.contact.phone or self.supplier.phone


@dataclass
class Organisation:
    id: str
    name: str
    summary: str
    description: str
    area: Term
    audiences: list[Term]
    interests: list[Term]
    budget: Decimal | None
    website: str
    email: str
    logo: str
    logo_alt: str
    feedback: list[tuple[str, dt.date, str]]
    digest: str = ""

    @property
    def url(self) -> str:
        return f"organisations/{self.id}/"


@dataclass
class Catalogue:
    """Everything the site shows, after the rules for drafts and expiry are applied."""

    site: Site
    suppliers: dict[str, Supplier]
    offers: list[Offer]  # every offer with a page: published (and drafts when shown), expired included
    organisations: dict[str, Organisation]
    today: dt.date
    drafts: bool

    @cached_property
    def current_offers(self) -> list[Offer]:
        """Offers shown in listings, search, feeds and exports."""
        return [o for o in self.offers if not o.expired]

    def offers_in_area(self, area_id: str) -> list[Offer]:
        """In-person offers delivered in the area, in a region containing it, or in one it contains."""
        related = {area_id, *self.site.area_ancestors(area_id), *self.site.area_descendants(area_id)}
        return [o for o in self.current_offers if o.in_person and not related.isdisjoint(o.area_ids)]

    def matches_for(self, organisation: Organisation, limit: int | None = None) -> tuple[list[Offer], int]:
        """The best offers for an organisation, best first, and how many match in all.

        An offer matches when the organisation could have it (online, or in person in its
        area or a region containing it) and it is in one of its interests or for one of
        its audiences. Set operations keep this fast for thousands of offers.
        """
        index = self._index
        places = {organisation.area.id, *self.site.area_ancestors(organisation.area.id)}
        available = index.online.union(*(index.by_area.get(p, set()) for p in places))
        local = set().union(*(index.by_area.get(p, set()) for p in places))
        in_interests = set().union(*(index.by_category.get(t.id, set()) for t in organisation.interests))
        by_audience = [index.by_audience.get(t.id, set()) for t in organisation.audiences]
        matched = (in_interests.union(*by_audience)) & available
        # Best score first, then A to Z by title (and file): one integer per offer to compare.
        score = dict.fromkeys(matched, 0)
        for group, points in [(in_interests, 4), *((g, 2) for g in by_audience), (local, 1)]:
            for i in group & matched:
                score[i] += points
        order, worst = index.order, len(index.offers)
        ranked = [(-points * worst + order[i], i) for i, points in score.items()]
        chosen = heapq.nsmallest(limit, ranked) if limit else sorted(ranked)
        return [index.offers[i] for _, i in chosen], len(matched)

    @cached_property
    def _index(self) -> _OfferIndex:
        return _OfferIndex(self.current_offers)


class _OfferIndex:
    """Current offers by number, with sets of numbers by category, audience and area."""

    def __init__(self, offers: list[Offer]) -> None:
        self.offers = offers
        by_title = sorted(range(len(offers)), key=lambda i: (offers[i].title.lower(), offers[i].key))
        self.order = [0] * len(offers)  # each offer's place in A-to-Z order
        for place, i in enumerate(by_title):
            self.order[i] = place
        self.online = {i for i, o in enumerate(offers) if o.online}
        self.by_category: dict[str, set[int]] = {}
        self.by_audience: dict[str, set[int]] = {}
        self.by_area: dict[str, set[int]] = {}
        for i, offer in enumerate(offers):
            self.by_category.setdefault(offer.category.id, set()).add(i)
            for audience in offer.audiences:
                self.by_audience.setdefault(audience.id, set()).add(i)
            if offer.in_person:
                for area in offer.areas:
                    self.by_area.setdefault(area.id, set()).add(i)


# --- building the model from checked content ---------------------------------------


def build_catalogue(result: CheckResult, today: dt.date, drafts: bool = False) -> Catalogue:
    """Turn checked content (no errors) into the catalogue the site shows."""
    assert result.tree.site is not None, "build_catalogue needs content without errors"
    site = make_site(result.tree.site.data)
    suppliers = {
        sid: make_supplier(sid, doc.data, site, doc.digest)
        for sid, doc in sorted(result.tree.suppliers.items())
    }
    organisations = {
        oid: _organisation(oid, doc.data, site, doc.digest)
        for oid, doc in sorted(result.tree.organisations.items())
    }
    offers = []
    for key, document in sorted(result.tree.offers.items()):
        supplier_id, offer_id = key.split("/")
        data = document.data
        if data.get("status") == "draft" and not drafts:
            continue
        updated = result.updated.get(document.path, today)
        offer = make_offer(offer_id, data, suppliers[supplier_id], site, today, updated, document.path)
        offer.digest = document.digest
        suppliers[supplier_id].offers.append(offer)
        offers.append(offer)
    _attach_feedback(offers, organisations)
    return Catalogue(site, suppliers, offers, organisations, today, drafts)


def _terms(ids: Any, known: dict[str, Term]) -> list[Term]:
    return [known[i] for i in ids or [] if i in known]


def _vocabulary(items: list[dict[str, Any]]) -> dict[str, Term]:
    return {i["id"]: Term(i["id"], i["label"], i.get("description", ""), i.get("parent")) for i in items}


def make_site(data: dict[str, Any]) -> Site:
    return Site(
        title=data["title"],
        tagline=data.get("tagline", ""),
        base_url=data.get("base_url", ""),
        currency=data.get("currency", "GBP"),
        locale=data.get("locale", "en-GB"),
        contact_email=data["contact_email"],
        repository=data.get("repository"),
        coordinators=list(data.get("coordinators", [])),
        categories=_vocabulary(data["categories"]),
        areas=_vocabulary(data["areas"]),
        audiences=_vocabulary(data["audiences"]),
    )


def make_supplier(supplier_id: str, data: dict[str, Any], site: Site, digest: str) -> Supplier:
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
        areas=_terms(data.get("areas"), site.areas),
        logo=data.get("logo", ""),
        logo_alt=data.get("logo_alt", ""),
        maintainers=list(data["maintainers"]),
        digest=digest,
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
        prices=[
            Price(Decimal(str(p["amount"])), p["unit"], p.get("label", ""), p.get("notes", ""))
            for p in data["prices"]
        ],
        includes_vat=data.get("includes_vat"),
        delivery=[d for d in ("in_person", "online") if d in data["delivery"]],
        areas=_terms(data.get("areas"), site.areas),
        audiences=_terms(data.get("audiences"), site.audiences),
        group_min=group.get("min"),
        group_max=group.get("max"),
        duration=data.get("duration", ""),
        languages=list(data.get("languages", [])),
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


def _organisation(organisation_id: str, data: dict[str, Any], site: Site, digest: str) -> Organisation:
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
    )


def _attach_feedback(offers: list[Offer], organisations: dict[str, Organisation]) -> None:
    by_key = {offer.key: offer for offer in offers}
    for organisation in organisations.values():
        for key, when, comment in organisation.feedback:
            if key in by_key:
                by_key[key].feedback.append(Feedback(organisation, when, comment))
    for offer in offers:
        offer.feedback.sort(key=lambda f: f.date, reverse=True)
