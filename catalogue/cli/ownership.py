"""`check-ownership`: may a pull request's author change every file it changes?"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..contrib.ownership import check_ownership, refusal_message, verdict
from ..contrib.repository import RepositoryError
from .options import Commands, repository_arguments


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser(
        "check-ownership",
        help="check that a pull request's author may change every file it changes",
        description="Check that the author may change every file changed between two commits.",
    )
    parser.add_argument("--author", required=True, metavar="LOGIN", help="GitHub login of the author")
    repository_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    author = args.author.strip().removeprefix("@")
    if not author:
        print("error: --author is empty; give the GitHub login of the pull request's author", file=sys.stderr)
        return 2
    try:
        report = check_ownership(Path(args.repo), args.content, args.base, args.head, author)
    except RepositoryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for refusal in report.refusals:
        print(refusal_message(refusal, author, report.coordinators))
    print(verdict(report))
    return 1 if report.refusals else 0
