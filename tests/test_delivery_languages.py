"""Languages of delivery: every way a supplier names a language is one language, shown in the
page's language; `check` warns, with a suggestion, about a name it cannot tell."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.content.files import load_content
from catalogue.content.languages import display_name, language_code

from .conftest import OFFER, WriteContent, messages

REPO = Path(__file__).resolve().parent.parent
WALK = "content/suppliers/green-minds/offers/walk.yaml"

# One language, named the ways suppliers write it: in English, in itself, abbreviated, bracketed.
SAME_LANGUAGE = {
    "pl": ["Polish", "polski", "Polski", "POLISH ", "Polish (polski)"],
    "cy": ["Welsh", "Cymraeg", "cymraeg"],
    "gd": ["Scottish Gaelic", "Scottish Gaelic (Gàidhlig)", "Gàidhlig", "Gaidhlig", "Gaelic"],
    "bfi": ["British Sign Language", "BSL", "British Sign Language (BSL)", "bsl"],
    "ar": ["Arabic", "العربية"],
    "fa": ["Farsi", "Persian"],
    "fa-AF": ["Dari"],
    "ur": ["Urdu", "اردو"],
    "en": ["English", "British English"],
    "yue": ["Cantonese", "Chinese (Cantonese)"],
    "isg": ["Irish Sign Language", "ISL"],
}


@pytest.mark.parametrize(("code", "names"), SAME_LANGUAGE.items())
def test_each_way_of_naming_a_language_is_one_language(code: str, names: list[str]) -> None:
    assert {name: language_code(name) for name in names} == dict.fromkeys(names, code)


def test_a_language_is_named_in_the_page_s_language() -> None:
    assert [display_name(code, "en-GB") for code in ("pl", "cy", "bfi", "gd", "fa-AF", "fa")] == [
        "Polish", "Welsh", "British Sign Language", "Scottish Gaelic", "Dari", "Persian (Farsi)",
    ]  # fmt: skip
    assert [display_name(code, "cy") for code in ("pl", "cy", "bfi", "en")] == [
        "Pwyleg", "Cymraeg", "Iaith Arwyddion Prydain", "Saesneg",
    ]  # fmt: skip


def test_check_is_silent_on_every_language_the_sample_names() -> None:
    tree = load_content(REPO / "content")
    names = {name for offer in tree.offers.values() for name in offer.data.get("languages", [])}
    assert len(names) >= 8, "the sample should name several languages"
    assert {name: language_code(name) is not None for name in names} == dict.fromkeys(names, True)


def test_a_name_check_cannot_tell_is_a_warning_with_a_suggestion_at_its_line(content: WriteContent) -> None:
    offer = OFFER + "languages:\n  - Polish\n  - Polsh\n  - Makaton\n  - Cymraeg\n"
    root = content({"suppliers/green-minds/offers/walk.yaml": offer})
    follows = (
        ", so the language filter will not find this offer by it; write the language's name in English "
        'or in the language itself, like "Polish", "polski" or "British Sign Language"'
    )
    assert messages(root) == [
        f'{WALK}:15:5: warning: languages[1]: cannot tell which language "Polsh" is (did you mean "Polish"?){follows}',
        f'{WALK}:16:5: warning: languages[2]: cannot tell which language "Makaton" is{follows}',
    ]
