"""A large catalogue's search index in parts: Pagefind's memory follows the part, not the catalogue."""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..model.objects import Offer

# Pagefind builds a word map for every page it indexes, all at once, before merging them: its peak
# memory grows with the pages of one index (1,150 MB for 9,710 offer pages, 600 MB for 5,000).
# So above PAGES_PER_INDEX listed offers, the offers are indexed in parts of at most that many
# pages, cheapest first, one after the other: part 1 in pagefind/ (with the search page's
# scripts), the others in pagefind/part-N/. The search page searches every part and merges the
# results (static/search.js); a part is a price range, so "lowest price first" is part 1's
# results in its order, then part 2's, and so on.
PAGES_PER_INDEX = 5000
PART = "part-"


def plan(offers: Iterable[Offer]) -> list[list[str]]:
    """The offer pages of each part of the index, cheapest first; [] when one index takes every page."""
    listed = sorted((offer.lowest_price, offer.url) for offer in offers if not offer.expired)
    if len(listed) <= PAGES_PER_INDEX:
        return []
    size = math.ceil(len(listed) / math.ceil(len(listed) / PAGES_PER_INDEX))  # parts as even as can be
    pages = [f"{url}index.html" for _, url in listed]
    return [pages[start : start + size] for start in range(0, len(pages), size)]


def part_paths(parts: int) -> list[str]:
    """The bundles of the parts after the first, relative to pagefind/."""
    return [f"{PART}{number}/" for number in range(2, parts + 1)]
