"""The scheme's ledger: orders made from checked content, and the sums pages show.

Every sum is made here, once per build: what each organisation has committed, delivered and
has left, what each supplier's offers were ordered for, and the scheme's totals. Templates
only show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..content.files import ContentTree
from ..content.loader import Document, parse_date
from ..content.ordering import ordered_price
from .objects import ZERO, Offer, Order, OrderItem, OrderPart, Organisation, Spend, Supplier, Trade


@dataclass(frozen=True)
class Scheme:
    """The scheme at a glance: its totals, and the organisations and suppliers it concerns."""

    published: bool  # site.yaml's scheme: {publish: false} keeps it off the site
    spend: Spend  # the totals: budgets, committed, delivered, left, different offers
    organisations: list[Organisation]  # those with a budget or an order, A to Z
    suppliers: list[Supplier]  # those with a committed order, A to Z
    orders: int  # how many orders, cancelled ones included


def attach_orders(
    tree: ContentTree,
    organisations: dict[str, Organisation],
    suppliers: dict[str, Supplier],
    offers: list[Offer],
) -> list[Order]:
    """Make every order, give each organisation its orders and spend, each supplier its orders and trade."""
    by_key = {offer.key: offer for offer in offers}
    orders = []
    for key, document in sorted(tree.orders.items()):
        organisation_id, order_id = key.split("/")
        items = [_item(data, tree, suppliers, by_key) for data in document.data["items"]]
        orders.append(_order(organisations[organisation_id], order_id, document, items))
    newest_first = sorted(orders, key=lambda o: (o.date, o.key), reverse=True)
    for order in newest_first:
        order.organisation.orders.append(order)
    for organisation in organisations.values():
        organisation.spend = spend_of(organisation.budget, organisation.orders)
    received = parts_by_supplier(newest_first)
    for supplier in suppliers.values():
        supplier.orders = received.get(supplier.id, [])
        supplier.trade = trade_of(supplier.orders)
    return orders


def _order(organisation: Organisation, order_id: str, document: Document, items: list[OrderItem]) -> Order:
    data = document.data
    when = parse_date(data["date"])
    assert when is not None, "orders are made from checked content"
    notes = data.get("notes", "")
    return Order(organisation, order_id, when, data["status"], items, notes, document.path, document.digest)


def _item(
    data: dict[str, Any], tree: ContentTree, suppliers: dict[str, Supplier], offers: dict[str, Offer]
) -> OrderItem:
    """One item; its price is the offer's option with the item's label, or the offer's only one."""
    key = data["offer"]
    offer_data = tree.offers[key].data
    option = ordered_price(offer_data["prices"], data.get("price"))
    assert option is not None, "orders are made from checked content"
    offer = offers.get(key)
    return OrderItem(
        offer_key=key,
        title=offer_data["title"],
        supplier=suppliers[key.split("/")[0]],
        offer=offer,
        price=offer.prices[option] if offer is not None else None,
        quantity=Decimal(str(data["quantity"])),
        amount=Decimal(str(data["amount"])),
    )


def spend_of(budget: Decimal | None, orders: list[Order]) -> Spend:
    """Committed: every order but cancelled ones; delivered: the delivered ones; left: the budget less
    what is committed."""
    committed = sum((o.amount for o in orders if o.committed), ZERO)
    delivered = sum((o.amount for o in orders if o.delivered), ZERO)
    activities = len({item.offer_key for o in orders if o.committed for item in o.items})
    left = budget - committed if budget is not None else None
    return Spend(budget, committed, delivered, left, activities)


def parts_by_supplier(orders: list[Order]) -> dict[str, list[OrderPart]]:
    """By supplier id, the orders that include its offers (in the order given), each with only those items."""
    received: dict[str, list[OrderPart]] = {}
    for order in orders:
        items: dict[str, list[OrderItem]] = {}
        for item in order.items:
            items.setdefault(item.supplier.id, []).append(item)
        for supplier_id, own in items.items():
            part = OrderPart(order, own, sum((item.amount for item in own), ZERO))
            received.setdefault(supplier_id, []).append(part)
    return received


def trade_of(received: list[OrderPart]) -> Trade:
    committed = [r for r in received if r.order.committed]
    return Trade(
        committed=sum((r.amount for r in committed), ZERO),
        delivered=sum((r.amount for r in received if r.order.delivered), ZERO),
        organisations=len({r.order.organisation.id for r in committed}),
    )


def scheme_of(
    published: bool, organisations: list[Organisation], suppliers: list[Supplier], orders: list[Order]
) -> Scheme:
    """The scheme's totals; left is the budgets less everything committed."""
    budget = sum((o.budget for o in organisations if o.budget is not None), ZERO)
    totals = spend_of(budget, orders)
    return Scheme(
        published=published,
        spend=totals,
        organisations=sorted(
            (o for o in organisations if o.budget is not None or o.orders),
            key=lambda o: (o.name.lower(), o.id),
        ),
        suppliers=sorted(
            (s for s in suppliers if s.trade.organisations), key=lambda s: (s.name.lower(), s.id)
        ),
        orders=len(orders),
    )
