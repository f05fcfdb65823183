"""A changed offer's page, published at the start of a rebuild instead of its end.

After one offer file changes, a rebuild spends seconds on work that offer's page does
not need: checking and modelling every other file, listing every page and, above all,
indexing for search. An offer's page shows nothing but the offer, its supplier, the
site and the feedback organisations gave it. So when the only content files that
changed since the last build are offers that have a page and each passes its own
checks, their pages are rendered at once, exactly as quick.py does for the preview,
and written into the published folder (see generations.write_early). The build then
runs as always and swaps in the whole site, with the same bytes for those pages.

What a rebuild needs for this is kept from the last one (a "snapshot" beside its
manifests): the status of every file it read, split into the offer files and the rest
(the "frame"), and what each offer's page needs that its file does not say. Anything
else that changed (a supplier, a template, an option, the generator, a new commit)
makes the snapshot useless, and the build publishes everything at its end.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .cache import code_digest, read_pickle
from .generations import EarlyWrite, generation_cache, published_token, replace_file, write_early
from .history import mtime_date
from .loader import read_document
from .model import Catalogue, Feedback, make_site, make_supplier
from .paths import YAML_SUFFIXES
from .quick import Known, saved_offer_page
from .site import BuildOptions, fingerprinter, page_renderer
from .uptodate import Scan, input_state
from .validate import CheckResult, Vocabulary

SNAPSHOTS = "early-*.pickle"  # one name per generator version: another version's is never read
MOST = 20  # offers changed at once; more than that is a bigger change, published as a whole


@dataclass
class Frame:
    """A build's inputs, by status: the offer files one by one, everything else as one digest."""

    digest: str
    offers: dict[str, bytes]  # offer file, as scanned -> its status


class OfferRecord(NamedTuple):  # a tuple: 10,000 of them pickle in half the time of dataclasses
    """What an offer's page needs that its file does not say."""

    id: str
    source: str  # display path
    supplier: str  # supplier id
    feedback: list[Feedback]
    committed: dt.date | None  # its last commit's date (the same while HEAD is): its "last updated"


@dataclass
class Snapshot:
    token: str  # the published folder it describes
    frame: Frame
    site: tuple[str, str]  # site file, display path
    suppliers: dict[str, tuple[str, str]]  # id -> supplier file, display path
    offers: dict[str, OfferRecord | None]  # offer file -> its record; None: it has no page


def frame(scanned: Scan, settings: list[str], git_head: str, content: Path) -> Frame:
    """Split what a build scanned into its offer files and everything else (as uptodate digests it)."""
    offers: dict[str, bytes] = {}
    rest: Scan = []
    prefix = os.path.join(str(content), "")
    for folder, entries in scanned:
        kept = []
        for entry in entries:
            path = entry.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
            kind = _kind(path[len(prefix) :].split(os.sep)) if path.startswith(prefix) else ""
            if kind == "offer":
                offers[path] = entry
            elif not kind:
                kept.append(entry)
        rest.append((folder, kept))
    return Frame(input_state(rest, settings, git_head), offers)


def _kind(parts: list[str]) -> str:
    """ "offer" for an offer file; "folder" for what an offer folder holds besides offers."""
    if len(parts) < 3 or parts[0] != "suppliers" or parts[2] != "offers":
        return ""
    if len(parts) == 3:
        return "folder"  # its status changes whenever an editor saves a file in it by renaming
    if len(parts) == 4 and parts[3].startswith("."):
        return "folder"  # hidden files (an editor's swap file): the build never reads them
    if len(parts) == 4 and Path(parts[3]).suffix in YAML_SUFFIXES:
        return "offer"
    return ""


def save_snapshot(options: BuildOptions, seen: Frame, check: CheckResult, catalogue: Catalogue) -> None:
    """Remember what the next build needs to publish changed offers' pages first."""
    tree = check.tree
    if tree.site is None:
        return
    files = tree.files
    shown = {offer.source: offer for offer in catalogue.offers}
    offers: dict[str, OfferRecord | None] = dict.fromkeys(seen.offers)
    prefix = len(os.path.join(str(options.content), ""))
    for path in seen.offers:  # the display path, as content.display_path makes it
        if offer := shown.get(os.path.join(options.content_display, path[prefix:])):
            date = check.committed.get(offer.source)
            offers[path] = OfferRecord(offer.id, offer.source, offer.supplier.id, offer.feedback, date)
    snapshot = Snapshot(
        published_token(options.out),
        seen,
        (str(files[tree.site.path].file), tree.site.path),
        {sid: (str(files[doc.path].file), doc.path) for sid, doc in tree.suppliers.items()},
        offers,
    )
    try:
        place = _snapshot_file(options)
        replace_file(place, pickle.dumps(snapshot, pickle.HIGHEST_PROTOCOL))
        for other in place.parent.glob(SNAPSHOTS):
            if other != place:
                other.unlink(missing_ok=True)
    except OSError:
        pass  # losing it only means the next rebuild publishes every page at its end


def _snapshot_file(options: BuildOptions) -> Path:
    return generation_cache(options.out, options.cache) / SNAPSHOTS.replace("*", code_digest())


def publish_early(options: BuildOptions, now: Frame) -> EarlyWrite | None:
    """Write the pages of the changed offers into the published folder; None if not possible.

    Called with the output folder locked. The caller takes the pages back (EarlyWrite.undo)
    if the rest of the build fails.
    """
    snapshot = _load(options)
    if snapshot is None or snapshot.token != published_token(options.out):
        return None  # the published folder is not the one the snapshot describes
    if now.digest != snapshot.frame.digest or now.offers.keys() != snapshot.offers.keys():
        return None
    changed = [path for path, entry in now.offers.items() if snapshot.frame.offers[path] != entry]
    if not changed or len(changed) > MOST:
        return None
    pages = _render(options, snapshot, changed)
    return write_early(options.out, options.cache, pages) if pages else None


def _load(options: BuildOptions) -> Snapshot | None:
    """The last build's snapshot; None when there is none (or git tracks it: see read_pickle)."""
    snapshot = read_pickle(_snapshot_file(options))
    return snapshot if isinstance(snapshot, Snapshot) else None


def _render(options: BuildOptions, snapshot: Snapshot, changed: list[str]) -> dict[str, bytes] | None:
    records = [snapshot.offers[path] for path in changed]
    if any(record is None for record in records):
        return None  # an offer without a page (a draft): whether it gets one is the full build's call
    site_file, site_display = snapshot.site
    site_document, _ = read_document(Path(site_file), site_display)
    if site_document is None:
        return None
    site = make_site(site_document.data)
    vocabulary = Vocabulary.from_site(site_document.data)
    renderer = page_renderer(options, site, fingerprinter(options, site, site_document.digest), {})
    pages: dict[str, bytes] = {}
    for path, record in zip(changed, records, strict=True):
        assert record is not None
        supplier_file, supplier_display = snapshot.suppliers[record.supplier]
        supplier_document, _ = read_document(Path(supplier_file), supplier_display)
        if supplier_document is None:
            return None
        supplier = make_supplier(record.supplier, supplier_document.data, site, supplier_document.digest)
        known = Known(record.id, record.source, supplier, record.feedback)
        updated = record.committed or mtime_date(Path(path))  # as history.last_updated, without git log
        made = saved_offer_page(Path(path), known, updated, site, vocabulary, renderer, options)
        if made is None:
            return None  # a problem in it: the full build reports it, and changes nothing
        pages[made[0]] = made[1]
    return pages
