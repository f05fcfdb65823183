"""The live preview: build, serve, watch, rebuild what changed, reload the browser.

A rebuild that fails never stops the server: it keeps serving the last good site
and puts the problems at the top of every page until they are fixed.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import shutil
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .cache import Memo
from .generations import BuildError, link_or_copy
from .problems import ContentError, Problem, sort_problems
from .quick import quick_offer_pages
from .search import INDEXED, index_search
from .site import BuildOptions, BuildResult, build_site

# livereload injects this inline script (livereload/server.py); the preview's CSP allows
# exactly this script by its hash and nothing else inline.
LIVERELOAD_SNIPPET = (
    "(function(){"
    'var s=document.createElement("script");'
    "var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    's.src="//"+window.location.hostname+":"+port'
    '+ "/livereload.js?port=" + port;'
    "document.head.appendChild(s);"
    "})();"
)
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def livereload_csp_source() -> str:
    digest = hashlib.sha256(LIVERELOAD_SNIPPET.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


class Preview:
    """Keeps the preview site up to date and knows whether the content has problems.

    A save is answered twice: at once with the saved offer's own page (see quick.py), served
    from memory, and then by a full rebuild, which brings every other page up to date and
    replaces the page from memory with the same bytes on disk.
    """

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.problems: list[Problem] = []
        self.failure = ""  # why the last rebuild failed, when not because of content
        self.lock = threading.Lock()
        self.search = SearchIndexer(options.out)
        self.on_rebuilt: Callable[[], None] = lambda: None
        self.last: BuildResult | None = None  # the last good build
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
        last = self.last
        try:
            quick = quick_offer_pages(last, self.options, files) if last else None
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
            print(self.rebuild(_joined(reasons)), file=sys.stderr, flush=True)

    def rebuild(self, reason: str) -> str:
        """Rebuild after a change; returns the one line printed for it."""
        started = time.perf_counter()
        with self.lock:
            saves = self.saves  # pages served from memory for these saves are rebuilt now
            try:
                result = build_site(self.options)
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
                self.last = result
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
    """Re-indexes search in the background so that pages update without waiting for it.

    The index lives beside the preview's site, not in it: the build swaps the site's two
    copies on every rebuild, and the index must stay the newest one whichever copy is served.
    """

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
        if result.catalogue is not None:  # a build that read the content (else the parts are as they were)
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
                self._index(parts)
                self.indexed = wanted
            except (OSError, BuildError) as error:
                print(f"search index not updated: {error}", file=sys.stderr)

    def _index(self, parts: list[list[str]]) -> None:
        work = self.out.parent / "search-work"
        shutil.rmtree(work, ignore_errors=True)
        snapshot = work / "site"
        for html in (page for pattern in INDEXED for page in self.out.glob(pattern)):
            relative = html.relative_to(self.out)
            (snapshot / relative).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(html, snapshot / relative)
        served = self.root / "pagefind"
        if served.is_dir():  # only ever a complete index: it is swapped in whole, below
            shutil.copytree(served, snapshot / "pagefind", copy_function=link_or_copy)
        index_search(snapshot, parts, reuse=served.is_dir())
        self.root.mkdir(exist_ok=True)
        if (self.root / "pagefind").exists():
            (self.root / "pagefind").rename(work / "old")
        (snapshot / "pagefind").rename(self.root / "pagefind")
        shutil.rmtree(work, ignore_errors=True)


def make_app(preview: Preview, templates: Path) -> WSGIApp:
    """A WSGI app serving the preview folder, with the problems overlay when there are any."""
    overlay = Environment(loader=FileSystemLoader(str(templates)), autoescape=select_autoescape(["html"]))
    template = overlay.get_template("_preview_problems.html")

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = unquote(environ.get("PATH_INFO", "/"))
        searching = path.startswith("/pagefind/")
        root = (preview.search.root if searching else preview.options.out).resolve()
        file, status = _resolve(root, path)
        fresh = preview.fresh.get(file.relative_to(root).as_posix()) if file and status[0] == "2" else None
        data = fresh[1] if fresh else file.read_bytes() if file else b"Not found"
        kind = mimetypes.guess_type(file.name)[0] if file else "text/plain"
        messages = preview.messages
        if kind == "text/html" and messages:
            overlay = template.render(problems=messages, stale=preview.stale)
            data = _with_overlay(data, overlay.encode())
        headers = [
            (
                "Content-Type",
                f"{kind or 'application/octet-stream'}; charset=utf-8"
                if kind and kind.startswith("text/")
                else kind or "application/octet-stream",
            ),
            ("Cache-Control", "no-store"),
            ("Content-Length", str(len(data))),
        ]
        start_response(status, headers)
        return [data]

    return app


def _resolve(root: Path, path: str) -> tuple[Path | None, str]:
    candidate = (root / path.lstrip("/")).resolve()
    if candidate != root and root not in candidate.parents:
        return None, "404 Not Found"
    if candidate.is_dir():
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate, "200 OK"
    missing = root / "404.html"
    return (missing if missing.is_file() else None), "404 Not Found"


def _with_overlay(page: bytes, overlay: bytes) -> bytes:
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + b"\n" + overlay + page[end:]


def watch_and_rebuild(preview: Preview, paths: list[Path], stop: threading.Event) -> None:
    """On every batch of changes: serve saved offers' pages at once, then rebuild, until stop is set."""
    from watchfiles import Change, watch

    for changes in watch(*paths, stop_event=stop, debounce=30, step=10, raise_interrupt=False):
        names = sorted({_display(Path(p)) for _, p in changes if _worth_naming(Path(p))}) or ["a file"]
        reason = "changed " + _joined(names)
        files = [Path(p) for kind, p in changes if kind == Change.modified]
        if len(files) == len(changes):
            quick = preview.saved(files, reason)
            if quick:
                print(quick, file=sys.stderr, flush=True)
        preview.request(reason)


def _joined(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _worth_naming(path: Path) -> bool:
    """Editors' temporary files (.swp, ~, sed's) change too; name only real ones."""
    return (
        not path.name.startswith(".") and not path.name.endswith("~") and (path.exists() or bool(path.suffix))
    )


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def serve(options: BuildOptions, host: str, port: int, open_browser: bool) -> int:
    """Build, then serve with live reload until interrupted."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    options = replace(
        options,
        base_url=f"http://{host}:{port}/",
        preview=True,
        memo=options.memo or Memo(),
        extra_script_src=livereload_csp_source(),
    )
    preview = Preview(options)
    loop = IOLoop.current()
    preview.on_rebuilt = lambda: loop.add_callback(LiveReloadHandler.reload_waiters)
    stop = threading.Event()
    watched = [p for p in (options.content, options.templates, options.static) if p.exists()]
    threading.Thread(target=preview.run_builder, args=(stop,), daemon=True, name="builder").start()
    # Watching starts before the first build, so that nothing saved while it runs is missed.
    threading.Thread(target=watch_and_rebuild, args=(preview, watched, stop), daemon=True).start()
    print(preview.rebuild("first build"), file=sys.stderr, flush=True)
    print(
        f"Previewing {options.content} at http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr, flush=True
    )
    server = Server(make_app(preview, options.templates))
    # Our own watcher rebuilds first and then reloads; livereload's would watch the whole folder.
    server.watch(str(options.out.parent / "never-changes"))
    try:
        server.serve(port=port, host=host, debug=False, open_url_delay=0.5 if open_browser else None)
    finally:
        stop.set()
    return 0
