"""Listings of offers, a page of cards at a time, so that no page grows with the catalogue.

Each listing keeps its URL for its first page (`offers/`, `categories/arts/`) and puts the
others under it (`offers/page/2/`), linked with numbered pages and rel="prev"/"next", so
that following "Next" from the first page reaches every offer it lists. Counts and the
link to search say how many offers the whole listing holds, not one page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..content.layout import PAGE
from ..model.objects import PRICE_BANDS, Offer, Site, Term
from .page import Page

PER_PAGE = 24  # cards on one page of a listing: a grid of 1, 2, 3 or 4 columns comes out even
NEAR = 2  # numbered links on each side of the current page; the first and last are always shown

Item = TypeVar("Item")


@dataclass(frozen=True)
class Pager:
    """Where one page of a listing sits among the others."""

    number: int  # from 1
    count: int  # pages in the listing
    url: str  # the listing's first page: "offers/"
    total: int  # items in the whole listing

    def page_url(self, number: int) -> str:
        return self.url if number == 1 else f"{self.url}{PAGE}/{number}/"

    @property
    def previous_url(self) -> str:
        return self.page_url(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self.page_url(self.number + 1) if self.number < self.count else ""

    @property
    def first_shown(self) -> int:
        """The place in the whole listing of this page's first item, from 1."""
        return (self.number - 1) * PER_PAGE + 1

    @property
    def last_shown(self) -> int:
        return min(self.number * PER_PAGE, self.total)

    def numbers(self) -> list[int | None]:
        """The page numbers to link, None where a run of them is left out: 1 … 4 5 6 7 8 … 417."""
        wanted = {1, self.count, *range(self.number - NEAR, self.number + NEAR + 1)}
        shown: list[int | None] = []
        for number in sorted(n for n in wanted if 1 <= n <= self.count):
            if shown and shown[-1] is not None and number > shown[-1] + 1:
                shown.append(None)
            shown.append(number)
        return shown


def pages_of(items: Sequence[Item], url: str) -> Iterator[tuple[Pager, Sequence[Item]]]:
    """Each page of a listing of items, with its pager; an empty listing has one empty page."""
    count = max(1, -(-len(items) // PER_PAGE))
    for number in range(1, count + 1):
        start = (number - 1) * PER_PAGE
        yield Pager(number, count, url, len(items)), items[start : start + PER_PAGE]


def paginated(
    url: str, template: str, context: dict[str, Any], items: Sequence[Any], name: str = "offers"
) -> Iterator[Page]:
    """The pages of one listing: each with the context, a page of the items (as `name`) and its pager."""
    for pager, chunk in pages_of(items, url):
        page_context = {**context, name: list(chunk), "pager": pager}
        yield Page(f"{pager.page_url(pager.number)}index.html", template, page_context)


@dataclass(frozen=True)
class Choices:
    """What a listing's filters offer: only what some offer of the whole listing has, so that no
    choice can only empty it, whichever of its pages it is made on."""

    audiences: list[Term]
    categories: list[Term]
    areas: list[Term]
    languages: list[str]  # BCP 47 codes, named on the page in its language


@dataclass
class ChoiceFinder:
    """Each listing's Choices; the areas related to each area (Site.related_areas) found once."""

    site: Site
    related: dict[str, set[str]] = field(default_factory=dict)

    def __call__(self, offers: Sequence[Offer]) -> Choices:
        site = self.site
        audiences = {a.id for o in offers for a in o.audiences}
        categories = {o.category.id for o in offers}
        areas = set().union(*(self.related_areas(a) for a in set().union(*(o.area_ids for o in offers))))
        return Choices(
            audiences=[t for t in site.audiences.values() if t.id in audiences],
            categories=[t for t in site.categories.values() if t.id in categories],
            areas=[t for t in site.areas.values() if t.id in areas],
            languages=sorted({code for o in offers for code in o.delivered_in}),
        )

    def related_areas(self, area_id: str) -> set[str]:
        if area_id not in self.related:
            self.related[area_id] = self.site.related_areas(area_id)
        return self.related[area_id]


LISTING_FILE = "listing.json"  # beside a listing's first page, when it has more than one


def offer_listing(
    url: str,
    template: str,
    context: dict[str, Any],
    offers: Sequence[Offer],
    choices: Callable[[Sequence[Offer]], Choices],
    note: Callable[[Offer], str] | None = None,
) -> Iterator[Page]:
    """The pages of a listing of offers, each with the choices of the listing's filters (and each
    card's note, if any). A listing of several pages also has its LISTING_FILE: every offer it
    holds, in order, for static/filters.js to filter and sort all of them on any of its pages."""
    pages = list(paginated(url, template, {**context, "choices": choices(offers)}, offers))
    for page in pages:
        if note:
            page.context["notes"] = {o.key: note(o) for o in page.context["offers"]}
        yield page
    if len(pages) > 1:
        notes = [note(o) for o in offers] if note else []
        yield Page(f"{url}{LISTING_FILE}", "listing.json", {"keys": [o.key for o in offers], "notes": notes})


def by_title(offers: list[Offer]) -> list[Offer]:
    return sorted(offers, key=lambda o: (o.title.lower(), o.key))


def by_price(offers: list[Offer]) -> list[Offer]:
    return sorted(offers, key=lambda o: (o.lowest_price, o.title.lower(), o.key))


def newest_first(offers: list[Offer]) -> list[Offer]:
    return sorted(offers, key=lambda o: (o.updated, o.key), reverse=True)


@dataclass(frozen=True)
class Band:
    """A price band of a listing: how many offers fall in it, and the page of the price view it starts on."""

    id: str
    label: str
    count: int
    url: str  # the page of the price view where the band starts


def price_bands(offers: list[Offer], url: str) -> list[Band]:
    """The bands of the price view at url (offers sorted by by_price), cheapest first."""
    bands = []
    place = 0
    for band_id, label, *_ in PRICE_BANDS:
        count = sum(o.price_band[0] == band_id for o in offers)
        if count:
            pager = Pager(place // PER_PAGE + 1, 1, url, len(offers))
            bands.append(Band(band_id, label, count, pager.page_url(pager.number)))
            place += count
    return bands
