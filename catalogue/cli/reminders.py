"""`reminders`: the offers due a review, by supplier, in Markdown for the weekly issue."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..contrib.reminders import reminders_markdown, review_reminders
from .options import Commands, content_arguments


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser(
        "reminders",
        help="list in Markdown the offers to review, mentioning their suppliers' maintainers",
        description="Print, in Markdown, the offers that have expired, expire within 30 days or were "
        "not updated for 12 months, grouped by supplier, each group mentioning its maintainers "
        "(@name). Prints nothing when there is nothing to review.",
    )
    content_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    content = Path(args.content)
    if not content.is_dir():
        print(f"error: the content folder {args.content} does not exist", file=sys.stderr)
        return 2
    reminders = review_reminders(content, args.content, args.today or dt.date.today())
    print(reminders_markdown(reminders), end="")
    count = reminders.offer_count
    told = f"{count} offer{'s' if count != 1 else ''} to review" if count else "nothing to review"
    print(f"reminders: {told}", file=sys.stderr)
    return 0
