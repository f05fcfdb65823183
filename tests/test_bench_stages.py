"""bench.py's warm stages and site figures, run end to end on a small catalogue."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import generate
from catalogue.pipeline import BuildOptions, build_site
from catalogue.search import parts as search_parts

from .conftest import TODAY, WriteContent
from .test_search_reuse import PRICED

ROOT = Path(__file__).resolve().parent.parent
OFFERS = 60


def test_rebuild_and_one_change_are_timed_and_the_offer_is_restored(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    command = [
        *(sys.executable, str(ROOT / "bench" / "bench.py"), "--sizes", str(OFFERS), "--repeat", "1"),
        *("--stages", "rebuild,one-change", "--json", str(results)),
    ]

    shown = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)

    assert shown.returncode == 0, shown.stdout + shown.stderr
    report = json.loads(results.read_text())
    stages = {result["stage"]: result for result in report["results"]}
    assert list(stages) == ["build+search", "rebuild", "one-change"]
    assert stages["build+search"]["implicit"] is True
    for result in stages.values():
        assert result["status"] == "ok"
        assert result["median_s"] > 0
        assert all(run["seconds"] > 0 and run["cpu_seconds"] > 0 for run in result["runs"])
    # The warm stages ran where the cold build+search left its memo and spare copy.
    assert stages["rebuild"]["folder"] == stages["one-change"]["folder"] == stages["build+search"]["folder"]

    one_change = stages["one-change"]
    assert one_change["median_page_s"] > 0
    page = ROOT / one_change["changed"]["page"]
    assert b"Changed for benchmark run 1 (" in page.read_bytes()

    [site] = report["sites"]
    assert site["bytes"] > site["pagefind_bytes"] > 0
    assert site["files"] > site["pagefind_files"] > 0
    first_search = site["first_search"]
    assert first_search["total_bytes"] == sum(first_search["parts"].values())
    assert all(size > 0 for name, size in first_search["parts"].items() if name != "worker_js")

    changed = ROOT / one_change["changed"]["file"]
    assert hashlib.sha256(changed.read_bytes()).hexdigest() == one_change["changed"]["sha256"]
    generate(tmp_path / "fresh", OFFERS, seed=42)
    fresh = tmp_path / "fresh" / changed.relative_to(ROOT / "bench" / "out" / f"catalogue-{OFFERS}")
    assert changed.read_bytes() == fresh.read_bytes()
    assert changed.stat().st_mtime_ns == fresh.stat().st_mtime_ns
    assert not (ROOT / "bench" / "out" / f"catalogue-{OFFERS}.restore.json").exists()


def test_a_first_search_counts_each_part_of_an_index_in_parts(
    monkeypatch: pytest.MonkeyPatch, content: WriteContent, tmp_path: Path
) -> None:
    monkeypatch.setattr(search_parts, "PAGES_PER_INDEX", 2)
    out = tmp_path / "out"
    build_site(BuildOptions(content=content(PRICED), out=out, today=TODAY, quiet=True, cache=tmp_path / "c"))
    bundles = [out / "pagefind", out / "pagefind/part-2"]
    monkeypatch.syspath_prepend(ROOT / "bench")  # bench.py is a script beside the modules it imports
    spec = importlib.util.spec_from_file_location("bench_script", ROOT / "bench/bench.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, script)
    spec.loader.exec_module(script)
    counted = script.first_search(out / "pagefind")
    assert (counted["index_parts"], counted["page_count"]) == (2, 4)
    assert counted["parts"]["entry_json"] == sum((b / "pagefind-entry.json").stat().st_size for b in bundles)
    assert counted["parts"]["meta"] == sum(m.stat().st_size for b in bundles for m in b.glob("*.pf_meta"))
    assert counted["parts"]["index_chunk"] == sum(
        max(f.stat().st_size for f in (b / "index").iterdir()) for b in bundles
    )
    assert counted["parts"]["filters"] == sum(
        f.stat().st_size for b in bundles for f in (b / "filter").iterdir()
    )
