"""The rules of each kind of file beyond its schema: references, dates, sizes, ids."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from ..content.files import ContentTree
from ..content.layout import PAGE
from ..content.loader import Document, JsonPath, parse_date
from ..content.vocabulary import Vocabulary
from ..errors import Problem
from .documents import DATE_FIELDS, document_value
from .images import image_rules
from .languages import language_warnings
from .messages import did_you_mean, field_label


def site_rules(document: Document, vocabulary: Vocabulary) -> list[Problem]:
    data = document.data
    problems = _locale_rule(document)
    for section in ("categories", "areas", "audiences"):
        problems += _duplicate_ids(document, section)
    problems += _reserved_category_ids(document)
    for index, item in enumerate(_list(data.get("areas"))):
        if not isinstance(item, dict) or not isinstance(item.get("parent"), str):
            continue
        path: JsonPath = ("areas", index, "parent")
        parent = item["parent"]
        if parent not in vocabulary.areas:
            problems.append(
                document.problem(
                    path,
                    f'{field_label(path)}: unknown area "{parent}"'
                    f"{did_you_mean(parent, vocabulary.areas)}; a parent must be "
                    "another area listed here",
                )
            )
        elif _has_cycle(item.get("id"), vocabulary.area_parents):
            problems.append(
                document.problem(
                    path,
                    f"{field_label(path)}: areas cannot contain each other in a circle; check the parents",
                )
            )
    return problems


def _locale_rule(document: Document) -> list[Problem]:
    """The locale must be one the site can format money and dates in (the schema checks its form)."""
    locale = document.data.get("locale")
    if not isinstance(locale, str) or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", locale):
        return []
    try:
        Locale.parse(locale.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        message = f'"{locale}" is not a language the site can show prices and dates in; use one like "en-GB"'
        return [document.problem(("locale",), f"locale: {message}")]
    return []


def _duplicate_ids(document: Document, section: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    items = document.data.get(section)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        if item["id"] in seen:
            path: JsonPath = (section, index, "id")
            first_line = document.mark((section, seen[item["id"]], "id")).line
            problems.append(
                document.problem(
                    path,
                    f'{field_label(path)}: the id "{item["id"]}" is already '
                    f"used on line {first_line}; ids must be unique",
                )
            )
        else:
            seen[item["id"]] = index
    return problems


def _reserved_category_ids(document: Document) -> list[Problem]:
    """A category id the listings' own pages take: an area's page 2 is areas/<area>/page/2/, where
    its page for a category "page" would go."""
    problems = []
    for index, item in enumerate(_list(document.data.get("categories"))):
        if isinstance(item, dict) and item.get("id") == PAGE:
            path: JsonPath = ("categories", index, "id")
            message = f'{field_label(path)}: "{PAGE}" is taken by the site\'s own pages; choose another id'
            problems.append(document.problem(path, message))
    return problems


def _has_cycle(area: Any, parents: dict[str, str]) -> bool:
    seen = set()
    while isinstance(area, str) and area in parents:  # an id of the wrong type is reported by the schema
        if area in seen:
            return True
        seen.add(area)
        area = parents[area]
    return False


def supplier_rules(document: Document, folder: Path, vocabulary: Vocabulary) -> list[Problem]:
    problems = _references(document, "areas", vocabulary.areas, "area")
    problems += image_rules(document, folder, "logo", "logo_alt")
    return problems


def offer_rules(document: Document, folder: Path, vocabulary: Vocabulary) -> list[Problem]:
    data = document.data
    problems = _references(document, "category", vocabulary.categories, "category")
    problems += _references(document, "areas", vocabulary.areas, "area")
    problems += _references(document, "audiences", vocabulary.audiences, "audience")
    problems += _amount_decimals(document)
    problems += _bookable_price_rule(document)
    problems += _date_rules(document)
    problems += _group_size_rule(document)
    delivery = data.get("delivery")
    if isinstance(delivery, list) and "in_person" in delivery and not data.get("areas"):
        problems.append(
            document.problem(
                ("delivery",),
                'delivery: an offer delivered "in_person" needs '
                '"areas": add the ids of the areas where you can deliver it',
            )
        )
    problems += image_rules(document, folder, "image", "image_alt")
    problems += language_warnings(document)
    return problems


def vat_rules(tree: ContentTree) -> list[Problem]:
    """Offers that say VAT is added although their supplier is not VAT-registered."""
    problems = []
    for key, document in tree.offers.items():
        supplier = tree.suppliers.get(key.split("/")[0])
        problems += offer_vat_rule(document, supplier.data.get("vat_registered") if supplier else None)
    return problems


def offer_vat_rule(document: Document, vat_registered: Any) -> list[Problem]:
    """A supplier that is not VAT-registered charges no VAT, so its offer cannot have VAT added:
    the site would tell organisations to budget a fifth more than they will pay."""
    if vat_registered is not False or document.data.get("includes_vat") is not False:
        return []
    message = (
        "includes_vat: false says VAT is added to these prices, but supplier.yaml says this supplier is "
        "not VAT-registered (vat_registered: false), so there is no VAT to add; remove this line (or "
        "write includes_vat: true), or, if the supplier has registered for VAT, write "
        "vat_registered: true in supplier.yaml"
    )
    return [document.problem(("includes_vat",), message)]


def organisation_rules(
    document: Document, folder: Path, vocabulary: Vocabulary, tree: ContentTree
) -> list[Problem]:
    problems = _references(document, "area", vocabulary.areas, "area")
    problems += _references(document, "audiences", vocabulary.audiences, "audience")
    problems += _references(document, "interests", vocabulary.categories, "category")
    problems += _date_rules(document)
    problems += image_rules(document, folder, "logo", "logo_alt")
    for index, item in enumerate(_list(document.data.get("feedback"))):
        offer = item.get("offer") if isinstance(item, dict) else None
        if isinstance(offer, str) and "/" in offer and offer not in tree.offer_keys:
            path: JsonPath = ("feedback", index, "offer")
            hint = did_you_mean(offer, tree.offer_keys)
            problems.append(
                document.problem(
                    path,
                    f'{field_label(path)}: there is no offer "{offer}"{hint}; '
                    "name it as supplier-id/offer-id",
                )
            )
    return problems


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _references(document: Document, name: str, known: dict[str, str], what: str) -> list[Problem]:
    value = document.data.get(name)
    paths: list[tuple[JsonPath, Any]] = (
        [((name, i), v) for i, v in enumerate(value)] if isinstance(value, list) else [((name,), value)]
    )
    problems = []
    for path, ref in paths:
        if not isinstance(ref, str) or not known or ref in known:
            continue
        hint = did_you_mean(ref, known)
        if not hint:
            listed = ", ".join(known) if len(known) <= 12 else "see site.yaml"
            hint = f"; the {what} ids are: {listed}"
        problems.append(document.problem(path, f'{field_label(path)}: unknown {what} "{ref}"{hint}'))
    return problems


def _amount_decimals(document: Document) -> list[Problem]:
    problems = []
    for index, price in enumerate(_list(document.data.get("prices"))):
        amount = price.get("amount") if isinstance(price, dict) else None
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            continue
        path: JsonPath = ("prices", index, "amount")
        raw = document.implicit.get(path, ("", str(amount)))[1]
        if _decimal_places(raw) > 2:
            problems.append(
                document.problem(
                    path,
                    f"{field_label(path)}: must have at most 2 decimal "
                    f"places (pounds and pence, like 12.50); got {raw}",
                )
            )
    return problems


def _bookable_price_rule(document: Document) -> list[Problem]:
    """An add-on is bought with another price, so an offer of add-ons alone could not be booked
    and would have no "from" price to show."""
    prices = _list(document.data.get("prices"))
    if not prices or not all(isinstance(p, dict) and p.get("add_on") is True for p in prices):
        return []
    return [
        document.problem(
            ("prices",),
            "prices: every price is marked add_on: true, but an add-on is only bought with another "
            "price; remove add_on from the price that can be booked on its own",
        )
    ]


def _decimal_places(text: str) -> int:
    try:
        exponent = Decimal(text).as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _date_rules(document: Document) -> list[Problem]:
    problems = []
    for path in [p for p in document.marks if p and p[-1] in DATE_FIELDS]:
        value = document_value(document, path)
        if (
            isinstance(value, str)
            and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)
            and not parse_date(value)
        ):
            problems.append(
                document.problem(
                    path,
                    f"{field_label(path)}: {value} is not a real date; "
                    "check the day and the month (YYYY-MM-DD)",
                )
            )
    start = parse_date(document.data.get("available_from"))
    end = parse_date(document.data.get("available_until"))
    if start and end and end < start:
        problems.append(
            document.problem(
                ("available_until",),
                f"available_until: {end} is before "
                f"available_from ({start}); the end must be on or after the start",
            )
        )
    return problems


def _group_size_rule(document: Document) -> list[Problem]:
    size = document.data.get("group_size")
    if not isinstance(size, dict):
        return []
    low, high = size.get("min"), size.get("max")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        return [
            document.problem(
                ("group_size", "max"),
                f"group_size.max: {high} is smaller than "
                f"group_size.min ({low}); min must not be more than max",
            )
        ]
    return []
