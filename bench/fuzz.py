"""Run the fuzzed properties of tests/hostile/properties.py with many more examples than CI.

    python bench/fuzz.py [--examples 5000] [--only sanitise,markdown] [--seed N]

For each property it prints how many cases ran (every call of the check, shrinking included),
how long they took, and either "ok" or the smallest failing case hypothesis found. Exits 1 if
any property failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

from tests.hostile.properties import PROPERTIES, Property  # noqa: E402


@dataclass
class Outcome:
    name: str
    cases: int
    seconds: float
    failure: str = ""


def run_property(name: str, prop: Property, examples: int, random_seed: int | None) -> Outcome:
    cases = 0

    def counted(value: Any) -> None:
        nonlocal cases
        cases += 1
        prop.check(value)

    test = given(prop.strategy)(counted)
    test = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )(test)
    if random_seed is not None:
        test = seed(random_seed)(test)
    started = time.perf_counter()
    failure = ""
    try:
        test()
    except Exception:
        failure = traceback.format_exc(limit=3)
    return Outcome(name, cases, time.perf_counter() - started, failure)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="examples per property (default 5000)")
    parser.add_argument("--only", default="", help="comma-separated words; run properties whose name has one")
    parser.add_argument("--seed", type=int, help="hypothesis seed, to repeat a run")
    args = parser.parse_args(argv)
    words = [w.strip() for w in args.only.split(",") if w.strip()]
    chosen = {n: p for n, p in PROPERTIES.items() if not words or any(w in n for w in words)}
    outcomes = []
    for name, prop in chosen.items():
        outcome = run_property(name, prop, args.examples, args.seed)
        status = "ok" if not outcome.failure else "FAILED"
        rate = outcome.cases / outcome.seconds if outcome.seconds else 0.0
        print(
            f"{name:38} {outcome.cases:>8,} cases {outcome.seconds:>8.1f} s {rate:>8,.0f}/s  {status}",
            flush=True,
        )
        if outcome.failure:
            print(outcome.failure, file=sys.stderr)
        outcomes.append(outcome)
    total_cases = sum(o.cases for o in outcomes)
    total_seconds = sum(o.seconds for o in outcomes)
    failed = [o.name for o in outcomes if o.failure]
    print(f"{'total':38} {total_cases:>8,} cases {total_seconds:>8.1f} s  {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
