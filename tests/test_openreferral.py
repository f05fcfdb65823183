"""The Open Referral UK export (/openreferral/) is what a service directory can read.

Every file is validated against the published profile kept in tests/openreferral-uk/ (JSON
Schema 2020-12, the dialect its openapi.json declares, with format checking; Frictionless for
the data package), on the sample and on the hostile corpus; then what a directory would show
is checked field by field, and ids are held to their promise: the same in every build.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import frictionless
import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from catalogue.pipeline import BuildOptions, BuildResult, build_site
from catalogue.site.openreferral import dataset

from .conftest import OFFER, SITE, TODAY, WriteContent
from .hostile.corpus import write_hostile_tree

REPO = Path(__file__).resolve().parent.parent
PROFILE = Path(__file__).resolve().parent / "openreferral-uk"
# Where the profile's openapi.json finds its schemas: the copy is registered under the same URIs.
SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
RESPONSE = "openapi.json#/paths/{}/get/responses/200/content/application~1json/schema"
# HSDS 3.0 fields that the UK profile leaves out and the export carries all the same (docs/exports.md).
HSDS_ADDITIONS = {"languages.name", "cost_options.currency", "contacts.phones"}
# The id of kelvin-walkers/health-walks: directories record it, so it must never change.
HEALTH_WALKS = "86d5c974-4ad6-515e-842d-d3debcfa3ea2"
NAMESPACE = uuid.UUID("15b52691-afae-4f2d-8e3f-ead13e04758a")


# --- the profile -------------------------------------------------------------------------------


@cache
def registry() -> Registry:
    folder = PROFILE / "schema"
    resources = [
        (
            SCHEMAS + path.relative_to(folder).as_posix(),
            Resource.from_contents(json.loads(path.read_text()), DRAFT202012),
        )
        for path in sorted(folder.rglob("*.json"))
    ]
    return Registry().with_resources(resources)


def validator(reference: str) -> Draft202012Validator:
    schema = {"$ref": SCHEMAS + reference}
    return Draft202012Validator(
        schema, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(reference: str, document: Any, name: str) -> list[str]:
    found = validator(reference).iter_errors(document)
    return [f"{name}: /{'/'.join(map(str, e.absolute_path))}: {e.message}"[:300] for e in found]


def profile_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((PROFILE / "schema" / name).read_text())
    return schema


# --- builds ------------------------------------------------------------------------------------


def build(content: Path, out: Path, **options: Any) -> BuildResult:
    settings = {"today": TODAY, "search": False, "quiet": True, "cache": out.parent / f"{out.name}-cache"}
    return build_site(BuildOptions(content=content, out=out, **{**settings, **options}))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("openreferral-sample") / "site"
    build(REPO / "content", out)
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("openreferral-hostile")
    build(write_hostile_tree(folder / "content").root, folder / "site")
    return folder / "site"


@pytest.fixture(params=["sample", "hostile"])
def site(request: pytest.FixtureRequest) -> Path:
    folder: Path = request.getfixturevalue(request.param)
    return folder


def read(site: Path, name: str) -> Any:
    return json.loads((site / "openreferral" / name).read_text(encoding="utf-8"))


def services(site: Path) -> dict[str, dict[str, Any]]:
    files = sorted((site / "openreferral" / "services").glob("*.json"))
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in files}


def table(site: Path, name: str) -> list[dict[str, str]]:
    text = (site / "openreferral" / name).read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def offers_json(site: Path) -> list[dict[str, Any]]:
    offers: list[dict[str, Any]] = json.loads((site / "offers.json").read_text(encoding="utf-8"))["offers"]
    return offers


# --- valid against the profile -----------------------------------------------------------------


def test_formats_are_checked() -> None:
    checked = set(Draft202012Validator.FORMAT_CHECKER.checkers)
    assert {"uuid", "email", "uri", "date-time"} <= checked
    bad = {"id": "x", "name": "n", "status": "active", "url": "not a uri", "last_modified": "yesterday"}
    assert len(errors("compiled/service.json", bad, "bad")) == 3


def test_every_service_is_a_valid_hsds_service(site: Path) -> None:
    found = services(site)
    assert len(found) == len(offers_json(site))  # every current offer, nothing else
    problems = [p for name, service in found.items() for p in errors("compiled/service.json", service, name)]
    assert problems == []
    assert all(service["id"] == name for name, service in found.items())


def test_services_use_the_profile_s_fields_and_named_hsds_additions(site: Path) -> None:
    schema = profile_schema("compiled/service.json")
    phone = set(profile_schema("phone.json")["properties"])
    outside: set[str] = set()
    for service in services(site).values():
        outside |= unknown_fields(service, schema)
        outside |= {
            f"phones.{k}" for c in service["contacts"] for p in c["phones"] for k in p if k not in phone
        }
    assert outside <= HSDS_ADDITIONS


def unknown_fields(record: dict[str, Any], schema: dict[str, Any], path: str = "") -> set[str]:
    """The keys of a record, nested ones too, that its schema does not name."""
    found = set()
    properties = schema.get("properties", {})
    for key, value in record.items():
        where = f"{path}.{key}" if path else key
        if key not in properties:
            found.add(where)
        elif isinstance(value, dict):
            found |= unknown_fields(value, properties[key], where)
        elif isinstance(value, list):
            for item in value:
                found |= (
                    unknown_fields(item, properties[key].get("items", {}), where)
                    if isinstance(item, dict)
                    else set()
                )
    return found


def test_the_root_lists_and_taxonomies_are_the_api_s_answers(site: Path) -> None:
    problems = errors(RESPONSE.format("~1"), read(site, "index.json"), "index.json")
    problems += errors(RESPONSE.format("~1services"), read(site, "services.json"), "services.json")
    problems += errors(RESPONSE.format("~1taxonomies"), read(site, "taxonomies.json"), "taxonomies.json")
    terms = read(site, "taxonomy_terms.json")
    problems += errors(RESPONSE.format("~1taxonomy_terms"), terms, "taxonomy_terms.json")
    assert problems == []
    listed = read(site, "services.json")
    expected = {"total_items": len(services(site)), "total_pages": 1, "page_number": 1, "first_page": True}
    assert {key: listed[key] for key in expected} == expected
    assert listed["size"] == len(listed["contents"]) == listed["total_items"]
    assert {s["id"] for s in listed["contents"]} == set(services(site))
    assert "cost_options" not in listed["contents"][0]  # the list shape: one-to-one fields only
    ids = {term["id"] for term in terms["contents"]}
    assert all(term.get("parent_id", term["id"]) in ids for term in terms["contents"])


def test_the_data_package_is_valid_and_the_profile_s(site: Path) -> None:
    report = frictionless.validate(str(site / "openreferral" / "datapackage.json"))
    assert report.valid, report.flatten(["title", "rowNumber", "fieldName", "note"])[:10]
    ours = read(site, "datapackage.json")["resources"]
    theirs = {r["name"]: r for r in json.loads((PROFILE / "datapackage.json").read_text())["resources"]}
    assert [essentials(r) for r in ours] == [essentials(theirs[r["name"]]) for r in ours]


def essentials(resource: dict[str, Any]) -> dict[str, Any]:
    """What a table's reader relies on: its file, columns (name, type, format, constraints) and keys."""
    schema = resource["schema"]
    keys = ("name", "type", "format", "constraints")
    return {
        "path": resource["path"],
        "fields": [{k: f[k] for k in keys if k in f} for f in schema["fields"]],
        "primaryKey": schema.get("primaryKey"),
        "foreignKeys": schema.get("foreignKeys", []),
    }


def test_the_tables_hold_the_same_data_as_the_json(site: Path) -> None:
    found = services(site)
    rows = {row["id"]: row for row in table(site, "services.csv")}
    assert set(rows) == set(found)
    for name, service in found.items():
        assert rows[name]["name"] == service["name"]
        assert rows[name]["description"] == service.get("description", "")
        assert rows[name]["last_modified"] == service["last_modified"]
    prices = {row["id"]: row for row in table(site, "cost_options.csv")}
    options = [option for service in found.values() for option in service["cost_options"]]
    assert {o["id"]: float(o["amount"]) for o in options} == {
        i: float(r["amount"]) for i, r in prices.items()
    }
    phones = {row["number"] for row in table(site, "phones.csv")}
    assert phones == {p["number"] for s in found.values() for c in s["contacts"] for p in c["phones"]}


# --- what a directory sees ---------------------------------------------------------------------


def test_a_directory_sees_the_health_walks_as_written(sample: Path) -> None:
    service = services(sample)[HEALTH_WALKS]
    offer = next(o for o in offers_json(sample) if o["key"] == "kelvin-walkers/health-walks")
    assert service["name"] == "Weekly health walks from your venue"
    assert service["url"] == "https://example.github.io/wellbeing-menu/offers/kelvin-walkers/health-walks/"
    assert service["email"] == "walks@kelvinwalkers.example.org"
    assert service["status"] == "active"
    assert service["last_modified"] == f"{offer['updated']}T00:00:00Z"
    assert service["description"].startswith(offer["summary"] + "\n\nWe will set up a weekly walk")
    organization = service["organization"]
    assert (organization["name"], organization["website"]) == (
        "Kelvin Walkers SCIO",
        "https://kelvinwalkers.example.org",
    )
    assert [(i["identifier_scheme"], i["identifier"]) for i in organization["organization_identifiers"]] == [
        ("GB-SC", "SC046231")
    ]
    [price] = service["cost_options"]
    assert price["amount"] == 0 and price["currency"] == "GBP"
    assert price["amount_description"].startswith(
        "Fixed price, in GBP. Free, including walk leader training."
    )
    assert [a["name"] for a in service["service_areas"]] == [
        "Glasgow North West",
        "Clydebank",
        "Bearsden & Milngavie",
    ]
    assert [language["name"] for language in service["languages"]] == ["English"]
    assert [p["number"] for c in service["contacts"] for p in c["phones"]] == ["07700 900412"]
    [schedule] = service["schedules"]
    assert (schedule["attending_type"], schedule["notes"]) == ("In person", "Notice needed to book: 14 days.")
    assert service["accreditations"].startswith("Walk leaders trained by Paths for All")
    linked = {(a["link_type"], a["taxonomy_term"]["name"]) for a in service["attributes"]}
    assert ("category", "Movement & outdoors") in linked and ("audience", "Unpaid carers") in linked


def test_areas_keep_their_region_as_parent(sample: Path) -> None:
    terms = {term["id"]: term for term in read(sample, "taxonomy_terms.json")["contents"]}
    by_name = {term["name"]: term for term in terms.values()}
    assert terms[by_name["Clydebank"]["parent_id"]]["name"] == "West Dunbartonshire"
    assert "parent_id" not in by_name["West Dunbartonshire"]
    taxonomies = {t["id"]: t["name"] for t in read(sample, "taxonomies.json")["contents"]}
    assert taxonomies[by_name["Clydebank"]["taxonomy_id"]].endswith(": areas")
    assert by_name["Clydebank"]["term_uri"] == "https://example.github.io/wellbeing-menu/areas/clydebank/"


def test_drafts_and_expired_offers_are_left_out(sample: Path, tmp_path: Path) -> None:
    names = {s["name"] for s in services(sample).values()}
    assert "Weekly health walks from your venue" in names
    assert "Summer canal rides on adapted bikes" not in names  # expired
    build(REPO / "content", tmp_path / "drafts", drafts=True)
    with_drafts = {s["name"] for s in services(tmp_path / "drafts").values()}
    assert (tmp_path / "drafts" / "offers/tackle-it-together/mens-wellbeing-workshop/index.html").is_file()
    assert with_drafts == names  # the draft has a page in the preview, and no place in the export


def test_hostile_text_stays_data(hostile: Path) -> None:
    found = {s["url"]: s for s in services(hostile).values()}
    offers = offers_json(hostile)
    for offer in offers:
        service = found[service_url(offer["url"])]
        assert service["name"] == offer["title"]
        assert service["description"].startswith(offer["summary"])
        assert offer["description_markdown"].rstrip() in service["description"]
    names = " ".join(s["name"] for s in found.values())
    assert "<script>alert(1)</script>" in names and "\u202e" in names and "🙂" in names
    longest = max(found.values(), key=lambda s: len(s["description"]))
    assert len(longest["description"]) > 20000
    csv_names = {row["name"] for row in table(hostile, "services.csv")}
    assert csv_names == {o["title"] for o in offers}  # carriage returns, tabs and "=" kept as written


def service_url(url: str) -> str:
    """The offer's URL as the export writes URIs: percent-encoded where RFC 3986 wants it."""
    return url.replace('"', "%22").replace("<", "%3C").replace(">", "%3E")


def test_hostile_urls_and_addresses_are_valid_or_left_out(hostile: Path) -> None:
    organizations = {s["organization"]["name"]: s["organization"] for s in services(hostile).values()}
    websites = {o.get("website") for o in organizations.values()}
    assert "https://evil.example/%22onmouseover=%22alert(1)" in websites
    emails = {o.get("email") for o in organizations.values()}
    assert "+1@evil.example" in emails and "javascript:alert(1)@evil.example" not in emails


def test_a_site_without_a_base_url_leaves_urls_out(content: WriteContent, tmp_path: Path) -> None:
    site = SITE.replace("base_url: https://example.org/menu/\n", "")
    build(content({"site.yaml": site}), tmp_path / "out")
    [service] = services(tmp_path / "out").values()
    assert "url" not in service and errors("compiled/service.json", service, "walk") == []
    assert read(tmp_path / "out", "services.json")["pages"] == ["/openreferral/services.json"]


def test_a_large_catalogue_is_split_into_pages(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dataset, "PER_PAGE", 2)
    files = {f"suppliers/green-minds/offers/walk-{n}.yaml": OFFER for n in range(4)}
    build(content(files), tmp_path / "out")  # five offers
    first = read(tmp_path / "out", "services.json")
    assert first["pages"] == [
        f"https://example.org/menu/openreferral/{n}"
        for n in ("services.json", "services-2.json", "services-3.json")
    ]
    pages = [first, read(tmp_path / "out", "services-2.json"), read(tmp_path / "out", "services-3.json")]
    assert [(p["page_number"], p["size"], p["first_page"], p["last_page"]) for p in pages] == [
        (1, 2, True, False), (2, 2, False, False), (3, 1, False, True)
    ]  # fmt: skip
    assert {p["total_items"] for p in pages} == {5} and {p["total_pages"] for p in pages} == {3}
    listed = [s["id"] for p in pages for s in p["contents"]]
    assert sorted(listed) == sorted(services(tmp_path / "out"))
    assert [e for p in pages for e in errors(RESPONSE.format("~1services"), p, "page")] == []


def test_a_menu_with_no_current_offer_publishes_empty_lists(content: WriteContent, tmp_path: Path) -> None:
    expired = OFFER.replace("available_until: 2027-06-30", "available_until: 2026-01-31")
    build(content({"suppliers/green-minds/offers/walk.yaml": expired}), tmp_path / "out")
    listed = read(tmp_path / "out", "services.json")
    assert (listed["total_items"], listed["size"], listed["empty"], listed["contents"]) == (0, 0, True, [])
    assert errors(RESPONSE.format("~1services"), listed, "services.json") == []
    assert services(tmp_path / "out") == {}
    assert frictionless.validate(str(tmp_path / "out" / "openreferral" / "datapackage.json")).valid


# --- ids ---------------------------------------------------------------------------------------


def test_ids_are_uuid5_of_the_catalogue_ids(sample: Path) -> None:
    assert str(uuid.uuid5(NAMESPACE, "service:kelvin-walkers/health-walks")) == HEALTH_WALKS
    service = services(sample)[HEALTH_WALKS]
    assert service["organization"]["id"] == str(uuid.uuid5(NAMESPACE, "organization:kelvin-walkers"))


def test_two_builds_give_the_same_ids_and_bytes(content: WriteContent, tmp_path: Path) -> None:
    root = content({"organisations/riverside-tenants.yaml": None})  # its feedback names the offer file
    build(root, tmp_path / "one")
    build(root, tmp_path / "two")
    assert folder_bytes(tmp_path / "one") == folder_bytes(tmp_path / "two")
    renamed = (
        (root / "suppliers/green-minds/supplier.yaml").read_text().replace("Green Minds CIC", "Green Minds")
    )
    (root / "suppliers/green-minds/supplier.yaml").write_text(renamed)
    build(root, tmp_path / "three")
    [before], [after] = services(tmp_path / "one").values(), services(tmp_path / "three").values()
    assert after["organization"]["name"] == "Green Minds" and after["id"] == before["id"]
    assert after["organization"]["id"] == before["organization"]["id"]
    (root / "suppliers/green-minds/offers/walk.yaml").rename(
        root / "suppliers/green-minds/offers/stroll.yaml"
    )
    build(root, tmp_path / "four")
    [moved] = services(tmp_path / "four").values()
    assert moved["id"] != before["id"]  # a new offer id is a new service


def folder_bytes(site: Path) -> dict[str, bytes]:
    folder = site / "openreferral"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_changed_price_changes_its_cost_option_and_last_modified(
    content: WriteContent, tmp_path: Path
) -> None:
    root = content({"suppliers/green-minds/offers/other.yaml": OFFER.replace("Walk and talk", "Other walk")})
    set_modified(root.rglob("*.yaml"), dt.date(2026, 11, 1))
    out = tmp_path / "out"
    build(root, out)
    before = {s["name"]: s for s in services(out).values()}
    walk = root / "suppliers/green-minds/offers/walk.yaml"
    walk.write_text(walk.read_text().replace("amount: 120", "amount: 135"))
    set_modified([walk], dt.date(2026, 11, 20))
    written = build(root, out).written
    after = {s["name"]: s for s in services(out).values()}
    old, new = before["Walk and talk"], after["Walk and talk"]
    assert new["id"] == old["id"] and new["cost_options"][0]["id"] == old["cost_options"][0]["id"]
    assert (old["cost_options"][0]["amount"], new["cost_options"][0]["amount"]) == (120, 135)
    assert (old["last_modified"], new["last_modified"]) == ("2026-11-01T00:00:00Z", "2026-11-20T00:00:00Z")
    assert after["Other walk"] == before["Other walk"]
    assert f"openreferral/services/{new['id']}.json" in written and "openreferral/services.json" in written
    assert f"openreferral/services/{after['Other walk']['id']}.json" not in written  # only what changed
    prices = {row["id"]: row["amount"] for row in table(out, "cost_options.csv")}
    assert prices[new["cost_options"][0]["id"]] == "135"


def set_modified(paths: Any, day: dt.date) -> None:
    moment = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()
    for path in paths:
        os.utime(path, (moment, moment))


@pytest.mark.parametrize("page", ["index.html", "offers/kelvin-walkers/health-walks/index.html"])
def test_the_footer_links_to_the_export(sample: Path, page: str) -> None:
    text = (sample / page).read_text(encoding="utf-8")
    [link] = re.findall(r'<a href="([^"]*)">Open Referral UK data</a>', text)
    assert json.loads((sample / page).parent.joinpath(link).read_text())["version"] == "3.0"
