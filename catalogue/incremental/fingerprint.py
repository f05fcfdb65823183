"""Fingerprints: a short hash of everything that goes into one output file.

Two builds that give a page the same fingerprint write the same bytes, so a page
whose fingerprint is unchanged is neither rendered nor written again. Every model
object is reduced to the digests of the files it came from, so a page's fingerprint
changes exactly when one of the files it shows changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import __version__
from ..model.objects import Offer, Order, Organisation, Supplier, Term
from .pickles import code_digest
from .uptodate import library_versions


def digest(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def folder_digest(*folders: Path) -> str:
    """One hash for every file under the folders (templates, static files)."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            hasher.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return hasher.hexdigest()


def page_fingerprints(
    site_digest: str, templates: Path, base_url: str, drafts: bool, preview: bool
) -> Fingerprinter:
    """The fingerprints of a build's pages: each depends on these, and on the generator itself."""
    return Fingerprinter(
        [
            site_digest,
            folder_digest(templates),
            code_digest(),  # a new generator or library version may render any page differently
            *library_versions(),
            base_url,
            str(drafts),
            str(preview),
        ]
    )


class Fingerprinter:
    """Fingerprints for model objects and page contexts, cached per build."""

    def __init__(self, global_inputs: Iterable[str]) -> None:
        self.global_digest = digest(__version__, *global_inputs)
        self._offers: dict[int, str] = {}
        self._orders: dict[int, str] = {}

    def offer(self, offer: Offer) -> str:
        key = id(offer)
        if key not in self._offers:
            self._offers[key] = digest(
                offer.key,  # a renamed file keeps its digest, but not its URL
                offer.content_path,  # nor the file its edit link opens (.yaml or .yml)
                offer.digest,
                offer.supplier.digest,
                offer.supplier.content_path,
                offer.updated.isoformat(),
                f"{offer.expired}{offer.upcoming}{offer.draft}",
                *(f"{f.organisation.digest}" for f in offer.feedback),
            )
        return self._offers[key]

    def order(self, order: Order) -> str:
        """An order's file, its organisation's, and what it shows of each offer it names."""
        key = id(order)
        if key not in self._orders:
            self._orders[key] = digest(
                order.key,
                order.digest,
                order.organisation.digest,
                *(
                    self.offer(item.offer) if item.offer else f"{item.title}\x1f{item.supplier.digest}"
                    for item in order.items
                ),
            )
        return self._orders[key]

    def value(self, value: Any) -> str:
        """A stable text for any page-context value."""
        if isinstance(value, Offer):
            return "O" + self.offer(value)
        if isinstance(value, Supplier):
            # Pages list a supplier's offers in their own context; its orders come with it.
            return "S" + digest(
                value.digest, value.content_path, *(self.order(r.order) for r in value.orders)
            )
        if isinstance(value, Organisation):
            return "G" + digest(
                value.digest, value.content_path, *(self.order(order) for order in value.orders)
            )
        if isinstance(value, Order):
            return "R" + self.order(value)
        if isinstance(value, Term):
            return f"T{value.id}"
        if isinstance(value, dict):
            return "{" + ",".join(f"{k}:{self.value(v)}" for k, v in sorted(value.items())) + "}"
        if isinstance(value, list | tuple):
            return "[" + ",".join(self.value(v) for v in value) + "]"
        if isinstance(value, str | int | float | bool | Decimal | dt.date) or value is None:
            return repr(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            # Small value objects (form fields, price options): their fields are their content.
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            return type(value).__name__ + self.value(fields)
        raise TypeError(f"cannot fingerprint {type(value).__name__}")  # a new context type needs a rule

    def page(self, path: str, template: str, context: dict[str, Any]) -> str:
        return digest(self.global_digest, path, template, self.value(context))


def index_fingerprint(parts: Sequence[Sequence[str]], offer_pages: dict[str, str]) -> str:
    """What the index shows, from the offer pages' fingerprints: one digest, or one per part
    (space-separated) so that a rebuild can keep the parts whose pages did not change."""
    if not parts:
        return digest(*offer_pages.values())
    return " ".join(digest(*(f"{page} {offer_pages[page]}" for page in part)) for part in parts)


def unchanged_parts(before: str, now: str) -> set[int]:
    """The parts (numbered from 0) with the same fingerprint in both, by index_fingerprint()."""
    old, new = before.split(), now.split()
    if len(old) != len(new) or len(new) < 2:
        return set()
    return {number for number, (a, b) in enumerate(zip(old, new, strict=True)) if a == b}
