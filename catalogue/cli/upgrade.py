"""`upgrade`: take a newer version of the generator, keeping the scheme's content/ as it is."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..contrib.upgrade import UpgradeError, upgrade
from .options import Commands


def add_parser(commands: Commands) -> None:
    parser = commands.add_parser(
        "upgrade",
        help="bring in a newer generator: everything but content/ and CODEOWNERS, as one commit",
        description=(
            "Make one commit on the current branch whose files are the newer generator's everywhere "
            "but content/ and .github/CODEOWNERS, which stay as this repository has them. Nothing "
            "can conflict; then run check and build, and read what CHANGELOG.md says a scheme must change."
        ),
    )
    parser.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="URL",
        help="the generator's repository: a git URL, a folder or a remote's name",
    )
    parser.add_argument("--ref", default="main", help="its branch or version tag (default: main)")
    parser.add_argument("--repo", default=".", metavar="DIR", help="the scheme's repository (default: .)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        done = upgrade(Path(args.repo), args.source, args.ref)
    except UpgradeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if not done.commit:
        print(f"already up to date: this repository has the generator {done.before} of {args.ref}")
        return 0
    print(
        f"upgraded the generator from {done.before} to {done.after}: {done.changed_files} files "
        f"changed, content/ and .github/CODEOWNERS kept as they were (commit {done.commit[:12]})"
    )
    if done.changes:
        print(f"\nWhat changed (CHANGELOG.md):\n\n{done.changes}\n")
    print("Next: make setup, then python build.py check and python build.py build")
    return 0
