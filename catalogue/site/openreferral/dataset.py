"""The files of the Open Referral UK export, under openreferral/, each made when it is asked for.

The files are the API's answers at fixed addresses (a static site has no query string): the root
document, the list of services in pages, each service in full, the taxonomies and their terms,
and the tabular form with its data package. A service's file depends on its offer alone, so
that a build in which one offer changed rewrites that file and the lists, nothing else.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import cached_property, partial
from typing import Any

from ...model.catalogue import Catalogue
from ...model.objects import Offer
from ..exports import absolute
from .ids import service_id
from .services import service_record
from .tables import TABLES, csv_file, datapackage, table_rows
from .taxonomy import taxonomy_records, term_records
from .values import uri

FOLDER = "openreferral"
PER_PAGE = 500  # services on one page of services.json
HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"

Files = list[tuple[str, Callable[[], bytes]]]


def listed(catalogue: Catalogue) -> list[Offer]:
    """The offers a directory may list: current, and never a draft (even in a preview with drafts)."""
    return [offer for offer in catalogue.current_offers if not offer.draft]


def to_json(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


class Dataset:
    """The export of one build: paths, and the bytes of each file on demand."""

    def __init__(self, catalogue: Catalogue, base_url: str, per_page: int | None = None) -> None:
        self.site = catalogue.site
        self.offers = listed(catalogue)
        self.base_url = base_url
        self.per_page = per_page or PER_PAGE
        self._records: dict[tuple[str, str], dict[str, Any]] = {}  # by supplier and offer id

    def record(self, offer: Offer) -> dict[str, Any]:
        """The offer's full record, made once for its own file, the list pages and the tables."""
        key = (offer.supplier.id, offer.id)
        if key not in self._records:
            self._records[key] = service_record(self.site, offer, self.base_url)
        return self._records[key]

    @cached_property
    def services(self) -> list[dict[str, Any]]:
        """Every listed offer's full record."""
        return [self.record(offer) for offer in self.offers]

    @cached_property
    def tables(self) -> dict[str, bytes]:
        rows = table_rows(self.services, taxonomy_records(self.site), term_records(self.site, self.base_url))
        return {f"{FOLDER}/{path}": csv_file(table, rows[table]) for table, (path, _) in TABLES.items()}

    # --- the files ----------------------------------------------------------------------------

    def service_path(self, offer: Offer) -> str:
        return f"{FOLDER}/services/{service_id(offer)}.json"

    def service_file(self, offer: Offer) -> bytes:
        return to_json(self.record(offer))

    def listing_files(self) -> Files:
        """The files that follow the list of offers: the pages of services, and the tables."""
        pages: Files = [(path, partial(self.page_file, n)) for n, path in enumerate(self.page_paths(), 1)]
        return pages + [(path, partial(self.table_file, path)) for path in self.tables_paths()]

    def site_files(self) -> Files:
        """The files that follow only the site's settings: the root, the taxonomies, the package."""
        return [
            (f"{FOLDER}/index.json", self.index_file),
            (f"{FOLDER}/taxonomies.json", lambda: to_json(page(taxonomy_records(self.site), 1, 1))),
            (
                f"{FOLDER}/taxonomy_terms.json",
                lambda: to_json(page(term_records(self.site, self.base_url), 1, 1)),
            ),
            (f"{FOLDER}/datapackage.json", lambda: to_json(datapackage(self.site, self.base_url))),
        ]

    def table_file(self, path: str) -> bytes:
        return self.tables[path]

    def tables_paths(self) -> list[str]:
        return [f"{FOLDER}/{path}" for path, _ in TABLES.values()]

    def page_paths(self) -> list[str]:
        """services.json, then services-2.json and on when there are more than PER_PAGE."""
        count = max(1, math.ceil(len(self.offers) / self.per_page))
        return [f"{FOLDER}/services.json"] + [f"{FOLDER}/services-{n}.json" for n in range(2, count + 1)]

    def page_file(self, number: int) -> bytes:
        """One page of the list, in the API's Page shape; `pages` (ours) names every page."""
        paths = self.page_paths()
        start = (number - 1) * self.per_page
        contents = [list_record(s) for s in self.services[start : start + self.per_page]]
        document = page(contents, number, len(paths), total_items=len(self.offers))
        document["pages"] = [uri(absolute(self.base_url, path)) for path in paths]
        return to_json(document)

    def index_file(self) -> bytes:
        return to_json({"version": HSDS_VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL})


def page(
    contents: list[dict[str, Any]], number: int, pages: int, total_items: int | None = None
) -> dict[str, Any]:
    """The API's Page: where this page stands among the others, then its contents."""
    return {
        "total_items": len(contents) if total_items is None else total_items,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number == pages,
        "empty": not contents,
        "contents": contents,
    }


def list_record(service: dict[str, Any]) -> dict[str, Any]:
    """A service as the list shows it: its one-to-one fields and its organization's."""
    record = {key: value for key, value in service.items() if not isinstance(value, list)}
    record["organization"] = {k: v for k, v in service["organization"].items() if not isinstance(v, list)}
    return record
