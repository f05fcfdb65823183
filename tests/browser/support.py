"""What the browser tests share: the served site, the pages to visit, and how to read
Pagefind's search results the way a visitor sees them."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page

RESULT_ITEMS = "pagefind-results .pf-results > li"  # loaded results, and placeholders for those to come
RESULT_LINKS = "pagefind-results a.result-link"


@dataclass(frozen=True)
class ServedSite:
    url: str  # the site root, ending in "/"
    folder: Path  # the built files

    @functools.cached_property
    def offers_by_path(self) -> dict[str, dict[str, Any]]:
        """offers.json records keyed by URL path ("/menu/offers/a/b/")."""
        offers = json.loads((self.folder / "offers.json").read_text(encoding="utf-8"))["offers"]
        return {urlsplit(offer["url"]).path: offer for offer in offers}

    def path_of(self, page_path: str) -> str:
        """The URL path of a page given relative to the site root."""
        return urlsplit(self.url + page_path).path


# One page of every kind, as paths relative to the site root.
PAGES = {
    "home": "",
    "offers": "offers/",
    "offers-page-2": "offers/page/2/",
    "offers-by-price": "offers/by-price/",
    "online": "offers/online/",
    "offer": "offers/kelvin-walkers/health-walks/",
    "expired-offer": "offers/kelvin-walkers/summer-canal-rides/",
    "category": "categories/movement-outdoors/",
    "area": "areas/maryhill/",
    "area-category": "areas/clydebank/arts-creativity/",
    "offer-with-image": "offers/canal-clay/pottery-taster/",
    "supplier-with-logo": "suppliers/canal-clay/",
    "audience": "audiences/older-people/",
    "areas": "areas/",
    "suppliers": "suppliers/",
    "supplier": "suppliers/kelvin-walkers/",
    "organisations": "organisations/",
    "organisation": "organisations/maryhill-community-hub/",
    "scheme": "scheme/",
    "search": "search/?q=walk",
    "shortlist": "shortlist/",
    "contribute": "contribute/",
    "print": "print/",
    "404": "404.html",
}


def open_page(page: Page, site: ServedSite, path: str) -> None:
    """Load a page; on a search page with a query, also wait for its results to render."""
    page.goto(site.url + path)
    if path.startswith("search/?q="):
        wait_for_results(page)


def wait_for_results(page: Page, fewer_than: int | None = None) -> int:
    """Wait until Pagefind's summary and its list agree on a number of results; return it.

    The summary must be for the words now in the search box (typing searches as it goes).
    Result cards below the fold load lazily, so list items are counted, not links.
    Items marked by mark_results_stale must have been replaced first. With fewer_than,
    keep waiting until the total has dropped below it.
    """
    handle = page.wait_for_function(
        """([items, fewerThan]) => {
            const summary = (document.querySelector("pagefind-summary")?.textContent || "").trim();
            const term = document.querySelector("pagefind-input input")?.value.trim() || "";
            if (!term || !summary.endsWith(` for ${term}`)) return false;
            const match = summary.match(/^(\\d+) results? for/);
            const total = /^No results/.test(summary) ? 0 : match ? Number(match[1]) : null;
            if (total === null) return false;
            const listed = document.querySelectorAll(items);
            const stale = document.querySelector(items + "[data-test-stale]");
            const settled = listed.length === total && !stale && (total === 0 || document.querySelector(items + " a"));
            return settled && (fewerThan === null || total < fewerThan) ? String(total) : false;
        }""",
        arg=[RESULT_ITEMS, fewer_than],
    )
    return int(handle.json_value())


def mark_results_stale(page: Page) -> None:
    """Tag the listed results so that wait_for_results waits for a fresh rendering."""
    page.locator(RESULT_ITEMS).evaluate_all("items => items.forEach((item) => item.dataset.testStale = '')")


def result_paths(page: Page) -> list[str]:
    """URL paths of every result in order, scrolling each card in so that it loads.

    Cards are looked up afresh on every animation frame: Pagefind may render the list
    again (a filter or sort change answers twice) and a replaced card never loads.
    """
    paths: list[str] = page.evaluate(
        """async (selector) => {
            const deadline = performance.now() + 10000;
            const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
            const paths = [];
            for (let index = 0; index < document.querySelectorAll(selector).length; index += 1) {
                let link = null;
                while (!link) {
                    if (performance.now() > deadline) throw new Error(`result ${index + 1} never loaded`);
                    const item = document.querySelectorAll(selector)[index];
                    item.scrollIntoView({ block: "nearest" });
                    await nextFrame();
                    link = item.isConnected && item.querySelector("a.result-link");
                }
                paths.push(new URL(link.href).pathname);
            }
            return paths;
        }""",
        RESULT_ITEMS,
    )
    return paths
