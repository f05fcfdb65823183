"""Time the generator's stages on large generated catalogues.

    python bench/bench.py [--sizes 1000,10000] [--repeat 3] [--stages check,build]
                          [--seed 42] [--json bench/out/results.json]

Each catalogue is generated once into bench/out/catalogue-<N>/ and reused while the
generator and seed are unchanged. Each stage runs as its own subprocess, --repeat times.
Cold stages run build.py in a fresh, empty working folder, so it starts without a .cache
memo or spare copy; the warm stages (rebuild, one-change) then run again in the folder of
the cold build+search. After that build the size of the site, and the bytes a first search
downloads, are measured too.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generate import generate, generator_version

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TODAY = "2026-11-23"
BUILD_PY = ROOT / "build.py"
COLD_SEARCH = "build+search"
PAGE_POLL_S = 0.01  # how often one-change looks at the changed offer's page


@dataclass(frozen=True)
class Stage:
    """A named command run against one catalogue.

    {python}, {build} (build.py's absolute path), {content} and {out} are filled in, with
    absolute paths. A cold stage runs in a fresh, empty working folder; a warm one runs
    again in the folder of the cold build+search, so its .cache memo and spare copy are there.
    """

    name: str
    command: tuple[str, ...]
    warm: bool = False
    changes_offer: bool = False  # each run first changes one offer's summary

    @property
    def subcommand(self) -> str:
        return self.command[2]

    def argv(self, content: Path, out: Path) -> list[str]:
        values = {"python": sys.executable, "build": str(BUILD_PY), "content": str(content), "out": str(out)}
        return [part.format(**values) for part in self.command]


BUILD = ("{python}", "{build}", "build", "--content", "{content}", "--out", "{out}", "--today", TODAY)

STAGES = [
    Stage("check", ("{python}", "{build}", "check", "--content", "{content}", "--today", TODAY)),
    Stage("build", (*BUILD, "--no-search")),
    Stage(COLD_SEARCH, BUILD),
    Stage("rebuild", BUILD, warm=True),
    Stage("one-change", BUILD, warm=True, changes_offer=True),
]


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    exit_code: int
    output: str = field(repr=False)
    page_seconds: float | None = None  # one-change: when the changed page first showed the new text

    @property
    def summary(self) -> str:
        """The build's closing line ("built N pages, … K of M files written, …"), if it printed one."""
        lines = [line for line in self.output.splitlines() if line.startswith(("built ", "check "))]
        return lines[-1] if lines else ""


@dataclass
class Result:
    offers: int
    stage: str
    status: str
    runs: list[Run] = field(default_factory=list)
    folder: Path | None = None  # the working folder of the last run, kept
    implicit: bool = False  # a cold build+search run only because a warm stage needs it
    changed: dict[str, Any] | None = None  # one-change: which offer file and page

    @property
    def median_s(self) -> float | None:
        return statistics.median(run.seconds for run in self.runs) if self.ok else None

    @property
    def min_s(self) -> float | None:
        return min(run.seconds for run in self.runs) if self.ok else None

    @property
    def median_cpu_s(self) -> float | None:
        return statistics.median(run.cpu_seconds for run in self.runs) if self.ok else None

    @property
    def peak_mb(self) -> float | None:
        return max(run.peak_mb for run in self.runs) if self.ok else None

    @property
    def median_page_s(self) -> float | None:
        pages = [run.page_seconds for run in self.runs if run.page_seconds is not None]
        return statistics.median(pages) if self.ok and pages and len(pages) == len(self.runs) else None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def as_json(self) -> dict[str, Any]:
        runs = [
            {
                "seconds": r.seconds,
                "cpu_seconds": r.cpu_seconds,
                "peak_mb": r.peak_mb,
                "exit_code": r.exit_code,
                "page_seconds": r.page_seconds,
                "summary": r.summary,
            }
            for r in self.runs
        ]
        return {
            "offers": self.offers,
            "stage": self.stage,
            "status": self.status,
            "implicit": self.implicit,
            "folder": relative(self.folder) if self.folder else None,
            "median_s": self.median_s,
            "min_s": self.min_s,
            "median_cpu_s": self.median_cpu_s,
            "peak_mb": self.peak_mb,
            "median_page_s": self.median_page_s,
            "changed": self.changed,
            "runs": runs,
        }


@dataclass
class Catalogue:
    offers: int
    path: Path
    generate_s: float
    reused: bool


# --- catalogues --------------------------------------------------------------------------


def stamp_file(offers: int) -> Path:
    return OUT / f"catalogue-{offers}.stamp.json"


def ensure_catalogue(offers: int, seed: int) -> Catalogue:
    """The generated catalogue of this size: reused when its stamp matches, else generated afresh."""
    restore_interrupted_change(offers)
    folder = OUT / f"catalogue-{offers}"
    wanted = {"generator": generator_version(), "seed": seed, "offers": offers}
    stamp = read_stamp(stamp_file(offers))
    if folder.is_dir() and {key: stamp.get(key) for key in wanted} == wanted:
        return Catalogue(offers, folder, stamp["generate_s"], reused=True)
    stamp_file(offers).unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    generate(folder, offers, seed)
    seconds = time.perf_counter() - start
    # Stamped only once complete, so an interrupted generation is never reused.
    stamp_file(offers).write_text(json.dumps({**wanted, "generate_s": seconds}, indent=2) + "\n")
    return Catalogue(offers, folder, seconds, reused=False)


def read_stamp(path: Path) -> dict[str, Any]:
    try:
        stamp = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


# --- changing one offer ------------------------------------------------------------------


SUMMARY = re.compile(rb"^summary:[^\n]*\n(?:[ \t]+[^\n]*\n)*", re.M)


def with_summary(original: bytes, text: str) -> bytes | None:
    """The offer file with its summary (one line, or a value continued on indented lines) replaced."""
    if not SUMMARY.search(original):
        return None
    # A JSON string is a valid double-quoted YAML scalar.
    return SUMMARY.sub(lambda _: b"summary: " + json.dumps(text).encode() + b"\n", original, count=1)


def offer_to_change(content: Path, site: Path) -> tuple[Path, Path] | None:
    """The first offer file (in path order) with a summary line whose page the site publishes."""
    for path in sorted(content.glob("suppliers/*/offers/*.yaml")):
        page = site / "offers" / path.parent.parent.name / path.stem / "index.html"
        if page.is_file() and with_summary(path.read_bytes(), "") is not None:
            return path, page
    return None


def pending_restore(offers: int) -> Path:
    return OUT / f"catalogue-{offers}.restore.json"


def put_back(path: Path, data: bytes, atime_ns: int, mtime_ns: int) -> None:
    path.write_bytes(data)
    os.utime(path, ns=(atime_ns, mtime_ns))


@contextmanager
def offer_changed(offers: int, path: Path, changed: bytes) -> Iterator[None]:
    """The offer file holds `changed` inside the block; afterwards its bytes and times are as before.

    The original is also saved beside the catalogue first, so that a benchmark killed inside
    the block leaves nothing wrong: the next run restores it before reusing the catalogue.
    """
    original, status = path.read_bytes(), path.stat()
    saved = {
        "path": str(path),
        "bytes": base64.b64encode(original).decode(),
        "atime_ns": status.st_atime_ns,
        "mtime_ns": status.st_mtime_ns,
    }
    pending_restore(offers).write_text(json.dumps(saved) + "\n")
    try:
        path.write_bytes(changed)  # a fresh modification time, as an editor would leave
        yield
    finally:
        put_back(path, original, status.st_atime_ns, status.st_mtime_ns)
        pending_restore(offers).unlink(missing_ok=True)


def restore_interrupted_change(offers: int) -> None:
    """Put back an offer file a killed one-change stage left changed."""
    saved = read_stamp(pending_restore(offers))
    if saved:
        path = Path(saved["path"])
        put_back(path, base64.b64decode(saved["bytes"]), saved["atime_ns"], saved["mtime_ns"])
        print(f"restored {relative(path)}, left changed by an interrupted run", file=sys.stderr)
    pending_restore(offers).unlink(missing_ok=True)


class PageWatch:
    """Polls a page from a thread while a build runs: when did the published file first hold a text?"""

    def __init__(self, page: Path, text: str, interval: float = PAGE_POLL_S) -> None:
        self.page = page
        self.text = text.encode()
        self.interval = interval
        self.seen: float | None = None  # seconds from the command's start
        self.after_exit = False  # first seen only in the check made after the command ended
        self._start = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def start(self, start: float) -> None:
        self._start = start
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        if self.seen is None and self._shows():
            self.seen, self.after_exit = time.perf_counter() - self._start, True

    def _shows(self) -> bool:
        try:
            return self.text in self.page.read_bytes()
        except OSError:
            return False

    def _poll(self) -> None:
        while not self._stop.is_set():
            if self._shows():
                self.seen = time.perf_counter() - self._start
                return
            self._stop.wait(self.interval)


# --- the built site ----------------------------------------------------------------------


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files under a folder, as stored."""
    size = files = 0
    for top, _, names in os.walk(folder):
        for name in names:
            size += os.lstat(os.path.join(top, name)).st_size
            files += 1
    return size, files


def search_language(languages: dict[str, Any]) -> str:
    """English: "en" itself, else an "en-…" variant, else the language with the most pages."""
    if "en" in languages:
        return "en"
    english = sorted(key for key in languages if key.startswith("en-"))
    if english:
        return english[0]
    return max(languages, key=lambda key: languages[key].get("page_count", 0))


def first_search(bundle: Path) -> dict[str, Any]:
    """The bytes a browser downloads for a first search on the search page, from the Pagefind files.

    The UI's script and stylesheet; pagefind.js, the web worker it starts and the entry file;
    the language's WebAssembly and metadata; every filter file (the filter pane loads them
    all); the largest index chunk (a pessimistic figure for one common word); and five result
    fragments at their average size. Bytes as stored (the pf_ files are already gzip-compressed).
    An index in parts (pagefind/part-N/) adds each part's entry file, metadata, filter files and
    largest index chunk: the search page merges every part, and a word needs a chunk of each.
    """
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        language = search_language(entry["languages"])
        wasm = f"wasm.{entry['languages'][language]['wasm']}.pagefind"
        bundles = [bundle, *sorted(bundle.glob("part-*"), key=lambda part: int(part.name.split("-")[1]))]

        def chunks(where: Path, kind: str) -> list[int]:
            files = sorted((where / kind).glob(f"{language}_*.pf_{kind}")) or sorted(
                (where / kind).glob(f"*.pf_{kind}")
            )
            return [path.stat().st_size for path in files]

        metas, pages, entries, filters, index, fragments = [], 0, 0, [], [], []
        for where in bundles:
            found = json.loads((where / "pagefind-entry.json").read_text())["languages"][language]
            metas.append((where / f"pagefind.{found['hash']}.pf_meta").stat().st_size)
            pages += int(found.get("page_count") or 0)
            entries += (where / "pagefind-entry.json").stat().st_size
            filters += chunks(where, "filter")
            index.append(chunks(where, "index"))
            fragments += chunks(where, "fragment")
        if not all(index) or not fragments:
            raise ValueError("no index chunk or no fragment")
        shown = min(5, len(fragments))

        def size(name: str) -> int:
            return (bundle / name).stat().st_size

        parts = {
            "ui_js": size("pagefind-component-ui.js"),
            "ui_css": size("pagefind-component-ui.css"),
            "pagefind_js": size("pagefind.js"),
            "worker_js": size("pagefind-worker.js") if (bundle / "pagefind-worker.js").is_file() else 0,
            "entry_json": entries,
            "wasm": size(wasm),
            "meta": sum(metas),
            "filters": sum(filters),
            "index_chunk": sum(max(sizes) for sizes in index),
            "fragments": round(sum(fragments) / len(fragments) * shown),
        }
    except (OSError, KeyError, TypeError, ValueError) as error:
        return {"error": f"{type(error).__name__}: {error}"}
    return {
        "language": language,
        "page_count": pages,
        "index_parts": len(bundles),
        "total_bytes": sum(parts.values()),
        "parts": parts,
        "files": {"wasm": wasm, "meta": f"pagefind.{entry['languages'][language]['hash']}.pf_meta"},
        "counts": {
            "filter_files": len(filters),
            "index_chunks": sum(len(sizes) for sizes in index),
            "fragments_available": len(fragments),
            "fragments_counted": shown,
        },
    }


def measure_site(offers: int, site: Path) -> dict[str, Any]:
    """Size of the site folder and its pagefind/ folder, and what a first search downloads."""
    size, files = folder_size(site)
    search_size, search_files = folder_size(site / "pagefind")
    return {
        "offers": offers,
        "site": relative(site),
        "bytes": size,
        "files": files,
        "pagefind_bytes": search_size,
        "pagefind_files": search_files,
        "first_search": first_search(site / "pagefind"),
    }


# --- running stages ----------------------------------------------------------------------


class BenchError(Exception):
    """The benchmark cannot run at all, as opposed to one stage failing."""


def available_commands() -> list[str]:
    """The commands `build.py --help` lists (argparse prints each indented by four spaces)."""
    shown = subprocess.run(
        [sys.executable, str(BUILD_PY), "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if shown.returncode != 0:
        tail = "\n".join(shown.stderr.rstrip().splitlines()[-10:])
        raise BenchError(f"build.py --help failed (exit {shown.returncode}), so no stage can run:\n{tail}")
    listed = re.findall(r"^ {4}([a-z][a-z-]*)(?: |$)", shown.stdout, re.M)
    for choices in re.findall(r"\{([a-z,-]+)\}", shown.stdout):
        listed += choices.split(",")
    return listed


def run_measured(argv: list[str], cwd: Path, watch: PageWatch | None = None) -> Run:
    """Run one command in `cwd`: its wall and CPU time, and the peak memory of it and its children.

    A PageWatch, if given, polls from a thread while the command runs, timed from the same start.
    """
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        if watch is not None:
            watch.start(start)
        # wait4 reports this child's own usage, so each run's peak is its own, not the largest so far.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if watch is not None:
            watch.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    cpu_seconds = usage.ru_utime + usage.ru_stime
    page_seconds = watch.seen if watch is not None else None
    return Run(seconds, cpu_seconds, usage.ru_maxrss / 1024, process.returncode, output, page_seconds)


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def run_cold(stage: Stage, catalogue: Catalogue, repeat: int, implicit: bool = False) -> Result:
    """Run a stage `repeat` times, each in a fresh empty working folder; stop at the first failure.

    Each run's folder (bench/out/site-<N>-<stage>/run-<i>/) is build.py's working directory, so
    its .cache memo, its output (site/) and the spare copy beside it all start absent. Only the
    last run's folder is kept: at 10,000 offers one build is most of a gigabyte.
    """
    result = Result(catalogue.offers, stage.name, "ok", implicit=implicit)
    outputs = OUT / f"site-{catalogue.offers}-{re.sub(r'[^a-z0-9]+', '-', stage.name)}"
    shutil.rmtree(outputs, ignore_errors=True)
    for number in range(1, repeat + 1):
        folder = outputs / f"run-{number}"
        folder.mkdir(parents=True)
        result.folder = folder
        run = run_measured(stage.argv(catalogue.path.resolve(), folder / "site"), folder)
        result.runs.append(run)
        if run.exit_code != 0:
            result.status = f"failed (exit {run.exit_code})"
            show_failure(stage, catalogue, run)
            break
    for number in range(1, len(result.runs)):
        shutil.rmtree(outputs / f"run-{number}", ignore_errors=True)
    return result


def run_warm(stage: Stage, catalogue: Catalogue, repeat: int, folder: Path) -> Result:
    """Run a build `repeat` times again in the cold build+search's folder, with its memo and spare copy.

    one-change first gives one offer a new summary naming the run, and puts the file's bytes
    and times back after the build, whatever happens.
    """
    result = Result(catalogue.offers, stage.name, "ok", folder=folder)
    site, content = folder / "site", catalogue.path.resolve()
    target = offer_to_change(content, site) if stage.changes_offer else None
    if stage.changes_offer:
        if target is None:
            result.status = "failed: no published offer with a summary: line to change"
            return result
        original = target[0].read_bytes()
        result.changed = {
            "file": relative(target[0]),
            "page": relative(target[1]),
            "sha256": hashlib.sha256(original).hexdigest(),
        }
    token = secrets.token_hex(4)  # new text in every benchmark, not only in every run
    for number in range(1, repeat + 1):
        if target is None:
            run = run_measured(stage.argv(content, site), folder)
        else:
            text = f"Changed for benchmark run {number} ({token})."
            watch = PageWatch(target[1], text)
            with offer_changed(catalogue.offers, target[0], with_summary(original, text) or original):
                run = run_measured(stage.argv(content, site), folder, watch)
            if result.changed is not None and watch.after_exit:
                result.changed["seen_after_exit"] = True
        result.runs.append(run)
        if run.exit_code != 0:
            result.status = f"failed (exit {run.exit_code})"
            show_failure(stage, catalogue, run)
            break
        if target is not None and run.page_seconds is None:
            result.status = "failed: the page never showed the new summary"
            break
    return result


def show_failure(stage: Stage, catalogue: Catalogue, run: Run) -> None:
    tail = "\n".join(run.output.rstrip().splitlines()[-20:])
    print(f"{stage.name} on {catalogue.offers} offers failed; last lines:\n{tail}", file=sys.stderr)


# --- reporting ---------------------------------------------------------------------------


TABLE_HEADING = (
    f"{'offers':>7}  {'stage':<14} {'median s':>9} {'min s':>8} {'cpu s':>8} {'peak MB':>8} {'page s':>8}"
)


def row(result: Result) -> str:
    head = f"{result.offers:>7}  {result.stage:<14}"
    if not result.ok:
        return f"{head} {result.status}"
    times = f"{result.median_s:>9.2f} {result.min_s:>8.2f} {result.median_cpu_s:>8.2f}"
    page = f" {result.median_page_s:>8.2f}" if result.median_page_s is not None else " " * 9
    note = f"  ({len(result.runs)} run, needed by the warm stages)" if result.implicit else ""
    return f"{head} {times} {result.peak_mb:>8.0f}{page}{note}".rstrip()


def site_line(site: dict[str, Any]) -> str:
    search = site["first_search"]
    parts = search.get("index_parts", 1)
    first = (
        f"first search {search['total_bytes'] / 1e3:.0f} KB ({search['language']}"
        f"{f', index in {parts} parts' if parts > 1 else ''})"
        if "total_bytes" in search
        else f"first search n/a ({search['error']})"
    )
    return (
        f"{site['offers']:>7}  site {site['bytes'] / 1e6:.1f} MB in {site['files']} files; "
        f"pagefind/ {site['pagefind_bytes'] / 1e6:.1f} MB in {site['pagefind_files']} files; {first}"
    )


def table(results: list[Result], sites: list[dict[str, Any]]) -> str:
    lines = [TABLE_HEADING]
    for offers in dict.fromkeys(result.offers for result in results):
        lines += [row(result) for result in results if result.offers == offers]
        lines += [site_line(site) for site in sites if site["offers"] == offers]
    return "\n".join(lines)


def report(
    args: argparse.Namespace, catalogues: list[Catalogue], results: list[Result], sites: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "generator": generator_version(),
        "seed": args.seed,
        "repeat": args.repeat,
        "today": TODAY,
        "catalogues": [{**asdict(c), "path": relative(c.path)} for c in catalogues],
        "results": [result.as_json() for result in results],
        "sites": sites,
    }


# --- command line ------------------------------------------------------------------------


def sizes(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of numbers") from None
    if any(value < 1 for value in values):
        raise argparse.ArgumentTypeError("every size must be at least 1")
    return values


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def stage_names(text: str) -> list[str]:
    known = [stage.name for stage in STAGES]
    names = text.split(",")
    unknown = [name for name in names if name not in known]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown stage {unknown[0]!r}; the stages are {', '.join(known)}")
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Time build.py's stages on generated catalogues.")
    parser.add_argument(
        "--sizes", type=sizes, default=[1000, 10000], help="offers per catalogue (1000,10000)"
    )
    parser.add_argument(
        "--repeat", type=positive, default=3, help="runs per stage; the median is reported (3)"
    )
    parser.add_argument(
        "--stages",
        type=stage_names,
        default=[s.name for s in STAGES],
        help="stages to run (all); rebuild and one-change run a cold build+search first if it is not chosen",
    )
    parser.add_argument("--seed", type=int, default=42, help="generator seed (42)")
    parser.add_argument("--json", type=Path, default=OUT / "results.json", help="where to write results")
    return parser


def run_sizes(args: argparse.Namespace) -> tuple[list[Catalogue], list[Result], list[dict[str, Any]]]:
    commands = available_commands()
    stages = [stage for stage in STAGES if stage.name in args.stages]
    cold_search_stage = next(stage for stage in STAGES if stage.name == COLD_SEARCH)
    catalogues: list[Catalogue] = []
    results: list[Result] = []
    sites: list[dict[str, Any]] = []
    for offers in args.sizes:
        catalogue = ensure_catalogue(offers, args.seed)
        catalogues.append(catalogue)
        how = "reused, generated" if catalogue.reused else "generated"
        print(f"catalogue-{offers}: {how} in {catalogue.generate_s:.2f} s", file=sys.stderr)
        cold_search: Result | None = None
        for stage in stages:
            if stage.subcommand not in commands:
                results.append(Result(offers, stage.name, "n/a: command not available"))
                continue
            if stage.warm and cold_search is None:
                print(f"{stage.name} needs a cold {COLD_SEARCH} first: running it once", file=sys.stderr)
                cold_search = run_cold(cold_search_stage, catalogue, 1, implicit=True)
                results.append(cold_search)
                print(row(cold_search), file=sys.stderr)
                if cold_search.ok and cold_search.folder:
                    sites.append(measure_site(offers, cold_search.folder / "site"))
            if stage.warm:
                assert cold_search is not None
                if not cold_search.ok or cold_search.folder is None:
                    results.append(Result(offers, stage.name, f"not run: the cold {COLD_SEARCH} failed"))
                    continue
                results.append(run_warm(stage, catalogue, args.repeat, cold_search.folder))
            else:
                results.append(run_cold(stage, catalogue, args.repeat))
                if stage.name == COLD_SEARCH:
                    cold_search = results[-1]
                    if cold_search.ok and cold_search.folder:
                        # Measured now, before the warm stages build into the same folder again.
                        sites.append(measure_site(offers, cold_search.folder / "site"))
            print(row(results[-1]), file=sys.stderr)
    return catalogues, results, sites


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        catalogues, results, sites = run_sizes(args)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    print(table(results, sites))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report(args, catalogues, results, sites), indent=2) + "\n")
    print(f"results written to {args.json}", file=sys.stderr)
    failed = ("failed", "not run")
    return 1 if any(result.status.startswith(failed) for result in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
