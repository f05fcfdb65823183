"""The site's own words in each language: gettext catalogues, compiled as the build reads them.

The message catalogues are catalogue/locale/<code>/LC_MESSAGES/messages.po, extracted from the
templates, the scripts in static/ and the Python that words pages (babel.cfg; docs/languages.md
says how to update them). Their message ids are the English words, so English needs no
catalogue to read. Compiled catalogues are never kept: a build compiles the ones it needs in
memory (a few milliseconds), so a saved .po file shows on the next preview.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ..content.translations import SOURCE_LANGUAGE, catalogue_path, language_of


def translations(code: str) -> gettext.NullTranslations:
    """The site's words in this language (English: the message ids as they are)."""
    path = catalogue_path(code)
    if language_of(code) == SOURCE_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    stat = path.stat()
    return _compiled(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _compiled(path: Path, mtime: int, size: int) -> gettext.GNUTranslations:
    with path.open("rb") as file:
        catalog = read_po(file, locale=path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def words_module(code: str) -> str:
    """The name of the scripts' words module a page in this language loads (static/words/<name>.js);
    "" for English, whose words are the scripts' own."""
    return "" if language_of(code) == SOURCE_LANGUAGE else language_of(code)


def script_words(code: str) -> dict[str, str | dict[str, str]]:
    """The scripts' words in a language, for static/i18n.js: each message of the scripts
    (static/*.js) by its English id; one with plural forms as {CLDR category: text}, the forms
    Intl.PluralRules names in the browser ("one", "two", "few", "many", "other" for Welsh)."""
    path = catalogue_path(code)
    if language_of(code) == SOURCE_LANGUAGE or not path.is_file():
        return {}
    stat = path.stat()
    return _script_words(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _script_words(path: Path, mtime: int, size: int) -> dict[str, str | dict[str, str]]:
    with path.open("rb") as file:
        catalog = read_po(file, locale=path.parent.parent.name)
    index = gettext.c2py(catalog.plural_expr)
    rule = Locale.parse(catalog.locale_identifier or SOURCE_LANGUAGE).plural_form
    samples = {tag: next(n for n in range(1000) if rule(n) == tag) for tag in [*rule.tags, "other"]}
    words: dict[str, str | dict[str, str]] = {}
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        if not any(place.startswith("static/") for place, _ in message.locations):
            continue
        if isinstance(message.id, tuple):
            forms = list(message.string)
            words[message.id[0]] = {tag: forms[min(index(n), len(forms) - 1)] for tag, n in samples.items()}
        else:
            words[str(message.id)] = str(message.string)
    return words


def language_name(code: str, in_language: str) -> str:
    """A language's name in another language: "Saesneg" for en in Welsh, "English" in English."""
    try:
        names = Locale.parse(in_language.replace("-", "_")).languages
    except (ValueError, UnknownLocaleError):
        return code
    return str(names.get(language_of(code), code))
