"""The fast path: a changed offer's page, rendered from the last build's snapshot in milliseconds.

One path for both users of it (Pipeline.changed_offer_pages): the preview serves the page
from memory the moment a file is saved, and a rebuild in which only offers changed publishes
their pages before anything else. Either way the full build that follows writes the same
bytes: the page is made by the same model code, the same page definition and templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checks.check import check_own
from ..checks.rules import offer_vat_rule
from ..content.history import mtime_date
from ..content.layout import offer_key
from ..content.loader import Document, read_document
from ..content.translations import Language
from ..content.vocabulary import Vocabulary
from ..errors import Problem
from ..model.making import make_offer, make_site, make_supplier
from ..model.objects import Site, Supplier
from ..model.translated import localised, localised_site
from ..site.page import in_language
from ..site.pages import offer_page
from ..site.render import PageRenderer
from .snapshot import OfferRecord, Snapshot


@dataclass
class OfferPages:
    """The pages of changed offers, and each changed file's own problems (its warnings)."""

    pages: dict[str, bytes]  # output path -> the page
    problems: dict[str, list[Problem]]  # display path of each changed file -> its own problems


def changed_offer_pages(
    snapshot: Snapshot,
    files: Iterable[Path],
    content: Path,
    today: dt.date,
    drafts: bool,
    renderer: Callable[[Site], PageRenderer],
) -> OfferPages | None:
    """The pages of changed offer files; None when a file is not an offer that had a page, or has
    an error (the full build then reports it, and changes nothing)."""
    site_document = _unchanged(*snapshot.site)
    if site_document is None:
        return None  # site.yaml changed since: only a full build can tell what that does
    main = make_site(site_document.data)
    sites = {
        language.prefix: language_site(site_document.data, language, main) for language in main.languages
    }
    renders = {prefix: renderer(site) for prefix, site in sites.items()}
    vocabulary = Vocabulary.from_site(site_document.data)
    made = OfferPages({}, {})
    for file in sorted(set(files)):
        known = _record(snapshot, file, content.resolve())
        if known is None:
            return None  # a new offer, or one without a page: the full build decides
        document, problems = read_document(file, known.source)
        if document is None:
            return None
        problems += check_own("offer", document, file.parent.parent, vocabulary)
        is_draft = document.data.get("status") == "draft"
        supplier = _supplier(snapshot, known.supplier, main, main)
        if supplier is not None:  # the one rule across files an offer's own check cannot see
            problems += offer_vat_rule(document, supplier.vat_registered)
        if any(p.is_error for p in problems) or (is_draft and not drafts) or supplier is None:
            return None
        updated = known.committed or mtime_date(file)  # as history.last_updated, without a git log
        for prefix, site in sites.items():  # the offer's page in every language
            other = not site.language.main
            shown = _supplier(snapshot, known.supplier, site, main) if other else supplier
            if shown is None:
                return None
            data = (
                localised(document.data, "offer", site.language.code, main.language.code)
                if other
                else document.data
            )
            offer = make_offer(known.id, data, shown, site, today, updated, known.source)
            offer.digest = document.digest
            offer.feedback = list(known.feedback.get(prefix, []))
            page = in_language(offer_page(offer), prefix)
            made.pages[page.path] = renders[prefix].render(page).encode()
        made.problems[known.source] = problems
    return made if made.pages else None


def _record(snapshot: Snapshot, file: Path, content: Path) -> OfferRecord | None:
    """What the snapshot knows of the offer in file (the same file, not a sibling .yml)."""
    try:
        key = offer_key(file.resolve().relative_to(content).parts)
    except (OSError, ValueError):
        return None
    known = snapshot.offers.get(key or "")
    return known if known is not None and Path(known.source).name == file.name else None


def language_site(data: dict[str, Any], language: Language, main: Site) -> Site:
    """The site as a page in `language` shows it (model/translated.py)."""
    if language.main:
        return main
    return make_site(localised_site(data, language.code, main.language.code), language)


def _supplier(snapshot: Snapshot, supplier_id: str, site: Site, main: Site) -> Supplier | None:
    document = _unchanged(*snapshot.suppliers[supplier_id])
    if document is None:
        return None
    data = document.data
    if not site.language.main:
        data = localised(data, "supplier", site.language.code, main.language.code)
    return make_supplier(supplier_id, data, site, document.digest, document.path)


def _unchanged(file: str, display: str, digest: str) -> Document | None:
    """The file as the last good build read it; None if it changed since (it may even have errors)."""
    document, _ = read_document(Path(file), display)
    return document if document is not None and document.digest == digest else None
