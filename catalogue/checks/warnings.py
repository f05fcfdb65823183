"""What is worth a warning but not a refusal: offers expired, expiring, or not updated in a year.

The same reasons, as data (reviews_due), make the weekly reminders to suppliers
(contrib/reminders.py), so that the check and the reminders never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..content.files import ContentTree
from ..content.loader import Document, parse_date
from ..errors import Problem

EXPIRY_WARNING_DAYS = 30
STALE_AFTER_DAYS = 365

EXPIRED = "expired"
EXPIRING = "expiring"
STALE = "stale"


@dataclass(frozen=True)
class ReviewDue:
    """Why an offer wants looking at: it expired, expires soon, or was last updated long ago."""

    reason: str  # EXPIRED, EXPIRING or STALE
    date: dt.date  # its available_until, or its last update (STALE)
    days: int = 0  # days left until it expires (EXPIRING): 0 is today

    @property
    def when(self) -> str:
        """ "today", "in 1 day", "in 17 days"."""
        return "today" if self.days == 0 else f"in {self.days} day{'s' if self.days != 1 else ''}"


def reviews_due(data: dict[str, Any], updated: dt.date | None, today: dt.date) -> list[ReviewDue]:
    """Why an offer (its file's data, its last update) is due a review today; empty if it is not."""
    due = []
    end = parse_date(data.get("available_until"))
    if end and end < today:
        due.append(ReviewDue(EXPIRED, end))
    elif end and (end - today).days <= EXPIRY_WARNING_DAYS:
        due.append(ReviewDue(EXPIRING, end, (end - today).days))
    if updated and (today - updated).days > STALE_AFTER_DAYS:
        due.append(ReviewDue(STALE, updated))
    return due


def offer_warnings(tree: ContentTree, today: dt.date, updated: dict[str, dt.date]) -> list[Problem]:
    """Expired, soon-expiring and stale offers: warnings, not errors."""
    return [
        _warning(document, due, today)
        for document in tree.offers.values()
        for due in reviews_due(document.data, updated.get(document.path), today)
    ]


def _warning(document: Document, due: ReviewDue, today: dt.date) -> Problem:
    if due.reason == EXPIRED:
        message = f"available_until: this offer expired on {due.date}"
    elif due.reason == EXPIRING:
        message = (
            f"available_until: this offer expires on {due.date}, {due.when}; "
            "extend the date if it runs longer"
        )
    else:
        return document.problem(
            (),
            f"this offer was last updated on {due.date}, over 12 months ago; check it is "
            "still right and correct what is not; if all of it is, add a line "
            f'"# Checked on {today}" at the end, so that its page shows it was checked',
            "warning",
        )
    return document.problem(("available_until",), message, "warning")
