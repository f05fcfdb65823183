"""The /contribute/ page's offer form, described from the offer schema and the site's vocabularies.

The template only lays the fields out; each field's limits, hints and whether it is required
come from the schema, so the form and `check` never disagree.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..content.schemas import enum, field_names
from ..content.starters import OFFER_SCHEMA_COMMENT, offer_template
from ..content.vocabulary import area_tree
from ..content.words import DELIVERY, UNITS
from ..model.catalogue import Catalogue
from ..model.objects import Site
from .form import FormField, Words, offer_field, resolved
from .language import translations


def _price_fields(index: int, currency: str, _: Words) -> list[FormField]:
    units = tuple(
        (unit, f"{_(UNITS[unit].words)} ({_(UNITS[unit].meaning)})")
        for unit in enum("offer", "prices", "unit")
    )
    number = {"number": index + 1}
    first = index == 0
    return [
        offer_field(
            f"prices.{index}.amount",
            _("Price %(number)s amount") % number,
            _,
            hint=_(
                "In %(currency)s: a plain number such as 45 or 120.50, with no currency sign or commas. "
                "0 means free."
            )
            % {"currency": currency},
            check="amount",
            required=first,
            missing=_("Enter the amount of price %(number)s") % number,
        ),
        offer_field(
            f"prices.{index}.unit",
            _("Price %(number)s unit") % number,
            _,
            control="select",
            hint=_("What the amount pays for."),
            choices=units,
            required=first,
            missing=_("Choose what price %(number)s pays for") % number,
        ),
        *_price_details(index, number, _),
    ]


def _price_details(index: int, number: dict[str, int], _: Words) -> list[FormField]:
    """A price's name, smallest booking, add-on and notes."""
    return [
        offer_field(
            f"prices.{index}.label",
            _("Price %(number)s name") % number,
            _,
            hint=_('Optional, like "At your venue".'),
        ),
        offer_field(
            f"prices.{index}.minimum",
            _("Price %(number)s smallest booking") % number,
            _,
            check="whole",
            hint=_(
                "If it can only be booked several at a time: how many, counted in the unit above, "
                "like 8 for at least 8 weekly sessions. Leave it empty if one is enough."
            ),
        ),
        offer_field(
            f"prices.{index}.add_on",
            _("Price %(number)s add-on") % number,
            _,
            control="checkbox",
            hint=_(
                "An extra bought with another price, such as a slow cooker for each person. "
                "It is never shown as your “from” price."
            ),
            choices=(("true", _("This is an add-on, only bought with another price")),),
        ),
        offer_field(
            f"prices.{index}.notes",
            _("Price %(number)s notes") % number,
            _,
            hint=_("What is included; who funds a free offer."),
        ),
    ]


PRICE_ROWS = 3


def offer_form(site: Site, suppliers: list[tuple[str, str]], _: Words = str) -> dict[str, FormField]:
    """Every field of the offer form, by name, in the order the form shows them, in the words of
    the page's language (_ is its gettext)."""
    fields = [
        *_about_fields(site, suppliers, _),
        *[f for index in range(PRICE_ROWS) for f in _price_fields(index, _currency_words(site, _), _)],
        *_delivery_fields(site, _),
        *_detail_fields(_),
        *_date_and_contact_fields(_),
        FormField(
            "status",
            _("Draft"),
            control="checkbox",
            choices=(("draft", _("Keep it as a draft, off the live site")),),
        ),
        *_translation_fields(site, _),
    ]
    return {f.name: f for f in fields}


def _about_fields(site: Site, suppliers: list[tuple[str, str]], _: Words) -> list[FormField]:
    """Who offers it, its id, title, summary, description and category."""
    id_rules = resolved({"$ref": "common.schema.json#/definitions/id"})
    return [
        FormField(
            "supplier",
            _("Supplier"),
            control="select",
            hint=_("Your organisation, as listed on the site."),
            required=True,
            missing=_("Choose your organisation"),
            choices=tuple(suppliers),
        ),
        FormField(
            "offer_id",
            _("Web address name"),
            hint=_(
                "Made from the title for you. It becomes the end of the offer's web address and its file "
                "name, so change it only if you want a shorter one: lowercase letters a-z, digits and single "
                "hyphens, like winter-walks, %(most)s characters at most."
            )
            % {"most": id_rules["maxLength"]},
            required=True,
            missing=_(
                "Enter a web address name, like winter-walks: the title has no letters a-z to make one from"
            ),
            pattern=id_rules["pattern"],
            pattern_message=_(id_rules["patternErrorMessage"]),
            max_length=id_rules["maxLength"],
        ),
        *_text_fields(site, _),
    ]


def _text_fields(site: Site, _: Words) -> list[FormField]:
    """The offer's title, summary, description and category."""
    categories = tuple((i, _one_line(t.label)) for i, t in site.categories.items())
    return [
        offer_field(
            "title",
            _("Title"),
            _,
            hint=_("The offer's name, as organisations will see it."),
            missing=_("Enter the offer's title"),
        ),
        offer_field(
            "summary",
            _("Summary"),
            _,
            control="textarea",
            rows=3,
            hint=_("One or two plain sentences, shown on cards and in search results."),
            missing=_("Enter a summary of the offer"),
        ),
        offer_field(
            "description",
            _("Description"),
            _,
            control="textarea",
            rows=10,
            hint=_(
                "What happens, who it is for and what is included. Leave a blank line between paragraphs; "
                "start list items with “- ”; write links as [text](https://…)."
            ),
            missing=_("Enter a description of the offer"),
        ),
        offer_field(
            "category",
            _("Category"),
            _,
            control="select",
            hint=_("The section of the menu it belongs in."),
            choices=categories,
            missing=_("Choose a category"),
        ),
    ]


def _delivery_fields(site: Site, _: Words) -> list[FormField]:
    """VAT, how and where it is delivered, and for whom."""
    audiences = tuple((i, _one_line(t.label)) for i, t in site.audiences.items())
    return [
        offer_field(
            "includes_vat",
            _("VAT"),
            _,
            control="radios",
            hint=_("Whether an organisation pays VAT on top of your prices.")
            + " "
            + _(
                "Not VAT-registered? Say vat_registered: false in your supplier.yaml too, and every offer "
                "of yours will say there is no VAT to add."
            ),
            choices=(
                ("", _("Not stated")),
                ("true", _("Our prices include VAT")),
                ("false", _("VAT is added on top of our prices")),
                ("not-registered", _("We are not VAT-registered, so there is no VAT")),
            ),
            # Not registered: there is no VAT to add, which the offer page says as for prices with VAT in.
            answers=(("true", "true"), ("false", "false"), ("not-registered", "true")),
        ),
        offer_field(
            "delivery",
            _("Delivery"),
            _,
            control="checkboxes",
            hint=_("Choose both if you can do either, or hybrid."),
            choices=tuple((d, _(DELIVERY.get(d, d))) for d in enum("offer", "delivery")),
            missing=_("Choose how the offer is delivered"),
        ),
        offer_field(
            "areas",
            _("Areas"),
            _,
            control="checkboxes",
            hint=_(
                "Where you can deliver it in person: needed if you deliver in person. "
                "An area also covers the places inside it."
            ),
            choices=tuple((i, _one_line(site.areas[i].label)) for i, _ in _site_area_tree(site)),
            missing=_("Choose at least one area where you deliver the offer in person"),
        ),
        offer_field(
            "audiences",
            _("Audiences"),
            _,
            control="checkboxes",
            hint=_("Who it is for, if it is for particular people."),
            choices=audiences,
        ),
    ]


def _detail_fields(_: Words) -> list[FormField]:
    """Group sizes, duration, languages, notice, access, safeguarding, outcomes, keywords."""
    return [
        offer_field("group_size.min", _("Smallest group"), _, check="whole", hint=_("A whole number.")),
        offer_field("group_size.max", _("Largest group"), _, check="whole", hint=_("A whole number.")),
        offer_field("duration", _("Duration"), _, hint=_("For example “6 weekly sessions of 90 minutes”.")),
        offer_field(
            "languages",
            _("Languages"),
            _,
            list_split="comma",
            hint=_("Languages it can be delivered in, separated by commas."),
        ),
        offer_field(
            "lead_time_days",
            _("Notice needed"),
            _,
            check="whole",
            hint=_("Days of notice you need to book, as a whole number."),
        ),
        offer_field(
            "accessibility",
            _("Accessibility"),
            _,
            hint=_("Venue access and adjustments."),
            control="textarea",
            rows=3,
        ),
        offer_field(
            "safeguarding",
            _("Safeguarding"),
            _,
            hint=_("Checks, insurance and policies."),
            control="textarea",
            rows=3,
        ),
        offer_field(
            "outcomes",
            _("Outcomes"),
            _,
            control="textarea",
            list_split="lines",
            hint=_("Wellbeing outcomes it aims for, one per line."),
        ),
        offer_field(
            "tags",
            _("Keywords"),
            _,
            list_split="comma",
            hint=_("Words that help people find it in search, separated by commas."),
        ),
    ]


def _date_and_contact_fields(_: Words) -> list[FormField]:
    """When it can be booked, and a contact of its own."""
    return [
        offer_field(
            "available_from",
            _("First day"),
            _,
            check="date",
            input_type="date",
            hint=_("The first day it can be booked, if it is not bookable yet."),
        ),
        offer_field(
            "available_until",
            _("Last day"),
            _,
            check="date",
            input_type="date",
            hint=_("The last day it can be booked, if it ends. After it the offer leaves the listings."),
        ),
        offer_field(
            "contact.name", _("Contact name"), _, hint=_("Only if different from your supplier details.")
        ),
        offer_field("contact.email", _("Contact email"), _, input_type="email"),
        offer_field("contact.phone", _("Contact phone"), _, input_type="tel"),
        offer_field(
            "contact.url",
            _("Contact web page"),
            _,
            input_type="url",
            hint=_("A booking or information page, starting with https://."),
        ),
    ]


def _translation_fields(site: Site, _: Words) -> list[FormField]:
    """The offer's title, summary and description in each of the site's other languages, written
    to the file's translations block (optional: the main language's words show where left empty)."""
    fields = []
    for language in site.languages[1:]:
        words = {"language": language.label}
        for name, label, hint, control in (
            ("title", _("Title in %(language)s"), _("The offer's name in %(language)s."), "input"),
            ("summary", _("Summary in %(language)s"), _("The summary in %(language)s."), "textarea"),
            (
                "description",
                _("Description in %(language)s"),
                _("The description in %(language)s."),
                "textarea",
            ),
        ):
            rows = 6 if name == "description" else 3
            field = offer_field(name, label % words, _, hint=hint % words, control=control, rows=rows)
            fields.append(
                dataclasses.replace(
                    field, name=f"translations.{language.code}.{name}", required=False, lang=language.code
                )
            )
    return fields


def _one_line(text: str) -> str:
    # Labels come from site.yaml: a line break in one must not end the page's text.
    return " ".join(str(text).split())


def _currency_words(site: Site, _: Words) -> str:
    return _("pounds") if site.currency == "GBP" else site.currency


def _site_area_tree(site: Site) -> list[tuple[str, int]]:
    return area_tree(
        {i: t.label for i, t in site.areas.items()}, {i: t.parent or "" for i, t in site.areas.items()}
    )


def contribute_context(catalogue: Catalogue) -> dict[str, Any]:
    """What the /contribute/ page shows: the offer form and the starter file to copy."""
    site = catalogue.site
    words = translations(site.language.code)
    suppliers = sorted(((s.id, s.name) for s in catalogue.suppliers.values()), key=lambda s: s[1].lower())
    return {
        "fields": {name: f.as_context() for name, f in offer_form(site, suppliers, words.gettext).items()},
        "price_rows": list(range(PRICE_ROWS)),
        "area_depths": dict(_site_area_tree(site)),
        "area_regions": {
            i: site.areas[t.parent].label for i, t in site.areas.items() if t.parent in site.areas
        },
        "schema_comment": OFFER_SCHEMA_COMMENT,
        # translations only on a menu with other languages, so a one-language form is as it was
        "offer_fields": [f for f in field_names("offer") if f != "translations" or site.multilingual],
        "example_yaml": offer_template("YOUR-SUPPLIER-ID", "YOUR-OFFER-ID", site.vocabulary(), site.currency),
    }
