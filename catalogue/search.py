"""Search: the Pagefind index of the offer pages."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zlib
from functools import partial
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote

import cbor2

from .children import die_with_parent
from .generations import BuildError

# Only offer pages carry data-pagefind-body; Pagefind need not read and parse the listings,
# which at 10,000 offers are most of the site's bytes (34.8 s for every page, 15.3 s for these).
# The search page is there so that a catalogue with no offer yet still gets an (empty) index.
INDEXED = ("offers/*/*/index.html", "search/index.html")

# Pagefind names the files in these folders by a hash of their bytes and does not write one that is
# already there: kept from the last index, an unchanged offer's file costs no compressing or writing
# (at 10,000 offers, a one-offer change indexes in about 6.5 s instead of 12). Every other file of
# the bundle it writes anew, truncating any file in its way, so those are removed first.
REUSABLE = ("fragment", "index")
# Pagefind's Linux build allocates with jemalloc, which by default keeps memory it freed for 10 s
# before giving it back: giving it back after 0.1 s lowers Pagefind's peak at 10,000 offers from
# 1,402 MB to 1,150 MB for about 1% more time (bench/README.md). A setting of the user's own wins.
ALLOCATOR = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:100,muzzy_decay_ms:0"}
ENCODED = b"pagefind_dcd"  # what Pagefind puts before the bytes of each file it compresses
# A bundle that cannot be read as expected is indexed again from nothing (cbor2's errors are ValueErrors).
_UNREADABLE = (OSError, ValueError, LookupError, TypeError, EOFError, zlib.error)


class Indexing:
    """Pagefind indexing a folder in the background; the offer pages must all be in place.

    The build starts it as soon as the offer pages are written and renders the listings
    and exports meanwhile: Pagefind reads only the offer pages (INDEXED) and writes only
    folder/pagefind/. With reuse, the hashed files of the index already in folder/pagefind/
    are kept where the new index has the same ones; that index must be a complete one.
    """

    def __init__(self, folder: Path, reuse: bool = False) -> None:
        self._folder = folder
        self._bundle = folder / "pagefind"
        self._version = _keep_reusable(self._bundle) if reuse else None
        if self._version is None:
            shutil.rmtree(self._bundle, ignore_errors=True)
        self._start()

    def _start(self) -> None:
        command = [
            *(sys.executable, "-m", "pagefind", "--site", str(self._folder)),
            *("--glob", "{" + ",".join(INDEXED) + "}", "--output-subdir", "pagefind"),
        ]
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
        self._finish()
        if self._version is not None and not _settle(self._folder, self._version):
            # A kept file is not the one this index needs: index again from nothing.
            self._version = None
            shutil.rmtree(self._bundle, ignore_errors=True)
            self._start()
            self._finish()

    def _finish(self) -> None:
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
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._log.close()


def index_search(folder: Path, reuse: bool = False) -> None:
    """Run the Pagefind CLI over a built site's offer pages; it writes folder/pagefind/."""
    Indexing(folder, reuse).wait()


def _keep_reusable(bundle: Path) -> str | None:
    """Leave only the REUSABLE folders of a bundle; the Pagefind version that wrote it, None if none did."""
    try:
        version = str(json.loads((bundle / "pagefind-entry.json").read_bytes())["version"])
        if version != _installed_version(version):
            return None  # written by another Pagefind: its files may not be named or built the same way
        for entry in list(bundle.iterdir()):
            if entry.name in REUSABLE and entry.is_dir() and not entry.is_symlink():
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    except _UNREADABLE:
        return None
    return version


def _installed_version(otherwise: str) -> str:
    try:
        return metadata.version("pagefind-bin")
    except metadata.PackageNotFoundError:  # Pagefind installed some other way: _settle compares after the run
        return otherwise


def _settle(folder: Path, version: str) -> bool:
    """Whether the new index, written over kept files, is sound; if so, remove the files it no longer uses.

    Pagefind names a file by only the first 7 hex digits of its hash and skips a name that is
    already there, so a kept file could stand in for a new one that happens to share its name.
    Every page of the index is checked to lead to a different page of the site: such a stand-in
    leads to the page it was written for, which then appears twice, or to a page the site no
    longer has. (A page's new text taking the name of its own previous text, one chance in 2^28
    for each changed page, is the one case this cannot see.)
    """
    bundle = folder / "pagefind"
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
        if entry["version"] != version:
            return False  # a different Pagefind: its files may not be named or built the same way
        used: dict[str, set[str]] = {name: set() for name in REUSABLE}
        pages = 0
        for language in entry["languages"].values():
            meta = cbor2.loads(_decoded(bundle / f"pagefind.{language['hash']}.pf_meta"))
            used["fragment"].update(f"{page[0]}.pf_fragment" for page in meta[1])
            used["index"].update(f"{chunk[2]}.pf_index" for chunk in meta[2])
            pages += len(meta[1])
        urls = {json.loads(_decoded(bundle / "fragment" / name))["url"] for name in used["fragment"]}
        if len(urls) != pages or not all(_page(folder, url).is_file() for url in urls):
            return False
        for name, wanted in used.items():
            for file in (bundle / name).iterdir():
                if file.name not in wanted:
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
