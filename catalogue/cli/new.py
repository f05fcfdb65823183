"""`new site`, `new supplier` and `new offer`: commented starter files to fill in."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from ..contrib.new import ScaffoldError, new_offer, new_site, new_supplier
from .options import Commands


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser(
        "new",
        help="start a new menu, supplier or offer from a commented template",
        description="Write a commented template to fill in; `check` names every placeholder left.",
    )
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
    site = kinds.add_parser(
        "site", help="start a new menu: site.yaml and empty folders, in a folder that holds nothing yet"
    )
    supplier = kinds.add_parser("supplier", help="write suppliers/ID/supplier.yaml")
    supplier.add_argument("supplier_id", metavar="ID", help="the new supplier's id, like canal-clay")
    offer = kinds.add_parser("offer", help="write suppliers/SUPPLIER-ID/offers/OFFER-ID.yaml")
    offer.add_argument("supplier_id", metavar="SUPPLIER-ID", help="an existing supplier's id")
    offer.add_argument("offer_id", metavar="OFFER-ID", help="the new offer's id, like winter-walks")
    for command in (site, supplier, offer):
        command.add_argument("--content", default="content", help="content folder (default: content)")
    site.set_defaults(run=lambda args: _run(lambda: new_site(Path(args.content))))
    supplier.set_defaults(run=lambda args: _run(lambda: new_supplier(Path(args.content), args.supplier_id)))
    offer.set_defaults(
        run=lambda args: _run(lambda: new_offer(Path(args.content), args.supplier_id, args.offer_id))
    )


def _run(action: Callable[[], Path]) -> int:
    try:
        written = action()
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {written}: replace every REPLACE placeholder, then run `python build.py check`")
    return 0
