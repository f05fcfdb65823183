"""Time the generator's stages on large generated catalogues.

    python bench/bench.py [--sizes 1000,10000] [--repeat 3] [--stages check,build]
                          [--seed 42] [--json bench/out/results.json]

Each catalogue is generated once into bench/out/catalogue-<N>/ and reused while the
generator and seed are unchanged. Each stage runs as its own subprocess, --repeat times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generate import generate, generator_version

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TODAY = "2026-11-23"


@dataclass(frozen=True)
class Stage:
    """A named command run against one catalogue: {python}, {content} and {out} are filled in."""

    name: str
    command: tuple[str, ...]

    @property
    def subcommand(self) -> str:
        return self.command[2]

    def argv(self, content: str, out: str) -> list[str]:
        return [part.format(python=sys.executable, content=content, out=out) for part in self.command]


BUILD = ("{python}", "build.py", "build", "--content", "{content}", "--out", "{out}", "--today", TODAY)

STAGES = [
    Stage("check", ("{python}", "build.py", "check", "--content", "{content}", "--today", TODAY)),
    Stage("build", (*BUILD, "--no-search")),
    Stage("build+search", BUILD),
]


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    exit_code: int
    output: str = field(repr=False)


@dataclass
class Result:
    offers: int
    stage: str
    status: str
    runs: list[Run] = field(default_factory=list)

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
    def ok(self) -> bool:
        return self.status == "ok"

    def as_json(self) -> dict[str, Any]:
        runs = [
            {
                "seconds": r.seconds,
                "cpu_seconds": r.cpu_seconds,
                "peak_mb": r.peak_mb,
                "exit_code": r.exit_code,
            }
            for r in self.runs
        ]
        return {
            "offers": self.offers,
            "stage": self.stage,
            "status": self.status,
            "median_s": self.median_s,
            "min_s": self.min_s,
            "median_cpu_s": self.median_cpu_s,
            "peak_mb": self.peak_mb,
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


# --- running stages ----------------------------------------------------------------------


class BenchError(Exception):
    """The benchmark cannot run at all, as opposed to one stage failing."""


def available_commands() -> list[str]:
    """The commands `build.py --help` lists (argparse prints each indented by four spaces)."""
    shown = subprocess.run(
        [sys.executable, "build.py", "--help"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if shown.returncode != 0:
        tail = "\n".join(shown.stderr.rstrip().splitlines()[-10:])
        raise BenchError(f"build.py --help failed (exit {shown.returncode}), so no stage can run:\n{tail}")
    listed = re.findall(r"^ {4}([a-z][a-z-]*)(?: |$)", shown.stdout, re.M)
    for choices in re.findall(r"\{([a-z,-]+)\}", shown.stdout):
        listed += choices.split(",")
    return listed


def run_measured(argv: list[str]) -> Run:
    """Run one command; its wall and CPU time, and the peak memory of it and the processes it waited for."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        # wait4 reports this child's own usage, so each run's peak is its own, not the largest so far.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    cpu_seconds = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu_seconds, usage.ru_maxrss / 1024, process.returncode, output)


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def run_stage(stage: Stage, catalogue: Catalogue, repeat: int) -> Result:
    """Run a stage `repeat` times, each build into a fresh empty folder; stop at the first failure.

    Each run's output sits in its own run-<i> folder, so whatever the build writes beside its
    output (a spare copy, a lock) goes with it. Only the last run's folder is kept: at 10,000
    offers one build is most of a gigabyte.
    """
    result = Result(catalogue.offers, stage.name, "ok")
    outputs = OUT / f"site-{catalogue.offers}-{re.sub(r'[^a-z0-9]+', '-', stage.name)}"
    shutil.rmtree(outputs, ignore_errors=True)
    for number in range(1, repeat + 1):
        site = outputs / f"run-{number}" / "site"
        run = run_measured(stage.argv(relative(catalogue.path), relative(site)))
        result.runs.append(run)
        if run.exit_code != 0:
            result.status = f"failed (exit {run.exit_code})"
            show_failure(stage, catalogue, run)
            break
    for number in range(1, len(result.runs)):
        shutil.rmtree(outputs / f"run-{number}", ignore_errors=True)
    return result


def show_failure(stage: Stage, catalogue: Catalogue, run: Run) -> None:
    tail = "\n".join(run.output.rstrip().splitlines()[-20:])
    print(f"{stage.name} on {catalogue.offers} offers failed; last lines:\n{tail}", file=sys.stderr)


# --- reporting ---------------------------------------------------------------------------


TABLE_HEADING = f"{'offers':>7}  {'stage':<14} {'median s':>9} {'min s':>8} {'cpu s':>8} {'peak MB':>8}"


def row(result: Result) -> str:
    head = f"{result.offers:>7}  {result.stage:<14}"
    if not result.ok:
        return f"{head} {result.status}"
    times = f"{result.median_s:>9.2f} {result.min_s:>8.2f} {result.median_cpu_s:>8.2f}"
    return f"{head} {times} {result.peak_mb:>8.0f}"


def table(results: list[Result]) -> str:
    return "\n".join([TABLE_HEADING, *(row(result) for result in results)])


def report(args: argparse.Namespace, catalogues: list[Catalogue], results: list[Result]) -> dict[str, Any]:
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
        "--stages", type=stage_names, default=[s.name for s in STAGES], help="stages to run (all)"
    )
    parser.add_argument("--seed", type=int, default=42, help="generator seed (42)")
    parser.add_argument("--json", type=Path, default=OUT / "results.json", help="where to write results")
    return parser


def run_sizes(args: argparse.Namespace) -> tuple[list[Catalogue], list[Result]]:
    commands = available_commands()
    stages = [stage for stage in STAGES if stage.name in args.stages]
    catalogues, results = [], []
    for offers in args.sizes:
        catalogue = ensure_catalogue(offers, args.seed)
        catalogues.append(catalogue)
        how = "reused, generated" if catalogue.reused else "generated"
        print(f"catalogue-{offers}: {how} in {catalogue.generate_s:.2f} s", file=sys.stderr)
        for stage in stages:
            if stage.subcommand not in commands:
                results.append(Result(offers, stage.name, "n/a: command not available"))
                continue
            results.append(run_stage(stage, catalogue, args.repeat))
            print(row(results[-1]), file=sys.stderr)
    return catalogues, results


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        catalogues, results = run_sizes(args)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    print(table(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report(args, catalogues, results), indent=2) + "\n")
    print(f"results written to {args.json}", file=sys.stderr)
    return 1 if any(result.status.startswith("failed") for result in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
