"""The words for the values the schemas allow: units, legal forms, ways of delivery.

Written once, here: the pages, the starter files, the contribute form, the pull-request
summary and the shortlist's script all say the same (tests hold static/shortlist.js and
CONTRIBUTING.md to these words, and these words to the schemas' lists).
"""

from __future__ import annotations

from typing import NamedTuple


def N_(text: str) -> str:
    """Marks words for the message catalogues; pages translate them as they render (site/render.py)."""
    return text


def Nn_(one: str, many: str) -> tuple[str, str]:
    """Marks a message with plural forms ("%(num)s session", "%(num)s sessions") for the catalogues."""
    return one, many


class Unit(NamedTuple):
    words: str  # after an amount: "£45.00 per session"
    one: str  # a quantity of one: "1 session"
    many: str  # any other quantity: "6 sessions"
    meaning: str  # what the amount pays for, for suppliers choosing a unit
    counted: tuple[str, str] = ("%(num)s", "%(num)s")  # a quantity, as a message with plural forms


UNITS = {
    "per_session": Unit(
        N_("per session"),
        N_("session"),
        N_("sessions"),
        N_("one session, class or workshop for the group"),
        Nn_("%(num)s session", "%(num)s sessions"),
    ),
    "per_block": Unit(
        N_("per block"),
        N_("block"),
        N_("blocks"),
        N_("a whole course or block of sessions"),
        Nn_("%(num)s block", "%(num)s blocks"),
    ),
    "per_person": Unit(
        N_("per person"),
        N_("person"),
        N_("people"),
        N_("for each participant"),
        Nn_("%(num)s person", "%(num)s people"),
    ),
    "per_hour": Unit(
        N_("per hour"),
        N_("hour"),
        N_("hours"),
        N_("for each hour of delivery"),
        Nn_("%(num)s hour", "%(num)s hours"),
    ),
    "per_day": Unit(
        N_("per day"),
        N_("day"),
        N_("days"),
        N_("for each day"),
        Nn_("%(num)s day", "%(num)s days"),
    ),
    "per_group": Unit(
        N_("per group"),
        N_("group"),
        N_("groups"),
        N_("a package for one group, however many sessions it takes"),
        Nn_("%(num)s group", "%(num)s groups"),
    ),
    "fixed": Unit(
        N_("fixed price"),
        N_("booking"),
        N_("bookings"),
        N_("a one-off fixed price, such as a licence or a set-up fee"),
        Nn_("%(num)s booking", "%(num)s bookings"),
    ),
}


def unit_words(unit: str) -> str:
    """ "per session"; an unknown unit (in a file not yet checked) as written, without underscores."""
    known = UNITS.get(unit)
    return known.words if known else unit.replace("_", " ")


LEGAL_FORMS = {
    "cic": N_("Community interest company"),
    "charity": N_("Charity"),
    "scio": N_("Scottish charitable incorporated organisation"),
    "cooperative": N_("Co-operative"),
    "community-benefit-society": N_("Community benefit society"),
    "company-limited-by-guarantee": N_("Company limited by guarantee"),
    "other": N_("Social enterprise"),
}

DELIVERY = {"in_person": N_("In person"), "online": N_("Online")}

# Words suppliers use that a volunteer may not know: explained where a page uses them.
GLOSSARY = {
    "SCIO": N_(
        "Scottish charitable incorporated organisation: a charity registered in Scotland "
        "that is a body of its own"
    ),
    "CIC": N_("community interest company: a company whose profits and assets serve the community"),
    "CIO": N_("charitable incorporated organisation: a charity that is a body of its own"),
    "PVG": N_(
        "Protecting Vulnerable Groups: Scotland's scheme of checks for people who work with "
        "children or adults at risk"
    ),
    "DBS": N_(
        "Disclosure and Barring Service: the criminal record checks for people who work with "
        "children or adults at risk"
    ),
}
