"""The /contribute/ page's offer form, described from the offer schema and the site's vocabularies.

The template only lays the fields out; each field's limits, hints and whether it is required
come from the schema, so the form and `check` never disagree.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from ..content.schemas import enum, field_names, schema
from ..content.starters import OFFER_SCHEMA_COMMENT, offer_template
from ..content.vocabulary import area_tree
from ..content.words import DELIVERY, UNITS
from ..model.catalogue import Catalogue
from ..model.objects import Site


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
    answers: tuple[tuple[str, str], ...] = ()  # a choice's value in the file as JSON, if not its own
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


def _price_fields(index: int, currency: str) -> list[FormField]:
    units = tuple(
        (unit, f"{UNITS[unit].words} ({UNITS[unit].meaning})") for unit in enum("offer", "prices", "unit")
    )
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
            f"prices.{index}.minimum",
            f"Price {number} smallest booking",
            check="whole",
            hint="If it can only be booked several at a time: how many, counted in the unit above, "
            "like 8 for at least 8 weekly sessions. Leave it empty if one is enough.",
        ),
        offer_field(
            f"prices.{index}.add_on",
            f"Price {number} add-on",
            control="checkbox",
            hint="An extra bought with another price, such as a slow cooker for each person. "
            "It is never shown as your “from” price.",
            choices=(("true", "This is an add-on, only bought with another price"),),
        ),
        offer_field(
            f"prices.{index}.notes", f"Price {number} notes", hint="What is included; who funds a free offer."
        ),
    ]


PRICE_ROWS = 3


def offer_form(site: Site, suppliers: list[tuple[str, str]]) -> dict[str, FormField]:
    """Every field of the offer form, by name, in the order the form shows them."""
    fields = [
        *_about_fields(site, suppliers),
        *[f for index in range(PRICE_ROWS) for f in _price_fields(index, _currency_words(site))],
        *_delivery_fields(site),
        *_detail_fields(),
        *_date_and_contact_fields(),
        FormField(
            "status",
            "Draft",
            control="checkbox",
            choices=(("draft", "Keep it as a draft, off the live site"),),
        ),
    ]
    return {f.name: f for f in fields}


def _about_fields(site: Site, suppliers: list[tuple[str, str]]) -> list[FormField]:
    """Who offers it, its id, title, summary, description and category."""
    id_rules = _resolved({"$ref": "common.schema.json#/definitions/id"})
    categories = tuple((i, _one_line(t.label)) for i, t in site.categories.items())
    return [
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
            "Web address name",
            hint="Made from the title for you. It becomes the end of the offer's web address and its file "
            "name, so change it only if you want a shorter one: lowercase letters a-z, digits and single "
            f"hyphens, like winter-walks, {id_rules['maxLength']} characters at most.",
            required=True,
            missing="Enter a web address name, like winter-walks: "
            "the title has no letters a-z to make one from",
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
            choices=categories,
            missing="Choose a category",
        ),
    ]


def _delivery_fields(site: Site) -> list[FormField]:
    """VAT, how and where it is delivered, and for whom."""
    audiences = tuple((i, _one_line(t.label)) for i, t in site.audiences.items())
    return [
        offer_field(
            "includes_vat",
            "VAT",
            control="radios",
            hint="Whether an organisation pays VAT on top of your prices.",
            choices=(
                ("", "Not stated"),
                ("true", "Our prices include VAT"),
                ("false", "VAT is added on top of our prices"),
                ("not-registered", "We are not VAT-registered, so there is no VAT"),
            ),
            # Not registered: there is no VAT to add, which the offer page says as for prices with VAT in.
            answers=(("true", "true"), ("false", "false"), ("not-registered", "true")),
        ),
        offer_field(
            "delivery",
            "Delivery",
            control="checkboxes",
            hint="Choose both if you can do either, or hybrid.",
            choices=tuple((d, DELIVERY.get(d, d)) for d in enum("offer", "delivery")),
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
            choices=audiences,
        ),
    ]


def _detail_fields() -> list[FormField]:
    """Group sizes, duration, languages, notice, access, safeguarding, outcomes, keywords."""
    return [
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
    ]


def _date_and_contact_fields() -> list[FormField]:
    """When it can be booked, and a contact of its own."""
    return [
        offer_field(
            "available_from",
            "First day",
            check="date",
            input_type="date",
            hint="The first day it can be booked, if it is not bookable yet.",
        ),
        offer_field(
            "available_until",
            "Last day",
            check="date",
            input_type="date",
            hint="The last day it can be booked, if it ends. After it the offer leaves the listings.",
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
    ]


def _one_line(text: str) -> str:
    # Labels come from site.yaml: a line break in one must not end the page's text.
    return " ".join(str(text).split())


def _currency_words(site: Site) -> str:
    return "pounds" if site.currency == "GBP" else site.currency


def _site_area_tree(site: Site) -> list[tuple[str, int]]:
    return area_tree(
        {i: t.label for i, t in site.areas.items()}, {i: t.parent or "" for i, t in site.areas.items()}
    )


def contribute_context(catalogue: Catalogue) -> dict[str, Any]:
    """What the /contribute/ page shows: the offer form and the starter file to copy."""
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
        "example_yaml": offer_template("YOUR-SUPPLIER-ID", "YOUR-OFFER-ID", site.vocabulary(), site.currency),
    }
