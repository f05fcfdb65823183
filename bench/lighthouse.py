"""Lighthouse (mobile) on one page of each kind: performance score, layout shift and the timings.

Builds the sample (or a generated catalogue) for a local address, serves it, and runs Lighthouse
12.2.3 (installed on first use into .tools/lighthouse/, git-ignored; it needs Node and npm) on
each page --repeat times with its default mobile profile (a mid-range phone, slow 4G and a CPU
slowed four times, all simulated). Prints the median of each figure and writes JSON.

    .venv/bin/python bench/lighthouse.py                      # the sample, 3 runs of each page
    .venv/bin/python bench/lighthouse.py --catalogue 1000 --pages search,area --repeat 5

On a shared machine the performance score wanders with the machine's load (the simulation
scales what the CPU did); layout shift (CLS) does not, and total blocking time far less.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import ensure_catalogue

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench/out"
VERSION = "12.2.3"
TOOLS = ROOT / ".tools/lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
TODAY = "2026-11-23"
# Page kinds, as addresses from the site root; {offer} and {area} are read from the built site.
PAGES = {
    "home": "",
    "listing": "offers/",
    "area": "areas/{area}/",
    "offer": "{offer}",
    "search": "search/?q=walk",
    "shortlist": "shortlist/",
}
FIGURES = {
    "cls": ("cumulative-layout-shift", 1),
    "tbt_ms": ("total-blocking-time", 1),
    "fcp_s": ("first-contentful-paint", 0.001),
    "lcp_s": ("largest-contentful-paint", 0.001),
    "si_s": ("speed-index", 0.001),
}


def lighthouse() -> Path:
    """The pinned Lighthouse's command, installed on first use."""
    command = TOOLS / "node_modules/.bin/lighthouse"
    stamp = TOOLS / ".version"
    if not command.exists() or not stamp.exists() or stamp.read_text().strip() != VERSION:
        TOOLS.mkdir(parents=True, exist_ok=True)
        install = ["npm", "install", "--prefix", str(TOOLS), "--save-exact", "--no-audit", "--no-fund"]
        subprocess.run([*install, "--silent", f"lighthouse@{VERSION}"], check=True)
        stamp.write_text(VERSION + "\n")
    return command


COMPRESSED = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv"})


class GitHubPagesLikeHandler(SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when the browser accepts it, as GitHub Pages does (a
    plain file server would make every script and stylesheet three to five times slower to load)."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def copyfile(self, source: Any, outputfile: Any) -> None:
        # Lighthouse closes the page while a picture it no longer needs may still be loading.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().copyfile(source, outputfile)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    folder.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GitHubPagesLikeHandler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build(content: Path, site: Path, url: str) -> None:
    if site.exists():
        shutil.rmtree(site)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(site)]
    command += ["--base-url", url, "--today", TODAY, "--quiet"]
    subprocess.run(command, check=True, cwd=site.parent)


def addresses(site: Path, kinds: list[str]) -> dict[str, str]:
    """Each kind's page in this site: the first offer of offers.json, the area listing the most offers."""
    first = json.loads((site / "offers.json").read_text(encoding="utf-8"))["offers"][0]
    offer = first["url"].split("/offers/", 1)[1]
    pages = sorted(site.glob("areas/*/index.html"))
    area = max(pages, key=lambda page: page.read_text(encoding="utf-8").count('class="card"')).parent.name
    named = {"offer": f"offers/{offer}", "area": area}
    return {kind: PAGES[kind].format(**named) for kind in kinds}


def measure(command: Path, url: str, report: Path) -> dict[str, float]:
    flags = "--headless=new --no-sandbox"
    run = [str(command), url, "--output=json", f"--output-path={report}", "--only-categories=performance"]
    subprocess.run(
        [*run, "--quiet", f"--chrome-flags={flags}"], check=True, env={**os.environ, "CHROME_PATH": CHROME}
    )
    audits = json.loads(report.read_text())
    figures = {"score": round(100 * audits["categories"]["performance"]["score"])}
    for name, (audit, scale) in FIGURES.items():
        figures[name] = round(audits["audits"][audit]["numericValue"] * scale, 3)
    return figures


def median_figures(runs: list[dict[str, float]]) -> dict[str, float]:
    medians = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    return {
        **medians,
        "worst_score": min(run["score"] for run in runs),
        "worst_cls": max(run["cls"] for run in runs),
    }


def line(kind: str, shown: dict[str, Any]) -> str:
    score = f"score {shown['score']:>3.0f} (worst {shown['worst_score']:>3})"
    shift = f"CLS {shown['cls']:.3f} (worst {shown['worst_cls']:.3f})"
    times = f"TBT {shown['tbt_ms']:>4.0f} ms  FCP {shown['fcp_s']:.1f} s  LCP {shown['lcp_s']:.1f} s"
    times += f"  SI {shown['si_s']:.1f} s"
    return f"{kind:10} {score}  {shift}  {times}  /{shown['path']}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalogue", default="sample", help="'sample', or a number of offers to generate")
    parser.add_argument("--pages", default=",".join(PAGES), help="page kinds, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=OUT / "lighthouse.json")
    options = parser.parse_args()
    kinds = [kind.strip() for kind in options.pages.split(",") if kind.strip()]
    content = (
        ROOT / "content"
        if options.catalogue == "sample"
        else ensure_catalogue(int(options.catalogue), 42).path
    )
    command = lighthouse()
    work = OUT / f"lighthouse-{options.catalogue}"
    server, url = serve(work / "www")
    try:
        build(content, work / "www/site", url + "site/")
        results = {}
        for kind, path in addresses(work / "www/site", kinds).items():
            runs = [
                measure(command, f"{url}site/{path}", work / f"{kind}-{i}.json")
                for i in range(options.repeat)
            ]
            results[kind] = {"path": path, "runs": runs, **median_figures(runs)}
            print(line(kind, results[kind]), flush=True)
    finally:
        server.shutdown()
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps({"catalogue": options.catalogue, "pages": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
