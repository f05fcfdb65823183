"""An offer as an HSDS service, nested the way the API's /services/{id} returns it.

One record holds everything a directory shows about the offer; the list pages and the tables
are cut from the same records (dataset.py, tables.py), so every form says the same. Records
carry their links (service_id, contact_id, link_id) even when nested, as HSDS allows, so that
the tables need only flatten them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ...content.words import DELIVERY
from ...model.objects import VAT_ADDED, VAT_INCLUDED, VAT_NOT_REGISTERED, Offer, Price, Site, Supplier
from .ids import organization_id, service_id, uid
from .taxonomy import attributes
from .values import email, number, present, site_uri, text, timestamp, uri

# The register (org-id.guide's code) and the name of the number, where the legal form settles
# them. A charity's number alone does not say which regulator holds it, unless it is Scottish.
REGISTERS = {
    "cic": ("GB-COH", "Company number"),
    "company-limited-by-guarantee": ("GB-COH", "Company number"),
    "scio": ("GB-SC", "Scottish charity number"),
    "community-benefit-society": ("GB-MPR", "Society number"),
    "charity": ("", "Charity number"),
}
SCOTTISH_CHARITY = re.compile(r"SC\d{6}")
T = TypeVar("T")


def service_record(site: Site, offer: Offer, base_url: str) -> dict[str, Any]:
    """The offer as a full HSDS service: valid against the profile's compiled service schema."""
    service = service_id(offer)
    return present(
        {
            "id": service,
            "organization_id": organization_id(offer.supplier),
            "name": offer.title,
            "description": text(offer.summary, offer.description),
            "url": site_uri(base_url, offer.url),
            "email": email(offer.enquiry_email),
            "status": "active",  # only current offers are published
            "accreditations": offer.safeguarding,
            "last_modified": timestamp(offer.updated),
            "organization": organization_record(offer.supplier, base_url),
            "cost_options": cost_options(offer, service, site.currency),
            "service_areas": service_areas(offer, service, base_url),
            "languages": languages(offer, service),
            "contacts": contacts(offer, service),
            "schedules": schedules(offer, service),
            "attributes": attributes(site, offer, service, base_url),
        }
    )


def organization_record(supplier: Supplier, base_url: str) -> dict[str, Any]:
    organization = organization_id(supplier)
    logo = site_uri(base_url, f"media/{supplier.id}/{supplier.logo}") if supplier.logo else None
    return present(
        {
            "id": organization,
            "name": supplier.name,
            "description": text(supplier.summary, supplier.description),
            "email": email(supplier.email),
            "website": uri(supplier.website),
            "logo": logo,
            "organization_identifiers": identifiers(supplier, organization),
        }
    )


def identifiers(supplier: Supplier, organization: str) -> list[dict[str, Any]]:
    """The registration number, with its register when the legal form (or a Scottish charity
    number) says which one it is."""
    number = supplier.registration_number.strip()
    if not number:
        return []
    scheme, kind = REGISTERS.get(supplier.legal_form, ("", "Registration number"))
    if supplier.legal_form == "charity" and SCOTTISH_CHARITY.fullmatch(number):
        scheme = "GB-SC"
    record = {
        "id": uid("organization_identifier", supplier.id),
        "organization_id": organization,
        "identifier_scheme": scheme,
        "identifier_type": kind,
        "identifier": number,
    }
    return [present(record)]


def cost_options(offer: Offer, service: str, currency: str) -> list[dict[str, Any]]:
    """One per price, numbered in the offer's order: a changed amount keeps its option's id."""
    return [
        present(
            {
                "id": uid("cost_option", offer.supplier.id, offer.id, str(position)),
                "service_id": service,
                "valid_from": offer.available_from.isoformat() if offer.available_from else None,
                "valid_to": offer.available_until.isoformat() if offer.available_until else None,
                "option": price.label,
                "amount": number(price.amount),
                "amount_description": amount_description(price, offer, currency),
                "currency": currency,  # HSDS 3.0's field; the UK profile leaves it out
            }
        )
        for position, price in enumerate(offer.prices)
    ]


def amount_description(price: Price, offer: Offer, currency: str) -> str:
    """What the amount pays for, in the words of the offer page: "Per session, in GBP. …"; nothing of
    VAT on a free price, as on the site's cards."""
    vat = (
        ""
        if price.is_free
        else {
            VAT_INCLUDED: "Prices include any VAT: there is nothing to add.",
            VAT_ADDED: "VAT is added to these prices.",
            VAT_NOT_REGISTERED: f"No VAT to add: {offer.supplier.name} is not VAT-registered.",
        }.get(offer.vat, "")
    )
    words = price.unit_words
    minimum = f"Booked for {price.minimum_words}." if price.minimum_words else ""
    add_on = "An add-on, bought with another price of this service." if price.add_on else ""
    parts = (f"{words[0].upper()}{words[1:]}, in {currency}.", minimum, add_on, vat, price.notes)
    return " ".join(part for part in parts if part)


def service_areas(offer: Offer, service: str, base_url: str) -> list[dict[str, Any]]:
    """Where it is delivered in person (an area covers the areas inside it; the taxonomy keeps
    the parents). An offer only online has none: it is not bound to a place."""
    if not offer.in_person:
        return []
    return [
        present(
            {
                "id": uid("service_area", offer.supplier.id, offer.id, area.id),
                "service_id": service,
                "name": area.label,
                "service_area": area.label,  # the UK profile's name for the same text
                "uri": site_uri(base_url, f"areas/{area.id}/"),
            }
        )
        for area in unique(offer.areas, lambda a: a.id)
    ]


def languages(offer: Offer, service: str) -> list[dict[str, Any]]:
    """The UK profile keeps only the link; HSDS 3.0's `name` carries the language itself."""
    return [
        {"id": uid("language", offer.supplier.id, offer.id, name), "service_id": service, "name": name}
        for name in unique(offer.languages, str)
    ]


def contacts(offer: Offer, service: str) -> list[dict[str, Any]]:
    """The offer's contact person and the enquiry phone (the supplier's when the offer has none).
    The enquiry email is the service's own `email`: the UK profile's contacts have none."""
    name, phone = offer.contact.name, offer.enquiry_phone
    if not name and not phone:
        return []
    contact = uid("contact", offer.supplier.id, offer.id)
    phones = [{"id": uid("phone", offer.supplier.id, offer.id), "contact_id": contact, "number": phone}]
    return [present({"id": contact, "service_id": service, "name": name, "phones": phones if phone else []})]


def schedules(offer: Offer, service: str) -> list[dict[str, Any]]:
    """How and when it is delivered: HSDS's schedule holds the way to attend, the dates it is
    offered between, its length and the notice it needs, as text."""
    notice = offer.lead_time_days
    days = "none" if notice == 0 else f"{notice} day{'' if notice == 1 else 's'}"
    record = {
        "id": uid("schedule", offer.supplier.id, offer.id),
        "service_id": service,
        "valid_from": offer.available_from.isoformat() if offer.available_from else None,
        "valid_to": offer.available_until.isoformat() if offer.available_until else None,
        "description": offer.duration,
        "attending_type": attending(offer.delivery),
        "notes": f"Notice needed to book: {days}." if notice is not None else None,
    }
    return [present(record)]


def attending(delivery: list[str]) -> str:
    """ "In person or online", in the words of the offer page."""
    words = [DELIVERY.get(way, way) for way in unique(delivery, str)]
    return " or ".join([words[0], *(w.lower() for w in words[1:])]) if words else ""


def unique(items: Iterable[T], key: Callable[[T], Any]) -> list[T]:
    """Items in their order, each key once: content may list an area or a language twice, and
    HSDS ids must be unique."""
    seen: set[Any] = set()
    kept: list[T] = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept
