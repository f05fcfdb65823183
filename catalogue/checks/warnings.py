"""What is worth a warning but not a refusal: offers expired, expiring, or not updated in a year."""

from __future__ import annotations

import datetime as dt

from ..content.files import ContentTree
from ..content.loader import parse_date
from ..errors import Problem

EXPIRY_WARNING_DAYS = 30
STALE_AFTER_DAYS = 365


def offer_warnings(tree: ContentTree, today: dt.date, updated: dict[str, dt.date]) -> list[Problem]:
    """Expired, soon-expiring and stale offers: warnings, not errors."""
    problems = []
    for document in tree.offers.values():
        end = parse_date(document.data.get("available_until"))
        if end and end < today:
            problems.append(
                document.problem(
                    ("available_until",), f"available_until: this offer expired on {end}", "warning"
                )
            )
        elif end and (end - today).days <= EXPIRY_WARNING_DAYS:
            days = (end - today).days
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            problems.append(
                document.problem(
                    ("available_until",),
                    f"available_until: this offer expires "
                    f"on {end}, {when}; extend the date if it runs longer",
                    "warning",
                )
            )
        changed = updated.get(document.path)
        if changed and (today - changed).days > STALE_AFTER_DAYS:
            problems.append(
                document.problem(
                    (),
                    f"this offer was last updated on {changed}, over 12 months ago; check it is "
                    "still right and correct what is not; if all of it is, add a line "
                    f'"# Checked on {today}" at the end, so that its page shows it was checked',
                    "warning",
                )
            )
    return problems
