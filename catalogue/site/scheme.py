"""The scheme's page (/scheme/): its totals, its tables, and a bar for each organisation's budget.

The sums come from the model (model/ledger.py); this module only turns them into the lengths
of the bars, which the template draws as inline SVG (the site's policy forbids inline styles,
and SVG sizes are attributes, so no script or stylesheet per bar is needed).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..model.catalogue import Catalogue
from ..model.objects import Organisation, Spend
from .page import Page

SCHEME_PAGE = "scheme/index.html"


@dataclass(frozen=True)
class Bar:
    """An organisation's budget as a bar of 100: delivered, then committed but not yet delivered."""

    organisation: Organisation
    delivered: str  # the bar's units, from 0, that are delivered
    committed: str  # the units from 0 that are committed, delivered included


def budget_bar(organisation: Organisation) -> Bar | None:
    """The bar of an organisation with a budget; None without one (there is nothing to measure against)."""
    spend = organisation.spend
    if spend.budget is None:
        return None
    return Bar(organisation, _share(spend.delivered, spend), _share(spend.committed, spend))


def _share(amount: Decimal, spend: Spend) -> str:
    """amount as a share of the budget, out of 100, two decimals; a budget of 0 is full at once."""
    budget = spend.budget or Decimal(0)
    share = Decimal(100) if budget <= 0 else min(Decimal(100), amount * 100 / budget)
    return f"{share:.2f}"


def scheme_page(catalogue: Catalogue) -> Page:
    """/scheme/: the scheme at a glance, each organisation's spending and each supplier's trade."""
    scheme = catalogue.scheme
    bars = [bar for bar in map(budget_bar, scheme.organisations) if bar is not None]
    return Page(SCHEME_PAGE, "scheme.html", {"scheme": scheme, "bars": bars})
