"""The live preview's server: build, serve, watch, rebuild what changed, reload the browser tab."""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..content.translations import LOCALES
from ..pipeline import BuildOptions
from .preview import Preview, joined

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


def make_app(preview: Preview, templates: Path) -> WSGIApp:
    """A WSGI app serving the preview folder, with the problems overlay when there are any."""
    overlay = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
    )
    overlay.install_null_translations(newstyle=True)  # type: ignore[attr-defined]  # for coordinators, in English
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
        reason = "changed " + joined(names)
        files = [Path(p) for kind, p in changes if kind == Change.modified]
        if len(files) == len(changes):
            quick = preview.saved(files, reason)
            if quick:
                print(quick, file=sys.stderr, flush=True)
        preview.request(reason)


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
        script_source=livereload_csp_source(),
    )
    preview = Preview(options)
    loop = IOLoop.current()
    preview.on_rebuilt = lambda: loop.add_callback(LiveReloadHandler.reload_waiters)
    stop = threading.Event()
    # The site's words too, so that a translator sees a saved catalogue on the next page.
    watched = [p for p in (options.content, options.templates, options.static, LOCALES) if p.exists()]
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
