"""`changes`: the offers a pull request adds, changes and removes, in Markdown for its summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..contrib.changes import catalogue_changes, changes_markdown
from ..contrib.repository import RepositoryError
from .options import Commands, repository_arguments


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser(
        "changes",
        help="describe in Markdown the offers added, changed and removed between two commits",
        description="Print, in Markdown, the offers added, changed and removed between two commits.",
    )
    repository_arguments(parser)
    parser.add_argument(
        "--base-url", metavar="URL", help="address of the published site (default: site.yaml's)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        changes = catalogue_changes(Path(args.repo), args.content, args.base, args.head)
    except RepositoryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.base_url:
        changes.base_url = args.base_url
    print(changes_markdown(changes), end="")
    return 0
