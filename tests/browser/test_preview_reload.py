"""The live preview in Chromium: the open page reloads by itself after a save."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.conftest import OFFER
from tests.test_serve import WALK, Preview, preview  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def test_the_open_page_reloads_by_itself(preview: Preview, browser: Browser) -> None:  # noqa: F811
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(preview.url + "offers/green-minds/walk/")
    page.wait_for_function("() => !!window.LiveReload")  # the live-reload client is running
    (preview.content / WALK).write_text(OFFER.replace("Walk and talk", "Walk, talk and tea"))
    page.wait_for_function("() => document.querySelector('h1')?.textContent.includes('tea')", timeout=30_000)
    page.close()
    assert violations == []
