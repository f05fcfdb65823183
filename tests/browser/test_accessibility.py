"""axe-core finds no WCAG 2.2 AA problems, and no page scrolls sideways at 320 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page

from tests.browser.support import PAGES, ServedSite, open_page

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}
AXE = Axe()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' >> '.join(map(str, node['target']))}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def axe_report(page: Page, where: str = "") -> list[str]:
    """axe on the page as it stands, wide then narrow (resizing saves loading and injecting axe
    twice): a paragraph for each width with violations, headed by where and the width. The page's
    context must bypass the CSP, which forbids injected scripts (the CSP has its own test)."""
    page.evaluate(AXE.axe_script)
    report = []
    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        violations = page.evaluate(
            "(options) => axe.run(document, options).then((r) => r.violations)", AXE_OPTIONS
        )
        if violations:
            size = f"{viewport['width']}×{viewport['height']}"
            report.append(f"{where}at {size} ({name}):\n{describe_violations(violations)}")
    return report


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_wcag_violations(
    new_context: Callable[..., BrowserContext], root_site: ServedSite, path: str
) -> None:
    """Each page is checked wide, then narrow."""
    page = new_context(viewport=VIEWPORTS["desktop"], bypass_csp=True).new_page()
    open_page(page, root_site, path)
    report = axe_report(page)
    assert not report, f"axe found problems on /{path}\n" + "\n".join(report)


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_horizontal_scrolling_at_320px(
    new_context: Callable[..., BrowserContext], root_site: ServedSite, path: str
) -> None:
    page = new_context(viewport={"width": 320, "height": 800}).new_page()
    open_page(page, root_site, path)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 320:
        widest = page.evaluate(
            """() => [...document.querySelectorAll("body *")]
                .filter((element) => element.getBoundingClientRect().right > 320.5)
                .slice(0, 5)
                .map((element) => `${element.tagName.toLowerCase()}.${element.className} (right edge ${Math.round(element.getBoundingClientRect().right)} px)`)"""
        )
        pytest.fail(f"/{path} is {width} px wide at a 320 px viewport; overflowing: {widest}")
