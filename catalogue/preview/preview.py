"""The preview's state: the last good site, the problems to show, the rebuilds and the search index.

A save is answered twice: at once with the saved offer's own page (Pipeline.changed_offer_pages),
served from memory, and then by a full rebuild, which brings every other page up to date and
replaces the page from memory with the same bytes on disk. A rebuild that fails never stops the
preview: it keeps serving the last good site with the problems at the top of every page.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from ..errors import BuildError, ContentError, Problem, sort_problems
from ..incremental.memo import Memo
from ..pipeline import BuildOptions, BuildResult, Pipeline
from ..search.pagefind import index_copy


class Preview:
    """Keeps the preview site up to date and knows whether the content has problems (see the
    module's docstring for how a save is answered)."""

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.pipeline = Pipeline(options, Memo())
        self.problems: list[Problem] = []
        self.failure = ""  # why the last rebuild failed, when not because of content
        self.lock = threading.Lock()
        self.search = SearchIndexer(options.out)
        self.on_rebuilt: Callable[[], None] = lambda: None
        self.fresh: dict[str, tuple[int, bytes]] = {}  # output path -> (save number, page)
        self.saves = 0
        self._fresh_lock = threading.Lock()  # the watcher adds pages while the builder drops them
        self._wanted: list[str] = []
        self._wake = threading.Event()

    @property
    def stale(self) -> bool:
        """Whether the last rebuild failed, so that the site served is the last good one."""
        return bool(self.failure) or any(p.is_error for p in self.problems)

    @property
    def messages(self) -> list[str]:
        """What the overlay lists: the problems, as `check` words them."""
        return ([self.failure] if self.failure else []) + [p.format() for p in self.problems]

    def saved(self, files: list[Path], reason: str) -> str | None:
        """Serve the saved offers' pages at once when nothing else changed; a line saying so."""
        started = time.perf_counter()
        try:
            quick = self.pipeline.changed_offer_pages(files)
        except Exception:  # a bug: say so, and let the full rebuild answer
            traceback.print_exc()
            quick = None
        with self._fresh_lock:
            self.saves += 1
            if quick is None:
                return None
            for path, page in quick.pages.items():
                self.fresh[path] = (self.saves, page)
        self.problems = sort_problems(
            [p for p in self.problems if p.path not in quick.problems]
            + [p for found in quick.problems.values() for p in found]
        )
        self.on_rebuilt()
        pages = len(quick.pages)
        return (
            f"{reason}: {'its page' if pages == 1 else f'{pages} pages'} served in "
            f"{(time.perf_counter() - started) * 1000:.0f} ms; rebuilding the rest"
        )

    def request(self, reason: str) -> None:
        """Ask the builder thread for a rebuild; requests made while it builds are joined."""
        self._wanted.append(reason)
        self._wake.set()

    def run_builder(self, stop: threading.Event) -> None:
        while not stop.is_set():
            if not self._wake.wait(0.5):
                continue
            self._wake.clear()
            reasons, self._wanted = self._wanted, []
            print(self.rebuild(joined(reasons)), file=sys.stderr, flush=True)

    def rebuild(self, reason: str) -> str:
        """Rebuild after a change; returns the one line printed for it."""
        started = time.perf_counter()
        with self.lock:
            saves = self.saves  # pages served from memory for these saves are rebuilt now
            try:
                result = self.pipeline.build()
            except ContentError as error:
                self.problems = [p for p in error.problems if p.is_error]
                self.failure = ""
                line = f"{reason}: {len(self.problems)} problem(s); still serving the last good site"
            except BuildError as error:
                self.failure = f"the site could not be built: {error}"
                line = f"{reason}: {self.failure}"
            except Exception:  # a bug, not a content problem: show it, keep serving
                self.failure = "the generator failed; see the terminal for details"
                traceback.print_exc()
                line = f"{reason}: the generator failed; still serving the last good site"
            else:
                self.problems, self.failure = result.warnings, ""
                self.search.request(result)
                line = self._report(reason, result, time.perf_counter() - started)
            # Serve the disk again: the rebuilt pages, or after a failure the last good site.
            with self._fresh_lock:
                self.fresh = {path: entry for path, entry in self.fresh.items() if entry[0] > saves}
        self.on_rebuilt()
        return line

    @staticmethod
    def _report(reason: str, result: BuildResult, seconds: float) -> str:
        pages = sum(path.endswith(".html") for path in result.written)
        return f"{reason}: {pages} page{'s' if pages != 1 else ''} rewritten in {seconds * 1000:.0f} ms"


class SearchIndexer:
    """Re-indexes search in the background so that pages update without waiting for it
    (beside the preview's site, not in it: see search.pagefind.index_copy)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.root = out.parent / "search"  # served as /pagefind/
        self.indexed = ""
        self.wanted = ""
        self.parts: list[list[str]] = []
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="search-index")
        self._thread.start()

    def request(self, result: BuildResult) -> None:
        if result.read_content:  # else the parts are as they were
            self.parts = result.search_parts
        self.wanted = result.search_fingerprint
        if self.wanted != self.indexed:
            self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            wanted, parts = self.wanted, self.parts
            try:
                index_copy(self.out, self.root, parts)
                self.indexed = wanted
            except (OSError, BuildError) as error:
                print(f"search index not updated: {error}", file=sys.stderr)


def joined(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
