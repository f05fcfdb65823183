"""Which pages the site has, at which URL, with which template and data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from ..content.starters import ORDER_SCHEMA_COMMENT
from ..model.catalogue import Catalogue
from ..model.objects import PRICE_BANDS, Offer, Site, Term
from .brand import brand_page
from .contribute import contribute_context
from .language import translations
from .listings import (
    PER_PAGE,
    ChoiceFinder,
    by_price,
    by_title,
    newest_first,
    offer_listing,
    paginated,
    price_bands,
)
from .page import Page, in_language
from .printed import print_pages
from .scheme import scheme_page

CARDS_FILE = "offers/cards.json"  # every current offer's card, once, by offer key
BEST_MATCHES = 24  # an organisation's page suggests this many; its categories and area list the rest
# An area page lists the online offers itself up to this many; beyond, it links to /offers/online/
# (on a national menu every area page would otherwise repeat thousands of the same cards).
ONLINE_ON_AREA_PAGES = 24


def every_page(views: list[Catalogue], base_path: str, search_parts: list[str]) -> list[Page]:
    """Every HTML page of the site in every language (views: the catalogue in each, the main one
    first), the other languages' under their own folder (cy/404.html too: hosts other than GitHub
    Pages can serve a folder's own page for addresses that do not exist), and one stylesheet of the
    brand colour, if any."""
    pages = [
        in_language(page, view.site.language.prefix)
        for view in views
        for page in list_pages(view, base_path, search_parts)
    ]
    brand = brand_page(views[0].site)
    return [*pages, brand] if brand else pages


def list_pages(catalogue: Catalogue, base_path: str, search_parts: list[str]) -> Iterator[Page]:
    """Every HTML page of the site; search_parts: the folders of its search index's parts after the first."""
    current = by_title(catalogue.current_offers)
    online = [o for o in current if o.online]
    words = translations(catalogue.site.language.code)
    choices = ChoiceFinder(catalogue.site)
    yield home_page(catalogue, current)
    yield from offer_listings(current, online, choices)
    yield from map(offer_page, catalogue.offers)
    yield from term_pages(catalogue, current, online, choices)
    yield from profile_pages(catalogue, choices)
    yield Page(
        "search/index.html",
        "search.html",
        {"price_bands": [words.gettext(band[1]) for band in PRICE_BANDS], "search_parts": search_parts},
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


def offer_listings(current: list[Offer], online: list[Offer], choices: ChoiceFinder) -> Iterator[Page]:
    """Every current offer A to Z, the same cheapest first in price bands, and the online ones;
    and, for the filters of listings of several pages, every current offer's card (CARDS_FILE)."""
    bands = price_bands(current, "offers/by-price/")
    yield from offer_listing("offers/", "offers.html", {"view": "title", "bands": bands}, current, choices)
    by_price_view = {"view": "price", "bands": bands}
    for page in offer_listing("offers/by-price/", "offers.html", by_price_view, by_price(current), choices):
        if page.template == "offers.html":
            page.context["groups"] = band_groups(page.context["offers"])
        yield page
    yield from offer_listing("offers/online/", "online.html", {}, online, choices)
    if len(current) > PER_PAGE:
        yield Page(CARDS_FILE, "cards.json", {"offers": current})


def band_groups(offers: list[Offer]) -> list[tuple[str, str, list[Offer]]]:
    """Offers sorted by price, in runs of one price band each: (band id, label, offers)."""
    groups: list[tuple[str, str, list[Offer]]] = []
    for offer in offers:
        band_id, label = offer.price_band
        if not groups or groups[-1][0] != band_id:
            groups.append((band_id, label, []))
        groups[-1][2].append(offer)
    return groups


def term_pages(
    catalogue: Catalogue, current: list[Offer], online: list[Offer], choices: ChoiceFinder
) -> Iterator[Page]:
    """The pages of each category, area and audience, each area's by category, and the list of areas."""
    site = catalogue.site
    in_area = {area.id: area_offers(catalogue, area, online) for area in site.areas.values()}
    for category in site.categories.values():
        offers = [o for o in current if o.category.id == category.id]
        by_area = [(a, n) for a in site.areas.values() if (n := _in(in_area[a.id], category))]
        context = {"category": category, "by_area": by_area}
        yield from offer_listing(f"categories/{category.id}/", "category.html", context, offers, choices)
    for area in site.areas.values():
        yield from area_pages(catalogue, area, in_area[area.id], len(online), choices)
    regions = [a for a in site.areas.values() if not a.parent or a.parent not in site.areas]
    yield Page("areas/index.html", "areas.html", {"regions": regions})
    for audience in site.audiences.values():
        offers = [o for o in current if audience in o.audiences]
        context = {"audience": audience}
        yield from offer_listing(f"audiences/{audience.id}/", "audience.html", context, offers, choices)


def _in(offers: list[Offer], category: Term) -> int:
    return sum(o.category.id == category.id for o in offers)


def area_offers(catalogue: Catalogue, area: Term, online: list[Offer]) -> list[Offer]:
    """An area's offers, each once, A to Z: those delivered in person there (Site.related_areas)
    and, on a menu with few online offers, the online ones too."""
    local = catalogue.offers_in_area(area.id)
    shown = set(map(id, local))
    extra = [o for o in online if id(o) not in shown] if len(online) <= ONLINE_ON_AREA_PAGES else []
    return by_title(local + extra)


def area_pages(
    catalogue: Catalogue, area: Term, offers: list[Offer], online: int, choices: ChoiceFinder
) -> Iterator[Page]:
    """An area's page, and one for each category it has offers in (areas/<area>/<category>/, so
    that the two filters combine without script), each card saying how it reaches the area."""
    site = catalogue.site
    _ = translations(site.language.code).gettext
    parent = site.areas.get(area.parent or "")
    by_category = [(c, n) for c in site.categories.values() if (n := _in(offers, c))]
    context: dict[str, Any] = {
        "area": area,
        "parent": parent,
        "children": site.area_children(area.id),
        "online_listed": online <= ONLINE_ON_AREA_PAGES,
        "online_count": online,
        "by_category": by_category,
        "category": None,
        "wider": {"url": f"areas/{parent.id}/", "label": _("All of %(area)s") % {"area": parent.label}}
        if parent
        else None,
    }
    listings = [(f"areas/{area.id}/", context, offers)]
    for category, _count in by_category:
        wider = f"areas/{parent.id}/{category.id}/" if parent else f"categories/{category.id}/"
        words = {"category": category.label, "area": parent.label if parent else ""}
        label = _("%(category)s in %(area)s") % words if parent else _("%(category)s everywhere") % words
        members = [o for o in offers if o.category.id == category.id]
        extra = {"category": category, "wider": {"url": wider, "label": label}}
        listings.append((f"areas/{area.id}/{category.id}/", {**context, **extra}, members))
    for url, page_context, members in listings:
        yield from offer_listing(
            url, "area.html", page_context, members, choices, lambda o: coverage(o, area, site, _)
        )


def coverage(offer: Offer, area: Term, site: Site, _: Callable[[str], str] = str) -> str:
    """How an offer reaches an area, said on its card on the area's page (_: the page's gettext)."""
    covered = offer.area_ids if offer.in_person else frozenset()
    if area.id in covered:
        return _("Covers %(area)s") % {"area": area.label}
    regions = [site.areas[a].label for a in site.area_ancestors(area.id) if a in covered]
    if regions:
        return _("Covers %(area)s (via %(region)s)") % {"area": area.label, "region": regions[0]}
    inside = site.area_descendants(area.id) & covered
    places = [term.label for a, term in site.areas.items() if a in inside]
    if places:
        return _("Covers part of %(area)s: %(places)s") % {"area": area.label, "places": ", ".join(places)}
    return _("Online, for groups anywhere")


def profile_pages(catalogue: Catalogue, choices: ChoiceFinder) -> Iterator[Page]:
    """The suppliers' and the organisations' pages, and their lists."""
    suppliers = list(catalogue.suppliers.values())
    yield from paginated("suppliers/", "suppliers.html", {}, suppliers, "suppliers")
    for supplier in suppliers:
        offers = by_title([o for o in supplier.offers if not o.expired])
        yield from offer_listing(supplier.url, "supplier.html", {"supplier": supplier}, offers, choices)
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
