"""The hostile site in Chromium: every page opened, searched and shortlisted, and nothing runs.

No dialog opens, no request leaves 127.0.0.1, the Content Security Policy is never violated, no
script error is thrown, and every attack string reads as text. Chromium runs in a thread of its
own with its own Playwright, so this module neither needs nor disturbs the browser session that
tests/browser keeps open.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Dialog, Page, Request, sync_playwright

from catalogue.pipeline import BuildOptions, build_site
from catalogue.site.exports import FORMULA_PREFIXES
from tests.browser.conftest import CHROMIUM, QuietHandler, running_in_ci
from tests.browser.support import ServedSite, wait_for_results

from .conftest import TODAY
from .corpus import Corpus
from .scan import html_pages

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}`);
});
"""
SETTLE = "() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))"
SETTLE_AND_READ = (
    f"async () => {{ await ({SETTLE})(); return [window.__cspViolations, document.body.textContent]; }}"
)
SEARCHES = ["alert", "script", "onerror", "7*7"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", *FORMULA_PREFIXES)


@dataclass
class Report:
    """What Chromium saw: each page's text, and everything that should never have happened."""

    texts: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    search_results: dict[str, int] = field(default_factory=dict)
    shortlist_text: str = ""
    csv_rows: list[list[str]] = field(default_factory=list)


@pytest.fixture(scope="module")
def served(hostile: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The hostile tree built with search for the local URL it is served at."""
    if not CHROMIUM.is_file():
        reason = f"browser tests need Chromium at {CHROMIUM} (run `make browser`)"
        if running_in_ci():
            pytest.fail(f"{reason}; CI is set, so a missing browser is an error", pytrace=False)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("hostile-served")
    out = folder / "www"
    out.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    options = BuildOptions(
        content=hostile.root, out=out, base_url=url, today=TODAY, quiet=True, cache=folder / "cache"
    )
    build_site(options)
    write_canary(out)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {url}", daemon=True)
    thread.start()
    try:
        yield ServedSite(url=url, folder=out)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


CANARY = "canary-injected/"


def write_canary(out: Path) -> None:
    """An offer page with injected code, as if the sanitiser had failed: proves the checks see it."""
    page = next(out.glob("offers/*/*/index.html")).read_text(encoding="utf-8")
    injected = '<img src=x onerror="alert(1)"><script>alert(2)</script><img src="https://evil.example/p.png">'
    (out / CANARY).mkdir()
    (out / CANARY / "index.html").write_text(page.replace("<h1", injected + "<h1", 1), encoding="utf-8")


def page_paths(site: ServedSite) -> list[str]:
    paths = [p.relative_to(site.folder).as_posix() for p in html_pages(site.folder)]
    return [p.removesuffix("index.html") for p in paths]


def shortlist_state(site: ServedSite) -> dict[str, Any]:
    """Every current offer on the shortlist, as adding each one would have saved it."""
    offers = json.loads((site.folder / "offers.json").read_text(encoding="utf-8"))["offers"]
    items = [
        {
            "key": offer["key"],
            "title": offer["title"],
            "supplier": offer["supplier"]["name"],
            "prices": [[price["amount"], price["unit"]] for price in offer["prices"]],
            "added": "2026-11-01",
            "option": 0,
            "qty": 1,
        }
        for offer in offers
    ]
    return {"items": items, "budget": "1000", "organisation": ""}


def browse(site: ServedSite) -> Report:
    """Open every page, run searches and fill the shortlist; record what happened."""
    report = Report()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            context.set_default_timeout(15_000)
            context.add_init_script(RECORD_VIOLATIONS)
            context.on("request", lambda request: _note_request(report, request))
            page = context.new_page()
            page.on("dialog", lambda dialog: _note_dialog(report, page, dialog))
            page.on("pageerror", lambda error: report.problems.append(f"{page.url}: uncaught error: {error}"))
            for path in page_paths(site):
                report.texts[path] = _open(page, site.url + path, report)
            for term in SEARCHES:
                _search(page, site, term, report)
            _shortlist(page, site, report)
        finally:
            browser.close()
    return report


def _note_request(report: Report, request: Request) -> None:
    parts = urlsplit(request.url)
    if parts.scheme not in ("data", "blob") and parts.hostname != "127.0.0.1":
        report.problems.append(f"{request.frame.url}: request left 127.0.0.1: {request.url}")


def _note_dialog(report: Report, page: Page, dialog: Dialog) -> None:
    report.problems.append(f"{page.url}: a {dialog.type} dialog opened: {dialog.message!r}")
    dialog.dismiss()


def _open(page: Page, url: str, report: Report) -> str:
    page.goto(url, wait_until="domcontentloaded")  # module scripts have run; pages hold no images
    violations, text = page.evaluate(SETTLE_AND_READ)
    report.problems += [f"{url}: CSP violation: {v}" for v in violations]
    return " ".join(text.split())


def _search(page: Page, site: ServedSite, term: str, report: Report) -> None:
    page.goto(site.url + "search/?q=" + term)
    report.search_results[term] = wait_for_results(page)
    page.evaluate(SETTLE)
    report.problems += [
        f"search {term!r}: CSP violation: {v}" for v in page.evaluate("window.__cspViolations")
    ]


def _shortlist(page: Page, site: ServedSite, report: Report) -> None:
    state = shortlist_state(site)
    page.goto(site.url)
    key = "wellbeing-menu-shortlist:" + urlsplit(site.url).path
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, json.dumps(state)])
    page.goto(site.url + "shortlist/")
    page.wait_for_function(
        "(count) => document.querySelectorAll('.shortlist-item').length === count", arg=len(state["items"])
    )
    choices = page.locator("[data-compare-choices] input")
    for index in range(4):
        choices.nth(index).check()
    page.locator("[data-compare-table] table").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    report.csv_rows = list(csv.reader(io.StringIO(text, newline="")))
    page.evaluate(SETTLE)
    report.problems += [f"shortlist: CSP violation: {v}" for v in page.evaluate("window.__cspViolations")]
    report.shortlist_text = " ".join(page.evaluate("document.body.textContent").split())


@pytest.fixture(scope="module")
def report(served: ServedSite) -> Report:
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hostile-chromium") as pool:
        return pool.submit(browse, served).result(timeout=600)


def test_nothing_runs_and_nothing_leaves_the_site(report: Report, served: ServedSite) -> None:
    assert len(report.texts) == len(page_paths(served)) > 80
    assert [p for p in report.problems if CANARY not in p] == []


def test_the_injected_canary_is_caught(report: Report) -> None:
    """Code that did get into a page is blocked by the policy, and the test sees the violations."""
    caught = [p for p in report.problems if CANARY in p]
    assert len([p for p in caught if "CSP violation" in p]) >= 3, caught


def test_every_vector_reads_as_text_in_the_browser(hostile: Corpus, report: Report) -> None:
    missing = [
        f"{p.page}: {p.text!r} ({p.field})"
        for p in hostile.placements + hostile.markdown
        if p.page is not None and " ".join(p.text.split()) not in report.texts[p.page]
    ]
    assert missing == []
    jinja = [p for p in hostile.placements if p.text == "{{ 7*7 }}" and p.page is not None]
    assert jinja and all("{{ 7*7 }}" in report.texts[p.page] for p in jinja)


def test_search_finds_hostile_offers_and_shows_them_as_text(report: Report) -> None:
    assert report.search_results["alert"] > 0 and report.search_results["script"] > 0


def test_the_shortlist_shows_titles_as_text_and_downloads_no_formulas(
    report: Report, served: ServedSite
) -> None:
    offers = json.loads((served.folder / "offers.json").read_text(encoding="utf-8"))["offers"]
    missing = [o["title"] for o in offers if " ".join(o["title"].split()) not in report.shortlist_text]
    assert missing == []
    assert len(report.csv_rows) > len(offers)
    assert [cell for row in report.csv_rows for cell in row if cell.startswith(FORMULA_STARTS)] == []
