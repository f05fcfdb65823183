"""Starting new content without knowing YAML.

`new supplier` and `new offer` write a commented template whose placeholders fail
`check` until they are filled in; `placeholder_problems` is the rule that names them.
The /contribute/ page's form is described here too, from the offer schema and the
site's vocabularies, so that the template only lays it out.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .loader import Document, JsonPath, read_document, strings
from .messages import did_you_mean, field_label
from .paths import YAML_SUFFIXES, id_problem, is_valid_id
from .problems import Problem
from .schemas import field_names, schema

# validate.py calls placeholder_problems, so this module imports validate, model and
# render (which all lead back to validate) only inside the functions that need them.
if TYPE_CHECKING:
    from .model import Catalogue, Site
    from .validate import Vocabulary

# A value starting with this word is a template's placeholder, never real content.
PLACEHOLDER = re.compile(r"REPLACE(?![A-Za-z0-9_])")

UNIT_MEANINGS = {
    "per_session": ("per session", "one session, class or workshop for the group"),
    "per_block": ("per block", "a whole course or block of sessions"),
    "per_person": ("per person", "for each participant"),
    "per_hour": ("per hour", "for each hour of delivery"),
    "per_day": ("per day", "for each day"),
    "per_group": ("per group", "a package for one group, however many sessions it takes"),
    "fixed": ("fixed price", "a one-off fixed price, such as a licence or a set-up fee"),
}
DELIVERY_WORDS = {"in_person": "In person", "online": "Online"}
# The first line of each file tells editors its schema, relative to the file in content/.
SUPPLIER_SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../catalogue/schema/supplier.schema.json"
OFFER_SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../../catalogue/schema/offer.schema.json"


# --- placeholders -----------------------------------------------------------------


def placeholder_problems(
    document: Document, texts: list[tuple[JsonPath, str]] | None = None
) -> list[Problem]:
    """One error for every value that still holds a template's REPLACE placeholder.

    texts: the document's strings (loader.strings), when the caller has them already.
    """
    return [
        document.problem(path, f"{field_label(path)}: fill in this placeholder ({placeholder_hint(value)})")
        for path, value in (strings(document.data) if texts is None else texts)
        if PLACEHOLDER.match(value)
    ]


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
# - notes (optional): what is included, minimum numbers, who funds a free offer.
prices:
  - amount: REPLACE-with-a-number
    unit: REPLACE-with-a-unit
    # label: At your venue
    # notes: Materials included; up to 12 people.

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

# true if your prices include VAT, false if VAT is added on top or you are not
# VAT-registered. Leave it out if you cannot say.
# includes_vat: false

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
    from .render import LEGAL_FORMS

    legal_words = {**LEGAL_FORMS, "other": "another kind of social enterprise"}
    return SUPPLIER_TEMPLATE.format(
        schema_comment=SUPPLIER_SCHEMA_COMMENT,
        supplier_id=supplier_id,
        how_to=HOW_TO_FILL_IN,
        legal_forms=_choice_comments({form: legal_words.get(form, "") for form in _legal_form_ids()}),
        areas=_area_comments(vocabulary),
        area_example=next(iter(vocabulary.areas), "an-area-id"),
    )


def offer_template(supplier_id: str, offer_id: str, vocabulary: Vocabulary, currency: str = "GBP") -> str:
    """The commented offer file that `new offer` writes and /contribute/ shows."""
    units = {unit: "{}: {}".format(*_unit_words(unit)) for unit in unit_ids()}
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


def area_tree(areas: Mapping[str, str], parents: Mapping[str, str]) -> list[tuple[str, int]]:
    """Area ids in site.yaml's order, each region followed by its places; with their depth."""
    children: dict[str, list[str]] = {}
    for area in areas:
        children.setdefault(parents.get(area, ""), []).append(area)
    ordered: list[tuple[str, int]] = []
    seen: set[str] = set()

    def visit(area: str, depth: int) -> None:
        if area in seen:
            return
        seen.add(area)
        ordered.append((area, depth))
        for child in children.get(area, []):
            visit(child, depth + 1)

    for area in areas:
        if parents.get(area) not in areas:
            visit(area, 0)
    for area in areas:  # areas in a circle of parents have no region to hang from
        visit(area, 0)
    return ordered


def _legal_form_ids() -> list[str]:
    ids: list[str] = schema("supplier")["properties"]["legal_form"]["enum"]
    return ids


def _unit_words(unit: str) -> tuple[str, str]:
    return UNIT_MEANINGS.get(unit, (unit.replace("_", " "), ""))


def unit_ids() -> list[str]:
    ids: list[str] = schema("offer")["properties"]["prices"]["items"]["properties"]["unit"]["enum"]
    return ids


def vocabulary_of(site: Site) -> Vocabulary:
    """The vocabulary of a built site, as validation sees it."""
    from .validate import Vocabulary

    return Vocabulary(
        categories={i: t.label for i, t in site.categories.items()},
        areas={i: t.label for i, t in site.areas.items()},
        area_parents={i: t.parent for i, t in site.areas.items() if t.parent},
        audiences={i: t.label for i, t in site.audiences.items()},
    )


# --- the `new` command -----------------------------------------------------------


class ScaffoldError(Exception):
    """A `new` command that cannot be done as asked; the message says why and what to do."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `new supplier` and `new offer`."""
    parser = commands.add_parser(
        "new",
        help="start a new supplier or offer file from a commented template",
        description="Write a commented template to fill in; `check` names every placeholder left.",
    )
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
    supplier = kinds.add_parser("supplier", help="write suppliers/ID/supplier.yaml")
    supplier.add_argument("supplier_id", metavar="ID", help="the new supplier's id, like canal-clay")
    offer = kinds.add_parser("offer", help="write suppliers/SUPPLIER-ID/offers/OFFER-ID.yaml")
    offer.add_argument("supplier_id", metavar="SUPPLIER-ID", help="an existing supplier's id")
    offer.add_argument("offer_id", metavar="OFFER-ID", help="the new offer's id, like winter-walks")
    for command in (supplier, offer):
        command.add_argument("--content", default="content", help="content folder (default: content)")
    supplier.set_defaults(run=run_new_supplier)
    offer.set_defaults(run=run_new_offer)


def run_new_supplier(args: argparse.Namespace) -> int:
    return _run(lambda: new_supplier(Path(args.content), args.supplier_id))


def run_new_offer(args: argparse.Namespace) -> int:
    return _run(lambda: new_offer(Path(args.content), args.supplier_id, args.offer_id))


def _run(action: Callable[[], Path]) -> int:
    try:
        written = action()
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {written}: replace every REPLACE placeholder, then run `python build.py check`")
    return 0


def new_supplier(content: Path, supplier_id: str) -> Path:
    """Write the template for a new supplier; refuse a bad id or an existing supplier."""
    _require_id(supplier_id, "supplier id")
    folder = _content_folder(content) / "suppliers" / supplier_id
    existing = _yaml_file(folder, "supplier")
    if existing:
        raise ScaffoldError(f"{existing} already exists; edit it, or choose another id")
    return _write(folder / "supplier.yaml", supplier_template(supplier_id, _site_settings(content)[0]))


def new_offer(content: Path, supplier_id: str, offer_id: str) -> Path:
    """Write the template for a new offer of an existing supplier."""
    _require_id(supplier_id, "supplier id")
    _require_id(offer_id, "offer id")
    suppliers = _content_folder(content) / "suppliers"
    if not _yaml_file(suppliers / supplier_id, "supplier"):
        known = sorted(p.parent.name for p in suppliers.glob("*/supplier.y*ml"))
        hint = did_you_mean(supplier_id, known) or (
            f"; add it first with `python build.py new supplier {supplier_id}`"
        )
        raise ScaffoldError(f'there is no supplier "{supplier_id}" in {suppliers}{hint}')
    existing = _yaml_file(suppliers / supplier_id / "offers", offer_id)
    if existing:
        raise ScaffoldError(f"{existing} already exists; edit it, or choose another offer id")
    vocabulary, currency = _site_settings(content)
    text = offer_template(supplier_id, offer_id, vocabulary, currency)
    return _write(suppliers / supplier_id / "offers" / f"{offer_id}.yaml", text)


def _require_id(text: str, what: str) -> None:
    if not is_valid_id(text):
        raise ScaffoldError(f"{what} {id_problem(text)}")


def _content_folder(content: Path) -> Path:
    if not content.is_dir():
        raise ScaffoldError(
            f'the content folder "{content}" does not exist; run this in the repository\'s top '
            "folder, or name the folder with --content"
        )
    return content


def _yaml_file(folder: Path, stem: str) -> Path | None:
    return next(
        (folder / f"{stem}{suffix}" for suffix in YAML_SUFFIXES if (folder / f"{stem}{suffix}").exists()),
        None,
    )


def _site_settings(content: Path) -> tuple[Vocabulary, str]:
    """The vocabularies and currency of site.yaml; empty and GBP if it cannot be read."""
    from .validate import Vocabulary

    file = _yaml_file(content, "site")
    document = read_document(file, str(file))[0] if file else None
    data = document.data if document else {}
    currency = data.get("currency")
    return Vocabulary.from_site(data), currency if isinstance(currency, str) else "GBP"


def _write(file: Path, text: str) -> Path:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with file.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{file} already exists; edit it, or choose another id") from None
    except OSError as error:
        raise ScaffoldError(f"could not write {file}: {error.strerror or error}") from None
    return file


# --- the /contribute/ form -------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    """One control of the offer form, with the limits the offer schema sets for it."""

    name: str  # where the answer goes in the offer file: "title", "contact.url", "prices.0.amount"
    label: str  # short, as used in error messages: "Contact web page"
    control: str = "input"  # input, textarea, select, checkboxes, radios, checkbox
    hint: str = ""
    required: bool = False
    missing: str = ""  # the error when a required answer is missing
    check: str = "text"  # text, amount, whole, date
    input_type: str = "text"
    list_split: str = ""  # "comma" or "lines" for answers that become lists
    pattern: str = ""
    pattern_message: str = ""
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, str], ...] = ()
    rows: int = 4

    @property
    def id(self) -> str:
        return "f-" + re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")

    def as_context(self) -> dict[str, Any]:
        """Plain values for the page context (which the incremental build fingerprints)."""
        return {**asdict(self), "id": self.id}


def _resolved(node: dict[str, Any]) -> dict[str, Any]:
    """A schema property with its common.schema.json definition merged in."""
    ref = node.get("$ref", "")
    if not ref:
        return node
    file, _, name = ref.partition("#/definitions/")
    definition: dict[str, Any] = schema(file.removesuffix(".schema.json"))["definitions"][name]
    return {**definition, **{k: v for k, v in node.items() if k != "$ref"}}


def _rules(path: list[str]) -> tuple[dict[str, Any], bool]:
    """The schema of an offer field ("contact", "url") and whether its object requires it."""
    node: dict[str, Any] = schema("offer")
    required = True
    for name in path:
        if node.get("type") == "array":
            node = node["items"]
        required = required and name in node.get("required", [])
        node = _resolved(node["properties"][name])
    return node, required


def offer_field(name: str, label: str, **options: Any) -> FormField:
    """A form field whose limits, hint and required flag come from the offer schema."""
    rules, required = _rules([part for part in name.split(".") if not part.isdigit()])
    if options.get("control", "input") != "input" and options.get("control") != "textarea":
        rules = {"description": rules.get("description", "")}  # a choice cannot be mistyped
    hint = options.pop("hint", None) or rules.get("description", "")
    limits = _length_words(rules.get("minLength"), rules.get("maxLength"))
    return FormField(
        name,
        label,
        hint=" ".join(filter(None, [hint, limits])),
        required=options.pop("required", required),
        pattern=rules.get("pattern", ""),
        pattern_message=rules.get("patternErrorMessage", ""),
        min_length=rules.get("minLength"),
        max_length=rules.get("maxLength"),
        minimum=rules.get("minimum"),
        maximum=rules.get("maximum"),
        **options,
    )


def _length_words(low: int | None, high: int | None) -> str:
    if low and low > 1 and high:
        return f"{low} to {high} characters."
    return f"{high} characters at most." if high and high <= 1000 else ""


def _price_fields(index: int, currency: str, units: tuple[tuple[str, str], ...]) -> list[FormField]:
    number = index + 1
    first = index == 0
    return [
        offer_field(
            f"prices.{index}.amount",
            f"Price {number} amount",
            hint=f"In {currency}: a plain number such as 45 or 120.50, with no currency sign or commas. "
            "0 means free.",
            check="amount",
            required=first,
            missing=f"Enter the amount of price {number}",
        ),
        offer_field(
            f"prices.{index}.unit",
            f"Price {number} unit",
            control="select",
            hint="What the amount pays for.",
            choices=units,
            required=first,
            missing=f"Choose what price {number} pays for",
        ),
        offer_field(f"prices.{index}.label", f"Price {number} name", hint='Optional, like "At your venue".'),
        offer_field(
            f"prices.{index}.notes", f"Price {number} notes", hint="What is included; who funds a free offer."
        ),
    ]


PRICE_ROWS = 3


def offer_form(site: Site, suppliers: list[tuple[str, str]]) -> dict[str, FormField]:
    """Every field of the offer form, by name."""
    units = tuple((unit, "{} ({})".format(*_unit_words(unit))) for unit in unit_ids())
    terms = {
        kind: tuple((i, _one_line(t.label)) for i, t in getattr(site, kind).items())
        for kind in ("categories", "audiences")
    }
    id_rules = _resolved({"$ref": "common.schema.json#/definitions/id"})
    fields = [
        FormField(
            "supplier",
            "Supplier",
            control="select",
            hint="Your organisation, as listed on the site.",
            required=True,
            missing="Choose your organisation",
            choices=tuple(suppliers),
        ),
        FormField(
            "offer_id",
            "Offer id",
            hint="The offer's file name and web address: lowercase letters a-z, digits and single hyphens, "
            f"like winter-walks. {id_rules['maxLength']} characters at most.",
            required=True,
            missing="Enter an id for the offer, like winter-walks",
            pattern=id_rules["pattern"],
            pattern_message=id_rules["patternErrorMessage"],
            max_length=id_rules["maxLength"],
        ),
        offer_field(
            "title",
            "Title",
            hint="The offer's name, as organisations will see it.",
            missing="Enter the offer's title",
        ),
        offer_field(
            "summary",
            "Summary",
            control="textarea",
            rows=3,
            hint="One or two plain sentences, shown on cards and in search results.",
            missing="Enter a summary of the offer",
        ),
        offer_field(
            "description",
            "Description",
            control="textarea",
            rows=10,
            hint="What happens, who it is for and what is included. Leave a blank line between paragraphs; "
            "start list items with “- ”; write links as [text](https://…).",
            missing="Enter a description of the offer",
        ),
        offer_field(
            "category",
            "Category",
            control="select",
            hint="The section of the menu it belongs in.",
            choices=terms["categories"],
            missing="Choose a category",
        ),
        *[f for index in range(PRICE_ROWS) for f in _price_fields(index, _currency_words(site), units)],
        offer_field(
            "includes_vat",
            "VAT",
            control="radios",
            hint="Whether the prices include VAT.",
            choices=(
                ("", "Not stated"),
                ("true", "Prices include VAT"),
                ("false", "VAT is added, or we are not VAT-registered"),
            ),
        ),
        offer_field(
            "delivery",
            "Delivery",
            control="checkboxes",
            hint="Choose both if you can do either, or hybrid.",
            choices=tuple((d, DELIVERY_WORDS.get(d, d)) for d in _delivery_ids()),
            missing="Choose how the offer is delivered",
        ),
        offer_field(
            "areas",
            "Areas",
            control="checkboxes",
            hint="Where you can deliver it in person: needed if you deliver in person. "
            "An area also covers the places inside it.",
            choices=tuple((i, _one_line(site.areas[i].label)) for i, _ in _site_area_tree(site)),
            missing="Choose at least one area where you deliver the offer in person",
        ),
        offer_field(
            "audiences",
            "Audiences",
            control="checkboxes",
            hint="Who it is for, if it is for particular people.",
            choices=terms["audiences"],
        ),
        offer_field("group_size.min", "Smallest group", check="whole", hint="A whole number."),
        offer_field("group_size.max", "Largest group", check="whole", hint="A whole number."),
        offer_field("duration", "Duration", hint="For example “6 weekly sessions of 90 minutes”."),
        offer_field(
            "languages",
            "Languages",
            list_split="comma",
            hint="Languages it can be delivered in, separated by commas.",
        ),
        offer_field(
            "lead_time_days",
            "Notice needed",
            check="whole",
            hint="Days of notice you need to book, as a whole number.",
        ),
        offer_field("accessibility", "Accessibility", control="textarea", rows=3),
        offer_field("safeguarding", "Safeguarding", control="textarea", rows=3),
        offer_field(
            "outcomes",
            "Outcomes",
            control="textarea",
            list_split="lines",
            hint="Wellbeing outcomes it aims for, one per line.",
        ),
        offer_field(
            "tags",
            "Keywords",
            list_split="comma",
            hint="Words that help people find it in search, separated by commas.",
        ),
        offer_field(
            "available_from",
            "First day",
            check="date",
            hint="The first day it can be booked, as YYYY-MM-DD, like 2027-01-11.",
        ),
        offer_field(
            "available_until",
            "Last day",
            check="date",
            hint="The last day it can be booked, as YYYY-MM-DD. After it the offer leaves the listings.",
        ),
        offer_field("contact.name", "Contact name", hint="Only if different from your supplier details."),
        offer_field("contact.email", "Contact email", input_type="email"),
        offer_field("contact.phone", "Contact phone", input_type="tel"),
        offer_field(
            "contact.url",
            "Contact web page",
            input_type="url",
            hint="A booking or information page, starting with https://.",
        ),
        FormField(
            "status",
            "Draft",
            control="checkbox",
            choices=(("draft", "Keep it as a draft, off the live site"),),
        ),
    ]
    return {f.name: f for f in fields}


def _delivery_ids() -> list[str]:
    ids: list[str] = schema("offer")["properties"]["delivery"]["items"]["enum"]
    return ids


def _currency_words(site: Site) -> str:
    return "pounds" if site.currency == "GBP" else site.currency


def _site_area_tree(site: Site) -> list[tuple[str, int]]:
    return area_tree(
        {i: t.label for i, t in site.areas.items()}, {i: t.parent or "" for i, t in site.areas.items()}
    )


def contribute_context(catalogue: Catalogue) -> dict[str, Any]:
    """What the /contribute/ page shows: the offer form and the template to copy."""
    site = catalogue.site
    suppliers = sorted(((s.id, s.name) for s in catalogue.suppliers.values()), key=lambda s: s[1].lower())
    return {
        "fields": {name: f.as_context() for name, f in offer_form(site, suppliers).items()},
        "price_rows": list(range(PRICE_ROWS)),
        "area_depths": dict(_site_area_tree(site)),
        "area_regions": {
            i: site.areas[t.parent].label for i, t in site.areas.items() if t.parent in site.areas
        },
        "schema_comment": OFFER_SCHEMA_COMMENT,
        "offer_fields": field_names("offer"),
        "example_yaml": offer_template(
            "YOUR-SUPPLIER-ID", "YOUR-OFFER-ID", vocabulary_of(site), site.currency
        ),
    }
