"""What the exports carry of a multilingual site: each offer's translated text, by language.

offers.json gives each offer a `translations` map (language code -> the fields translated, as the
offer's file has them); offers.csv a title and summary column for each other language. A field
the file does not translate is left out (readers fall back to the main language's, as pages do).
The Open Referral dataset stays in the main language: HSDS has no translated text.
"""

from __future__ import annotations

from typing import Any

from ..model.catalogue import Catalogue
from ..model.objects import Offer
from ..model.translated import Untranslated

TEXT_FIELDS = ("title", "summary", "description", "duration", "accessibility", "safeguarding", "image_alt")
LIST_FIELDS = ("tags", "outcomes")
EXPORT_NAMES = {"description": "description_markdown"}  # as offers.json names the field itself


def offer_translations(views: list[Catalogue]) -> dict[str, dict[str, dict[str, Any]]]:
    """Each offer's translated fields by language, from the catalogue's other languages' views."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for view in views:
        code = view.site.language.code
        for offer in view.offers:
            fields = translated_fields(offer)
            if fields:
                found.setdefault(offer.key, {})[code] = fields
    return found


def translated_fields(offer: Offer) -> dict[str, Any]:
    """The fields of an offer's view that its file translates."""
    fields: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = getattr(offer, name)
        if value and not isinstance(value, Untranslated):
            fields[EXPORT_NAMES.get(name, name)] = str(value)
    for name in LIST_FIELDS:
        values = getattr(offer, name)
        if values and not any(isinstance(v, Untranslated) for v in values):
            fields[name] = [str(v) for v in values]
    prices = [
        {
            k: str(v)
            for k, v in (("label", p.label), ("notes", p.notes))
            if v and not isinstance(v, Untranslated)
        }
        for p in offer.prices
    ]
    if any(prices):
        fields["prices"] = prices
    return fields
