"""The catalogue's objects: typed, checked, ready to show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import PurePath

from ..content.translations import Language
from ..content.vocabulary import Vocabulary
from ..content.words import N_, UNITS, unit_words

# Labels are translated where pages show them ({{ _(label) }}).
PRICE_BANDS = [
    ("free", N_("Free"), Decimal(0), Decimal(0)),
    ("under-100", N_("Under £100"), Decimal("0.01"), Decimal("99.99")),
    ("100-499", N_("£100–£499"), Decimal(100), Decimal("499.99")),
    ("500-999", N_("£500–£999"), Decimal(500), Decimal("999.99")),
    ("1000-plus", N_("£1,000 and over"), Decimal(1000), None),
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
    scheme_published: bool = True  # site.yaml's scheme: {publish: false} keeps the spending private
    languages: list[Language] = field(default_factory=list)  # the main one first
    language: Language = field(default_factory=lambda: Language("en-GB", "English", True))  # of this view
    branch: str = "main"  # the branch the site is published from: edit links open files on it
    brand_colour: str = ""  # the header's background, "#rrggbb"; "" keeps the generator's own
    brand_logo: str = ""  # a picture's path inside the content folder, shown in the header
    brand_logo_alt: str = ""

    @property
    def multilingual(self) -> bool:
        return len(self.languages) > 1

    @property
    def main_language(self) -> Language:
        return self.languages[0] if self.languages else self.language

    @property
    def other_languages(self) -> list[Language]:
        """The site's languages but this view's, in site.yaml's order: the language links' targets."""
        return [language for language in self.languages if language != self.language]

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

    def related_areas(self, area_id: str) -> set[str]:
        """The areas an in-person offer may cover to be delivered in this one: itself, the regions
        containing it (an offer for a region reaches every place in it) and the places inside it.
        The one rule for area pages, search's area filter and organisations' matches."""
        return {area_id, *self.area_ancestors(area_id), *self.area_descendants(area_id)}

    def vocabulary(self) -> Vocabulary:
        """The site's vocabularies as the checks and the starter files see them."""
        return Vocabulary(
            categories={i: t.label for i, t in self.categories.items()},
            areas={i: t.label for i, t in self.areas.items()},
            area_parents={i: t.parent for i, t in self.areas.items() if t.parent},
            audiences={i: t.label for i, t in self.audiences.items()},
        )


@dataclass(frozen=True)
class Price:
    amount: Decimal
    unit: str
    label: str = ""
    notes: str = ""
    minimum: int = 1  # the smallest quantity that can be booked, in the unit
    add_on: bool = False  # an extra bought with another price, never the offer's "from" price

    @property
    def unit_words(self) -> str:
        return unit_words(self.unit)

    @property
    def is_free(self) -> bool:
        return self.amount == 0

    @property
    def minimum_words(self) -> str:
        """ "at least 8 sessions"; empty when one will do, so that pages say nothing needless."""
        if self.minimum <= 1:
            return ""
        unit = UNITS.get(self.unit)
        return f"at least {self.minimum} {unit.many}" if unit else f"at least {self.minimum}"

    @property
    def smallest_booking(self) -> Decimal:
        """What the smallest booking of this price costs: the amount times the minimum."""
        return self.amount * self.minimum


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
    vat_registered: bool | None  # None: not stated; False: none of its prices carry VAT
    areas: list[Term]
    logo: str
    logo_alt: str
    maintainers: list[str]
    offers: list[Offer] = field(default_factory=list)
    digest: str = ""
    orders: list[OrderPart] = field(default_factory=list)  # orders that include its offers, newest first
    trade: Trade = field(default_factory=lambda: Trade())
    source: str = ""  # display path of its supplier.yaml (or .yml)

    @property
    def url(self) -> str:
        return f"suppliers/{self.id}/"

    @property
    def content_path(self) -> str:
        """Its file's path inside the content folder."""
        return f"suppliers/{self.id}/supplier{_suffix(self.source)}"


# How VAT stands on an offer's prices: the one rule for pages, exports and the shortlist.
VAT_INCLUDED = "included"  # the prices include any VAT: nothing to add
VAT_ADDED = "added"  # VAT is added to the prices
VAT_NOT_REGISTERED = "not_registered"  # the supplier is not VAT-registered: there is no VAT to add
VAT_NOT_STATED = "not_stated"


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
    languages: list[str]  # as the supplier wrote them
    language_codes: list[str]  # each one's BCP 47 code, in the same order ("" where check could not tell)
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
    def content_path(self) -> str:
        """Its file's path inside the content folder."""
        return f"suppliers/{self.supplier.id}/offers/{self.id}{_suffix(self.source)}"

    @property
    def bookable_prices(self) -> list[Price]:
        """The prices that can be booked on their own: an add-on only comes with one of these.
        `check` makes sure there is one; all prices stand in if a file slipped past it."""
        return [p for p in self.prices if not p.add_on] or self.prices

    @property
    def starting_price(self) -> Price:
        """The price "From £X" names: the lowest bookable one (the first of equals), with its unit.
        Sorting, price bands, search and the exports all follow it, so they agree with the card."""
        return min(self.bookable_prices, key=lambda p: p.amount)

    @property
    def lowest_price(self) -> Decimal:
        return self.starting_price.amount

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

    @property
    def delivered_in(self) -> list[str]:
        """The codes of the languages it can be delivered in, each once: the language filter's values."""
        return list(dict.fromkeys(code for code in self.language_codes if code))

    @property
    def named_languages(self) -> list[tuple[str, str]]:
        """Each language as written, with its code ("" where it could not be told)."""
        return list(zip(self.languages, self.language_codes, strict=True))

    @cached_property
    def area_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.areas)

    @cached_property
    def audience_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.audiences)

    @property
    def vat(self) -> str:
        """How VAT stands on the prices (VAT_INCLUDED…): a supplier that is not VAT-registered has no
        VAT to add, whatever an offer of it says (`check` refuses includes_vat: false there)."""
        if self.supplier.vat_registered is False:
            return VAT_NOT_REGISTERED
        return {True: VAT_INCLUDED, False: VAT_ADDED}.get(self.includes_vat, VAT_NOT_STATED)  # type: ignore[arg-type]

    @property
    def nothing_to_add(self) -> bool | None:
        """Whether the prices are all there is to pay (no VAT on top); None when not stated. What the
        exports' includes_vat has always meant: true for prices with VAT in, or with none to add."""
        return {VAT_ADDED: False, VAT_NOT_STATED: None}.get(self.vat, True)

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
    orders: list[Order] = field(default_factory=list)  # newest first
    spend: Spend = field(default_factory=lambda: Spend())
    source: str = ""  # display path of its file

    @property
    def url(self) -> str:
        return f"organisations/{self.id}/"

    @property
    def content_path(self) -> str:
        """Its file's path inside the content folder."""
        return f"organisations/{self.id}{_suffix(self.source)}"


def _suffix(source: str) -> str:
    """A content file's suffix, .yaml or .yml (objects made without a file: .yaml)."""
    return PurePath(source).suffix or ".yaml"


# --- the scheme's ledger: orders, and what they spend -------------------------------------

ZERO = Decimal(0)


@dataclass
class OrderItem:
    """One line of an order: an offer, the price option ordered, how many, and the amount agreed."""

    offer_key: str
    title: str
    supplier: Supplier
    offer: Offer | None  # None when the offer has no page in this build (a draft)
    price: Price | None  # the option ordered, as the offer has it (None with the offer)
    quantity: Decimal
    amount: Decimal


@dataclass
class Order:
    """An organisation's order, as its file in content/orders/<organisation-id>/ says."""

    organisation: Organisation
    id: str
    date: dt.date
    status: str  # requested, confirmed, delivered or cancelled
    items: list[OrderItem]
    notes: str
    source: str  # display path of the order's file
    digest: str = ""

    @property
    def key(self) -> str:
        return f"{self.organisation.id}/{self.id}"

    @property
    def committed(self) -> bool:
        """Every order but a cancelled one counts against the budget."""
        return self.status != "cancelled"

    @property
    def delivered(self) -> bool:
        return self.status == "delivered"

    @property
    def amount(self) -> Decimal:
        return sum((item.amount for item in self.items), ZERO)

    @property
    def whole(self) -> OrderPart:
        """The order as its organisation sees it: every item."""
        return OrderPart(self, self.items, self.amount)


@dataclass(frozen=True)
class Spend:
    """A budget and what orders have done to it: an organisation's, or the whole scheme's."""

    budget: Decimal | None = None
    committed: Decimal = ZERO  # all orders but cancelled ones
    delivered: Decimal = ZERO  # delivered orders
    left: Decimal | None = None  # budget - committed; None without a budget
    activities: int = 0  # the different offers in its committed orders


@dataclass(frozen=True)
class OrderPart:
    """The items of an order that one supplier received (or all of them), and what they come to."""

    order: Order
    items: list[OrderItem]
    amount: Decimal


@dataclass(frozen=True)
class Trade:
    """What a supplier's offers have been ordered for: committed and delivered, and for how many."""

    committed: Decimal = ZERO
    delivered: Decimal = ZERO
    organisations: int = 0  # organisations with a committed order of its offers
