"""The catalogue: everything the site shows, and the questions pages ask of it."""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass, field
from functools import cached_property

from .ledger import Scheme, scheme_of
from .objects import Offer, Order, Organisation, Site, Supplier


@dataclass
class Catalogue:
    """Everything the site shows, after the rules for drafts and expiry are applied."""

    site: Site
    suppliers: dict[str, Supplier]
    offers: list[Offer]  # every offer with a page: published (and drafts when shown), expired included
    organisations: dict[str, Organisation]
    today: dt.date
    drafts: bool
    orders: list[Order] = field(default_factory=list)  # every order, by file

    @cached_property
    def scheme(self) -> Scheme:
        """The scheme's totals and the organisations and suppliers in it (model/ledger.py)."""
        organisations, suppliers = list(self.organisations.values()), list(self.suppliers.values())
        return scheme_of(self.site.scheme_published, organisations, suppliers, self.orders)

    @cached_property
    def current_offers(self) -> list[Offer]:
        """Offers shown in listings, search, feeds and exports."""
        return [o for o in self.offers if not o.expired]

    def offers_in_area(self, area_id: str) -> list[Offer]:
        """In-person offers delivered in the area, in a region containing it, or in one it contains."""
        related = self.site.related_areas(area_id)
        return [o for o in self.current_offers if o.in_person and not related.isdisjoint(o.area_ids)]

    def matches_for(self, organisation: Organisation, limit: int | None = None) -> tuple[list[Offer], int]:
        """The best offers for an organisation, best first, and how many match in all.

        An offer matches when the organisation could have it (online, or in person in its
        area, a region containing it or a place inside it: Site.related_areas) and it is in
        one of its interests or for one of
        its audiences. Set operations keep this fast for thousands of offers.
        """
        index = self._index
        places = self.site.related_areas(organisation.area.id)
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
