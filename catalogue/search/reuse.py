"""Keeping the last index's files for offers that did not change, and checking the new index is sound."""

from __future__ import annotations

import gzip
import json
import shutil
import zlib
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote

import cbor2

from .parts import PART, part_paths

# Pagefind names the files in these folders by a hash of their bytes and does not write one that is
# already there: kept from the last index, an unchanged offer's file costs no compressing or writing
# (at 10,000 offers, a one-offer change indexes in about 6.5 s instead of 12). Every other file of
# the bundle it writes anew, truncating any file in its way, so those are removed first.
REUSABLE = ("fragment", "index")
SEARCHED = ("pagefind-entry.json", "fragment", "index", "filter")  # and the .pf_meta file
ENCODED = b"pagefind_dcd"  # what Pagefind puts before the bytes of each file it compresses
# A bundle that cannot be read as expected is indexed again from nothing (cbor2's errors are ValueErrors).
_UNREADABLE = (OSError, ValueError, LookupError, TypeError, EOFError, zlib.error)


def keep_reusable(bundle: Path, parts: int, kept: set[int]) -> str | None:
    """Leave only the REUSABLE folders of a bundle and of its wanted parts' bundles, and the
    kept parts whole; the Pagefind version that wrote it, None if none did."""
    try:
        version = str(json.loads((bundle / "pagefind-entry.json").read_bytes())["version"])
        if version != _installed_version(version):
            return None  # written by another Pagefind: its files may not be named or built the same way
        wanted = {path.strip("/") for path in part_paths(parts)}
        for entry in list(bundle.iterdir()):
            if entry.name.startswith(PART) and entry.name in wanted and _is_folder(entry):
                continue  # a part's bundle: cleared below unless it is kept
            if 0 in kept and not entry.name.startswith((PART, ".")):
                continue  # the first part, kept whole
            if not (entry.name in REUSABLE and _is_folder(entry)):
                _remove(entry)
        for number, path in enumerate(part_paths(parts), start=1):
            if number not in kept and _is_folder(bundle / path):
                _clear(bundle / path)
    except _UNREADABLE:
        return None
    return version


def keep_searched(bundle: Path) -> None:
    """Leave in a part's bundle only what the search page fetches from it: the first part's
    bundle has the scripts and the WebAssembly, which merged parts share (about 0.6 MB)."""
    for entry in list(bundle.iterdir()):
        if not (entry.name in SEARCHED or entry.suffix == ".pf_meta"):
            _remove(entry)


def _clear(bundle: Path) -> None:
    """Leave only the REUSABLE folders of a bundle."""
    for entry in list(bundle.iterdir()):
        if not (entry.name in REUSABLE and _is_folder(entry)):
            _remove(entry)


def _is_folder(entry: Path) -> bool:
    return entry.is_dir() and not entry.is_symlink()


def _remove(entry: Path) -> None:
    if _is_folder(entry):
        shutil.rmtree(entry)
    else:
        entry.unlink()


def _installed_version(otherwise: str) -> str:
    try:
        return metadata.version("pagefind-bin")
    except metadata.PackageNotFoundError:  # Pagefind installed some other way: _settle compares after the run
        return otherwise


def settle(folder: Path, version: str, bundles: list[Path]) -> bool:
    """Whether the new index, written over kept files, is sound; if so, remove the files it no longer uses.

    Pagefind names a file by only the first 7 hex digits of its hash and skips a name that is
    already there, so a kept file could stand in for a new one that happens to share its name.
    Every page of the index, in every part, is checked to lead to a different page of the site:
    such a stand-in leads to the page it was written for, which then appears twice, or to a page
    the site no longer has. (A page's new text taking the name of its own previous text, one
    chance in 2^28 for each changed page, is the one case this cannot see.)
    """
    try:
        urls: set[str] = set()
        pages = 0
        unused: list[Path] = []
        for bundle in bundles:
            entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
            if entry["version"] != version:
                return False  # a different Pagefind: its files may not be named or built the same way
            used: dict[str, set[str]] = {name: set() for name in REUSABLE}
            for language in entry["languages"].values():
                meta = cbor2.loads(_decoded(bundle / f"pagefind.{language['hash']}.pf_meta"))
                used["fragment"].update(f"{page[0]}.pf_fragment" for page in meta[1])
                used["index"].update(f"{chunk[2]}.pf_index" for chunk in meta[2])
                pages += len(meta[1])
            urls.update(json.loads(_decoded(bundle / "fragment" / name))["url"] for name in used["fragment"])
            for name, wanted in used.items():
                unused.extend(file for file in (bundle / name).iterdir() if file.name not in wanted)
        if len(urls) != pages or not all(_page(folder, url).is_file() for url in urls):
            return False
        for file in unused:
            file.unlink()
    except _UNREADABLE:
        return False
    return True


def _page(folder: Path, url: str) -> Path:
    return folder / unquote(url).strip("/") / "index.html"


def _decoded(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(ENCODED):
        raise ValueError(f"{path.name} is not a Pagefind file")
    return data[len(ENCODED) :]
