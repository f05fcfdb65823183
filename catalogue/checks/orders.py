"""The rules of organisations' orders: what they name, what they cost, and the budgets they spend.

An order is checked against other files (its organisation, the offers it names, their prices
and dates, the organisation's budget and its other orders), so a change to any of those can
make an unchanged order wrong: these rules run on every check, never from a memo.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel import UnknownLocaleError
from babel.numbers import UnknownCurrencyError, format_currency

from ..content.files import ContentTree
from ..content.loader import Document, JsonPath, parse_date
from ..content.ordering import ordered_price
from ..content.words import UNITS
from ..errors import Problem
from .documents import validate_document
from .messages import did_you_mean, field_label

CENT = Decimal("0.01")
LARGEST = 10**12  # beyond every limit the schemas set on quantities, amounts and budgets
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
OFFER_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*")


class Money:
    """Amounts as the site shows them (£1,240.00), in the currency and locale site.yaml gives."""

    def __init__(self, site: Document | None) -> None:
        data = site.data if site is not None else {}
        currency, locale = data.get("currency"), data.get("locale")
        self.currency: str = currency if isinstance(currency, str) else "GBP"
        self.locale: str = (locale if isinstance(locale, str) else "en-GB").replace("-", "_")

    def __call__(self, amount: Decimal) -> str:
        try:
            return str(format_currency(amount, self.currency, locale=self.locale))
        except (UnknownCurrencyError, UnknownLocaleError, ValueError):  # site.yaml's own errors say why
            return f"{amount:.2f} {self.currency}"


def order_rules(tree: ContentTree) -> list[Problem]:
    """Every order's own problems and those it has with the files it names, then the budgets."""
    money = Money(tree.site)
    problems = []
    for key, document in sorted(tree.orders.items()):
        problems += validate_document(document, "order")
        problems += _organisation_rule(key, document, tree)
        problems += _date_rule(document)
        for index, item in enumerate(_list(document.data.get("items"))):
            if isinstance(item, dict):
                problems += _item_rules(document, index, item, tree, money)
    return problems + budget_rules(tree, money)


def _committed(document: Document) -> bool:
    """Every order but a cancelled one counts against the budget (model.objects.Order.committed)."""
    return bool(document.data.get("status") != "cancelled")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _number(value: Any) -> Decimal | None:
    """A YAML number as a Decimal (as written: 97.5 stays 97.5); None for anything else, and for
    numbers no schema allows (.inf, .nan, 1e300): the schema reports those, and sums of them fail."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not -LARGEST <= value <= LARGEST:
        return None
    return Decimal(str(value))


def _plain(number: Decimal) -> str:
    """2, 1.5: a quantity as a person writes it."""
    return f"{number.normalize():f}"


def _organisation_rule(key: str, document: Document, tree: ContentTree) -> list[Problem]:
    organisation = key.split("/")[0]
    if organisation in tree.organisation_ids:
        return []
    hint = did_you_mean(organisation, tree.organisation_ids)
    return [
        document.problem(
            (),
            f'there is no organisation "{organisation}"{hint}; an order\'s folder is named after its '
            "organisation's file in organisations/ (orders/<organisation-id>/)",
        )
    ]


def _date_rule(document: Document) -> list[Problem]:
    value = document.data.get("date")
    if isinstance(value, str) and DATE.fullmatch(value) and not parse_date(value):
        return [
            document.problem(
                ("date",), f"date: {value} is not a real date; check the day and the month (YYYY-MM-DD)"
            )
        ]
    return []


def _item_rules(
    document: Document, index: int, item: dict[str, Any], tree: ContentTree, money: Money
) -> list[Problem]:
    """An item's offer, price option, dates and amount."""
    key = item.get("offer")
    if not isinstance(key, str) or not OFFER_KEY.fullmatch(key):
        return []  # the schema says what an offer's name looks like
    path: JsonPath = ("items", index, "offer")
    if key not in tree.offer_keys:
        hint = did_you_mean(key, tree.offer_keys)
        message = f'{field_label(path)}: there is no offer "{key}"{hint}; name it as supplier-id/offer-id'
        return [document.problem(path, message)]
    offer = tree.offers.get(key)
    if offer is None:
        return []  # the offer's file cannot be read: its own problems say why
    price, problems = _price(document, index, item, key, offer)
    problems += _availability(document, index, key, offer)
    if price is not None:
        if _committed(document):  # nothing to correct in what was not bought
            problems += _minimum_rule(document, index, item, price)
        problems += _amount_rule(document, index, item, price, money)
    return problems


def _price(
    document: Document, index: int, item: dict[str, Any], key: str, offer: Document
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The price option an item orders, or why it cannot be told."""
    prices = _list(offer.data.get("prices"))
    wanted = item.get("price")
    found = ordered_price(prices, wanted)
    if found is not None:
        return (prices[found], []) if isinstance(prices[found], dict) else (None, [])
    if not prices or (wanted is not None and not isinstance(wanted, str)):
        return None, []  # the schema says what is wrong: no prices, or a label that is not text
    labels = [p["label"] for p in prices if isinstance(p, dict) and isinstance(p.get("label"), str)]
    listed = ", ".join(f'"{label}"' for label in labels)
    if isinstance(wanted, str):
        path: JsonPath = ("items", index, "price")
        known = f"its prices are: {listed}" if labels else 'its price has no label, so leave "price" out'
        hint = did_you_mean(wanted, labels)
        message = f'{field_label(path)}: the offer "{key}" has no price "{wanted}"{hint}; {known}'
        return None, [document.problem(path, message)]
    path = ("items", index)
    message = (
        f'{field_label(path)}: the offer "{key}" has {len(prices)} prices; add "price:" with the '
        f"label of the one ordered: {listed}"
    )
    return None, [document.problem(path, message)]


def _availability(document: Document, index: int, key: str, offer: Document) -> list[Problem]:
    """An offer ordered on a day it was not available: before available_from or after available_until."""
    when = parse_date(document.data.get("date"))
    start = parse_date(offer.data.get("available_from"))
    end = parse_date(offer.data.get("available_until"))
    if when is None:
        return []
    if start and when < start:
        dates = f"available from {start}"
    elif end and when > end:
        dates = f"available until {end}"
    else:
        return []
    path: JsonPath = ("items", index, "offer")
    return [
        document.problem(
            path,
            f'{field_label(path)}: "{key}" was not available on {when}, the order\'s date ({dates}); '
            "check the order's date and the offer",
        )
    ]


def _minimum_rule(
    document: Document, index: int, item: dict[str, Any], price: dict[str, Any]
) -> list[Problem]:
    """A warning when fewer are ordered than the price's smallest booking: the supplier may have
    agreed to it, or the quantity may be a slip."""
    quantity, minimum = _number(item.get("quantity")), _number(price.get("minimum"))
    if quantity is None or minimum is None or quantity <= 0 or quantity >= minimum:
        return []
    named = price.get("unit")
    unit = UNITS.get(named) if isinstance(named, str) else None
    smallest = f"{_plain(minimum)} {unit.many}" if unit else _plain(minimum)
    path: JsonPath = ("items", index, "quantity")
    message = (
        f"{field_label(path)}: {_plain(quantity)} is fewer than this price's smallest booking, {smallest}; "
        "correct the quantity, or, if the supplier agreed to fewer, say so in notes"
    )
    return [document.problem(path, message, "warning")]


def _amount_rule(
    document: Document, index: int, item: dict[str, Any], price: dict[str, Any], money: Money
) -> list[Problem]:
    """A warning when the agreed amount is not the quantity times the price: a discount may be meant."""
    quantity, agreed = _number(item.get("quantity")), _number(item.get("amount"))
    each = _number(price.get("amount"))
    if quantity is None or agreed is None or each is None or quantity <= 0:
        return []
    expected = (quantity * each).quantize(CENT, ROUND_HALF_UP)  # as the shortlist rounds
    if agreed == expected:
        return []
    path: JsonPath = ("items", index, "amount")
    message = (
        f"{field_label(path)}: the agreed amount, {money(agreed)}, differs from the quantity times the "
        f"price, {_plain(quantity)} × {money(each)} = {money(expected)}; correct whichever is wrong "
        "(an agreed discount can stay: say so in notes)"
    )
    return [document.problem(path, message, "warning")]


@dataclass(frozen=True)
class _Line:
    """One item of a committed order, in the order an organisation spent its budget."""

    date: dt.date
    order: str
    index: int
    document: Document
    amount: Decimal


def budget_rules(tree: ContentTree, money: Money) -> list[Problem]:
    """An error at the item where an organisation's committed orders (all but cancelled ones) first
    go over its budget, saying by how much they are over in all."""
    problems = []
    for organisation, lines in _committed_lines(tree).items():
        budget = _budget(tree.organisations.get(organisation))
        total = sum((line.amount for line in lines), Decimal(0))
        if budget is None or total <= budget:
            continue
        spent = Decimal(0)
        for line in sorted(lines, key=lambda line: (line.date, line.order, line.index)):
            spent += line.amount
            if spent > budget:
                path: JsonPath = ("items", line.index, "amount")
                message = (
                    f'{field_label(path)}: this item takes the committed orders of "{organisation}" over its '
                    f"budget of {money(budget)}: they come to {money(total)} in all, {money(total - budget)} "
                    "over; reduce or cancel an order, or ask the coordinators about the budget"
                )
                problems.append(line.document.problem(path, message))
                break
    return problems


def _committed_lines(tree: ContentTree) -> dict[str, list[_Line]]:
    """Each organisation's items of orders that are not cancelled, with their amounts."""
    found: dict[str, list[_Line]] = {}
    for key, document in tree.orders.items():
        if not _committed(document):
            continue
        when = parse_date(document.data.get("date")) or dt.date.max
        for index, item in enumerate(_list(document.data.get("items"))):
            amount = _number(item.get("amount")) if isinstance(item, dict) else None
            if amount is not None:
                line = _Line(when, key, index, document, amount)
                found.setdefault(key.split("/")[0], []).append(line)
    return found


def _budget(document: Document | None) -> Decimal | None:
    budget = document.data.get("budget") if document is not None else None
    return _number(budget.get("amount")) if isinstance(budget, dict) else None
