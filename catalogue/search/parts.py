"""A large catalogue's search index in parts: Pagefind's memory follows the part, not the catalogue."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from ..model.objects import Offer

# Pagefind builds a word map for every page it indexes, all at once, before merging them: its peak
# memory grows with the pages of one index: read by a glob from a site of 27,000 files, 650 MB for
# 4,855 pages, 490 MB for 3,237 (a build's own peak at 10,000 offers is about 480 MB).
# So above PAGES_PER_INDEX listed offers, the offers are indexed in parts of at most that many
# pages, cheapest first, one after the other: part 1 in pagefind/ (with the search page's
# scripts), the others in pagefind/part-N/. The search page searches every part and merges the
# results (static/search.js); a part is a price range, so "lowest price first" is part 1's
# results in its order, then part 2's, and so on.
PAGES_PER_INDEX = 4000
PART = "part-"
# Pagefind reads a part's pages by a glob naming each of them (part_glob); it refuses one much
# longer than 300,000 characters ("did not parse as a valid glob"), so a part's glob stays under this.
GLOB_MOST = 200_000


def plan(offers: Iterable[Offer], prefixes: Sequence[str] = ("",)) -> list[list[str]]:
    """The offer pages of each part of the index, cheapest first; [] when one index takes every page.
    Each part holds its offers' pages in every language (prefixes: "", "cy/"), so that a part
    keeps to PAGES_PER_INDEX pages whatever the number of languages."""
    most = PAGES_PER_INDEX // len(prefixes)
    listed = sorted((offer.lowest_price, offer.url) for offer in offers if not offer.expired)
    if len(listed) <= most:
        return []
    size = math.ceil(len(listed) / math.ceil(len(listed) / most))  # parts as even as can be
    parts: list[list[str]] = []
    suppliers: set[str] = set()
    length = 0
    for _, url in listed:
        _, supplier, offer, _ = url.split("/")
        grows = len(offer) + 1 + (0 if supplier in suppliers else len(supplier) + 4)
        if not parts or len(parts[-1]) >= size or length + grows > GLOB_MOST:
            parts.append([])
            suppliers, length = set(), len("offers/{}/index.html")
            grows = len(offer) + len(supplier) + 5
        parts[-1].append(f"{url}index.html")
        suppliers.add(supplier)
        length += grows
    return [[prefix + page for prefix in prefixes for page in part] for part in parts]


def part_glob(pages: Sequence[str]) -> str:
    """The glob Pagefind reads one part's pages by: {offers,cy/offers}/{a/{x,y},b/{z}}/index.html
    (ids hold no glob syntax); grouped by supplier, so that it stays short."""
    offers: dict[str, list[str]] = {}
    prefixes: dict[str, None] = {}
    for page in pages:
        *prefix, _, supplier, offer, _ = page.split("/")
        prefixes["/".join([*prefix, "offers"])] = None
        if offer not in offers.setdefault(supplier, []):
            offers[supplier].append(offer)
    groups = ",".join(f"{supplier}/{{{','.join(ids)}}}" for supplier, ids in offers.items())
    folders = next(iter(prefixes)) if len(prefixes) == 1 else "{" + ",".join(prefixes) + "}"
    return f"{folders}/{{{groups}}}/index.html"


def part_paths(parts: int) -> list[str]:
    """The bundles of the parts after the first, relative to pagefind/."""
    return [f"{PART}{number}/" for number in range(2, parts + 1)]
