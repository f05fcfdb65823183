"""The rules of content translations: languages the site lists, prices matched one to one,
and every site language one the generator has words for. The schemas check each translated
field's type and length like the field's own (and messages.py names the fields that translate)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..content.files import ContentTree
from ..content.loader import Document, JsonPath
from ..content.translations import VOCABULARIES, has_words, languages_with_words, other_languages
from ..errors import Problem
from .messages import did_you_mean, field_label


def translation_rules(tree: ContentTree) -> list[Problem]:
    """Every bad translation in the content, each at its line."""
    site = tree.site.data if tree.site else None
    languages = other_languages(site)
    problems = []
    documents: list[tuple[str, Document]] = [("site", tree.site)] if tree.site else []
    documents += [("supplier", d) for d in tree.suppliers.values()]
    documents += [("offer", d) for d in tree.offers.values()]
    documents += [("organisation", d) for d in tree.organisations.values()]
    for kind, document in documents:
        problems += document_translation_problems(kind, document, languages)
    if tree.site:
        problems += language_problems(tree.site)
    return problems


def document_translation_problems(kind: str, document: Document, languages: list[str]) -> list[Problem]:
    """A file's translations name only the site's other languages; an offer's prices match its own."""
    problems = []
    for path, block in _translation_blocks(kind, document.data):
        for code, fields in block.items():
            if code not in languages:
                problems.append(_unknown_language(document, (*path, code), str(code), languages))
            elif kind == "offer" and path == ("translations",):
                problems += _price_count(document, code, fields)
    return problems


def _translation_blocks(kind: str, data: Any) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Each `translations` map in a file: the file's own, and in site.yaml each vocabulary entry's."""
    if not isinstance(data, dict):
        return
    if isinstance(data.get("translations"), dict):
        yield ("translations",), data["translations"]
    if kind != "site":
        return
    for section in VOCABULARIES:
        items = data.get(section)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("translations"), dict):
                yield (section, index, "translations"), item["translations"]


def _unknown_language(document: Document, path: JsonPath, code: str, languages: list[str]) -> Problem:
    mark = document.key_mark(path)
    if not languages:
        message = (
            f"{field_label(path)}: this site has one language, so there is nothing to translate into; "
            f'list "{code}" under languages in site.yaml, or remove this translation'
        )
    else:
        listed = ", ".join(languages)
        message = (
            f'{field_label(path)}: "{code}" is not one of the site\'s other languages ({listed})'
            f"{did_you_mean(code, languages)}; use one of them, or add it to languages in site.yaml"
        )
    return Problem(document.path, mark.line, mark.column, "error", message)


def _price_count(document: Document, code: str, fields: Any) -> list[Problem]:
    prices = document.data.get("prices")
    translated = fields.get("prices") if isinstance(fields, dict) else None
    if not isinstance(prices, list) or not isinstance(translated, list) or len(prices) == len(translated):
        return []
    path: JsonPath = ("translations", code, "prices")
    return [
        document.problem(
            path,
            f"{field_label(path)}: lists {len(translated)} price{'s' if len(translated) != 1 else ''} but "
            f"the offer has {len(prices)}; give one item (its label and notes, or {{}} to keep them) for "
            "each price, in the same order",
        )
    ]


def language_problems(site: Document) -> list[Problem]:
    """Each listed language must be one the site has its own words in, and listed once."""
    listed = site.data.get("languages") if isinstance(site.data, dict) else None
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, item in enumerate(listed if isinstance(listed, list) else []):
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str):
            continue
        path: JsonPath = ("languages", index, "code")
        if code in seen:
            message = f'{field_label(path)}: "{code}" is listed twice; list each once'
            problems.append(site.problem(path, message))
        elif not has_words(code):
            known = languages_with_words()
            problems.append(
                site.problem(
                    path,
                    f'{field_label(path)}: the site has no words (buttons, headings) in "{code}" yet; it has '
                    f"{', '.join(known)}{did_you_mean(code, known)}. To add a language, translate "
                    "catalogue/locale/messages.pot as docs/languages.md says",
                )
            )
        seen.add(code)
    return problems


def translated_counts(tree: ContentTree) -> list[str]:
    """One line per other language: "cy: 2 of 28 offers, 1 of 9 suppliers translated"."""
    lines = []
    for code in other_languages(tree.site.data if tree.site else None):
        offers = sum(_translated(d, code) for d in tree.offers.values())
        suppliers = sum(_translated(d, code) for d in tree.suppliers.values())
        lines.append(
            f"{code}: {offers} of {len(tree.offers)} offers, "
            f"{suppliers} of {len(tree.suppliers)} suppliers translated"
        )
    return lines


def _translated(document: Document, code: str) -> bool:
    translations = document.data.get("translations") if isinstance(document.data, dict) else None
    return isinstance(translations, dict) and bool(translations.get(code))
