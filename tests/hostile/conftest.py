"""Fixtures: the hostile content tree, and it and the sample catalogue built with search."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from catalogue.pipeline import BuildOptions, build_site

from .corpus import Corpus, write_hostile_tree

TODAY = dt.date(2026, 11, 23)
REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "content"
HOSTILE_BASE_PATH = "/menu/"  # from the hostile site.yaml's base_url
SAMPLE_BASE_PATH = "/wellbeing-menu/"  # from the sample site.yaml's base_url


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The hostile content tree, written once per session."""
    return write_hostile_tree(tmp_path_factory.mktemp("hostile") / "content")


def _build(content: Path, folder: Path, base_url: str | None = None) -> Path:
    out = folder / "site"
    options = BuildOptions(
        content=content,
        out=out,
        today=TODAY,
        search=True,
        quiet=True,
        cache=folder / "cache",
        base_url=base_url,
    )
    build_site(options)
    return out


@pytest.fixture(scope="session")
def hostile_site(hostile: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile tree built with search, at the base URL its site.yaml names."""
    return _build(hostile.root, tmp_path_factory.mktemp("hostile-site"))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample catalogue built with search."""
    return _build(SAMPLE, tmp_path_factory.mktemp("sample-site"))
