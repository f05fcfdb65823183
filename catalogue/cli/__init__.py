"""The command line: `python build.py COMMAND`, one module per command; nothing below imports it."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence

from .. import __version__
from . import build, changes, check, new, ownership, reminders, serve, upgrade

COMMANDS = (check, build, serve, new, upgrade, ownership, changes, reminders)

# A build makes millions of small objects (parsed YAML, the model, page contexts) and keeps them
# to the end; the cycle collector's default of a pass every 700 new objects spends about 1 s of a
# one-offer rebuild at 10,000 offers scanning them, with no memory to show for it (bench/README.md).
COLLECT_EVERY = 100_000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py", description="Check, build and preview the wellbeing menu."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    default = gc.get_threshold()
    gc.set_threshold(COLLECT_EVERY, *default[1:])
    try:
        code: int = args.run(args)
    finally:
        gc.set_threshold(*default)
    return code
