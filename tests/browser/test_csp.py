"""Under the site's own Content Security Policy every page loads cleanly: no console
errors, no policy violations, no failed or off-site requests."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Request, Response

from tests.browser.support import PAGES, ServedSite, open_page

pytestmark = pytest.mark.browser

# Injected by the test, not the site: records violations before any page script runs.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}` +
        ` (${event.sourceFile || "page"}:${event.lineNumber})`
    );
});
"""


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname == "127.0.0.1"


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_loads_cleanly_under_csp(
    new_context: Callable[..., BrowserContext], menu_site: ServedSite, path: str
) -> None:
    """Checked under the /menu/ sub-path, where a wrong relative link would also show as a 404."""
    site = menu_site
    context = new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    problems: list[str] = []
    requested: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"HTTP {response.status} for {response.url}")

    def on_failed(request: Request) -> None:
        problems.append(f"request failed: {request.url} ({request.failure})")

    context.on("request", lambda request: requested.append(request.url))
    context.on("response", on_response)
    context.on("requestfailed", on_failed)
    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))
    open_page(page, site, path)
    problems += [f"CSP violation: {v}" for v in page.evaluate("window.__cspViolations")]
    problems += [f"request left 127.0.0.1: {url}" for url in requested if not is_local(url)]
    assert not problems, f"/{path} under {site.url}:\n" + "\n".join(problems)
