"""Command-line interface: argument parsing only; each command calls one stage."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from . import changes, ownership, scaffold
from .cache import load_memo, save_memo
from .problems import ContentError
from .report import print_problems, tally
from .site import CACHE, BuildError, BuildOptions, build_site
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

    build = commands.add_parser("build", help="check the content, then build the site")
    _content_arguments(build)
    _site_arguments(build)
    build.add_argument("--out", default="_site", help="output folder (default: _site)")
    build.add_argument("--no-search", dest="search", action="store_false", help="skip the search index")
    build.add_argument("--quiet", action="store_true", help="print only problems and the summary")
    build.set_defaults(run=run_build)

    preview = commands.add_parser("serve", help="build, serve and rebuild on every change (live preview)")
    _content_arguments(preview)
    preview.add_argument("--drafts", action="store_true", help="include draft offers, marked as drafts")
    preview.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    preview.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    preview.add_argument("--open", action="store_true", help="open the preview in a browser")
    preview.set_defaults(run=run_serve)

    ownership.add_parser(commands)
    changes.add_parser(commands)
    scaffold.add_parser(commands)
    return parser


def run_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    options = BuildOptions(
        content=Path(args.content),
        content_display=args.content,
        out=Path(".cache/preview/site"),
        drafts=args.drafts,
        today=args.today or dt.date.today(),
        search=True,
    )
    return serve(options, args.host, args.port, args.open)


def _site_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", help="absolute URL the site is published at (overrides site.yaml)")
    parser.add_argument("--drafts", action="store_true", help="include draft offers, marked as drafts")


def run_build(args: argparse.Namespace) -> int:
    options = BuildOptions(
        content=Path(args.content),
        content_display=args.content,
        out=Path(args.out),
        base_url=args.base_url,
        drafts=args.drafts,
        today=args.today or dt.date.today(),
        search=args.search,
        quiet=args.quiet,
    )
    try:
        result = build_site(options)
    except ContentError as error:
        print_problems(error.problems, sys.stdout)
        print(f"build refused: {tally(error.problems)}; the site was not changed", file=sys.stderr)
        return 1
    except BuildError as error:
        print(f"build failed: {error}; the previous site was left as it was", file=sys.stderr)
        return 1
    print_problems(result.warnings, sys.stdout)
    search = "search index updated" if result.searched else "search index unchanged"
    if not args.search:
        search = "no search index"
    print(
        f"built {result.pages} pages, {result.offers} current offers, {len(result.written)} of "
        f"{result.files} files written, {search}, in {result.seconds:.2f} s -> {args.out}",
        file=sys.stderr,
    )
    return 0


def run_check(args: argparse.Namespace) -> int:
    # The same memo as `build`: files checked here are not parsed or checked again by the build.
    memo = load_memo(CACHE)
    result = check_content(Path(args.content), args.content, args.today, memo)
    save_memo(memo, CACHE)
    print_problems(result.problems, sys.stdout, args.format)
    failed = bool(result.errors) or (args.strict and bool(result.warnings))
    counts = (
        f"{len(result.tree.offers)} offers, {len(result.tree.suppliers)} suppliers, "
        f"{len(result.tree.organisations)} organisations"
    )
    verdict = "failed" if failed else "passed"
    print(f"check {verdict}: {tally(result.problems)} ({counts})", file=sys.stderr)
    return 1 if failed else 0


# A build makes millions of small objects (parsed YAML, the model, page contexts) and keeps them
# to the end; the cycle collector's default of a pass every 700 new objects spends about 1 s of a
# one-offer rebuild at 10,000 offers scanning them, with no memory to show for it (bench/README.md).
COLLECT_EVERY = 100_000


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    default = gc.get_threshold()
    gc.set_threshold(COLLECT_EVERY, *default[1:])
    try:
        code: int = args.run(args)
    finally:
        gc.set_threshold(*default)
    return code
