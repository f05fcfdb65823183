"""Open Referral ids: UUIDs made from the catalogue's own ids, the same in every build.

HSDS wants a UUID for every record, and directories that read the menu match records across
reads by them. Ours are never stored: each is a version 5 UUID of a name under NAMESPACE,
the kind of record and the catalogue ids it belongs to ("service:kelvin-walkers/health-walks").
So two builds, another machine or a moved site give the same UUIDs; a supplier renamed in its
file keeps them, and a renamed folder or offer file (a new id) gets new ones.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache

from ...model.objects import Offer, Supplier

# Fixed for good: changing it would change every id that directories have recorded.
NAMESPACE = uuid.UUID("15b52691-afae-4f2d-8e3f-ead13e04758a")
_NAMESPACE_BYTES = NAMESPACE.bytes


def uid(kind: str, *names: str) -> str:
    """The UUID of a record of this kind named by these ids. Only the last name may be free
    text (a language); the others are catalogue ids, which hold no "/", so names never clash.

    The same as str(uuid.uuid5(NAMESPACE, name)), made without the UUID object: a build makes
    about fifty of them an offer."""
    name = f"{kind}:{'/'.join(names)}".encode()
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122's variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def organization_id(supplier: Supplier) -> str:
    return uid("organization", supplier.id)


def service_id(offer: Offer) -> str:
    return uid("service", offer.supplier.id, offer.id)


@lru_cache(maxsize=8)
def taxonomy_id(vocabulary: str) -> str:
    """vocabulary: "categories", "areas" or "audiences"."""
    return uid("taxonomy", vocabulary)


@lru_cache(maxsize=4096)  # a term's id is asked for by every offer filed under it
def term_id(vocabulary: str, term: str) -> str:
    return uid("taxonomy_term", vocabulary, term)
