"""bench/pagefind_api.py, run end to end on a small catalogue."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_each_way_of_indexing_indexes_the_same_offer_pages(tmp_path: Path) -> None:
    results = tmp_path / "pagefind-api.json"
    command = [
        *(sys.executable, str(ROOT / "bench" / "pagefind_api.py"), "--sizes", "60", "--wrapper-pages", "3"),
        *("--methods", "cli,api-html,service-records", "--json", str(results)),
    ]

    shown = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)

    assert shown.returncode == 0, shown.stdout + shown.stderr
    report = {result["method"]: result for result in json.loads(results.read_text())}
    assert list(report) == ["cli", "api-html", "service-records"]
    assert all(result["status"] == "ok" and result["median_s"] > 0 for result in report.values())
    # Every current offer (59 of the 60 generated) and nothing else; api-html stops at --wrapper-pages.
    assert report["cli"]["pages"] == report["service-records"]["pages"] == 59
    assert report["api-html"]["pages"] == 3
    assert "| 60 | service-records | 59 |" in shown.stdout
