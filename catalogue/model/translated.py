"""The catalogue in one of the site's languages: a view of the checked content, resolved here.

Each translatable field (content/translations.TRANSLATABLE) holds the language's own text where
the file translates it, and otherwise the main language's, as `Untranslated` text carrying that
language's code, so a page marks it with its own `lang` and says that some of it is not yet
translated. Templates never ask "is it translated?": they put the `lang` the text carries.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from ..content.files import ContentTree
from ..content.loader import Document
from ..content.translations import TRANSLATABLE, VOCABULARIES, Language


class Untranslated(str):
    """The main language's text on a page of another language; `lang` is the main language's code."""

    lang: str

    def __new__(cls, text: str, lang: str = "") -> Untranslated:
        made = super().__new__(cls, text)
        made.lang = lang
        return made


def untranslated(value: Any, lang: str) -> Any:
    """Text (or a list of texts) marked as the main language's."""
    if isinstance(value, str):
        return Untranslated(value, lang)
    if isinstance(value, list):
        return [untranslated(item, lang) for item in value]
    return value


def localised(data: Any, kind: str, code: str, main: str) -> Any:
    """A content file's data with its translatable fields in the language `code`."""
    if not isinstance(data, dict):
        return data
    translations = data.get("translations")
    translated = translations.get(code) if isinstance(translations, dict) else None
    translated = translated if isinstance(translated, dict) else {}
    view = dict(data)
    for name in TRANSLATABLE[kind]:
        if name == "prices" and isinstance(data.get("prices"), list):
            view["prices"] = _prices(data["prices"], translated.get("prices"), main)
        elif name in translated:
            view[name] = translated[name]
        elif name in data:
            view[name] = untranslated(data[name], main)
    return view


def _prices(prices: list[Any], translated: Any, main: str) -> list[Any]:
    """Each price with its label and notes in the language, matched by position."""
    translated = translated if isinstance(translated, list) else []
    view = []
    for index, price in enumerate(prices):
        own = translated[index] if index < len(translated) and isinstance(translated[index], dict) else {}
        view.append(localised({**price, "translations": {"_": own}}, "prices", "_", main))
        view[-1].pop("translations")
    return view


def localised_site(data: Any, code: str, main: str) -> Any:
    """site.yaml's data in a language: its title and tagline, and every vocabulary entry's words."""
    view = localised(data, "site", code, main)
    for section in VOCABULARIES:
        if isinstance(view.get(section), list):
            view[section] = [localised(item, section, code, main) for item in view[section]]
    return view


def localised_tree(tree: ContentTree, language: Language, main: Language) -> ContentTree:
    """The whole content in one language (the main language: the content as it is)."""
    if language.main:
        return tree
    code, lang = language.code, main.code

    def view(document: Document, kind: str) -> Document:
        return dataclasses.replace(document, data=localised(document.data, kind, code, lang))

    made = copy.copy(tree)
    if tree.site is not None:
        made.site = dataclasses.replace(tree.site, data=localised_site(tree.site.data, code, lang))
    made.suppliers = {k: view(d, "supplier") for k, d in tree.suppliers.items()}
    made.offers = {k: view(d, "offer") for k, d in tree.offers.items()}
    made.organisations = {k: view(d, "organisation") for k, d in tree.organisations.items()}
    return made
