"""The printable menu: the whole of it on one page for a small catalogue, in parts for a large one.

A printed menu of a few hundred offers is already a booklet; beyond that one page would grow
without end, so the menu is offered per category, each in parts of at most PRINT_WHOLE offers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model.catalogue import Catalogue
from ..model.objects import Offer, Term
from .page import Page

PRINT_WHOLE = 200  # current offers: up to this many, /print/ is the whole menu; also the most per part


@dataclass(frozen=True)
class PrintPart:
    """One printable part of a large menu: a category, or a part of one."""

    category: Term
    number: int  # from 1
    count: int  # parts of this category
    offers: int  # offers in this part
    url: str


def print_pages(catalogue: Catalogue, current: list[Offer]) -> Iterator[Page]:
    groups = [(c, [o for o in current if o.category.id == c.id]) for c in catalogue.site.categories.values()]
    groups = [(category, offers) for category, offers in groups if offers]
    # The print pages say "as of" today: the date is in their context so that their fingerprint changes daily.
    today = catalogue.today
    if len(current) <= PRINT_WHOLE:
        yield Page("print/index.html", "print.html", {"groups": groups, "today": today, "part": None})
        return
    parts = []
    for category, offers in groups:
        chunks = [offers[start : start + PRINT_WHOLE] for start in range(0, len(offers), PRINT_WHOLE)]
        for number, chunk in enumerate(chunks, start=1):
            url = f"print/{category.id}/" + (f"page/{number}/" if number > 1 else "")
            part = PrintPart(category, number, len(chunks), len(chunk), url)
            parts.append(part)
            context = {"groups": [(category, chunk)], "today": today, "part": part}
            yield Page(f"{url}index.html", "print.html", context)
    yield Page(
        "print/index.html", "print-parts.html", {"parts": parts, "today": today, "total": len(current)}
    )
