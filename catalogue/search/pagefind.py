"""Running Pagefind over the offer pages of a built site, in the background, in parts if need be."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path, PurePosixPath

from ..errors import BuildError, describe
from ..publish.children import die_with_parent
from ..publish.files import link_or_copy
from .parts import part_glob, part_paths
from .reuse import keep_reusable, keep_searched, settle

# Only offer pages carry data-pagefind-body; Pagefind need not read and parse the listings,
# which at 10,000 offers are most of the site's bytes (34.8 s for every page, 15.3 s for these).
# The search page is there so that a catalogue with no offer yet still gets an (empty) index.
# Each language's are under its own folder (cy/offers/…); Pagefind makes one index per <html lang>.
INDEXED = ("offers/*/*/index.html", "search/index.html", "*/offers/*/*/index.html", "*/search/index.html")

# Pagefind's Linux build allocates with jemalloc, which by default keeps memory it freed for 10 s
# before giving it back: giving it back after 0.1 s lowers Pagefind's peak at 10,000 offers from
# 1,402 MB to 1,150 MB for about 1% more time (bench/README.md). A setting of the user's own wins.
ALLOCATOR = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:100,muzzy_decay_ms:0"}


def by_search_part(paths: Sequence[str], parts: Sequence[Sequence[str]]) -> tuple[list[list[int]], list[int]]:
    """The places in paths of the pages Pagefind reads, by part of the index (one part when it has
    none), and of the other pages."""
    part_of = {page: number for number, part in enumerate(parts) for page in part}
    searched: list[list[int]] = [[] for _ in range(max(len(parts), 1))]
    rest = []
    for place, path in enumerate(paths):
        if any(PurePosixPath(path).match(pattern) for pattern in INDEXED):
            searched[part_of.get(path, 0)].append(place)
        else:
            rest.append(place)
    return searched, rest


class Indexing:
    """Pagefind indexing a folder in the background; the offer pages must all be in place.

    The build starts it as soon as the offer pages are written and renders the listings
    and exports meanwhile: Pagefind reads only the offer pages (INDEXED, or the pages of
    each part of a plan by a glob naming them, one part after the other) and writes only
    folder/pagefind/. With
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
    ) -> None:
        self._folder = folder.resolve()
        self._bundle = self._folder / "pagefind"
        self._parts = parts
        self._settings: Path | None = None  # where a part's glob is written for Pagefind to read
        kept = set(unchanged) if reuse else set()
        self._version = keep_reusable(self._bundle, len(parts), kept) if reuse else None
        if self._version is None:
            shutil.rmtree(self._bundle, ignore_errors=True)
            kept = set()
        self._queue = [number for number in range(max(len(parts), 1)) if number not in kept]
        self._ready: set[int] = set()  # parts whose pages are all written (see ready())
        self._process: subprocess.Popen[bytes] | None = None

    def ready(self, part: int) -> None:
        """The pages of this part (numbered from 0; the one part of an index not in parts) are all
        written: Pagefind may read them, as soon as it is done with the part before."""
        self._ready.add(part)
        self.advance()

    def advance(self) -> None:
        """Start the next part if Pagefind is done with the last one and its pages are ready."""
        if self._process is not None:
            if self._process.poll() is None:
                return
            self._finish_part()
        if self._queue and self._queue[0] in self._ready:
            self._start_next()

    def _bundles(self) -> list[Path]:
        return [self._bundle, *(self._bundle / p for p in part_paths(len(self._parts)))]

    def _start_next(self) -> None:
        if not self._queue:
            return
        part = self._part = self._queue.pop(0)
        command = [sys.executable, "-m", "pagefind", "--site", str(self._folder)]
        if not self._parts:
            command += ["--glob", "{" + ",".join(INDEXED) + "}", "--output-subdir", "pagefind"]
        else:
            # A part's glob names every page of it, too long for a command line: Pagefind reads it
            # from the settings file in the folder it runs in.
            self._write_glob(part_glob(self._parts[part]))
            command += ["--output-path", str(self._bundles()[part])]
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (kept open while Pagefind runs)
        try:
            self._process = subprocess.Popen(
                command,
                cwd=self._settings,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                env={**ALLOCATOR, **os.environ},
                preexec_fn=partial(die_with_parent, os.getpid()),
            )
        except OSError as error:
            self._log.close()
            raise BuildError(f"search indexing could not run: {error}") from None

    def _write_glob(self, glob: str) -> None:
        try:
            if self._settings is None:
                self._settings = Path(tempfile.mkdtemp(prefix="pagefind-"))
            (self._settings / "pagefind.json").write_text(json.dumps({"glob": glob}))
        except OSError as error:
            raise BuildError(f"search indexing could not run: {describe(error)}") from None

    def wait(self) -> None:
        """Wait for the index, every page being written by now; a BuildError saying why when there is none."""
        self._finish_all()
        if self._version is not None and not settle(self._folder, self._version, self._bundles()):
            # A kept file is not the one this index needs: index again from nothing.
            self._version = None
            shutil.rmtree(self._bundle, ignore_errors=True)
            self._queue = list(range(max(len(self._parts), 1)))
            self._finish_all()

    def _finish_all(self) -> None:
        """Index every part left, one after the other."""
        self._ready.update(self._queue)
        while self._process is not None or self._queue:
            if self._process is None:
                self._start_next()
            self._finish_part()
        self._remove_settings()

    def _finish_part(self) -> None:
        """Wait for the part being indexed (a BuildError if Pagefind failed)."""
        self._finish()
        if self._part > 0:
            keep_searched(self._bundles()[self._part])
        self._process = None

    def _remove_settings(self) -> None:
        if self._settings is not None:
            shutil.rmtree(self._settings, ignore_errors=True)
            self._settings = None

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
        self._remove_settings()


def index_search(folder: Path, parts: Sequence[Sequence[str]] = (), reuse: bool = False) -> None:
    """Run the Pagefind CLI over a built site's offer pages; it writes folder/pagefind/."""
    Indexing(folder, parts, reuse).wait()


def index_copy(site: Path, root: Path, parts: Sequence[Sequence[str]] = ()) -> None:
    """Index a copy of a site's searched pages and swap the new index in whole as root/pagefind.

    The preview's index lives beside its site, not in it: the build swaps the site's two
    copies on every rebuild, and the index must stay the newest one whichever copy is served.
    The files of the index being served are kept where the new one has the same ones.
    """
    work = root.with_name(f"{root.name}-work")
    shutil.rmtree(work, ignore_errors=True)
    copy = work / "site"
    for html in (page for pattern in INDEXED for page in site.glob(pattern)):
        relative = html.relative_to(site)
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(html, copy / relative)
    served = root / "pagefind"
    if served.is_dir():  # only ever a complete index: it is swapped in whole, below
        shutil.copytree(served, copy / "pagefind", copy_function=link_or_copy)
    index_search(copy, parts, reuse=served.is_dir())
    root.mkdir(exist_ok=True)
    if served.exists():
        served.rename(work / "old")
    (copy / "pagefind").rename(served)
    shutil.rmtree(work, ignore_errors=True)
