"""The "Add an offer" form in Chromium: the YAML it writes passes `check`, its GitHub
link opens the right new file, its errors are announced and linked, and axe finds no
WCAG 2 A/AA violations."""

from __future__ import annotations

import gzip
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from catalogue.checks.check import check_content
from catalogue.content.loader import parse_document
from catalogue.content.starters import offer_template
from catalogue.model.making import build_catalogue
from tests.browser.conftest import REPO, TODAY
from tests.browser.support import ServedSite

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SUPPLIER = "kelvin-walkers"


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Iterator[Page]:
    """A page under the site's own CSP; any script or style the CSP refuses fails the test."""
    page = new_context().new_page()
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error":
            refused.append(message.text)

    page.on("console", watch)
    page.on("pageerror", lambda error: refused.append(str(error)))
    yield page
    assert refused == []


def open_form(page: Page, site: ServedSite) -> None:
    page.goto(site.url + "contribute/")
    expect(page.locator("#offer-form")).to_be_visible()


def fill_required(page: Page, title: str = "Winter walks and warm soup") -> None:
    page.select_option("#f-supplier", SUPPLIER)
    page.fill("#f-title", title)  # the offer's id is made from it
    page.fill("#f-summary", "A six-week walking group for people who find winter hard.")
    page.fill("#f-description", "A led walk on flat paths.\n\nThen soup back at your venue.")
    page.select_option("#f-category", "movement-outdoors")
    page.fill("#f-prices-0-amount", "540")
    page.select_option("#f-prices-0-unit", "per_block")
    page.check("#f-delivery-online")


def submit(page: Page) -> None:
    page.click("#offer-form button[type=submit]")


def summary_links(page: Page) -> list[tuple[str, str]]:
    links = page.locator("#error-summary a")
    return [(link.get_attribute("href") or "", link.inner_text()) for link in links.all()]


def check_offer(yaml_text: str, tmp_path: Path) -> list[str]:
    """Write the offer into a copy of the sample content and return check's errors."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "suppliers" / SUPPLIER / "offers" / "winter-walks.yaml").write_text(
        yaml_text, encoding="utf-8"
    )
    return [p.format() for p in check_content(content, "content", TODAY).errors]


def test_the_form_writes_an_offer_that_passes_check(page: Page, site: ServedSite, tmp_path: Path) -> None:
    open_form(page, site)
    fill_required(page, title='Winter walks: "warm" soup & more')
    page.get_by_text("Technical details: the offer’s web address").click()
    expect(page.locator("#f-offer-id")).to_have_value("winter-walks-warm-soup-more")
    page.fill("#f-offer-id", "winter-walks")
    page.fill("#f-summary", "no")  # unquoted, YAML would read these as true/false, numbers or dates
    page.fill(
        "#f-description", "Line one: with a colon\n\n- a list item\n# not a comment\n\\ and a backslash"
    )
    page.fill("#f-prices-1-amount", "97.5")
    page.select_option("#f-prices-1-unit", "per_session")
    page.fill("#f-prices-1-label", "Single walk")
    page.fill("#f-prices-1-minimum", "3")
    page.fill("#f-prices-2-amount", "0")
    page.select_option("#f-prices-2-unit", "per_person")
    page.fill("#f-prices-2-notes", "Flask: free")
    page.check("#f-prices-2-add-on")
    page.check("#f-includes-vat-not-registered")  # Kelvin Walkers SCIO is not VAT-registered
    page.check("#f-delivery-in_person")
    page.check("#f-areas-maryhill")
    page.check("#f-areas-clydebank")
    page.check("#f-audiences-older-people")
    page.fill("#f-group-size-min", "4")
    page.fill("#f-group-size-max", "12")
    page.fill("#f-duration", "1.10")
    page.fill("#f-languages", "English, Polish")
    page.fill("#f-outcomes", "Less loneliness\nMore activity\n")
    page.fill("#f-tags", "walking, winter,")
    page.fill("#f-lead-time-days", "14")
    page.fill("#f-available-from", "2026-12-01")
    page.fill("#f-available-until", "2027-03-31")
    page.fill("#f-contact-name", "Morag Campbell")
    page.fill("#f-contact-email", "walks@example.org")
    page.fill("#f-contact-phone", "0141 496 0218")
    page.fill("#f-contact-url", "https://example.org/winter-walks?from=menu#book")
    submit(page)

    expect(page.locator("#result")).to_be_visible()
    expect(page.locator("#result-status")).to_have_text(
        "Your offer file is ready below: check it, then add it on GitHub or copy it."
    )
    expect(page.locator("#error-summary")).to_be_hidden()
    yaml_text = page.input_value("#yaml-output")
    assert yaml_text.startswith(
        "# yaml-language-server: $schema=../../../../catalogue/schema/offer.schema.json\n"
    )
    assert check_offer(yaml_text, tmp_path) == []

    document, problems = parse_document(yaml_text.encode(), "winter-walks.yaml")
    assert problems == [] and document is not None
    assert document.data == {
        "title": 'Winter walks: "warm" soup & more',
        "summary": "no",
        "description": "Line one: with a colon\n\n- a list item\n# not a comment\n\\ and a backslash",
        "category": "movement-outdoors",
        "tags": ["walking", "winter"],
        "prices": [
            {"amount": 540, "unit": "per_block"},
            {"amount": 97.5, "unit": "per_session", "label": "Single walk", "minimum": 3},
            {"amount": 0, "unit": "per_person", "add_on": True, "notes": "Flask: free"},
        ],
        "includes_vat": True,
        "delivery": ["in_person", "online"],
        "areas": ["maryhill", "clydebank"],
        "audiences": ["older-people"],
        "group_size": {"min": 4, "max": 12},
        "duration": "1.10",
        "languages": ["English", "Polish"],
        "outcomes": ["Less loneliness", "More activity"],
        "lead_time_days": 14,
        "available_from": "2026-12-01",
        "available_until": "2027-03-31",
        "contact": {
            "name": "Morag Campbell",
            "email": "walks@example.org",
            "phone": "0141 496 0218",
            "url": "https://example.org/winter-walks?from=menu#book",
        },
    }

    link = urlsplit(page.get_attribute("#github-link", "href") or "")
    assert (link.scheme, link.netloc) == ("https", "github.com")
    assert link.path == f"/example-partnership/wellbeing-menu/new/main/content/suppliers/{SUPPLIER}/offers"
    query = parse_qs(link.query, strict_parsing=True)
    assert query == {"filename": ["winter-walks.yaml"], "value": [yaml_text]}


def test_a_draft_with_only_the_required_answers_passes_check(
    page: Page, root_site: ServedSite, tmp_path: Path
) -> None:
    open_form(page, root_site)
    fill_required(page)
    page.check("#f-status")
    submit(page)
    yaml_text = page.input_value("#yaml-output")
    assert yaml_text.endswith('delivery:\n  - "online"\nstatus: "draft"\n')
    assert check_offer(yaml_text, tmp_path) == []


def test_missing_title_and_http_address_are_summarised_and_linked(page: Page, root_site: ServedSite) -> None:
    open_form(page, root_site)
    fill_required(page, title="")
    page.fill("#f-contact-url", "http://example.org/winter-walks")
    submit(page)

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(page.get_by_role("region", name="There is a problem")).to_be_focused()
    expect(page.locator("#result")).to_be_hidden()
    assert page.title().startswith("Error: Add an offer")
    url_message = (
        'Contact web page must be a full web address starting with https://, like "https://example.org/about"'
    )
    assert summary_links(page) == [("#f-title", "Enter the offer's title"), ("#f-contact-url", url_message)]
    for field, message in (("f-title", "Enter the offer's title"), ("f-contact-url", url_message)):
        control = page.locator(f"#{field}")
        expect(control).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#{field}-error")).to_have_text(f"Error: {message}")
        described = (control.get_attribute("aria-describedby") or "").split()
        assert f"{field}-error" in described and f"{field}-hint" in described

    page.click("#error-summary a[href='#f-contact-url']")
    expect(page.locator("#f-contact-url")).to_be_focused()

    page.fill("#f-title", "Winter walks")
    page.fill("#f-contact-url", "https://example.org/winter-walks")
    submit(page)
    expect(page.locator("#error-summary")).to_be_hidden()
    expect(page.locator("#result")).to_be_visible()
    assert page.locator("[aria-invalid]").count() == 0
    assert page.locator(".field-error:visible").count() == 0
    assert page.title() == "Add an offer · Wellbeing Menu — North & West"


def test_an_empty_form_lists_every_required_answer(page: Page, root_site: ServedSite) -> None:
    open_form(page, root_site)
    page.fill("#f-prices-1-label", "Single walk")  # a second price started but not finished
    page.fill("#f-available-from", "2027-03-01")
    page.fill("#f-available-until", "2027-02-28")
    page.fill("#f-group-size-min", "5")
    page.fill("#f-group-size-max", "4")
    page.get_by_text("Technical details: the offer’s web address").click()
    page.fill("#f-offer-id", "Winter Walks")
    page.get_by_text("Technical details: the offer’s web address").click()  # folded away again
    page.fill("#f-prices-0-amount", "12.345")
    page.fill("#f-prices-0-minimum", "0")
    page.check("#f-delivery-in_person")
    submit(page)
    assert [href for href, _ in summary_links(page)] == [
        "#f-supplier",
        "#f-title",
        "#f-offer-id",
        "#f-summary",
        "#f-description",
        "#f-category",
        "#f-prices-0-amount",
        "#f-prices-0-unit",
        "#f-prices-0-minimum",
        "#f-prices-1-amount",
        "#f-prices-1-unit",
        "#f-areas-glasgow-north-west",
        "#f-group-size-max",
        "#f-available-until",
    ]
    messages = dict(summary_links(page))
    assert messages["#f-offer-id"].startswith("Web address name must be an id: lowercase letters")
    assert messages["#f-prices-0-amount"].startswith(
        "Price 1 amount must be a number of 0 or more with at most 2"
    )
    assert messages["#f-prices-0-minimum"] == "Price 1 smallest booking must be 1 or more"
    assert (
        messages["#f-areas-glasgow-north-west"]
        == "Choose at least one area where you deliver the offer in person"
    )
    assert messages["#f-available-until"] == "Last day must be on or after the first day"
    assert messages["#f-group-size-max"] == "Largest group must not be smaller than the smallest group"
    group = page.locator("#f-areas")
    assert "f-areas-error" in (group.get_attribute("aria-describedby") or "")
    page.click("#error-summary a[href='#f-areas-glasgow-north-west']")
    expect(page.locator("#f-areas-glasgow-north-west")).to_be_focused()
    page.click("#error-summary a[href='#f-offer-id']")  # its disclosure was opened to show the error
    expect(page.locator("#f-offer-id")).to_be_focused()


def test_the_web_address_follows_the_title_until_the_supplier_writes_one(
    page: Page, root_site: ServedSite
) -> None:
    open_form(page, root_site)
    expect(page.locator("#f-offer-id")).to_be_hidden()  # a technical detail, folded away
    page.fill("#f-title", "Café crème: Ceilidh & Soup!")
    assert page.input_value("#f-offer-id") == "cafe-creme-ceilidh-soup"
    page.get_by_text("Technical details: the offer’s web address").click()
    page.fill("#f-offer-id", "ceilidh-soup")
    page.fill("#f-title", "Ceilidh and soup")
    assert page.input_value("#f-offer-id") == "ceilidh-soup"


def test_every_price_an_add_on_is_refused(page: Page, root_site: ServedSite) -> None:
    open_form(page, root_site)
    fill_required(page)
    page.check("#f-prices-0-add-on")
    submit(page)
    assert summary_links(page) == [
        ("#f-prices-0-add-on", "At least one price must be one that can be booked on its own, not an add-on")
    ]
    page.uncheck("#f-prices-0-add-on")
    submit(page)
    expect(page.locator("#result")).to_be_visible()


@pytest.mark.parametrize(
    ("choice", "written"),
    [("true", True), ("false", False), ("not-registered", True), ("none", None)],
)
def test_vat_choices_write_what_the_offer_page_words(
    page: Page, root_site: ServedSite, choice: str, written: bool | None
) -> None:
    """Not VAT-registered means nothing to add: the offer page says prices include any VAT."""
    open_form(page, root_site)
    fill_required(page)
    page.check(f"#f-includes-vat-{choice}")
    submit(page)
    document, _ = parse_document(page.input_value("#yaml-output").encode(), "offer.yaml")
    assert document is not None and document.data.get("includes_vat") == written


def test_without_a_repository_only_the_yaml_is_shown(page: Page, root_site: ServedSite) -> None:
    html = (root_site.folder / "contribute/index.html").read_text(encoding="utf-8")
    assert 'id="github-link"' in html
    page.route(
        "**/contribute/",
        lambda route: route.fulfill(
            body=html.replace(
                'data-repository="example-partnership/wellbeing-menu"', 'data-repository=""'
            ).replace('<p><a id="github-link"', '<p><a id="not-the-link"'),
            content_type="text/html",
        ),
    )
    open_form(page, root_site)
    fill_required(page)
    submit(page)
    expect(page.locator("#result-status")).to_have_text(
        "Your offer file is ready below: check it, then copy it."
    )
    assert page.input_value("#yaml-output").startswith("# yaml-language-server")


def test_without_javascript_the_form_explains_and_offers_the_template(
    new_context: Callable[..., BrowserContext], root_site: ServedSite
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(root_site.url + "contribute/")
    expect(page.locator("#offer-form")).to_be_visible()
    note = page.locator("main .panel", has_text="This form needs JavaScript")
    expect(note).to_be_visible()
    expect(note.locator("a", has_text="contributor guide")).to_have_attribute(
        "href", "https://github.com/example-partnership/wellbeing-menu/blob/main/CONTRIBUTING.md"
    )
    check = check_content(REPO / "content", "content", TODAY)
    site = build_catalogue(check.tree, check.updated, TODAY, False).site
    expected = offer_template("YOUR-SUPPLIER-ID", "YOUR-OFFER-ID", site.vocabulary(), site.currency)
    assert page.input_value("#example-yaml") == expected
    expect(page.locator("#example-yaml")).to_have_attribute("readonly", "")


@pytest.mark.parametrize("state", ["empty", "errors", "result"])
def test_axe_finds_no_wcag_violations(
    new_context: Callable[..., BrowserContext], root_site: ServedSite, state: str
) -> None:
    page = new_context(bypass_csp=True).new_page()
    open_form(page, root_site)
    if state != "empty":
        fill_required(page, title="" if state == "errors" else "Winter walks")
        submit(page)
        expect(page.locator("#error-summary" if state == "errors" else "#result")).to_be_visible()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def test_the_script_is_small() -> None:
    script = (REPO / "static/contribute.js").read_bytes()
    assert len(gzip.compress(script, compresslevel=9)) < 6 * 1024


def test_the_page_is_built_with_its_script_and_no_inline_code(root_site: ServedSite) -> None:
    html = (root_site.folder / "contribute/index.html").read_text(encoding="utf-8")
    assert '<script src="../static/contribute.js" defer></script>' in html
    assert not re.search(r"<script>|<style|\sstyle=|\son[a-z]+=", html)
