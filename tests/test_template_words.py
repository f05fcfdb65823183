"""The templates' own words go through gettext, and `pybabel extract -F babel.cfg` finds each one
exactly as a page asks for it (whitespace inside {% trans %} blocks included), so that a
translator's catalogue can word every page."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import catalogue.site.render as render
from catalogue.pipeline import BuildOptions, build_site

from .conftest import TODAY
from .sitecheck import page_text

ROOT = Path(__file__).resolve().parent.parent


class Marked(gettext.NullTranslations):
    """A stand-in translation: each message comes back in capitals (placeholders and tags kept),
    and the messages asked for are noted, as (context, message id)."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[tuple[str | None, str]] = set()

    def _marked(self, context: str | None, message: str) -> str:
        self.asked.add((context, message))
        parts = re.split(r"(%\([a-z_]+\)s|<[^>]*>)", message)
        return "".join(part if index % 2 else part.upper() for index, part in enumerate(parts))

    def gettext(self, message: str) -> str:
        return self._marked(None, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self._marked(None, plural)
        return self._marked(None, singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self._marked(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        self._marked(context, plural)
        return self._marked(context, singular if n == 1 else plural)


@pytest.fixture(scope="module")
def marked_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Marked]:
    marked = Marked()
    folder = tmp_path_factory.mktemp("marked")
    out = folder / "_site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "translations", lambda code: marked)
        # Templates compiled by earlier builds hold the English words (language.ConstantWords).
        patch.setattr(render, "_COMPILED", {})
        # Its own cache: the offer cards kept for the next build are keyed by the catalogues' files,
        # which this stand-in translation does not change.
        options = BuildOptions(content=ROOT / "content", out=out, today=TODAY, search=False, quiet=True)
        build_site(replace(options, workers=1, cache=folder / ".cache"))
    return out, marked


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str | None, str]]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    command = [
        sys.executable,
        "-m",
        "babel.messages.frontend",
        "extract",
        "-F",
        "babel.cfg",
        "-c",
        "Translators:",
    ]
    subprocess.run(
        [*command, "-o", str(pot), "--no-location", "."], cwd=ROOT, check=True, capture_output=True
    )
    with pot.open("rb") as file:
        catalog = read_po(file)
    found = set()
    for message in catalog:
        for message_id in message.id if isinstance(message.id, tuple) else (message.id,):
            found.add((message.context, message_id))
    return found


def test_every_message_a_page_asks_for_is_extracted(
    marked_site: tuple[Path, Marked], extracted: set[tuple[str | None, str]]
) -> None:
    _, marked = marked_site
    assert len(marked.asked) > 150
    assert sorted(marked.asked - extracted) == []


def test_a_translation_words_the_offer_shortlist_and_contribute_pages(
    marked_site: tuple[Path, Marked],
) -> None:
    site, _ = marked_site
    offer = page_text(site, "offers/blether-kitchen/batch-cooking-on-a-budget/")
    assert "ENQUIRE ABOUT THIS OFFER" in offer and "Enquire about this offer" not in offer
    assert "WHO IT IS FOR" in offer and "Last updated" not in offer
    shortlist = page_text(site, "shortlist/")
    assert "YOUR BUDGET" in shortlist and "Your budget" not in shortlist
    assert "COMPARE OFFERS" in shortlist and "Choose two to four" not in shortlist
    contribute = page_text(site, "contribute/")
    assert "ADD AN OFFER" in contribute and "Create the offer file" not in contribute
