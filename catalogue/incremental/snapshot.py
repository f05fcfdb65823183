"""What the last good build knew that a changed offer's page needs besides the offer's own file.

An offer's page shows nothing but the offer, its supplier, the site and the feedback
organisations gave it. So after a build, a small snapshot keeps, for each offer with a
page, what its file does not say (its id and supplier, its feedback, its last commit's
date), and where the site and supplier files are. With it, the page of an offer that was
just changed can be rendered at once, exactly as the next full build will render it
(Pipeline.changed_offer_pages): the preview serves it from memory, a rebuild publishes it
before the rest of the build.

A rebuild also needs to know that nothing but offers changed: the frame is the state of
everything a build reads, the offer files one by one and everything else as one digest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..checks.check import CheckResult
from ..content.layout import offer_key
from ..model.catalogue import Catalogue
from ..model.objects import Feedback, Organisation
from .pickles import pickle_name, read_pickle, write_pickle
from .uptodate import Scan, input_state

MOST = 20  # offers changed at once; more than that is a bigger change, published as a whole


@dataclass
class Frame:
    """A build's inputs, by status: the offer files one by one, everything else as one digest."""

    digest: str
    offers: dict[str, bytes]  # offer file, as scanned -> its status


class OfferRecord(NamedTuple):  # a tuple: 10,000 of them pickle in half the time of dataclasses
    """What an offer's page needs that its file does not say."""

    id: str
    source: str  # display path of its file
    supplier: str  # supplier id
    feedback: dict[str, list[Feedback]]  # by language prefix ("" for the main language, "cy/")
    committed: dt.date | None  # its last commit's date (the same while HEAD is): its "last updated"


@dataclass
class Snapshot:
    token: str  # the published folder it describes ("" for the preview's, kept in memory)
    frame: Frame | None  # the inputs it was made from (None for the preview's)
    site: tuple[str, str, str]  # site file, display path, digest of the bytes the build read
    suppliers: dict[str, tuple[str, str, str]]  # id -> supplier file, display path, digest
    offers: dict[str, OfferRecord]  # "<supplier-id>/<offer-id>" of each offer with a page -> its record


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
    if len(parts) == 3 or (len(parts) == 4 and parts[3].startswith(".")):
        # The folder's status changes whenever an editor saves a file in it by renaming; hidden
        # files (an editor's swap file) the build never reads.
        return "folder"
    return "offer" if offer_key(parts) else ""


def changed_offers(now: Frame, snapshot: Snapshot) -> list[Path] | None:
    """The offer files changed since the snapshot, when nothing else changed and no file came or
    went; None otherwise, or when too many changed."""
    before = snapshot.frame
    if before is None or now.digest != before.digest or now.offers.keys() != before.offers.keys():
        return None
    changed = [Path(path) for path, entry in now.offers.items() if before.offers[path] != entry]
    return changed if 0 < len(changed) <= MOST else None


def take_snapshot(
    token: str, seen: Frame | None, check: CheckResult, catalogue: Catalogue, views: Sequence[Catalogue] = ()
) -> Snapshot:
    """What the next build (or the preview's next save) needs to render changed offers' pages;
    views: the catalogue in the site's other languages, whose feedback names organisations in theirs."""
    tree = check.tree
    assert tree.site is not None, "a snapshot is taken of a good build"
    files = tree.files
    alone: dict[tuple[str, str], Organisation] = {}
    feedback: dict[str, dict[str, list[Feedback]]] = {}
    for view in [catalogue, *views]:
        prefix = view.site.language.prefix
        for offer in view.offers:
            kept = [_without_orders(f, alone, prefix) for f in offer.feedback]
            feedback.setdefault(offer.key, {})[prefix] = kept
    offers = {
        offer.key: OfferRecord(
            offer.id,
            offer.source,
            offer.supplier.id,
            feedback[offer.key],
            check.committed.get(offer.source),
        )
        for offer in catalogue.offers
    }
    return Snapshot(
        token,
        seen,
        (str(files[tree.site.path].file), tree.site.path, tree.site.digest),
        {sid: (str(files[doc.path].file), doc.path, doc.digest) for sid, doc in tree.suppliers.items()},
        offers,
    )


def _without_orders(feedback: Feedback, alone: dict[tuple[str, str], Organisation], prefix: str) -> Feedback:
    """Feedback whose organisation leaves its orders behind: an offer's page shows only the
    organisation's name and link, and its orders lead to offers, suppliers and other
    organisations, which would bring the whole catalogue into the snapshot."""
    organisation = feedback.organisation
    key = (prefix, organisation.id)
    if key not in alone:
        alone[key] = dataclasses.replace(organisation, orders=[])
    return dataclasses.replace(feedback, organisation=alone[key])


def save_snapshot(folder: Path, snapshot: Snapshot) -> None:
    """Keep it for the next build (losing it only means that build publishes every page at its end)."""
    write_pickle(folder, "snapshot", snapshot)


def load_snapshot(folder: Path) -> Snapshot | None:
    """The last build's snapshot; None when there is none (or git tracks it: see read_pickle)."""
    snapshot = read_pickle(folder / pickle_name("snapshot"))
    return snapshot if isinstance(snapshot, Snapshot) else None
