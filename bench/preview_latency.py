"""How long from saving one offer to the rebuilt page being served by the live preview.

Starts `build.py serve` on a catalogue (the sample, or a generated one), waits for it and
its first search index, then edits one offer's title several times and polls the offer page
over HTTP until the new title is served, and then the search index until a new one is served
(the preview re-indexes in the background). Prints the median and worst latency of each and
writes JSON.

    .venv/bin/python bench/preview_latency.py --sizes sample,1000,10000 --edits 7
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ensure_catalogue

ROOT = Path(__file__).resolve().parent.parent


def server_lines(log: Path) -> list[str]:
    """The preview's own lines (what changed, pages rewritten, time), without the server's log."""
    return [line for line in log.read_text().splitlines() if line.startswith(("changed", "first build"))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except OSError:
        return ""


def wait_until(check: object, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if check():  # type: ignore[operator]
            return time.perf_counter() - start
        time.sleep(0.005)
    raise TimeoutError("the preview did not serve the change in time")


def measure(content: Path, edits: int) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="preview-bench-"))
    copy = work / "content"
    shutil.copytree(content, copy)
    offer = sorted(copy.glob("suppliers/*/offers/*.yaml"))[len(list(copy.glob("suppliers/*"))) // 2]
    url_path = f"offers/{offer.parent.parent.name}/{offer.stem}/"
    port = free_port()
    command = [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(copy), "--port", str(port)]
    started = time.perf_counter()
    log = (work / "server.log").open("w")
    server = subprocess.Popen(command, cwd=work, stdout=subprocess.DEVNULL, stderr=log,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_until(lambda: "<h1" in get(base + url_path), 600)
        first = time.perf_counter() - started
        entry = base + "pagefind/pagefind-entry.json"
        wait_until(lambda: bool(get(entry)), 600)
        original = offer.read_text()
        latencies, searches = [], []
        for number in range(edits):
            marker = f"Edited title {number}"
            index = get(entry)
            offer.write_text(original.replace("title:", f"title: {marker} —", 1).replace("— ", "— ", 1))
            saved = time.perf_counter()
            wait_until(lambda marker=marker: marker in get(base + url_path), 120)
            latencies.append(time.perf_counter() - saved)
            wait_until(lambda index=index: get(entry) not in ("", index), 600)  # the title is in the new one
            searches.append(time.perf_counter() - saved)
            time.sleep(0.3)
        time.sleep(1)
        while "rebuilding the rest" in (lines := server_lines(work / "server.log"))[-1]:
            time.sleep(0.5)  # the last full rebuild is still running
        rewritten = re.findall(r"pages? rewritten in (\d+) ms", "\n".join(lines[1:]))
        rebuilds = [float(ms) / 1000 for ms in rewritten]
        return {
            "offers": len(list(copy.glob("suppliers/*/offers/*.yaml"))),
            "first_build_s": first,
            "median_s": statistics.median(latencies),
            "worst_s": max(latencies),
            "runs": latencies,
            "search_median_s": statistics.median(searches),
            "search_worst_s": max(searches),
            "search_runs": searches,
            "full_rebuild_median_s": statistics.median(rebuilds) if rebuilds else None,
            "full_rebuilds_s": rebuilds,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="sample,1000,10000")
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--json", type=Path, default=ROOT / "bench/out/preview-latency.json")
    args = parser.parse_args()
    results = {}
    for size in args.sizes.split(","):
        content = ROOT / "content" if size == "sample" else ensure_catalogue(int(size), 42).path
        results[size] = measure(content, args.edits)
        r = results[size]
        median, worst = float(r["median_s"]) * 1000, float(r["worst_s"]) * 1000
        full = r["full_rebuild_median_s"]
        rest = f"; every other page rebuilt in {float(full):.2f} s (median)" if full is not None else ""
        search_median, search_worst = float(r["search_median_s"]), float(r["search_worst_s"])
        search = f"save → search updated median {search_median:.2f} s, worst {search_worst:.2f} s"
        print(
            f"{size:>7}: {r['offers']} offer files, first build {r['first_build_s']:.2f} s, "
            f"save → served median {median:.0f} ms, worst {worst:.0f} ms{rest}; {search}",
            flush=True,
        )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
