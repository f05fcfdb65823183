"""A tree with a planted fault of every kind: all reported in one run, at their lines, no traceback.

Regenerate the expected output after an intended message change with:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_planted_faults.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests/fixtures/planted-faults.expected"


def test_every_planted_fault_is_reported_in_one_run(tmp_path: Path) -> None:
    # Run where the paths read as in the repository, but with the memo's .cache/ out of it.
    shutil.copytree(ROOT / "tests/fixtures/planted-faults", tmp_path / "tests/fixtures/planted-faults")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "check",
            "--content",
            "tests/fixtures/planted-faults",
            "--today",
            "2026-11-23",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    if os.environ.get("UPDATE_GOLDEN"):
        EXPECTED.write_text(result.stdout, encoding="utf-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        == "check failed: 37 errors, 3 warnings (5 offers, 1 suppliers, 1 organisations)"
    )
    assert result.stdout == EXPECTED.read_text(encoding="utf-8")
