"""The preview's first answer to a saved offer: that offer's own page, at once.

An offer's page shows nothing but the offer, its supplier and the site. So when the
files just saved are existing offers that pass their own checks, each one's page can
be rendered straight from the last good build, with the same templates and the same
model code, in a few milliseconds. The full rebuild that follows brings listings,
exports and search up to date and writes the same bytes for that page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .history import last_updated
from .loader import read_document
from .model import Feedback, Site, Supplier, make_offer
from .pages import Page
from .paths import YAML_SUFFIXES
from .problems import Problem
from .site import BuildOptions, BuildResult, PageRenderer
from .validate import Vocabulary, offer_problems


@dataclass
class QuickPages:
    pages: dict[str, bytes]  # output path ("offers/s/o/index.html") -> the page
    problems: dict[str, list[Problem]]  # display path of each saved file -> what its own checks found


def quick_offer_pages(last: BuildResult, options: BuildOptions, changed: Iterable[Path]) -> QuickPages | None:
    """The pages of the saved offers, or None when anything else changed or a file has errors."""
    catalogue, renderer, check = last.catalogue, last.renderer, last.check
    if catalogue is None or renderer is None or check is None:
        return None
    content = options.content.resolve()
    offers = {offer.key: offer for offer in catalogue.offers}
    quick = QuickPages({}, {})
    for file in sorted(set(changed)):
        try:
            parts = file.resolve().relative_to(content).parts
        except (OSError, ValueError):
            return None
        if len(parts) != 4 or parts[0] != "suppliers" or parts[2] != "offers":
            return None
        if file.suffix not in YAML_SUFFIXES:
            return None
        old = offers.get(f"{parts[1]}/{file.stem}")
        if old is None or Path(old.source).name != file.name:
            return None  # a new offer, or one not shown: the full rebuild decides
        known = Known(old.id, old.source, old.supplier, old.feedback)
        updated = last_updated([file], options.content)[file]
        made = saved_offer_page(file, known, updated, catalogue.site, check.vocabulary, renderer, options)
        if made is None:
            return None
        path, page, problems = made
        quick.pages[path] = page
        quick.problems[old.source] = problems
    return quick if quick.pages else None


@dataclass
class Known:
    """What the last good build knew of an offer that its own file does not say."""

    id: str
    source: str  # display path of its file
    supplier: Supplier
    feedback: list[Feedback]


def saved_offer_page(
    file: Path,
    known: Known,
    updated: dt.date,
    site: Site,
    vocabulary: Vocabulary,
    renderer: PageRenderer,
    options: BuildOptions,
) -> tuple[str, bytes, list[Problem]] | None:
    """The page of one saved offer (output path, bytes, its own problems); None if it has errors."""
    document, problems = read_document(file, known.source)
    if document is None:
        return None
    problems += offer_problems(document, file.parent.parent, vocabulary)
    is_draft = document.data.get("status") == "draft"
    if any(p.is_error for p in problems) or (is_draft and not options.drafts):
        return None
    offer = make_offer(known.id, document.data, known.supplier, site, options.today, updated, known.source)
    offer.digest = document.digest
    offer.feedback = list(known.feedback)
    page = Page(f"{offer.url}index.html", "offer.html", {"offer": offer})
    return page.path, renderer.render(page).encode(), problems
