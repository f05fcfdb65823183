"""`serve`: the live preview of the content, rebuilt as it changes."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from ..pipeline import BuildOptions
from ..preview.server import serve
from .options import Commands, content_arguments


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser("serve", help="build, serve and rebuild on every change (live preview)")
    content_arguments(parser)
    parser.add_argument("--drafts", action="store_true", help="include draft offers, marked as drafts")
    parser.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1)")
    parser.add_argument("--open", action="store_true", help="open the preview in a browser")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = BuildOptions(
        content=Path(args.content),
        content_display=args.content,
        out=Path(".cache/preview/site"),
        drafts=args.drafts,
        today=args.today or dt.date.today(),
        search=True,
    )
    return serve(options, args.host, args.port, args.open)
