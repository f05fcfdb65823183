"""Pages written into the published folder before the rest of the build, and taken back if it fails.

A rebuild in which only offers changed publishes their pages first (pipeline.py). Each page
is renamed into place whole; the old ones are kept as hard links beside the output folder
to be put back if the build fails, and the next build puts them back if it was killed.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from .files import link_or_copy, replace_file, write_file, write_json
from .folders import TOKEN, early_folder, generation_cache, read_manifest, token_of

_UNDO = "undo.json"  # in the early folder: the tokens before and after, and the pages replaced
_NOT_RENDERED = "written early"  # a manifest entry no fingerprint equals: the page is rendered again


@dataclass
class EarlyWrite:
    """Pages written into the published folder before the rest of the build, and how to take
    them back. The old pages are kept as hard links in .<name>.early beside it."""

    out: Path
    folder: Path
    paths: list[str]

    def undo(self) -> None:
        """Put the old pages back, unless the build got as far as publishing."""
        undo_early(self.out, self.folder)

    def done(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def write_early(out: Path, cache_root: Path, pages: dict[str, bytes]) -> EarlyWrite | None:
    """Replace some pages of the published folder, each in one rename (under output_lock).

    The folder's token changes first, to one whose manifest marks those pages as not rendered
    by this build, so that neither this build's spare copy nor a later build trusts them. None
    when the published folder's manifest is unknown.
    """
    out = out.resolve()
    cache = generation_cache(out, cache_root)
    before = token_of(out)
    manifest = read_manifest(cache, before)
    if manifest is None or any(path not in manifest for path in pages):
        return None
    folder = early_folder(out)
    after = secrets.token_hex(12)
    paths = sorted(pages)
    try:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for number, path in enumerate(paths):
            link_or_copy(out / path, folder / str(number))
        write_json(cache / f"{after}.json", manifest | dict.fromkeys(paths, _NOT_RENDERED))
        undo = {"before": before, "after": after, "paths": paths}
        replace_file(folder / _UNDO, json.dumps(undo).encode())
        replace_file(out / TOKEN, after.encode())
        written = EarlyWrite(out, folder, paths)
        for path in paths:
            write_file(out / path, pages[path])
    except (OSError, BuildError):  # a full disk, say: the build goes on, and says so if it must
        undo_early(out, folder)
        return None
    return written


def undo_early(out: Path, folder: Path) -> None:
    """Put back the pages a build wrote early, if the published folder still holds them."""
    try:
        undo = json.loads((folder / _UNDO).read_text())
    except (OSError, ValueError):
        shutil.rmtree(folder, ignore_errors=True)
        return
    if token_of(out) == undo["after"]:
        for number, path in enumerate(undo["paths"]):
            os.replace(folder / str(number), out / path)
        replace_file(out / TOKEN, undo["before"].encode())
    shutil.rmtree(folder, ignore_errors=True)
