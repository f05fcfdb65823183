"""The scripts' words in another language: a page that names a words module on <html data-words>
shows the shortlist's words from it, in the plural form its language's rules choose, and links
to the site's pages in its own language (data-prefix)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from catalogue.pipeline import BuildOptions, build_site
from tests.browser.conftest import REPO, TODAY, QuietHandler
from tests.browser.support import ServedSite

pytestmark = pytest.mark.browser

# A made-up words module, as the build writes one from a catalogue. The pages say lang="cy": Welsh's
# plural rules (zero, one, two, few, many, other) choose among the forms.
WORDS = """export default {
  "Add to shortlist": "Ychwanegu at y rhestr fer",
  "Remove from shortlist": "Tynnu o'r rhestr fer",
  "Add to shortlist: %(title)s": "Ychwanegu at y rhestr fer: %(title)s",
  "Remove from shortlist: %(title)s": "Tynnu o'r rhestr fer: %(title)s",
  "Added %(title)s. Shortlist: %(num)s offer.": { one: "(one) %(title)s: %(num)s", other: "(other) %(num)s" },
  "Smallest booking: %(quantity)s": "Archeb leiaf: %(quantity)s",
  "%(num)s session": { one: "(one) %(num)s", two: "(two) %(num)s", many: "(many) %(num)s", other: "(other) %(num)s" },
};
"""
CHAIR_YOGA = "Chair yoga for older adults"
CHAIR_YOGA_CY = "Ioga cadair i oedolion hŷn"


@pytest.fixture(scope="module")
def words_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The sample site, with an offer page and the shortlist page marked as pages in "cy/"."""
    www = tmp_path_factory.mktemp("words-site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(www)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    build_site(
        BuildOptions(content=REPO / "content", out=www, base_url=url, today=TODAY, search=False, quiet=True)
    )
    (www / "cy/shortlist").mkdir(parents=True)  # the shortlist's data in the page's language
    data = (www / "shortlist/offers.json").read_text(encoding="utf-8")
    (www / "cy/shortlist/offers.json").write_text(data.replace(CHAIR_YOGA, CHAIR_YOGA_CY), encoding="utf-8")
    (www / "static/words").mkdir()
    (www / "static/words/xx.js").write_text(WORDS, encoding="utf-8")
    for page in ["offers/still-point/chair-yoga/index.html", "shortlist/index.html"]:
        html = (www / page).read_text(encoding="utf-8")
        assert '<html lang="en-GB">' in html
        (www / page).write_text(
            html.replace('<html lang="en-GB">', '<html lang="cy" data-words="xx" data-prefix="cy/">'),
            encoding="utf-8",
        )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield ServedSite(url=url, folder=www)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_the_shortlist_speaks_the_page_s_language(page: Page, words_site: ServedSite) -> None:
    page.goto(words_site.url + "offers/still-point/chair-yoga/")
    button = page.get_by_role("button", name=f"Ychwanegu at y rhestr fer: {CHAIR_YOGA}")
    expect(button).to_have_text("Ychwanegu at y rhestr fer")
    button.click()
    expect(page.get_by_role("button", name=f"Tynnu o'r rhestr fer: {CHAIR_YOGA}")).to_have_text(
        "Tynnu o'r rhestr fer"
    )
    expect(page.locator("body > p[role=status]")).to_have_text(f"(one) {CHAIR_YOGA}: 1")

    page.goto(words_site.url + "shortlist/")
    yoga = page.locator(".shortlist-item")
    expect(yoga.locator(".hint")).to_have_text("Archeb leiaf: (many) 6")  # Welsh: 6 takes "many"
    # the title from cy/shortlist/offers.json, the link to the offer's page in Welsh
    expect(yoga.get_by_role("link", name=CHAIR_YOGA_CY)).to_have_attribute(
        "href", words_site.url + "cy/offers/still-point/chair-yoga/"
    )
    # words the module does not have stay English
    expect(yoga.locator(".line-total")).to_have_text("(many) 6 × £55.00 per session = £330.00")
