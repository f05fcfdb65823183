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
