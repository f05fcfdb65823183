"""Money as people read it: in the site's currency and locale."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_currency


@lru_cache(maxsize=4096)
def _money(amount: Decimal, currency: str, locale: str) -> str:
    return str(format_currency(amount, currency, locale=locale))


def money(amount: Decimal | float | int, currency: str = "GBP", locale: str = "en-GB") -> str:
    """£1,250.00; locale as written in site.yaml (en-GB) or as Babel writes it (en_GB)."""
    return _money(Decimal(amount), currency, locale.replace("-", "_"))
