"""Browser fixtures: the sample site built twice (at a root and under /menu/), served
over HTTP on 127.0.0.1, and one headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from catalogue.pipeline import BuildOptions, build_site
from catalogue.search import parts as search_parts
from tests.browser.support import ServedSite

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
TODAY = dt.date(2026, 11, 23)


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; Playwright's own browser downloads are not used."""
    if not CHROMIUM.is_file():
        reason = f"browser tests need Chromium at {CHROMIUM} (run `make browser`)"
        if running_in_ci():
            pytest.fail(f"{reason}; CI is set, so a missing browser is an error", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _serve_build(folder: Path, sub_path: str, pages_per_index: int | None = None) -> Iterator[ServedSite]:
    """Pick a free port, build the sample site for that exact URL, then serve it."""
    yield from _serve_build_of(REPO / "content", folder, sub_path, pages_per_index)


def _serve_build_of(
    content: Path, folder: Path, sub_path: str, pages_per_index: int | None = None
) -> Iterator[ServedSite]:
    """Pick a free port, build the content's site for that exact URL, then serve it."""
    folder.mkdir(parents=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    url = f"http://127.0.0.1:{server.server_address[1]}/{sub_path}"
    out = folder / sub_path
    with pytest.MonkeyPatch.context() as patch:
        if pages_per_index:
            patch.setattr(search_parts, "PAGES_PER_INDEX", pages_per_index)
        build_site(BuildOptions(content=content, out=out, base_url=url, today=TODAY, quiet=True))
    thread = threading.Thread(target=server.serve_forever, name=f"serve {url}", daemon=True)
    thread.start()
    try:
        yield ServedSite(url=url, folder=out)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def root_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    yield from _serve_build(tmp_path_factory.mktemp("root-site") / "www", "")


@pytest.fixture(scope="session")
def menu_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    yield from _serve_build(tmp_path_factory.mktemp("menu-site") / "www", "menu/")


@pytest.fixture(scope="session")
def parts_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The sample site under /parts/, its search index in parts of at most 5 offers, as a large
    catalogue's is (catalogue/search/parts.py)."""
    yield from _serve_build(tmp_path_factory.mktemp("parts-site") / "www", "parts/", pages_per_index=5)


@pytest.fixture(params=["root", "menu"])
def site(request: pytest.FixtureRequest) -> ServedSite:
    """The sample site at a host's root, then under the /menu/ sub-path."""
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium))
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Open browser contexts (Playwright options as keywords); all closed after the test."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    """A laptop-sized page (test modules that need another kind define their own)."""
    return new_context(viewport={"width": 1280, "height": 900}).new_page()
