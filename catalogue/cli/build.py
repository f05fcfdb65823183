"""`build`: check, then build the site; one summary line, or why nothing changed."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..errors import BuildError, ContentError, tally
from ..pipeline import BuildOptions, BuildResult, Pipeline, default_workers
from .options import Commands, content_arguments
from .report import print_problems


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser("build", help="check the content, then build the site")
    content_arguments(parser)
    parser.add_argument("--base-url", help="absolute URL the site is published at (overrides site.yaml)")
    parser.add_argument("--drafts", action="store_true", help="include draft offers, marked as drafts")
    parser.add_argument("--out", default="_site", help="output folder (default: _site)")
    parser.add_argument("--no-search", dest="search", action="store_false", help="skip the search index")
    parser.add_argument("--quiet", action="store_true", help="print only problems and the summary")
    parser.add_argument("--timings", action="store_true", help="also print how long each stage took")
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        metavar="N",
        help="processes that render pages (default: the CPU count, at most 8)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = BuildOptions(
        content=Path(args.content),
        content_display=args.content,
        out=Path(args.out),
        base_url=args.base_url,
        drafts=args.drafts,
        today=args.today or dt.date.today(),
        search=args.search,
        quiet=args.quiet,
        workers=max(1, args.workers),
    )
    try:
        result = Pipeline(options).build()
    except ContentError as error:
        print_problems(error.problems, sys.stdout)
        print(f"build refused: {tally(error.problems)}; the site was not changed", file=sys.stderr)
        return 1
    except BuildError as error:
        print(f"build failed: {error}; the previous site was left as it was", file=sys.stderr)
        return 1
    print_problems(result.warnings, sys.stdout)
    print(summary(result, args), file=sys.stderr)
    if args.timings:
        print(
            "stages: " + ", ".join(f"{name} {s:.2f} s" for name, s in result.timings.items()), file=sys.stderr
        )
    return 0


def summary(result: BuildResult, args: argparse.Namespace) -> str:
    search = "search index updated" if result.searched else "search index unchanged"
    if not args.search:
        search = "no search index"
    return (
        f"built {result.pages} pages, {result.offers} current offers, {len(result.written)} of "
        f"{result.files} files written, {search}, in {result.seconds:.2f} s -> {args.out}"
    )
