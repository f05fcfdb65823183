"""Arguments more than one command takes."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TypeAlias

# The subparsers each command module adds its parser to (subscripted for mypy only).
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def content_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    parser.add_argument("--today", type=date, help="the date to judge expiry by (YYYY-MM-DD)")


def date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def repository_arguments(parser: argparse.ArgumentParser) -> None:
    """--base, --head, --repo and --content, for the commands that read a pull request from git."""
    parser.add_argument("--base", required=True, metavar="REF", help="the commit the change is based on")
    parser.add_argument("--head", default="HEAD", metavar="REF", help="the changed commit (default: HEAD)")
    parser.add_argument("--repo", default=".", metavar="DIR", help="the git repository (default: .)")
    parser.add_argument(
        "--content",
        default="content",
        metavar="DIR",
        help="content folder, relative to --repo (default: content)",
    )
