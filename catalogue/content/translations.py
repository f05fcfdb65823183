"""Content in several languages: the site's languages, and which fields of each file translate.

A content file may end with `translations:`, a map from a language code to its translated
fields (../docs/languages.md). Everything else (amounts, units, ids, dates, areas) is shared by
every language. The site's own words (buttons, headings) are in catalogue/locale/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

LOCALES = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"  # the site's own words are written in English: the catalogues' message ids

VOCABULARIES = ("categories", "areas", "audiences")
PRICE_FIELDS = ("label", "notes")  # of each of an offer's prices, matched by position

# The fields each kind of file may translate; the vocabularies' entries are site.yaml's.
TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "offer": (
        "title",
        "summary",
        "description",
        "tags",
        "duration",
        "accessibility",
        "safeguarding",
        "outcomes",
        "image_alt",
        "prices",
    ),
    "supplier": ("name", "summary", "description", "logo_alt"),
    "organisation": ("name", "summary", "description"),
    "site": ("title", "tagline"),
    "categories": ("label", "description"),
    "areas": ("label",),
    "audiences": ("label",),
    "prices": PRICE_FIELDS,
}


@dataclass(frozen=True)
class Language:
    """One of the site's languages: the main one keeps the site's URLs, the others live under /<code>/."""

    code: str  # a BCP 47 tag: "cy", "en-GB"
    label: str  # its name in itself: "Cymraeg"
    main: bool = False

    @property
    def prefix(self) -> str:
        """Where its pages are, from the site root: "" for the main language, "cy/" for Welsh."""
        return "" if self.main else f"{self.code}/"

    @property
    def babel_locale(self) -> str:
        return self.code.replace("-", "_")

    @property
    def right_to_left(self) -> bool:
        try:
            return Locale.parse(self.babel_locale).character_order == "right-to-left"
        except (ValueError, UnknownLocaleError):
            return False


def formatting_locale(language: Language, site_locale: str) -> str:
    """The locale a language's pages format money, numbers and dates in: the site's locale for its
    own language ("en-GB"), else the language in the site's region where Babel knows it ("cy-GB")."""
    if language_of(language.code) == language_of(site_locale):
        return site_locale if "-" not in language.code else language.code
    region = site_locale.replace("_", "-").split("-")[1:2]
    if region and "-" not in language.code:
        try:
            Locale.parse(f"{language.code}_{region[0]}")
            return f"{language.code}-{region[0]}"
        except (ValueError, UnknownLocaleError):
            pass
    return language.code


def language_of(code: str) -> str:
    """The language part of a BCP 47 tag: "cy" for "cy-GB"."""
    return code.replace("_", "-").split("-")[0].lower()


def catalogue_path(code: str) -> Path:
    """The message catalogue of the site's own words in a language."""
    return LOCALES / language_of(code) / "LC_MESSAGES" / "messages.po"


def has_words(code: str) -> bool:
    """Whether the generator has the site's own words in this language."""
    return language_of(code) == SOURCE_LANGUAGE or catalogue_path(code).is_file()


def languages_with_words() -> list[str]:
    """The languages the generator has words for, English first."""
    found = sorted(p.parent.parent.name for p in LOCALES.glob("*/LC_MESSAGES/messages.po"))
    return [SOURCE_LANGUAGE, *(code for code in found if code != SOURCE_LANGUAGE)]


def site_languages(data: Any) -> list[Language]:
    """The languages of a site.yaml, the main one first; without `languages`, the one of its locale."""
    data = data if isinstance(data, dict) else {}
    listed = data.get("languages")
    if isinstance(listed, list) and listed:
        items = [i for i in listed if isinstance(i, dict) and isinstance(i.get("code"), str)]
        seen: dict[str, Language] = {}
        for index, item in enumerate(items):
            if item["code"] not in seen:
                seen[item["code"]] = Language(item["code"], str(item.get("label", item["code"])), index == 0)
        if seen:
            return list(seen.values())
    locale = data.get("locale") if isinstance(data.get("locale"), str) else "en-GB"
    return [Language(str(locale), str(locale), True)]


def other_languages(data: Any) -> list[str]:
    """The codes a content file's `translations` may name: the site's languages but the main one."""
    return [language.code for language in site_languages(data) if not language.main]
