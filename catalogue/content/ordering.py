"""Which of an offer's prices an order's item names: written once, for the checks and the model."""

from __future__ import annotations

from typing import Any


def ordered_price(prices: list[Any], label: Any) -> int | None:
    """The place in an offer's prices of the one an item orders: the price with the item's label;
    without a label, the offer's only price, or else its only price without a label. None when
    the item does not name one that way."""
    options = [price if isinstance(price, dict) else {} for price in prices]
    if isinstance(label, str):
        return next((i for i, price in enumerate(options) if price.get("label") == label), None)
    if len(options) == 1:
        return 0
    unlabelled = [i for i, price in enumerate(options) if "label" not in price]
    return unlabelled[0] if len(unlabelled) == 1 else None
