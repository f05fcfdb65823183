"""Values in the forms HSDS's schemas check: absolute URIs, plain email addresses, timestamps.

Content rules are written for people and pages; HSDS fields carry JSON Schema formats that a
directory may check strictly. A URL is percent-encoded where RFC 3986 wants it (a browser does
the same before it asks); an address that RFC 5322 would refuse, which no mail server would take
either, is left out rather than published broken.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from ..exports import absolute

# RFC 3986's reserved and unreserved characters, and "%" where it starts an escape.
_URI_SAFE = ":/?#[]@!$&'()*+,;=-._~%"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# RFC 5322's dot-atom local part, and a domain of letters, digits and hyphens.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}")


def uri(url: str) -> str | None:
    """An absolute URL as RFC 3986 writes it; None for none."""
    if not url:
        return None
    return quote(_LONE_PERCENT.sub("%25", url), safe=_URI_SAFE)


@lru_cache(maxsize=4096)  # the vocabularies' pages are named by every offer filed under them
def site_uri(base_url: str, path: str) -> str | None:
    """A page of the site as an absolute URI; None when the build has no absolute base URL
    (a preview): HSDS's URI fields cannot hold a path alone."""
    if "://" not in base_url:
        return None
    return uri(absolute(base_url, path))


def email(address: str) -> str | None:
    local, _, domain = address.rpartition("@")
    fits = _EMAIL.fullmatch(address) and len(local) <= 64 and len(domain) <= 253
    return address if fits else None


def timestamp(day: dt.date) -> str:
    """The start of a day (UTC) as RFC 3339 date-time: HSDS's last_modified."""
    return f"{day.isoformat()}T00:00:00Z"


def number(amount: Decimal) -> int | float:
    """An amount as a JSON number: whole amounts without a decimal point."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def text(*parts: str) -> str:
    """Texts one after the other as paragraphs, the empty ones left out (an indented first
    line, Markdown's code block, keeps its indent)."""
    return "\n\n".join(part.lstrip("\n").rstrip() for part in parts if part and part.strip())


def present(record: dict[str, Any]) -> dict[str, Any]:
    """The record without its empty values: HSDS's fields are typed without null, so a value
    we do not have is left out (lists stay, empty or not, so that every record has them)."""
    return {key: value for key, value in record.items() if value is not None and value != ""}
