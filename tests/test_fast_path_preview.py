"""The preview serves a saved offer's page at once (the fast path): the same bytes the full rebuild writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.incremental.memo import Memo
from catalogue.pipeline import BuildOptions, Pipeline

from .conftest import OFFER, SUPPLIER, TODAY, WriteContent

WALK = "suppliers/green-minds/offers/walk.yaml"
PAGE = "offers/green-minds/walk/index.html"


def preview(root: Path, tmp_path: Path, drafts: bool = False) -> Pipeline:
    """The preview's pipeline, built once: its memo, cards and snapshot kept in memory."""
    options = BuildOptions(
        content=root, out=tmp_path / "out", today=TODAY, search=False, quiet=True, preview=True,
        cache=tmp_path / "cache", drafts=drafts, base_url="http://127.0.0.1:8000/",
    )  # fmt: skip
    pipeline = Pipeline(options, Memo())
    pipeline.build()
    return pipeline


@pytest.fixture
def built(content: WriteContent, tmp_path: Path) -> tuple[Path, Pipeline]:
    root = content()
    return root, preview(root, tmp_path)


SAVES = {
    "price": ("amount: 120", "amount: 135"),
    "title": ("title: Walk and talk", "title: Walk, talk <and> 'listen'"),
    "expiry": ("available_until: 2027-06-30", "available_until: 2026-01-01"),
    "delivery": ("delivery: [in_person]", "delivery: [online]"),
    "description": ("A **friendly** walk", "A [linked](https://example.org/) walk"),
}


@pytest.mark.parametrize("save", sorted(SAVES))
def test_the_page_served_at_once_is_the_page_the_rebuild_writes(
    built: tuple[Path, Pipeline], save: str
) -> None:
    root, pipeline = built
    out = pipeline.options.out
    old, new = SAVES[save]
    (root / WALK).write_text(OFFER.replace(old, new))
    quick = pipeline.changed_offer_pages([root / WALK])
    assert quick is not None and list(quick.pages) == [PAGE]
    assert quick.pages[PAGE] != (out / PAGE).read_bytes()  # the page did change
    pipeline.build()
    assert quick.pages[PAGE] == (out / PAGE).read_bytes()


def test_a_saved_page_shows_the_change(built: tuple[Path, Pipeline]) -> None:
    root, pipeline = built
    (root / WALK).write_text(OFFER.replace("amount: 120", "amount: 135"))
    quick = pipeline.changed_offer_pages([root / WALK])
    assert quick is not None
    page = quick.pages[PAGE].decode()
    assert "£135.00 per session" in page and "£120.00" not in page
    assert quick.problems == {"content/" + WALK: []}


REFUSED = {
    "a broken file": {WALK: OFFER + "title: [half-saved\n"},
    "an offer failing its checks": {WALK: OFFER.replace("category: wellbeing", "category: wellbeeing")},
    "a new offer": {"suppliers/green-minds/offers/swim.yaml": OFFER},
    "a supplier": {"suppliers/green-minds/supplier.yaml": SUPPLIER.replace("Green Minds CIC", "Green")},
    "an offer turned into a draft": {WALK: OFFER + "status: draft\n"},
    "site.yaml": {"site.yaml": "title: x\n"},
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_anything_but_a_clean_offer_save_waits_for_the_full_rebuild(
    built: tuple[Path, Pipeline], case: str
) -> None:
    root, pipeline = built
    for name, text in REFUSED[case].items():
        (root / name).write_text(text)
    assert pipeline.changed_offer_pages([root / name for name in REFUSED[case]]) is None


def test_drafts_shown_in_the_preview_are_answered_at_once(content: WriteContent, tmp_path: Path) -> None:
    draft = OFFER + "status: draft\n"
    root = content({WALK: draft})
    pipeline = preview(root, tmp_path, drafts=True)
    (root / WALK).write_text(draft.replace("amount: 120", "amount: 99"))
    quick = pipeline.changed_offer_pages([root / WALK])
    assert quick is not None and "£99.00" in quick.pages[PAGE].decode()
    pipeline.build()
    assert quick.pages[PAGE] == (pipeline.options.out / PAGE).read_bytes()
