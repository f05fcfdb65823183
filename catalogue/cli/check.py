"""`check`: every content file, every problem, as file:line:col messages."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..checks.translations import translated_counts
from ..errors import tally
from ..incremental.memo import load_memo, save_memo
from ..pipeline import CACHE, check
from .options import Commands, content_arguments
from .report import print_problems


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser("check", help="check every content file and report all problems")
    content_arguments(parser)
    parser.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github also prints workflow commands and a job summary",
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # The same memo as `build`: files checked here are not parsed or checked again by the build.
    memo = load_memo(CACHE)
    result = check(Path(args.content), args.content, args.today or dt.date.today(), memo)
    save_memo(memo, CACHE)
    print_problems(result.problems, sys.stdout, args.format)
    failed = bool(result.errors) or (args.strict and bool(result.warnings))
    counts = (
        f"{len(result.tree.offers)} offers, {len(result.tree.suppliers)} suppliers, "
        f"{len(result.tree.organisations)} organisations"
    )
    if result.tree.orders:
        counts += f", {len(result.tree.orders)} orders"
    verdict = "failed" if failed else "passed"
    print(f"check {verdict}: {tally(result.problems)} ({counts})", file=sys.stderr)
    for line in translated_counts(result.tree):  # one line per other language
        print(line, file=sys.stderr)
    return 1 if failed else 0
