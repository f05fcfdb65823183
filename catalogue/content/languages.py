"""Which language an offer's `languages` entry names, whatever name the supplier used.

Suppliers write names freely: in English ("Polish"), in the language itself ("polski",
"Cymraeg"), with an abbreviation or a second name in brackets ("British Sign Language (BSL)",
"Scottish Gaelic (Gàidhlig)"). Each is recognised as one BCP 47 code ("pl", "cy", "bfi", "gd"),
so that the site can offer one filter value per language and name it in the page's language.

Names come from CLDR through Babel: the English name of every language, and each language's
name in itself. CLDR has no names for most sign languages and for a few languages spoken in
UK communities, so those are listed here. A regional variety counts as its language ("British
English" is English), except where a community knows its language by the variety's own name
(Dari, not Persian).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from babel import Locale, UnknownLocaleError, localedata

# Languages CLDR does not name, with their names (the first is the one shown) and abbreviations.
EXTRA_LANGUAGES: dict[str, tuple[str, ...]] = {
    "bfi": ("British Sign Language", "BSL"),
    "isg": ("Irish Sign Language", "ISL"),
    "ils": ("International Sign", "International Sign Language"),
    "asf": ("Auslan", "Australian Sign Language"),
    "nzs": ("New Zealand Sign Language", "NZSL"),
    "fsl": ("French Sign Language", "LSF", "langue des signes française"),
    "gsg": ("German Sign Language", "DGS", "Deutsche Gebärdensprache"),
    "syl": ("Sylheti",),
    "phr": ("Pahari-Potwari", "Pahari", "Mirpuri"),
}
# Names shown in a page's language where CLDR has none, or one that people would not look for
# (suppliers in the UK write "Farsi" far more often than CLDR's "Persian").
EXTRA_NAMES: dict[str, dict[str, str]] = {
    "en": {"fa": "Persian (Farsi)"},
    "cy": {"bfi": "Iaith Arwyddion Prydain", "isg": "Iaith Arwyddion Iwerddon"},
}
# Other English names people use for languages CLDR names otherwise.
ALIASES = {
    "farsi": "fa",
    "mandarin": "zh",
    "mandarin chinese": "zh",
    "sorani": "ckb",
    "kurmanji": "ku",
    "gaelic": "gd",
    "panjabi": "pa",
    "asl": "ase",
    "bangla": "bn",
    "signed english": "bfi",
}
# Varieties kept apart from their language: people look for them by this name.
OWN_VARIETIES = {"fa_AF"}


def folded(name: str) -> str:
    """A name as it is compared: lower case, without accents, spaces or stray punctuation."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace("-", " ").replace(".", " ").split())


def language_code(name: str) -> str | None:
    """The BCP 47 code of the language a name stands for ("Polski" -> "pl"), or None when it
    cannot be told. A part in brackets is tried as another name for the language."""
    for candidate in _candidates(name):
        code = english_names().get(candidate) or own_names().get(candidate)
        if code:
            return code
    return None


def _candidates(name: str) -> list[str]:
    """The whole name, then the words inside a bracket (often the more precise: "Chinese
    (Cantonese)"), then those before it."""
    whole = folded(name)
    if "(" not in name:
        return [whole]
    outside, _, rest = name.partition("(")
    inside = rest.split(")")[0]
    return [whole, folded(inside), folded(outside)]


@lru_cache(maxsize=1)
def known_names() -> dict[str, str]:
    """Every name recognised, folded, with the way it is usually written: for suggestions."""
    names = {folded(n): n for n in Locale("en").languages.values()}
    names.update({folded(n): n for names_ in EXTRA_LANGUAGES.values() for n in names_})
    names.update({alias: alias.title() for alias in ALIASES})
    return names


@lru_cache(maxsize=1)
def english_names() -> dict[str, str]:
    """Folded English names (and the extras' names and aliases) -> code."""
    found: dict[str, str] = {}
    for key, name in Locale("en").languages.items():
        found.setdefault(folded(name), _code(key))  # a language's own entry comes before its varieties
    for code, names in EXTRA_LANGUAGES.items():
        found.update({folded(name): code for name in names})
    found.update(ALIASES)
    return found


@lru_cache(maxsize=1)
def own_names() -> dict[str, str]:
    """Folded names of languages in themselves ("cymraeg" -> "cy"). Read only when an English name
    did not match: it loads every language's locale data (about half a second)."""
    found = {}
    for code in localedata.locale_identifiers():
        if "_" in code:
            continue
        try:
            name = Locale.parse(code).languages.get(code)
        except (ValueError, UnknownLocaleError):
            continue
        if name:
            found[folded(name)] = code
    return found


def _code(key: str) -> str:
    """A CLDR language key as a BCP 47 code: its language alone, unless the variety stands apart."""
    return key.replace("_", "-") if key in OWN_VARIETIES else key.split("_")[0]


@lru_cache(maxsize=1024)
def display_name(code: str, locale: str) -> str:
    """A language's name in the page's language (a BCP 47 tag, "en-GB"): "Polish", "Pwyleg"."""
    key = code.replace("-", "_")
    page = locale.replace("-", "_").split("_")[0]
    extra = EXTRA_NAMES.get(page, {}).get(code) or EXTRA_LANGUAGES.get(code, ("",))[0]
    try:
        name = Locale.parse(page).languages.get(key)
    except (ValueError, UnknownLocaleError):
        name = None
    return extra or name or Locale("en").languages.get(key) or code
