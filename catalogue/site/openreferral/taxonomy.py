"""The menu's vocabularies as HSDS taxonomies, and the attributes that link a service to them.

site.yaml's categories, areas and audiences are three taxonomies of our own; each entry is a
term whose URI is its page on the site, and an area keeps its region as the term's parent. A
service links to its category, its areas (in person) and its audiences through attributes,
each carrying the whole term, so a directory can file it without a second read.
"""

from __future__ import annotations

from typing import Any

from ...model.objects import Offer, Site, Term
from .ids import taxonomy_id, term_id, uid
from .values import present, site_uri

# vocabulary (its folder on the site too) → (link_type of its attributes, what it describes)
VOCABULARIES = {
    "categories": ("category", "The sections of the menu: the kind of activity an offer is."),
    "areas": (
        "area",
        "Places where offers are delivered in person. An area covers the areas inside it; "
        "a term's parent is the region that contains it.",
    ),
    "audiences": ("audience", "Who an offer is meant for."),
}


def terms(site: Site, vocabulary: str) -> dict[str, Term]:
    found: dict[str, Term] = getattr(site, vocabulary)
    return found


def taxonomy_records(site: Site) -> list[dict[str, Any]]:
    return [
        {"id": taxonomy_id(vocabulary), "name": taxonomy_name(site, vocabulary), "description": about}
        for vocabulary, (_, about) in VOCABULARIES.items()
    ]


def taxonomy_name(site: Site, vocabulary: str) -> str:
    """Named with the menu, so that a directory holding several menus can tell them apart."""
    return f"{site.title}: {vocabulary}"


def term_records(site: Site, base_url: str) -> list[dict[str, Any]]:
    """Every entry of every vocabulary, in site.yaml's order, used by an offer or not."""
    return [
        term_record(site, vocabulary, term, base_url)
        for vocabulary in VOCABULARIES
        for term in terms(site, vocabulary).values()
    ]


def term_record(site: Site, vocabulary: str, term: Term, base_url: str) -> dict[str, Any]:
    parent = term.parent if term.parent in terms(site, vocabulary) else None
    return present(
        {
            "id": term_id(vocabulary, term.id),
            "name": term.label,
            "description": term.description or term.label,  # required by HSDS
            "parent_id": term_id(vocabulary, parent) if parent else None,
            "taxonomy": taxonomy_name(site, vocabulary),
            "taxonomy_id": taxonomy_id(vocabulary),
            "term_uri": site_uri(base_url, f"{vocabulary}/{term.id}/"),
            "term": term.id,
        }
    )


def attributes(site: Site, offer: Offer, service: str, base_url: str) -> list[dict[str, Any]]:
    """Its category, its areas when delivered in person, and its audiences, each term once."""
    links = [
        ("categories", offer.category),
        *(("areas", area) for area in (offer.areas if offer.in_person else [])),
        *(("audiences", audience) for audience in offer.audiences),
    ]
    records: dict[str, dict[str, Any]] = {}
    for vocabulary, term in links:
        term_uuid = term_id(vocabulary, term.id)
        records.setdefault(
            term_uuid,
            {
                "id": uid("attribute", offer.supplier.id, offer.id, vocabulary, term.id),
                "link_id": service,
                "taxonomy_term_id": term_uuid,
                "link_type": VOCABULARIES[vocabulary][0],
                "taxonomy_term": term_record(site, vocabulary, term, base_url),
            },
        )
    return list(records.values())
