"""The tabular form: the profile's CSV tables and the Frictionless data package that describes them.

The rows are the nested records flattened (each child already carries its link), cut to the
profile's columns: what the profile has no column for (a language's name, a cost option's
currency, the phones' nesting) stays in the JSON. Cells are the data as written, with no
spreadsheet-formula guard: these files are for programs (offers.csv is the one for people).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ...model.objects import Site
from .values import present, site_uri

# The profile's tables that the menu fills, as its datapackage.json has them: the columns in
# order, "name:kind" (kind uuid, email or uri: a string of that format; number, date, datetime
# or time; none: a string), "!" for required. The first column, id, is the primary key.
# tests/test_openreferral.py holds these to the profile's own datapackage.json.
TABLES: dict[str, tuple[str, str]] = {
    "organization": (
        "organizations.csv",
        "id:uuid! name! description! email:email website:uri logo uri:uri parent_organization_id:uuid",
    ),
    "organization_identifier": (
        "organization_identifiers.csv",
        "id:uuid! organization_id:uuid! identifier_scheme identifier_type! identifier!",
    ),
    "service": (
        "services.csv",
        "id:uuid! organization_id:uuid! name! description url:uri email:email status! fees accreditations "
        "minimum_age:number maximum_age:number assured_date:date assurer_email:email alert "
        "last_modified:datetime",
    ),
    "cost_option": (
        "cost_options.csv",
        "id:uuid! service_id:uuid! valid_from:date valid_to:date option amount:number amount_description",
    ),
    "service_area": (
        "service_areas.csv",
        "id:uuid! service_id:uuid name extent extent_type uri service_area",
    ),
    "language": ("languages.csv", "id:uuid! service_id:uuid phone_id:uuid"),
    "contact": ("contacts.csv", "id:uuid! service_id:uuid name title"),
    "phone": ("phones.csv", "id:uuid! contact_id:uuid number! description"),
    "schedule": (
        "schedule.csv",
        "id:uuid! service_id:uuid service_at_location_id:uuid valid_from:date valid_to:date dtstart:date "
        "freq interval:number byday bymonthday description opens_at:time closes_at:time schedule_link:uri "
        "attending_type notes",
    ),
    "attribute": ("attribute.csv", "id:uuid! link_id:uuid! taxonomy_term_id:uuid! link_type"),
    "taxonomy": ("taxonomies.csv", "id:uuid! name! description! uri:uri version"),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        "id:uuid! name! description! parent_id:uuid taxonomy taxonomy_id:uuid term_uri:uri term",
    ),
}
ENUMS = {
    ("service", "status"): ["active", "inactive", "defunct", "temporarily closed"],
    ("schedule", "freq"): ["WEEKLY", "MONTHLY"],
}
FOREIGN_KEYS = {
    "service": [("organization_id", "organization")],
    "organization_identifier": [("organization_id", "organization")],
    "cost_option": [("service_id", "service")],
    "service_area": [("service_id", "service")],
    "language": [("phone_id", "phone"), ("service_id", "service")],
    "contact": [("service_id", "service")],
    "schedule": [("service_id", "service")],
    "attribute": [("taxonomy_term_id", "taxonomy_term")],
    "taxonomy_term": [("taxonomy_id", "taxonomy")],
}
# A service's lists, and the table of each.
CHILDREN = {
    "cost_options": "cost_option",
    "service_areas": "service_area",
    "languages": "language",
    "contacts": "contact",
    "schedules": "schedule",
    "attributes": "attribute",
}
FORMATS = {"uuid", "email", "uri"}


def columns(table: str) -> list[tuple[str, str, bool]]:
    """(name, kind, required) for each column of a table."""
    found = []
    for column in TABLES[table][1].split():
        name, _, kind = column.rstrip("!").partition(":")
        found.append((name, kind, column.endswith("!")))
    return found


def table_rows(
    services: list[dict[str, Any]], taxonomies: list[dict[str, Any]], terms: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """The nested records as rows by table: each organization once, each child under its table."""
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    organizations: set[str] = set()
    for service in services:
        organization = service["organization"]
        if organization["id"] not in organizations:
            organizations.add(organization["id"])
            rows["organization"].append(organization)
            rows["organization_identifier"] += organization["organization_identifiers"]
        rows["service"].append(service)
        for key, table in CHILDREN.items():
            rows[table] += service[key]
        for contact in service["contacts"]:
            rows["phone"] += contact["phones"]
    rows["taxonomy"] = taxonomies
    rows["taxonomy_term"] = terms
    return rows


def csv_file(table: str, rows: list[dict[str, Any]]) -> bytes:
    """A table as CSV (RFC 4180, UTF-8): the profile's columns, an empty cell for no value."""
    names = [name for name, _, _ in columns(table)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else str(row[name]) for name in names])
    return buffer.getvalue().encode()


def datapackage(site: Site, base_url: str) -> dict[str, Any]:
    """The Frictionless data package: each table with the profile's schema for it."""
    return present(
        {
            "profile": "tabular-data-package",
            "name": "openreferral-uk",
            "title": f"{site.title}: Open Referral UK data",
            "homepage": site_uri(base_url, ""),
            "resources": [resource(table) for table in TABLES],
        }
    )


def resource(table: str) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [field(table, *column) for column in columns(table)],
        "primaryKey": "id",
    }
    if table in FOREIGN_KEYS:
        schema["foreignKeys"] = [
            {"fields": name, "reference": {"resource": target, "fields": "id"}}
            for name, target in FOREIGN_KEYS[table]
        ]
    return {
        "name": table,
        "path": TABLES[table][0],
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def field(table: str, name: str, kind: str, required: bool) -> dict[str, Any]:
    described: dict[str, Any] = {"name": name, "type": "string" if kind in FORMATS or not kind else kind}
    if kind in FORMATS:
        described["format"] = kind
    described["constraints"] = {"required": required, "unique": name == "id"}
    if (table, name) in ENUMS:
        described["constraints"]["enum"] = ENUMS[table, name]
    return described
