"""Review reminders: the offers due a look, by supplier, in Markdown for a GitHub issue.

An offer is due a look when `check` warns about it: it has expired, expires within 30 days or
was not updated for 12 months (checks/warnings.reviews_due, the one rule for both). Each
supplier's part mentions its maintainers by GitHub name, so that GitHub notifies them; the
weekly workflow keeps one open issue with this text (docs/workflows.md). Drafts are left out:
they are not on the site. With nothing due, the text is empty.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..checks.warnings import EXPIRED, EXPIRING, ReviewDue, reviews_due
from ..content.files import ContentTree, load_content
from ..content.history import offer_dates
from .changes import escape_markdown

GITHUB_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
SITE_ADDRESS = re.compile(r"^https://[^\s()<>\[\]]+$")  # nothing that could end a Markdown link
ISSUE_LIMIT = 60_000  # characters: a GitHub issue's text holds at most 65,536


@dataclass(frozen=True)
class OfferDue:
    key: str  # "<supplier-id>/<offer-id>"
    title: str
    path: str  # its file, as the repository names it when run from its top folder
    due: list[ReviewDue]


@dataclass
class SupplierDue:
    id: str
    name: str
    maintainers: list[str]  # GitHub names; the coordinators' where the supplier's cannot be read
    offers: list[OfferDue] = field(default_factory=list)


@dataclass
class Reminders:
    today: dt.date
    suppliers: list[SupplierDue]
    base_url: str = ""
    repository: str = ""  # owner/name
    branch: str = "main"

    @property
    def offer_count(self) -> int:
        return sum(len(s.offers) for s in self.suppliers)


def review_reminders(content: Path, display: str, today: dt.date) -> Reminders:
    """Every published offer due a review on `today`, grouped by supplier (A to Z by name)."""
    tree = load_content(content, display)
    updated, _ = offer_dates(tree)
    site = tree.site.data if tree.site else {}
    suppliers: dict[str, SupplierDue] = {}
    for key, document in sorted(tree.offers.items()):
        due = reviews_due(document.data, updated.get(document.path), today)
        if not due or document.data.get("status") == "draft":
            continue
        supplier_id = key.split("/")[0]
        if supplier_id not in suppliers:
            suppliers[supplier_id] = _supplier(tree, supplier_id, site)
        title = _text(document.data.get("title")) or key
        suppliers[supplier_id].offers.append(OfferDue(key, title, document.path, due))
    return Reminders(
        today,
        sorted(suppliers.values(), key=lambda s: (s.name.casefold(), s.id)),
        base_url=_matching(SITE_ADDRESS, site.get("base_url")),
        repository=_matching(REPOSITORY, site.get("repository")),
        branch=_text(site.get("branch")) or "main",
    )


def _supplier(tree: ContentTree, supplier_id: str, site: dict[str, Any]) -> SupplierDue:
    data = tree.suppliers[supplier_id].data if supplier_id in tree.suppliers else {}
    maintainers = _logins(data.get("maintainers")) or _logins(site.get("coordinators"))
    return SupplierDue(supplier_id, _text(data.get("name")) or supplier_id, maintainers)


def _logins(value: Any) -> list[str]:
    """GitHub names as a content file lists them; anything else is left out, never mentioned."""
    names = value if isinstance(value, list) else []
    return list(dict.fromkeys(n for n in names if isinstance(n, str) and GITHUB_LOGIN.match(n)))


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _matching(pattern: re.Pattern[str], value: Any) -> str:
    """A setting from site.yaml that goes into a link, if it has the form it must have."""
    return value if isinstance(value, str) and pattern.match(value) else ""


# --- Markdown -----------------------------------------------------------------------------------


def reminders_markdown(reminders: Reminders, limit: int = ISSUE_LIMIT) -> str:
    """The issue's text: what to do, then each supplier's offers under its maintainers' names; ""
    when nothing is due. Suppliers that do not fit in `limit` characters are counted at the end."""
    if not reminders.suppliers:
        return ""
    lines = _introduction(reminders)
    for index, supplier in enumerate(reminders.suppliers):
        part = _supplier_part(supplier, reminders)
        if len("\n".join(lines + part)) > limit - 200:
            rest = len(reminders.suppliers) - index
            lines += [f"…and {rest} more supplier{'s' if rest != 1 else ''}: run `python build.py reminders` "
                      "to see them all.", ""]  # fmt: skip
            break
        lines += part
    return "\n".join(lines)


def _introduction(reminders: Reminders) -> list[str]:
    count, suppliers, today = reminders.offer_count, len(reminders.suppliers), reminders.today
    return [
        "<!-- Written by `python build.py reminders`; the weekly workflow replaces it every week. -->",
        f"On {today}, {_count(count, 'offer')} from {_count(suppliers, 'supplier')} "
        f"{'needs' if count == 1 else 'need'} a look: each has expired, expires within 30 days or has not "
        "been updated for 12 months. Each supplier's maintainers are mentioned so that GitHub lets "
        "them know. This list is brought up to date every week, and the issue is closed when "
        "nothing is left to review.",
        "",
        "- **Expires soon, or expired**: if the offer is still running, change its `available_until` to "
        "the new last day. An expired offer has left the listings; its page says it is no longer "
        "available. If it will not run again, you can delete its file.",
        "- **Not updated for 12 months**: check that the offer is still right, prices especially, and "
        f"correct what is not. If all of it is, add a line `# Checked on {today}` at the end of its file.",
        "",
    ]


def _supplier_part(supplier: SupplierDue, reminders: Reminders) -> list[str]:
    mentions = " ".join(f"@{login}" for login in supplier.maintainers) or "No maintainer is listed."
    lines = [f"### {_plain(supplier.name)}", "", mentions, ""]
    lines += [_offer_line(offer, reminders) for offer in supplier.offers]
    return [*lines, ""]


def _offer_line(offer: OfferDue, reminders: Reminders) -> str:
    title = _plain(offer.title)
    if reminders.base_url:
        root = reminders.base_url if reminders.base_url.endswith("/") else reminders.base_url + "/"
        title = f"[{title}]({root}offers/{quote(offer.key)}/)"
    file = f"`{offer.path}`"
    if reminders.repository:
        address = (
            f"https://github.com/{reminders.repository}/edit/{quote(reminders.branch)}/{quote(offer.path)}"
        )
        file = f"[{file}]({address})"
    return f"- {title} ({file}): {'; '.join(_reason(due) for due in offer.due)}"


def _reason(due: ReviewDue) -> str:
    if due.reason == EXPIRED:
        return f"expired on {due.date}"
    if due.reason == EXPIRING:
        return f"expires on {due.date}, {due.when}"
    return f"last updated on {due.date}, over 12 months ago"


def _plain(text: str) -> str:
    """Content as text in Markdown: no formatting, and no @name that would notify someone."""
    return escape_markdown(text).replace("@", "@\u200b")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 else ''}"
