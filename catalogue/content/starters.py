"""Commented starter files for a new supplier or offer, for people who do not know YAML.

`new supplier`, `new offer` and the /contribute/ page give these; every value still to be
written starts with the placeholder word REPLACE, which `check` names until it is replaced.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .schemas import enum
from .vocabulary import Vocabulary, area_tree
from .words import LEGAL_FORMS, UNITS

# A value starting with this word is a starter file's placeholder, never real content.
PLACEHOLDER = re.compile(r"REPLACE(?![A-Za-z0-9_])")
# The first line of each file tells editors its schema, relative to the file in content/.
SUPPLIER_SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../catalogue/schema/supplier.schema.json"
OFFER_SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../../catalogue/schema/offer.schema.json"
ORDER_SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../catalogue/schema/order.schema.json"


def placeholder_hint(value: str) -> str:
    """What a placeholder asks for, in words: "REPLACE-with-a-unit" -> "replace it with a unit"."""
    rest = value[len("REPLACE") :].strip(" :-\n").split("\n")[0].strip()
    if not rest:
        return "replace it with your own text"
    if " " not in rest:
        rest = rest.replace("-", " ")
    if rest.startswith("with "):
        rest = f"replace it {rest}"
    return rest if len(rest) <= 80 else rest[:77] + "..."


# --- templates ----------------------------------------------------------------------

HOW_TO_FILL_IN = """\
# How to fill it in:
# - Replace every value that starts with REPLACE with your own words or choices.
# - Lines starting with # are notes for you; the site ignores them. Optional fields
#   are written as notes: to use one, delete the "# " in front of each of its lines.
# - Indent with spaces, never tabs, and keep the indentation as it is.
# - Then run: python build.py check
#   It names every placeholder still to fill in, and anything else to fix.
# CONTRIBUTING.md explains every field, with a complete example."""

SUPPLIER_TEMPLATE = """\
{schema_comment}
#
# A new supplier, saved as content/suppliers/{supplier_id}/supplier.yaml.
# The folder name is the supplier's id: it makes your web address, so keep it.
#
{how_to}

# ---- Required fields -----------------------------------------------------------

# Your organisation's name, as it should appear on the site: 2 to 120 characters.
name: "REPLACE: your organisation's name"

# One or two plain sentences about you, shown on cards: 200 characters at most,
# no Markdown.
summary: "REPLACE: one or two plain sentences about your organisation"

# The kind of organisation you are: ONE of these.
{legal_forms}
legal_form: REPLACE-with-your-legal-form

# Where enquiries about your offers go.
email: "REPLACE: your email address"

# The GitHub user names of the people who may change this folder, one per line,
# without @. At least one; add a line starting "- " for each extra person.
maintainers:
  - "REPLACE: your GitHub user name"

# ---- Optional fields: delete the "# " in front of a field's lines to use it ----

# More about you, in Markdown, on the lines under "description: |", each indented
# by two spaces. Leave a blank line between paragraphs.
# description: |
#   We began in 2016 as a Tuesday walking group.
#
#   Now we run groups all over the area.

# Your charity, company or society number. Keep it in quotes.
# registration_number: "SC000000"

# Your website: it must start with https://.
# website: https://example.org

# A phone number for enquiries. Keep it in quotes.
# phone: "0141 496 0000"

# Your town or neighbourhood.
# locality: Maryhill

# Whether you are registered for VAT. Most small social enterprises are not: say
# false, and every offer of yours says there is no VAT to add to its prices.
# vat_registered: false

# The areas you work in: area ids, one per line.
{areas}
# areas:
#   - {area_example}

# Your logo: a .png, .jpg, .jpeg, .webp or .svg file of at most 1 MB in an images/
# folder inside this folder, and a few words describing it.
# logo: images/logo.png
# logo_alt: The Example Project logo
"""

OFFER_TEMPLATE = """\
{schema_comment}
#
# A new offer, saved as content/suppliers/{supplier_id}/offers/{offer_id}.yaml.
# The file name is the offer's id: it makes the offer's web address, so keep it.
#
{how_to}

# ---- Required fields -----------------------------------------------------------

# The offer's name, as organisations will see it: 3 to 120 characters.
title: "REPLACE: the offer's name"

# One or two plain sentences, shown on cards and in search results:
# 200 characters at most, no Markdown.
summary: "REPLACE: one or two plain sentences saying what the offer is"

# What happens, who it is for and what is included. Write it on the lines under
# "description: |", each indented by two spaces. It is Markdown: leave a blank
# line between paragraphs, start list items with "- ", and write links like
# [our timetable](https://example.org/timetable) (https:// addresses only).
description: |
  REPLACE: what happens, who it is for and what is included.

# The section of the menu it belongs in: ONE of these category ids.
{categories}
category: REPLACE-with-a-category-id

# What it costs. Give at least one price; for another option (say, a single
# session as well as a block), repeat the lines from "- amount" down.
# - amount: a plain number in {currency}, like 45 or 120.50, with no currency sign
#   and no commas, at most two decimal places. 0 means free.
# - unit: what the amount pays for, ONE of:
{units}
# - label (optional): a name for this option, like "At your venue".
# - notes (optional): what is included, group sizes, who funds a free offer.
# - minimum (optional): the smallest number of the unit that can be booked, a
#   whole number, like 8 for "at least 8 weekly sessions". Leave it out for 1.
# - add_on (optional): write "add_on: true" for an extra that is only bought with
#   another price, such as materials for each person. Your "from" price is never
#   an add-on, so at least one price must be without it.
prices:
  - amount: REPLACE-with-a-number
    unit: REPLACE-with-a-unit
    # label: At your venue
    # notes: Materials included; up to 12 people.
    # minimum: 6

# How it is delivered: in_person, online, or both, one per line starting "- ".
# Both means either, or hybrid.
delivery:
  - REPLACE-with-in_person-or-online

# Where you can deliver it in person: area ids, one per line. An area also covers
# the places listed under it. Needed when delivery has in_person; for an offer
# that is only online, delete these two lines.
{areas}
areas:
  - REPLACE-with-an-area-id

# ---- Optional fields: delete the "# " in front of a field's lines to use it ----

# Who it is for: audience ids, one per line.
{audiences}
# audiences:
#   - {audience_example}

# Free keywords that help people find it in search.
# tags:
#   - walking
#   - outdoors

# true if your prices include VAT; false if VAT is added on top. Leave it out if
# your supplier.yaml says vat_registered: false (there is no VAT to add), or if you
# cannot say.
# includes_vat: true

# The smallest and largest group: whole numbers, min not more than max.
# group_size:
#   min: 4
#   max: 12

# How long it runs.
# duration: 6 weekly sessions of 90 minutes

# Languages it can be delivered in.
# languages:
#   - English

# Venue access and the adjustments you can make.
# accessibility: Step-free venue with an accessible toilet and a hearing loop.

# Checks, insurance and policies.
# safeguarding: All staff are PVG checked. Public liability insurance to 5 million.

# The wellbeing outcomes it aims for.
# outcomes:
#   - Less loneliness
#   - More confidence

# Days of notice you need to book: a whole number.
# lead_time_days: 14

# The first and last day it can be booked, written YYYY-MM-DD. After the last day
# the offer leaves the listings, but its page stays up saying it has ended.
# available_from: 2027-01-11
# available_until: 2027-06-30

# Contact details for this offer, if they differ from your supplier.yaml.
# The web page must start with https://. Keep phone numbers in quotes.
# contact:
#   name: Sam Jones
#   email: bookings@example.org
#   phone: "0141 496 0000"
#   url: https://example.org/book

# A picture: a .png, .jpg, .jpeg, .webp or .svg file of at most 1 MB in an images/
# folder inside your supplier folder, and a few words describing it.
# image: images/offer.jpg
# image_alt: Three people laughing round a potter's wheel

# draft keeps the offer off the live site while you work on it.
# status: draft
"""


def supplier_template(supplier_id: str, vocabulary: Vocabulary) -> str:
    """The commented supplier.yaml that `new supplier` writes."""
    legal_words = {**LEGAL_FORMS, "other": "another kind of social enterprise"}
    return SUPPLIER_TEMPLATE.format(
        schema_comment=SUPPLIER_SCHEMA_COMMENT,
        supplier_id=supplier_id,
        how_to=HOW_TO_FILL_IN,
        legal_forms=_choice_comments(
            {form: legal_words.get(form, "") for form in enum("supplier", "legal_form")}
        ),
        areas=_area_comments(vocabulary),
        area_example=next(iter(vocabulary.areas), "an-area-id"),
    )


def offer_template(supplier_id: str, offer_id: str, vocabulary: Vocabulary, currency: str = "GBP") -> str:
    """The commented offer file that `new offer` writes and /contribute/ shows."""
    units = {unit: f"{UNITS[unit].words}: {UNITS[unit].meaning}" for unit in enum("offer", "prices", "unit")}
    return OFFER_TEMPLATE.format(
        schema_comment=OFFER_SCHEMA_COMMENT,
        supplier_id=supplier_id,
        offer_id=offer_id,
        how_to=HOW_TO_FILL_IN,
        currency="pounds" if currency == "GBP" else currency,
        categories=_choice_comments(vocabulary.categories, "category"),
        units=_choice_comments(units),
        areas=_area_comments(vocabulary),
        audiences=_choice_comments(vocabulary.audiences, "audience"),
        audience_example=next(iter(vocabulary.audiences), "an-audience-id"),
    )


def _one_line(text: str) -> str:
    # Labels come from site.yaml: a line break in one must not end the comment.
    return " ".join(str(text).split())


def _choice_comments(choices: Mapping[str, str], what: str = "") -> str:
    if not choices:
        return f"#   (there are no {what} ids yet: the coordinators list them in site.yaml)"
    width = max(len(choice) for choice in choices)
    return "\n".join(f"#   {key.ljust(width)}  {_one_line(label)}".rstrip() for key, label in choices.items())


def _area_comments(vocabulary: Vocabulary) -> str:
    """Area ids as a tree: each region followed by the places inside it, indented."""
    tree = area_tree(vocabulary.areas, vocabulary.area_parents)
    labels = {f"{'  ' * depth}{area}": vocabulary.areas[area] for area, depth in tree}
    return _choice_comments(labels, "area")
