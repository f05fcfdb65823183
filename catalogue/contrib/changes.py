"""What a pull request changes in the catalogue: offers added, changed and removed, as Markdown.

Written for the pull request's job summary, so that a reviewer sees titles and prices
rather than YAML diffs. Offers are compared between the commit the pull request
branched off (the merge base) and its head, read straight from git.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..content.layout import YAML_SUFFIXES, offer_key
from ..content.loader import parse_document
from ..content.words import unit_words
from ..model.money import money
from .ownership import content_prefix
from .repository import Repository

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


@dataclass(frozen=True)
class OfferChange:
    """One offer as it was at the merge base (before) and is at head (after); None if absent."""

    key: str  # "<supplier-id>/<offer-id>"
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class CatalogueChanges:
    added: list[OfferChange] = field(default_factory=list)
    changed: list[OfferChange] = field(default_factory=list)
    removed: list[OfferChange] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # keys whose file at head cannot be read
    currency: str = "GBP"
    base_url: str | None = None


# --- Reading offers at both commits --------------------------------------------------------


def changed_offer(path: str, prefix: str) -> str | None:
    """ "<supplier-id>/<offer-id>" for an offer file's path in the repository, None for any other file."""
    start = f"{prefix}/" if prefix else ""
    return offer_key(path[len(start) :].split("/")) if path.startswith(start) else None


def offer_files(prefix: str, key: str) -> list[str]:
    supplier_id, offer_id = key.split("/")
    folder = f"{prefix}/suppliers" if prefix else "suppliers"
    return [f"{folder}/{supplier_id}/offers/{offer_id}{suffix}" for suffix in YAML_SUFFIXES]


def read_data(repo: Repository, commit: str, paths: list[str]) -> tuple[dict[str, Any] | None, bool]:
    """The data of the first of paths present at commit, and whether a present file was unreadable."""
    found = repo.read_files(commit, paths)
    path = next((candidate for candidate in paths if candidate in found), None)
    if path is None:
        return None, False
    document, _ = parse_document(found[path], path)
    return (document.data, False) if document is not None else (None, True)


def read_offers(
    repo: Repository, commit: str, prefix: str, keys: list[str]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The offers among keys present at commit, and the keys whose file cannot be read."""
    offers: dict[str, dict[str, Any]] = {}
    unreadable: list[str] = []
    for key in keys:
        data, broken = read_data(repo, commit, offer_files(prefix, key))
        if data is not None:
            offers[key] = data
        if broken:
            unreadable.append(key)
    return offers, unreadable


def catalogue_changes(folder: Path, content: str, base_ref: str, head_ref: str) -> CatalogueChanges:
    """Sort every offer the pull request touches into added, changed and removed."""
    repo = Repository(folder)
    head = repo.commit(head_ref)
    since = repo.merge_base(repo.commit(base_ref), head)
    prefix = content_prefix(repo, content)
    keys = sorted({key for path in repo.changed_paths(since, head) if (key := changed_offer(path, prefix))})
    before, _ = read_offers(repo, since, prefix, keys)
    after, unreadable = read_offers(repo, head, prefix, keys)
    changes = CatalogueChanges(unreadable=unreadable)
    _read_site_settings(repo, head, prefix, changes)
    for key in keys:
        _sort_change(changes, OfferChange(key, before.get(key), after.get(key)), key in unreadable)
    return changes


def _sort_change(changes: CatalogueChanges, change: OfferChange, unreadable: bool) -> None:
    if unreadable:
        return
    if change.before is None and change.after is not None:
        changes.added.append(change)
    elif change.before is not None and change.after is None:
        changes.removed.append(change)
    elif change.before != change.after:
        changes.changed.append(change)


def _read_site_settings(repo: Repository, head: str, prefix: str, changes: CatalogueChanges) -> None:
    site_files = [f"{prefix}/{name}" if prefix else name for name in ("site.yaml", "site.yml")]
    site, _ = read_data(repo, head, site_files)
    site = site or {}
    if isinstance(site.get("currency"), str):
        changes.currency = site["currency"]
    if isinstance(site.get("base_url"), str):
        changes.base_url = site["base_url"]


# --- Describing them ---------------------------------------------------------------------------


def format_amount(amount: Any, currency: str, locale: str = "en-GB") -> str:
    """An amount as the site shows it (£1,080.00); anything that is not a number, as written."""
    try:
        if isinstance(amount, bool):
            raise InvalidOperation
        return money(Decimal(str(amount)), currency, locale)
    except (InvalidOperation, ValueError):
        return str(amount)


def format_price(price: Any, currency: str, with_label: bool = True) -> str:
    """One price as a reader says it: "At your venue: £120.00 per session", with a smallest booking
    ("…, at least 8") and an add-on named, so that a change to either shows as a change of price."""
    if not isinstance(price, dict):
        return str(price)
    unit = price.get("unit")
    words = unit_words(str(unit)) if unit is not None else ""
    text = f"{format_amount(price.get('amount'), currency)} {words}".strip()
    minimum = price.get("minimum")
    if isinstance(minimum, int) and not isinstance(minimum, bool) and minimum > 1:
        text += f", at least {minimum}"
    if price.get("add_on") is True:
        text += ", add-on"
    label = price.get("label")
    return f"{label}: {text}" if with_label and isinstance(label, str) and label else text


def prices_of(offer: dict[str, Any] | None) -> list[Any]:
    prices = (offer or {}).get("prices")
    return prices if isinstance(prices, list) else []


def price_changes(before: list[Any], after: list[Any], currency: str) -> list[str]:
    """ "old → new" for each price that reads differently; the whole lists if their lengths differ."""
    if len(before) != len(after):
        old = "; ".join(format_price(price, currency) for price in before) or "no price"
        new = "; ".join(format_price(price, currency) for price in after) or "no price"
        return [f"{old} → {new}"]
    return [
        _price_pair(old, new, currency)
        for old, new in zip(before, after, strict=True)
        if format_price(old, currency) != format_price(new, currency)
    ]


def _price_pair(old: Any, new: Any, currency: str) -> str:
    same_label = isinstance(old, dict) and isinstance(new, dict) and old.get("label") == new.get("label")
    return f"{format_price(old, currency)} → {format_price(new, currency, with_label=not same_label)}"


def other_changed_fields(change: OfferChange, currency: str) -> list[str]:
    """Fields that changed, besides a price whose reading changed (listed separately)."""
    before, after = change.before or {}, change.after or {}
    fields = [name for name in dict.fromkeys([*before, *after]) if before.get(name) != after.get(name)]
    if "prices" in fields and price_changes(prices_of(before), prices_of(after), currency):
        fields.remove("prices")
    return fields


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def offer_title(change: OfferChange) -> str:
    offer = change.after or change.before or {}
    title = offer.get("title")
    text = escape_markdown(title) if isinstance(title, str) and title.strip() else f"`{change.key}`"
    return text + (" (draft)" if offer.get("status") == "draft" else "")


def offer_link(change: OfferChange, base_url: str | None) -> str:
    title = offer_title(change)
    if base_url is None:
        return title
    root = base_url if base_url.endswith("/") else base_url + "/"
    return f"[{title}]({root}offers/{quote(change.key)}/)"


def added_line(change: OfferChange, changes: CatalogueChanges) -> str:
    prices = "; ".join(format_price(price, changes.currency) for price in prices_of(change.after))
    return f"- {offer_link(change, changes.base_url)} (`{change.key}`): {prices or 'no price'}"


def changed_line(change: OfferChange, changes: CatalogueChanges) -> str:
    currency = changes.currency
    details = price_changes(prices_of(change.before), prices_of(change.after), currency)
    fields = other_changed_fields(change, currency)
    if fields:
        details.append(("also changed: " if details else "changed: ") + ", ".join(fields))
    return f"- {offer_link(change, changes.base_url)} (`{change.key}`): {'; '.join(details)}"


def removed_line(change: OfferChange) -> str:
    return f"- {offer_title(change)} (`{change.key}`)"


def changes_markdown(changes: CatalogueChanges) -> str:
    """The job summary: a count, then a list for each of added, changed and removed."""
    lines = ["### Catalogue changes", ""]
    counts = [(changes.added, "added"), (changes.changed, "changed"), (changes.removed, "removed")]
    if not any(offers for offers, _ in counts) and not changes.unreadable:
        return "\n".join([*lines, "This pull request adds, changes or removes no offers.", ""])
    total = len(changes.added)
    lines += [
        f"{total} offer{'s' if total != 1 else ''} added, {len(changes.changed)} changed, "
        f"{len(changes.removed)} removed.",
        "",
    ]
    sections = [
        ("Added", [added_line(change, changes) for change in changes.added]),
        ("Changed", [changed_line(change, changes) for change in changes.changed]),
        ("Removed", [removed_line(change) for change in changes.removed]),
        ("Cannot be read (see the content check)", [f"- `{key}`" for key in changes.unreadable]),
    ]
    for heading, items in sections:
        if items:
            lines += [f"#### {heading}", "", *items, ""]
    return "\n".join(lines)
