"""The words for the values the schemas allow: units, legal forms, ways of delivery.

Written once, here: the pages, the starter files, the contribute form, the pull-request
summary and the shortlist's script all say the same (tests hold static/shortlist.js and
CONTRIBUTING.md to these words, and these words to the schemas' lists).
"""

from __future__ import annotations

from typing import NamedTuple


class Unit(NamedTuple):
    words: str  # after an amount: "£45.00 per session"
    one: str  # a quantity of one: "1 session"
    many: str  # any other quantity: "6 sessions"
    meaning: str  # what the amount pays for, for suppliers choosing a unit


UNITS = {
    "per_session": Unit("per session", "session", "sessions", "one session, class or workshop for the group"),
    "per_block": Unit("per block", "block", "blocks", "a whole course or block of sessions"),
    "per_person": Unit("per person", "person", "people", "for each participant"),
    "per_hour": Unit("per hour", "hour", "hours", "for each hour of delivery"),
    "per_day": Unit("per day", "day", "days", "for each day"),
    "per_group": Unit(
        "per group", "group", "groups", "a package for one group, however many sessions it takes"
    ),
    "fixed": Unit(
        "fixed price", "booking", "bookings", "a one-off fixed price, such as a licence or a set-up fee"
    ),
}


def unit_words(unit: str) -> str:
    """ "per session"; an unknown unit (in a file not yet checked) as written, without underscores."""
    known = UNITS.get(unit)
    return known.words if known else unit.replace("_", " ")


LEGAL_FORMS = {
    "cic": "Community interest company",
    "charity": "Charity",
    "scio": "Scottish charitable incorporated organisation",
    "cooperative": "Co-operative",
    "community-benefit-society": "Community benefit society",
    "company-limited-by-guarantee": "Company limited by guarantee",
    "other": "Social enterprise",
}

DELIVERY = {"in_person": "In person", "online": "Online"}

# Words suppliers use that a volunteer may not know: explained where a page uses them.
GLOSSARY = {
    "SCIO": "Scottish charitable incorporated organisation: a charity registered in Scotland "
    "that is a body of its own",
    "CIC": "community interest company: a company whose profits and assets serve the community",
    "CIO": "charitable incorporated organisation: a charity that is a body of its own",
    "PVG": "Protecting Vulnerable Groups: Scotland's scheme of checks for people who work with "
    "children or adults at risk",
    "DBS": "Disclosure and Barring Service: the criminal record checks for people who work with "
    "children or adults at risk",
}
