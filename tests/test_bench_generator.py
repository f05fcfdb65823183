"""The benchmark generator writes a valid, warning-free and reproducible catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench.generate import generate
from catalogue.checks.check import check_content

OFFERS = 60


def file_bytes(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def test_generated_catalogue_passes_check_without_problems(tmp_path: Path) -> None:
    root = tmp_path / "content"
    generate(root, OFFERS, seed=42)

    result = check_content(root, "content", dt.date(2026, 11, 23))

    assert result.problems == []
    assert len(result.tree.offers) == OFFERS


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    generate(tmp_path / "first", OFFERS, seed=42)
    generate(tmp_path / "second", OFFERS, seed=42)

    first, second = file_bytes(tmp_path / "first"), file_bytes(tmp_path / "second")

    assert len(first) > OFFERS
    assert first == second


def test_counts_follow_the_number_of_offers(tmp_path: Path) -> None:
    root = tmp_path / "content"
    generate(root, OFFERS, seed=42)

    suppliers = [folder for folder in (root / "suppliers").iterdir() if folder.is_dir()]
    offers = list(root.glob("suppliers/*/offers/*.yaml"))
    organisations = list((root / "organisations").glob("*.yaml"))

    assert len(suppliers) == OFFERS // 5
    assert all((folder / "supplier.yaml").is_file() for folder in suppliers)
    assert len(offers) == OFFERS
    assert len(organisations) == 2
