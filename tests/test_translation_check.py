"""`check` on translated content: every kind of bad translation is an error at its line, in the
usual format, and check ends with how much of each other language is translated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import OFFER, SITE, SUPPLIER, TODAY, WriteContent, messages, replaced

ROOT = Path(__file__).resolve().parent.parent
BILINGUAL = replaced(
    SITE,
    (
        "contact_email:",
        "languages:\n  - code: en\n    label: English\n  - code: cy\n    label: Cymraeg\ncontact_email:",
    ),
)
WELSH_OFFER = OFFER + "translations:\n  cy:\n    title: Cerdded a sgwrsio\n"


def test_a_good_translation_passes(content: WriteContent) -> None:
    root = content({"site.yaml": BILINGUAL, "suppliers/green-minds/offers/walk.yaml": WELSH_OFFER})
    assert [m for m in messages(root) if ": error:" in m] == []


def test_a_language_the_site_does_not_list_is_an_error_at_its_line(content: WriteContent) -> None:
    offer = OFFER + "translations:\n  fr:\n    title: Marche et parole\n"
    root = content({"site.yaml": BILINGUAL, "suppliers/green-minds/offers/walk.yaml": offer})
    line = offer.splitlines().index("  fr:") + 1
    assert (
        f"content/suppliers/green-minds/offers/walk.yaml:{line}:3: error: translations.fr: "
        '"fr" is not one of the site\'s other languages (cy); use one of them, or add it to languages '
        "in site.yaml"
    ) in messages(root)


def test_a_misspelt_language_is_offered_the_one_the_site_has(content: WriteContent) -> None:
    offer = OFFER + "translations:\n  cym:\n    title: Cerdded a sgwrsio\n"
    root = content({"site.yaml": BILINGUAL, "suppliers/green-minds/offers/walk.yaml": offer})
    assert any(
        'translations.cym: "cym" is not one' in m and '(did you mean "cy"?)' in m for m in messages(root)
    )


def test_translations_on_a_site_of_one_language_say_how_to_add_one(content: WriteContent) -> None:
    root = content({"suppliers/green-minds/offers/walk.yaml": WELSH_OFFER})
    assert any(
        "translations.cy: this site has one language, so there is nothing to translate into" in m
        for m in messages(root)
    )


def test_a_field_that_cannot_be_translated_names_those_that_can(content: WriteContent) -> None:
    offer = WELSH_OFFER + "    category: arts\n"
    root = content({"site.yaml": BILINGUAL, "suppliers/green-minds/offers/walk.yaml": offer})
    line = offer.splitlines().index("    category: arts") + 1
    assert (
        f'content/suppliers/green-minds/offers/walk.yaml:{line}:5: error: translations.cy: "category" '
        "cannot be translated: it is the same in every language. The fields that can are: title, summary, "
        "description, tags, duration, accessibility, safeguarding, outcomes, image_alt, prices"
    ) in messages(root)


def test_a_misspelt_translated_field_gets_a_suggestion(content: WriteContent) -> None:
    offer = WELSH_OFFER + "    sumary: Taith gerdded\n"
    root = content({"site.yaml": BILINGUAL, "suppliers/green-minds/offers/walk.yaml": offer})
    assert any(
        '"sumary" is not a field that translates (did you mean "summary"?)' in m for m in messages(root)
    )


def test_prices_translated_must_match_the_offer_s_prices_one_to_one(content: WriteContent) -> None:
    offer = WELSH_OFFER + "    prices:\n      - label: Y parc\n      - label: Yr ardd\n"
    root = content({"site.yaml": BILINGUAL, "suppliers/green-minds/offers/walk.yaml": offer})
    line = offer.splitlines().index("      - label: Y parc") + 1
    assert (
        f"content/suppliers/green-minds/offers/walk.yaml:{line}:7: error: translations.cy.prices: lists 2 "
        "prices but the offer has 1; give one item (its label and notes, or {} to keep them) for each "
        "price, in the same order"
    ) in messages(root)


def test_a_translated_field_keeps_the_field_s_limits(content: WriteContent) -> None:
    offer = OFFER + "translations:\n  cy:\n    title: Ta\n    summary: " + "a" * 201 + "\n"
    root = content({"site.yaml": BILINGUAL, "suppliers/green-minds/offers/walk.yaml": offer})
    found = messages(root)
    assert any("translations.cy.title: must be at least 3 characters long; it has 2" in m for m in found)
    assert any("translations.cy.summary: must be at most 200 characters long" in m for m in found)


def test_suppliers_organisations_and_the_site_s_words_translate_too(content: WriteContent) -> None:
    site = replaced(
        BILINGUAL,
        (
            "    label: Wellbeing\n",
            "    label: Wellbeing\n    translations:\n      cy:\n        label: Llesiant\n        parent: x\n",
        ),
        extra="translations:\n  cy:\n    title: Bwydlen Llesiant\n    contact_email: a@b.c\n",
    )
    supplier = SUPPLIER + "translations:\n  cy:\n    name: Meddyliau Gwyrdd\n    email: a@b.c\n"
    root = content({"site.yaml": site, "suppliers/green-minds/supplier.yaml": supplier})
    found = messages(root)
    assert any(
        "site.yaml" in m and 'categories[0].translations.cy: "parent" cannot be translated' in m
        for m in found
    )
    assert any("site.yaml" in m and '"contact_email" cannot be translated' in m for m in found)
    assert any("supplier.yaml" in m and '"email" cannot be translated' in m for m in found)


def test_a_language_the_generator_has_no_words_for_says_how_to_add_them(content: WriteContent) -> None:
    site = replaced(BILINGUAL, ("code: cy\n    label: Cymraeg", "code: xx\n    label: Xx"))
    root = content({"site.yaml": site})
    line = site.splitlines().index("  - code: xx") + 1
    assert (
        f"content/site.yaml:{line}:11: error: languages[1].code: the site has no words (buttons, headings) "
        'in "xx" yet; it has en, cy. To add a language, translate catalogue/locale/messages.pot as '
        "docs/languages.md says"
    ) in messages(root)


def test_check_ends_with_how_much_of_each_language_is_translated(content: WriteContent) -> None:
    root = content({"site.yaml": BILINGUAL, "suppliers/green-minds/offers/walk.yaml": WELSH_OFFER})
    command = [sys.executable, str(ROOT / "build.py"), "check", "--content", str(root), "--today", str(TODAY)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=root.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.strip().splitlines()[-1] == "cy: 1 of 1 offers, 0 of 1 suppliers translated"


def test_the_bilingual_example_passes_check() -> None:
    example = ROOT / "examples" / "bilingual"
    problems = messages(example)
    assert problems == []
