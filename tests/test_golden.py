"""The site is byte for byte the golden output (tests/golden.py), for the sample and a generated catalogue.

A difference made on purpose is accepted with `.venv/bin/python -m tests.golden --update`.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from . import golden

UPDATE = "if the change is meant, run: .venv/bin/python -m tests.golden --update"


def first_diff(name: str, expected: bytes, found: bytes) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(),
        found.decode("utf-8", "replace").splitlines(),
        f"golden/{name}",
        f"built/{name}",
        lineterm="",
        n=2,
    )
    return "\n".join(list(lines)[:40])


def test_the_sample_site_is_the_golden_one(golden_sample_site: Path) -> None:
    expected = golden.archived_sample()
    found = golden.files(golden_sample_site)
    problems = golden.differences(expected, found)
    changed = [name for name in expected if name in found and expected[name] != found[name]]
    shown = "\n\n".join(first_diff(name, expected[name], found[name]) for name in changed[:3])
    assert not problems, "\n".join([*problems[:20], "", shown, "", UPDATE])


def test_a_generated_catalogue_s_site_is_the_golden_one(golden_generated_site: Path) -> None:
    expected = json.loads(golden.GENERATED_MANIFEST.read_text())
    problems = golden.differences(expected, golden.digests(golden_generated_site))
    assert not problems, "\n".join([*problems[:20], UPDATE])
