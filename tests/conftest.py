"""Shared fixtures: small, real content trees written into tmp_path."""

from __future__ import annotations

import datetime as dt
import io
import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from catalogue.checks.check import check_content

from . import golden

TODAY = dt.date(2026, 11, 23)


def picture(kind: str = "PNG", width: int = 4, height: int = 3) -> bytes:
    """A real picture file's bytes: a plain green rectangle."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (31, 95, 74)).save(out, kind)
    return out.getvalue()


PNG = picture()


@pytest.fixture(scope="session", autouse=True)
def _working_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds and checks keep their .cache/ in the working folder: for the tests, a temporary one."""
    before = Path.cwd()
    os.chdir(tmp_path_factory.mktemp("work"))
    yield
    os.chdir(before)


@pytest.fixture(scope="session")
def golden_sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's site as the golden output test builds it (tests/golden.py), built once."""
    return golden.build_sample(tmp_path_factory.mktemp("golden-sample"))


@pytest.fixture(scope="session")
def golden_generated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated catalogue's site (1,000 offers) as the golden output test builds it, built once."""
    return golden.build_generated(tmp_path_factory.mktemp("golden-generated"))


SITE = """\
title: Wellbeing Menu
contact_email: menu@example.org
base_url: https://example.org/menu/
repository: example/menu
coordinators: [coord-one]
categories:
  - id: wellbeing
    label: Wellbeing
  - id: arts
    label: Arts and creativity
areas:
  - id: north
    label: North region
  - id: riverside
    label: Riverside
    parent: north
  - id: hilltop
    label: Hilltop
audiences:
  - id: older-people
    label: Older people
  - id: young-people
    label: Young people
"""

SUPPLIER = """\
name: Green Minds CIC
summary: Walking and talking groups in green spaces.
legal_form: cic
email: hello@greenminds.example.org
areas: [north]
maintainers: [alice]
"""

OFFER = """\
title: Walk and talk
summary: A gentle weekly walk with time to talk.
description: |
  A **friendly** walk in the park, led by trained volunteers.
category: wellbeing
prices:
  - amount: 120
    unit: per_session
delivery: [in_person]
areas: [riverside]
audiences: [older-people]
available_until: 2027-06-30
"""

ORGANISATION = """\
name: Riverside Tenants
summary: A tenants' association on the Riverside estate.
area: riverside
budget:
  amount: 1000
feedback:
  - offer: green-minds/walk
    date: 2026-10-01
    comment: Our members loved it.
"""

BASE_FILES = {
    "site.yaml": SITE,
    "suppliers/green-minds/supplier.yaml": SUPPLIER,
    "suppliers/green-minds/offers/walk.yaml": OFFER,
    "organisations/riverside-tenants.yaml": ORGANISATION,
}

WriteContent = Callable[..., Path]


def write_tree(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write files under root; None deletes a file from the base set."""
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def messages(root: Path) -> list[str]:
    """`check`'s problems as the contributor sees them, with paths relative to the content folder."""
    return [p.format() for p in check_content(root, "content", TODAY).problems]


def replaced(text: str, *replacements: tuple[str, str], extra: str = "") -> str:
    """text with each (old, new) replaced (old must be there), then extra added at the end."""
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text + extra


@pytest.fixture
def content(tmp_path: Path) -> WriteContent:
    """content(**overrides) writes the base tree plus overrides and returns its folder."""

    def make(files: dict[str, str | bytes | None] | None = None, base: bool = True) -> Path:
        root = tmp_path / "content"
        write_tree(root, {**(BASE_FILES if base else {}), **(files or {})})
        return root

    return make
