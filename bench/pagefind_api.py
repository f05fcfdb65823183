"""Does Pagefind's Python API index our offer pages faster, or in less memory, than its CLI?

    python bench/pagefind_api.py [--sizes 1000,10000] [--repeat 1] [--wrapper-pages 100]
                                 [--json bench/out/pagefind-api.json]

For each size it takes bench/out/catalogue-<N>/ (as bench.py does), builds it without search
into bench/out/pagefind-api-<N>/site/, then indexes the same pages (search.INDEXED) each way
below, every run in its own subprocess writing into a fresh folder:

    cli              python -m pagefind --site ... --glob ...: what the build runs
    api-directory    the Python API (PagefindIndex) reading the folder: add_directory
    api-html         the Python API given each page's HTML from memory: add_html_file; only
                     the first --wrapper-pages pages, as it takes about 0.1 s a page (below)
    service-html     the same requests as api-html, written to `pagefind --service` without
                     waiting for each answer, for every page
    service-records  pagefind --service given records (add_custom_record): each page's text,
                     meta, filters and sort, so Pagefind parses no HTML. They are taken from
                     the pages once, before any timing, into records.jsonl beside the site

The Python API talks to `pagefind --service` over a pipe, and (pagefind 1.5) reads at most one
answer every 100 ms, so a request per page cannot go faster than 10 pages a second whatever
Pagefind does. The service-* methods send the same messages without that wait, which shows
what the service itself can do. They are measured here only; the build uses the CLI.

Printed: the median wall time, CPU time (with Pagefind's), the peak memory of the run or of
Pagefind, the pages indexed (from pagefind-entry.json) and pages a second. JSON has every run.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import shutil
import statistics
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from bench import OUT, ROOT, TODAY, Run, ensure_catalogue, positive, run_measured, sizes

sys.path.insert(0, str(ROOT))
from catalogue.search.pagefind import INDEXED  # the pages the build indexes

GLOB = "{" + ",".join(INDEXED) + "}"
LANGUAGE = "en-gb"  # the site's lang attribute, which Pagefind reads from each page
METHODS = ("cli", "api-directory", "api-html", "service-html", "service-records")


# --- the methods, each run in a child process ------------------------------------------------


def indexed_pages(site: Path) -> list[Path]:
    return sorted(path for pattern in INDEXED for path in site.glob(pattern))


def page_url(site: Path, page: Path) -> str:
    folder = page.parent.relative_to(site).as_posix()
    return "/" if folder == "." else f"/{folder}/"


def run_cli(site: Path, out: Path, limit: int | None) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", GLOB]
    subprocess.run([*command, "--output-path", str(out)], check=True, stdout=subprocess.DEVNULL)


def run_api(site: Path, out: Path, limit: int | None, from_memory: bool) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    async def index() -> None:
        async with PagefindIndex(IndexConfig(output_path=str(out))) as pagefind:
            if not from_memory:
                await pagefind.add_directory(str(site), glob=GLOB)
                return
            for page in indexed_pages(site)[:limit]:
                html = page.read_text(encoding="utf-8")
                await pagefind.add_html_file(content=html, url=page_url(site, page))

    asyncio.run(index())


class Service:
    """`pagefind --service` (the process behind the Python API), without its 100 ms wait per answer.

    Each message is base64 of a JSON object, followed by a comma, both ways.
    """

    def __init__(self) -> None:
        from pagefind.service import get_executable

        self._process = subprocess.Popen(
            [str(get_executable()), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self._answers: dict[int, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self._sent = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        pending = b""
        while chunk := self._process.stdout.read1(1 << 20):
            *messages, pending = (pending + chunk).split(b",")
            for message in messages:
                answer = json.loads(base64.b64decode(message))
                with self._arrived:
                    self._answers[answer.get("message_id")] = answer["payload"]
                    self._arrived.notify_all()
        with self._arrived:
            self._answers[-1] = {"type": "Error", "message": "pagefind --service ended"}
            self._arrived.notify_all()

    def send(self, payload: dict[str, Any]) -> int:
        assert self._process.stdin is not None
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode()
        self._process.stdin.write(base64.b64encode(message) + b",")
        return self._sent

    def answer(self, message_id: int) -> dict[str, Any]:
        assert self._process.stdin is not None
        self._process.stdin.flush()
        with self._arrived:
            self._arrived.wait_for(lambda: message_id in self._answers or -1 in self._answers)
            answer = self._answers.pop(message_id, None) or self._answers[-1]
        if answer["type"] == "Error":
            raise RuntimeError(f"pagefind --service: {answer.get('message')}")
        return answer

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait()


class Record(HTMLParser):
    """What Pagefind would take from an offer page: the text of its data-pagefind-body element
    outside data-pagefind-ignore ones, and its data-pagefind-meta, -filter and -sort values."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    )

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.title = ""
        self.meta: dict[str, str] = {}
        self.filters: dict[str, list[str]] = {}
        self.sort: dict[str, str] = {}
        self._open: list[tuple[bool, bool, str | None]] = []  # (in body, ignored, what it names)
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        found = dict(attrs)
        in_body, ignored, _ = self._open[-1] if self._open else (False, False, None)
        names = None
        for kind in ("meta", "filter", "sort"):
            if found.get(f"data-pagefind-{kind}"):
                names = f"{kind}:{found[f'data-pagefind-{kind}']}"
        if tag == "h1" and in_body:
            names = "title"
        in_body = in_body or "data-pagefind-body" in found
        self._open.append((in_body, ignored or "data-pagefind-ignore" in found, names))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if not self._open:
            return
        in_body, ignored, names = self._open[-1]
        text = " ".join(data.split())
        if not (in_body and text):
            return
        if names == "title":
            self.title += text
        elif names:
            kind, name = names.split(":", 1)
            if kind == "meta":
                self.meta[name] = text
            elif kind == "filter":
                self.filters.setdefault(name, []).append(text)
            else:
                self.sort[name] = text
        if not ignored:
            self.words.append(text)


def page_record(site: Path, page: Path) -> dict[str, Any] | None:
    """The custom record for one page; None for a page without data-pagefind-body, as Pagefind skips it."""
    record = Record(page.read_text(encoding="utf-8"))
    if not record.words:
        return None
    return {
        "url": page_url(site, page),
        "content": " ".join(record.words),
        "language": LANGUAGE,
        "meta": {"title": record.title, **record.meta},
        "filters": record.filters,
        "sort": record.sort,
    }


def records_file(site: Path) -> Path:
    """Every indexed page's record, one JSON object a line, made once before any timing: a build
    would have these from its model rather than from its pages."""
    path = site.parent / "records.jsonl"
    if not path.exists() or path.stat().st_mtime < max(p.stat().st_mtime for p in indexed_pages(site)):
        lines = [json.dumps(r) for page in indexed_pages(site) if (r := page_record(site, page))]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_service(site: Path, out: Path, limit: int | None, records: bool) -> None:
    service = Service()
    try:
        index_id = service.answer(service.send({"type": "NewIndex", "config": None}))["index_id"]
        last = 0
        if records:
            with records_file(site).open(encoding="utf-8") as lines:
                for line in lines:
                    last = service.send({"type": "AddRecord", "index_id": index_id, **json.loads(line)})
        else:
            for page in indexed_pages(site)[:limit]:
                html = page.read_text(encoding="utf-8")
                request = {"type": "AddFile", "index_id": index_id, "url": page_url(site, page)}
                last = service.send({**request, "file_contents": html, "file_path": None})
        if last:
            service.answer(last)
        service.answer(service.send({"type": "WriteFiles", "index_id": index_id, "output_path": str(out)}))
    finally:
        service.close()


RUNNERS: dict[str, Callable[[Path, Path, int | None], None]] = {
    "cli": run_cli,
    "api-directory": lambda site, out, limit: run_api(site, out, limit, from_memory=False),
    "api-html": lambda site, out, limit: run_api(site, out, limit, from_memory=True),
    "service-html": lambda site, out, limit: run_service(site, out, limit, records=False),
    "service-records": lambda site, out, limit: run_service(site, out, limit, records=True),
}


# --- measuring -------------------------------------------------------------------------------


RUN_FIGURES = ("seconds", "cpu_seconds", "peak_mb", "exit_code")


@dataclass
class Result:
    offers: int
    method: str
    limit: int | None
    runs: list[Run] = field(default_factory=list)
    pages: int | None = None  # in the last run's index

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(run.exit_code == 0 for run in self.runs)

    def median(self, attribute: str) -> float | None:
        return statistics.median(getattr(run, attribute) for run in self.runs) if self.ok else None

    @property
    def pages_per_s(self) -> float | None:
        seconds = self.median("seconds")
        return self.pages / seconds if seconds and self.pages and self.ok else None

    def as_json(self) -> dict[str, Any]:
        return {
            "offers": self.offers,
            "method": self.method,
            "page_limit": self.limit,
            "status": "ok" if self.ok else "failed",
            "median_s": self.median("seconds"),
            "median_cpu_s": self.median("cpu_seconds"),
            "peak_mb": max(run.peak_mb for run in self.runs) if self.ok else None,
            "pages": self.pages,
            "pages_per_s": self.pages_per_s,
            "runs": [{k: getattr(r, k) for k in RUN_FIGURES} for r in self.runs],
        }


def pages_in_index(out: Path) -> int | None:
    try:
        entry = json.loads((out / "pagefind-entry.json").read_text())
    except (OSError, ValueError):
        return None
    return sum(language["page_count"] for language in entry["languages"].values())


def measure(method: str, site: Path, out: Path, limit: int | None) -> Run:
    """One method in a child process: wall and CPU time, and the peak memory of it or of Pagefind."""
    shutil.rmtree(out, ignore_errors=True)
    argv = [sys.executable, __file__, "--run", method, "--site", str(site), "--out", str(out)]
    return run_measured([*argv, *(["--limit", str(limit)] if limit else [])], ROOT)


def built_site(offers: int, seed: int) -> Path:
    catalogue = ensure_catalogue(offers, seed)
    work = OUT / f"pagefind-api-{offers}"
    work.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(catalogue.path.resolve())]
    command += ["--out", str(work / "site"), "--today", TODAY, "--no-search", "--quiet"]
    subprocess.run(command, cwd=work, check=True)
    return work / "site"


def table(results: list[Result]) -> str:
    lines = [
        "| offers | method | pages | median s | cpu s | peak MB | pages/s |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        if not result.ok:
            code = next(run.exit_code for run in result.runs if run.exit_code)
            lines.append(f"| {result.offers:,} | {result.method} | | failed (exit {code}) | | | |")
            continue
        figures = (result.median("seconds"), result.median("cpu_seconds"))
        peak = max(run.peak_mb for run in result.runs)
        lines.append(
            f"| {result.offers:,} | {result.method} | {result.pages or 0:,} | "
            f"{figures[0]:.2f} | {figures[1]:.2f} | {peak:,.0f} | {result.pages_per_s or 0:,.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=sizes, default=[1000, 10000])
    parser.add_argument("--repeat", type=positive, default=1)
    parser.add_argument("--wrapper-pages", type=positive, default=100, help="pages api-html indexes")
    parser.add_argument(
        "--methods", default=",".join(METHODS), help="comma-separated, from: " + ", ".join(METHODS)
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", type=Path, default=OUT / "pagefind-api.json")
    parser.add_argument("--run", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.run:  # a child process: one method, measured by its parent
        RUNNERS[options.run](options.site, options.out, options.limit)
        return 0

    methods = [name for name in options.methods.split(",") if name]
    if unknown := set(methods) - set(METHODS):
        parser.error(f"unknown method {sorted(unknown)[0]!r}; choose from {', '.join(METHODS)}")
    results = []
    for offers in options.sizes:
        print(f"building {offers:,} offers without search…", file=sys.stderr, flush=True)
        site = built_site(offers, options.seed)
        if "service-records" in methods:
            records_file(site)
        for method in methods:
            limit = options.wrapper_pages if method == "api-html" else None
            result = Result(offers, method, limit)
            for attempt in range(options.repeat):
                print(f"  {method} run {attempt + 1}…", file=sys.stderr, flush=True)
                out = OUT / f"pagefind-api-{offers}" / method
                run = measure(method, site, out, limit)
                result.runs.append(run)
                result.pages = pages_in_index(out)
                if run.exit_code:
                    print(run.output[-2000:], file=sys.stderr)
                    break
            results.append(result)
    print(table(results))
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps([result.as_json() for result in results], indent=2) + "\n")
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
