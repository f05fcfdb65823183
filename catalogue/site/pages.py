"""Which pages the site has, at which URL, with which template and data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..model.catalogue import Catalogue
from ..model.objects import PRICE_BANDS, Offer, Term
from .contribute import contribute_context

BEST_MATCHES = 24  # an organisation's page suggests this many; its categories and area list the rest
# An area page lists the online offers itself up to this many; beyond, it links to /offers/online/
# (on a national menu every area page would otherwise repeat thousands of the same cards).
ONLINE_ON_AREA_PAGES = 24


@dataclass
class Page:
    """One page: where it is written, what renders it and with what."""

    path: str  # output file, relative to the site root: "offers/a/b/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    # URL prefix back to the site root; None means "../" per folder level.
    root: str | None = None

    @property
    def url(self) -> str:
        return self.path.removesuffix("index.html")

    def root_prefix(self) -> str:
        if self.root is not None:
            return self.root
        return "../" * self.path.count("/")


def by_title(offers: list[Offer]) -> list[Offer]:
    return sorted(offers, key=lambda o: (o.title.lower(), o.key))


def newest_first(offers: list[Offer]) -> list[Offer]:
    return sorted(offers, key=lambda o: (o.updated, o.key), reverse=True)


def by_price(offers: list[Offer]) -> list[Offer]:
    return sorted(offers, key=lambda o: (o.lowest_price, o.title.lower(), o.key))


def price_groups(offers: list[Offer]) -> list[tuple[str, str, list[Offer]]]:
    """Offers grouped by the band of their lowest price, cheapest first."""
    groups = []
    cheapest_first = by_price(offers)
    for band_id, label, *_ in PRICE_BANDS:
        members = [o for o in cheapest_first if o.price_band[0] == band_id]
        if members:
            groups.append((band_id, label, members))
    return groups


def list_pages(catalogue: Catalogue, base_path: str, search_parts: list[str]) -> Iterator[Page]:
    """Every HTML page of the site; search_parts: the folders of its search index's parts after the first."""
    current = by_title(catalogue.current_offers)
    yield home_page(catalogue, current)
    yield Page("offers/index.html", "offers.html", {"offers": current, "groups": price_groups(current)})
    online = [o for o in current if o.online]
    yield Page("offers/online/index.html", "online.html", {"offers": online})
    yield from map(offer_page, catalogue.offers)
    yield from term_pages(catalogue, current, online)
    yield from profile_pages(catalogue)
    yield Page(
        "search/index.html",
        "search.html",
        {"price_bands": [label for _, label, *_ in PRICE_BANDS], "search_parts": search_parts},
    )
    yield Page("contribute/index.html", "contribute.html", contribute_context(catalogue))
    yield Page(
        "shortlist/index.html",
        "shortlist.html",
        {"organisations": sorted(catalogue.organisations.values(), key=lambda o: o.name.lower())},
    )
    yield print_page(catalogue, current)
    yield Page("404.html", "404.html", {}, root=base_path)


def offer_page(offer: Offer) -> Page:
    """An offer's page: it shows the offer, its supplier, the site and its feedback, nothing else."""
    return Page(f"{offer.url}index.html", "offer.html", {"offer": offer})


def home_page(catalogue: Catalogue, current: list[Offer]) -> Page:
    counts = {c: sum(o.category.id == c for o in current) for c in catalogue.site.categories}
    return Page(
        "index.html",
        "home.html",
        {
            "categories": [(c, counts[c.id]) for c in catalogue.site.categories.values()],
            "newest": newest_first(current)[:6],
            "offer_count": len(current),
            "supplier_count": sum(bool(s.offers) for s in catalogue.suppliers.values()),
        },
    )


def term_pages(catalogue: Catalogue, current: list[Offer], online: list[Offer]) -> Iterator[Page]:
    """The pages of each category, area and audience, and the list of areas."""
    site = catalogue.site
    for category in site.categories.values():
        offers = [o for o in current if o.category.id == category.id]
        yield Page(
            f"categories/{category.id}/index.html", "category.html", {"category": category, "offers": offers}
        )
    for area in site.areas.values():
        yield area_page(catalogue, area, online)
    regions = [a for a in site.areas.values() if not a.parent or a.parent not in site.areas]
    yield Page("areas/index.html", "areas.html", {"regions": regions})
    for audience in site.audiences.values():
        offers = [o for o in current if audience in o.audiences]
        yield Page(
            f"audiences/{audience.id}/index.html", "audience.html", {"audience": audience, "offers": offers}
        )


def area_page(catalogue: Catalogue, area: Term, online: list[Offer]) -> Page:
    site = catalogue.site
    context = {
        "area": area,
        "parent": site.areas.get(area.parent or ""),
        "children": site.area_children(area.id),
        "offers": by_title(catalogue.offers_in_area(area.id)),
        "online": online if len(online) <= ONLINE_ON_AREA_PAGES else [],
        "online_count": len(online),
    }
    return Page(f"areas/{area.id}/index.html", "area.html", context)


def profile_pages(catalogue: Catalogue) -> Iterator[Page]:
    """The suppliers' and the organisations' pages, and their lists."""
    yield Page("suppliers/index.html", "suppliers.html", {"suppliers": list(catalogue.suppliers.values())})
    for supplier in catalogue.suppliers.values():
        offers = by_title([o for o in supplier.offers if not o.expired])
        yield Page(f"{supplier.url}index.html", "supplier.html", {"supplier": supplier, "offers": offers})
    organisations = list(catalogue.organisations.values())
    yield Page("organisations/index.html", "organisations.html", {"organisations": organisations})
    for organisation in organisations:
        matches, count = catalogue.matches_for(organisation, BEST_MATCHES)
        yield Page(
            f"{organisation.url}index.html",
            "organisation.html",
            {"organisation": organisation, "offers": matches, "match_count": count},
        )


def print_page(catalogue: Catalogue, current: list[Offer]) -> Page:
    groups = [(c, [o for o in current if o.category.id == c.id]) for c in catalogue.site.categories.values()]
    # The print page says "as of" today: the date is in its context so that its fingerprint changes daily.
    printed = {"groups": [(c, o) for c, o in groups if o], "today": catalogue.today}
    return Page("print/index.html", "print.html", printed)


def site_base_url(url: str) -> str:
    """The absolute URL of the site root, always ending in a slash ('/' when unknown)."""
    return url.rstrip("/") + "/" if url else "/"


def base_path(base_url: str) -> str:
    """The site root's path: "/menu/" for https://example.org/menu/."""
    return urlsplit(base_url).path or "/"
