"""Command-line interface: argument parsing only; each command calls one stage."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from .report import print_problems, tally
from .validate import check_content


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _content_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    parser.add_argument("--today", type=_date, help="the date to judge expiry by (YYYY-MM-DD)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py", description="Check, build and preview the wellbeing menu."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check every content file and report all problems")
    _content_arguments(check)
    check.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="github also prints workflow commands and a job summary",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(run=run_check)
    return parser


def run_check(args: argparse.Namespace) -> int:
    result = check_content(Path(args.content), args.content, args.today)
    print_problems(result.problems, sys.stdout, args.format)
    failed = bool(result.errors) or (args.strict and bool(result.warnings))
    counts = (
        f"{len(result.tree.offers)} offers, {len(result.tree.suppliers)} suppliers, "
        f"{len(result.tree.organisations)} organisations"
    )
    verdict = "failed" if failed else "passed"
    print(f"check {verdict}: {tally(result.problems)} ({counts})", file=sys.stderr)
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.run(args)
    return code
