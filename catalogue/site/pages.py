"""Which pages the site has, at which URL, with which template and data."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from ..content.starters import ORDER_SCHEMA_COMMENT
from ..model.catalogue import Catalogue
from ..model.objects import PRICE_BANDS, Offer, Term
from .contribute import contribute_context
from .listings import by_price, by_title, newest_first, paginated, price_bands
from .page import Page
from .printed import print_pages
from .scheme import scheme_page

BEST_MATCHES = 24  # an organisation's page suggests this many; its categories and area list the rest
# An area page lists the online offers itself up to this many; beyond, it links to /offers/online/
# (on a national menu every area page would otherwise repeat thousands of the same cards).
ONLINE_ON_AREA_PAGES = 24


def list_pages(catalogue: Catalogue, base_path: str, search_parts: list[str]) -> Iterator[Page]:
    """Every HTML page of the site; search_parts: the folders of its search index's parts after the first."""
    current = by_title(catalogue.current_offers)
    online = [o for o in current if o.online]
    yield home_page(catalogue, current)
    yield from offer_listings(current, online)
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
        {
            "organisations": sorted(catalogue.organisations.values(), key=lambda o: o.name.lower()),
            "order_header": ORDER_SCHEMA_COMMENT,  # the first line of the order file it writes
        },
    )
    yield from print_pages(catalogue, current)
    if catalogue.site.scheme_published:
        yield scheme_page(catalogue)
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


def offer_listings(current: list[Offer], online: list[Offer]) -> Iterator[Page]:
    """Every current offer A to Z, the same cheapest first in price bands, and the online ones."""
    bands = price_bands(current, "offers/by-price/")
    yield from paginated("offers/", "offers.html", {"view": "title", "bands": bands}, current)
    for page in paginated(
        "offers/by-price/", "offers.html", {"view": "price", "bands": bands}, by_price(current)
    ):
        page.context["groups"] = band_groups(page.context["offers"])
        yield page
    yield from paginated("offers/online/", "online.html", {}, online)


def band_groups(offers: list[Offer]) -> list[tuple[str, str, list[Offer]]]:
    """Offers sorted by price, in runs of one price band each: (band id, label, offers)."""
    groups: list[tuple[str, str, list[Offer]]] = []
    for offer in offers:
        band_id, label = offer.price_band
        if not groups or groups[-1][0] != band_id:
            groups.append((band_id, label, []))
        groups[-1][2].append(offer)
    return groups


def term_pages(catalogue: Catalogue, current: list[Offer], online: list[Offer]) -> Iterator[Page]:
    """The pages of each category, area and audience, and the list of areas."""
    site = catalogue.site
    for category in site.categories.values():
        offers = [o for o in current if o.category.id == category.id]
        yield from paginated(f"categories/{category.id}/", "category.html", {"category": category}, offers)
    for area in site.areas.values():
        yield from area_pages(catalogue, area, online)
    regions = [a for a in site.areas.values() if not a.parent or a.parent not in site.areas]
    yield Page("areas/index.html", "areas.html", {"regions": regions})
    for audience in site.audiences.values():
        offers = [o for o in current if audience in o.audiences]
        yield from paginated(f"audiences/{audience.id}/", "audience.html", {"audience": audience}, offers)


def area_pages(catalogue: Catalogue, area: Term, online: list[Offer]) -> Iterator[Page]:
    site = catalogue.site
    context = {
        "area": area,
        "parent": site.areas.get(area.parent or ""),
        "children": site.area_children(area.id),
        "online": online if len(online) <= ONLINE_ON_AREA_PAGES else [],
        "online_count": len(online),
    }
    offers = by_title(catalogue.offers_in_area(area.id))
    yield from paginated(f"areas/{area.id}/", "area.html", context, offers)


def profile_pages(catalogue: Catalogue) -> Iterator[Page]:
    """The suppliers' and the organisations' pages, and their lists."""
    suppliers = list(catalogue.suppliers.values())
    yield from paginated("suppliers/", "suppliers.html", {}, suppliers, "suppliers")
    for supplier in suppliers:
        offers = by_title([o for o in supplier.offers if not o.expired])
        yield from paginated(supplier.url, "supplier.html", {"supplier": supplier}, offers)
    organisations = list(catalogue.organisations.values())
    yield from paginated("organisations/", "organisations.html", {}, organisations, "organisations")
    for organisation in organisations:
        matches, count = catalogue.matches_for(organisation, BEST_MATCHES)
        yield Page(
            f"{organisation.url}index.html",
            "organisation.html",
            {"organisation": organisation, "offers": matches, "match_count": count},
        )


def site_base_url(url: str) -> str:
    """The absolute URL of the site root, always ending in a slash ('/' when unknown)."""
    return url.rstrip("/") + "/" if url else "/"


def base_path(base_url: str) -> str:
    """The site root's path: "/menu/" for https://example.org/menu/."""
    return urlsplit(base_url).path or "/"
