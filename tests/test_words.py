"""The site's own words in every language the generator ships: each catalogue (catalogue/locale)
holds every message the templates, scripts and Python ask for, translated, with the same
placeholders and markup, and `make messages` leaves messages.pot as it is."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from catalogue.content.translations import LOCALES, languages_with_words

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"</?([a-z]+)")
SHIPPED = [code for code in languages_with_words() if code != "en"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The messages of today's sources, extracted as `make messages` does."""
    pot = tmp_path_factory.mktemp("words") / "messages.pot"
    babel = Path(sys.executable).with_name("pybabel")
    command = [str(babel), "extract", "-F", "babel.cfg", "-c", "Translators:", "--sort-by-file"]
    subprocess.run([*command, "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as file:
        return read_po(file)


def catalogue(code: str) -> Catalog:
    with (LOCALES / code / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=code)


def ids(catalog: Catalog) -> set[str]:
    return {_key(m) for m in catalog if m.id}


def _key(message: Message) -> str:
    return str(message.id[0] if isinstance(message.id, tuple) else message.id)


def test_the_generator_ships_welsh() -> None:
    assert "cy" in SHIPPED


def test_the_template_of_messages_is_up_to_date(extracted: Catalog) -> None:
    with (LOCALES / "messages.pot").open("rb") as file:
        kept = read_po(file)
    assert ids(extracted) == ids(kept), "run `make messages` and translate what is new"


@pytest.mark.parametrize("code", SHIPPED)
def test_every_message_is_translated(extracted: Catalog, code: str) -> None:
    translated = catalogue(code)
    missing = sorted(ids(extracted) - {_key(m) for m in translated if m.id and _complete(m)})
    assert missing == [], f"{code}: {len(missing)} messages not translated, such as {missing[:5]}"


def _complete(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return not message.fuzzy and all(strings)


@pytest.mark.parametrize("code", SHIPPED)
def test_translations_keep_the_placeholders_and_markup(code: str) -> None:
    wrong = []
    for message in catalogue(code):
        if not message.id or not message.string:
            continue
        source = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        forms = list(message.string) if isinstance(message.string, tuple | list) else [message.string]
        for form in forms:
            extra = set(PLACEHOLDER.findall(form)) - set(PLACEHOLDER.findall(source))
            if extra or sorted(TAG.findall(form)) != sorted(
                TAG.findall(str(message.id if not isinstance(message.id, tuple) else message.id[-1]))
            ):
                wrong.append(f"{_key(message)!r} -> {form!r}")
        if not isinstance(message.id, tuple) and set(PLACEHOLDER.findall(forms[0])) != set(
            PLACEHOLDER.findall(source)
        ):
            wrong.append(f"{_key(message)!r} -> {forms[0]!r} (placeholders differ)")
    assert wrong == []
