"""Search: the Pagefind index of the offer pages."""

from __future__ import annotations

import gzip
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterable, Sequence
from functools import partial
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote

import cbor2

from .children import die_with_parent
from .fingerprint import digest
from .generations import BuildError, describe, link_or_copy
from .model import Offer

# Only offer pages carry data-pagefind-body; Pagefind need not read and parse the listings,
# which at 10,000 offers are most of the site's bytes (34.8 s for every page, 15.3 s for these).
# The search page is there so that a catalogue with no offer yet still gets an (empty) index.
INDEXED = ("offers/*/*/index.html", "search/index.html")

# Pagefind names the files in these folders by a hash of their bytes and does not write one that is
# already there: kept from the last index, an unchanged offer's file costs no compressing or writing
# (at 10,000 offers, a one-offer change indexes in about 6.5 s instead of 12). Every other file of
# the bundle it writes anew, truncating any file in its way, so those are removed first.
REUSABLE = ("fragment", "index")
SEARCHED = ("pagefind-entry.json", "fragment", "index", "filter")  # and the .pf_meta file
# Pagefind's Linux build allocates with jemalloc, which by default keeps memory it freed for 10 s
# before giving it back: giving it back after 0.1 s lowers Pagefind's peak at 10,000 offers from
# 1,402 MB to 1,150 MB for about 1% more time (bench/README.md). A setting of the user's own wins.
ALLOCATOR = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:100,muzzy_decay_ms:0"}
# Pagefind builds a word map for every page it indexes, all at once, before merging them: its peak
# memory grows with the pages of one index (1,150 MB for 9,710 offer pages, 600 MB for 5,000).
# So above PAGES_PER_INDEX listed offers, the offers are indexed in parts of at most that many
# pages, cheapest first, one after the other: part 1 in pagefind/ (with the search page's
# scripts), the others in pagefind/part-N/. The search page searches every part and merges the
# results (static/search.js); a part is a price range, so "lowest price first" is part 1's
# results in its order, then part 2's, and so on.
PAGES_PER_INDEX = 5000
PART = "part-"
ENCODED = b"pagefind_dcd"  # what Pagefind puts before the bytes of each file it compresses
# A bundle that cannot be read as expected is indexed again from nothing (cbor2's errors are ValueErrors).
_UNREADABLE = (OSError, ValueError, LookupError, TypeError, EOFError, zlib.error)


def plan(offers: Iterable[Offer]) -> list[list[str]]:
    """The offer pages of each part of the index, cheapest first; [] when one index takes every page."""
    listed = sorted((offer.lowest_price, offer.url) for offer in offers if not offer.expired)
    if len(listed) <= PAGES_PER_INDEX:
        return []
    size = math.ceil(len(listed) / math.ceil(len(listed) / PAGES_PER_INDEX))  # parts as even as can be
    pages = [f"{url}index.html" for _, url in listed]
    return [pages[start : start + size] for start in range(0, len(pages), size)]


def part_paths(parts: int) -> list[str]:
    """The bundles of the parts after the first, relative to pagefind/."""
    return [f"{PART}{number}/" for number in range(2, parts + 1)]


def fingerprint(parts: Sequence[Sequence[str]], offer_pages: dict[str, str]) -> str:
    """What the index shows, from the offer pages' fingerprints: one digest, or one per part
    (space-separated) so that a rebuild can keep the parts whose pages did not change."""
    if not parts:
        return digest(*offer_pages.values())
    return " ".join(digest(*(f"{page} {offer_pages[page]}" for page in part)) for part in parts)


def unchanged_parts(before: str, now: str) -> set[int]:
    """The parts (numbered from 0) with the same fingerprint in both, by fingerprint()."""
    old, new = before.split(), now.split()
    if len(old) != len(new) or len(new) < 2:
        return set()
    return {number for number, (a, b) in enumerate(zip(old, new, strict=True)) if a == b}


class Indexing:
    """Pagefind indexing a folder in the background; the offer pages must all be in place.

    The build starts it as soon as the offer pages are written and renders the listings
    and exports meanwhile: Pagefind reads only the offer pages (INDEXED, or the pages of
    each part of a plan, one part after the other) and writes only folder/pagefind/. With
    reuse, the hashed files of the index already in folder/pagefind/ are kept where the new
    index has the same ones, and the parts numbered in `unchanged` are kept whole; that
    index must be a complete one.
    """

    def __init__(
        self,
        folder: Path,
        parts: Sequence[Sequence[str]] = (),
        reuse: bool = False,
        unchanged: Iterable[int] = (),
        pages: Path | None = None,
    ) -> None:
        self._folder = folder
        self._bundle = folder / "pagefind"
        self._parts = parts
        # Where each part's pages are linked for Pagefind to read: a folder kept from one build
        # to the next (linking 5,000 pages takes 0.3 s, removing them 0.5 s), or one inside the
        # index that is removed when it is done (and with what a failed build discards).
        self._pages = pages or self._bundle / ".pages"
        self._temporary = pages is None
        for unused in pages.iterdir() if pages and pages.is_dir() else ():
            if not unused.name.isdigit() or not 0 < int(unused.name) <= len(parts):
                shutil.rmtree(unused)  # a part no longer there: its links would keep old pages on disk
        kept = set(unchanged) if reuse else set()
        self._version = _keep_reusable(self._bundle, len(parts), kept) if reuse else None
        if self._version is None:
            shutil.rmtree(self._bundle, ignore_errors=True)
            kept = set()
        self._queue = [number for number in range(max(len(parts), 1)) if number not in kept]
        self._process: subprocess.Popen[bytes] | None = None
        self._start_next()

    def _bundles(self) -> list[Path]:
        return [self._bundle, *(self._bundle / p for p in part_paths(len(self._parts)))]

    def _start_next(self) -> None:
        if not self._queue:
            return
        part = self._part = self._queue.pop(0)
        if not self._parts:
            where = ("--site", str(self._folder), "--glob", "{" + ",".join(INDEXED) + "}")
            command = [sys.executable, "-m", "pagefind", *where, "--output-subdir", "pagefind"]
        else:
            pages = self._pages / str(part + 1)
            try:
                _link_pages(self._folder, self._parts[part], pages)
            except OSError as error:
                raise BuildError(f"search indexing could not run: {describe(error)}") from None
            where = ("--site", str(pages), "--output-path", str(self._bundles()[part]))
            command = [sys.executable, "-m", "pagefind", *where]
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (kept open while Pagefind runs)
        try:
            self._process = subprocess.Popen(
                command,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                env={**ALLOCATOR, **os.environ},
                preexec_fn=partial(die_with_parent, os.getpid()),
            )
        except OSError as error:
            self._log.close()
            raise BuildError(f"search indexing could not run: {error}") from None

    def wait(self) -> None:
        """Wait for the index; a BuildError saying why when there is none."""
        self._finish_all()
        if self._version is not None and not _settle(self._folder, self._version, self._bundles()):
            # A kept file is not the one this index needs: index again from nothing.
            self._version = None
            shutil.rmtree(self._bundle, ignore_errors=True)
            self._queue = list(range(max(len(self._parts), 1)))
            self._start_next()
            self._finish_all()

    def _finish_all(self) -> None:
        """Wait for the part being indexed, then index the others one after the other."""
        while self._process is not None:
            self._finish()
            if self._part > 0:
                _keep_searched(self._bundles()[self._part])
            self._process = None
            self._start_next()
        if self._temporary:
            shutil.rmtree(self._pages, ignore_errors=True)

    def _finish(self) -> None:
        assert self._process is not None
        try:
            code = self._process.wait(timeout=900)
        except subprocess.TimeoutExpired:
            self.stop()
            raise BuildError("search indexing could not run: Pagefind took more than 15 minutes") from None
        self._log.seek(0)
        output = self._log.read().decode("utf-8", "replace")
        self._log.close()
        if code != 0:
            detail = output.strip().splitlines()[-5:]
            if not detail:  # killed, or failed without a word: say how it ended
                ended = f"it was stopped by signal {-code}" if code < 0 else f"it exited with status {code}"
                detail = [ended]
            raise BuildError("search indexing failed (Pagefind): " + " / ".join(detail))

    def stop(self) -> None:
        """After a failure elsewhere: no Pagefind is left running."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._log.close()


def index_search(folder: Path, parts: Sequence[Sequence[str]] = (), reuse: bool = False) -> None:
    """Run the Pagefind CLI over a built site's offer pages; it writes folder/pagefind/."""
    Indexing(folder, parts, reuse).wait()


def _link_pages(site: Path, pages: Sequence[str], folder: Path) -> None:
    """Make the folder hold just these pages of the site, as hard links; pages linked already stay."""
    wanted = set(pages)
    for file in folder.rglob("*.html") if folder.is_dir() else ():
        if file.relative_to(folder).as_posix() not in wanted:
            file.unlink()
    for page in pages:
        source, target = site / page, folder / page
        try:
            if os.path.samefile(source, target):
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.unlink(missing_ok=True)
        link_or_copy(source, temporary)
        os.replace(temporary, target)


def _keep_reusable(bundle: Path, parts: int, kept: set[int]) -> str | None:
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


def _keep_searched(bundle: Path) -> None:
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


def _settle(folder: Path, version: str, bundles: list[Path]) -> bool:
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
