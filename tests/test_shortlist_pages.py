"""The shortlist as built: the /shortlist/ page with organisations' budgets as data, the
hooks static/shortlist.js needs on offers, and no inline script anywhere it adds to."""

from __future__ import annotations

import gzip
from html.parser import HTMLParser
from pathlib import Path

import pytest

from catalogue.pipeline import BuildOptions, build_site

from .conftest import TODAY, WriteContent
from .sitecheck import listing_pages

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ["i18n.js", "shortlist.js", "shortlist-page.js", "filters.js"]


class Elements(HTMLParser):
    """Every start tag of a page as (tag, attributes), and the text inside each script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_text.append(data)

    def find(self, tag: str, *present: str, **wanted: str) -> list[dict[str, str | None]]:
        """Tags with every attribute named in present, and those in wanted with those values."""
        return [
            a
            for t, a in self.tags
            if t == tag and all(k in a for k in present) and all(a.get(k) == v for k, v in wanted.items())
        ]


def elements(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shortlist") / "_site"
    build_site(BuildOptions(content=ROOT / "content", out=out, today=TODAY, search=False, quiet=True))
    return out


def test_shortlist_page_carries_every_organisation_budget(sample_site: Path) -> None:
    page = elements(sample_site / "shortlist/index.html")
    options = {a["value"]: a.get("data-budget") for a in page.find("option") if a.get("value")}
    assert options == {
        "amal-womens-group": "1250",
        "dalmuir-mens-shed": "750",
        "kirkintilloch-carers-network": "1100",
        "maryhill-community-hub": "1000",
        "whitecrook-tenants-association": "1500",
        "yoker-youth-club": "2000",
    }
    (app,) = page.find("div", id="shortlist")
    assert app["data-contact"] == "wellbeingmenu@example.org"
    assert app["data-currency"] == "GBP"
    assert "hidden" in app  # shown by script, which hides the note that explains otherwise
    assert page.find("div", **{"aria-live": "polite"})


def test_shortlist_page_loads_its_modules_and_has_no_inline_script(sample_site: Path) -> None:
    page = elements(sample_site / "shortlist/index.html")
    sources = [a["src"] for a in page.find("script")]
    assert sources == ["../static/shortlist.js", "../static/shortlist-page.js"]
    assert all(a.get("type") == "module" for a in page.find("script"))
    assert page.script_text == []
    assert not [a for _, a in page.tags if "style" in a or any(k.startswith("on") for k in a)]
    for name in SCRIPTS:
        assert (sample_site / "static" / name).is_file()


def test_javascript_stays_under_18_5_kb_gzipped() -> None:
    """15 KB before the scripts' words went through the catalogues (i18n.js and the calls to it),
    16.5 KB before the listing filters fetched and showed every offer of a listing of several pages,
    18 KB before the shortlist said when there is no VAT to add. A page loads only its own scripts."""
    total = sum(len(gzip.compress((ROOT / "static" / n).read_bytes(), 9)) for n in SCRIPTS)
    assert total < 18_500, total


def test_offers_carry_what_the_shortlist_button_needs(sample_site: Path) -> None:
    listings = [elements(page) for page in listing_pages(sample_site, "offers/")]
    cards = {a["data-offer"]: a for page in listings for a in page.find("article") if a.get("data-offer")}
    assert len(listings) == 2 and len(cards) == 32
    batch = cards["blether-kitchen/batch-cooking-on-a-budget"]
    assert batch["data-offer-title"] == "Batch cooking on a budget workshop"
    assert batch["data-prices"] == "385 per_session 1,22.5 per_person 1 add_on"
    assert batch["data-supplier"] == "Blether Kitchen Co-operative"
    offer = elements(sample_site / "offers/still-point/chair-yoga/index.html")
    (slot,) = offer.find("div", **{"data-offer": "still-point/chair-yoga"})
    assert slot["data-prices"] == "55 per_session 6"  # at least 6 classes
    assert not [a for a in offer.find("button") if a.get("type") != "submit"]  # added by script
    expired = elements(sample_site / "offers/kelvin-walkers/summer-canal-rides/index.html")
    assert not [a for _, a in expired.tags if "data-offer" in a]


def test_header_link_and_organisation_link_are_hidden_until_script_runs(sample_site: Path) -> None:
    home = elements(sample_site / "index.html")
    (item,) = home.find("li", "data-shortlist-reveal")
    assert "hidden" in item
    assert home.find("a", href="shortlist/")
    organisation = elements(sample_site / "organisations/maryhill-community-hub/index.html")
    assert organisation.find("a", href="../../shortlist/?organisation=maryhill-community-hub")
    (start,) = organisation.find("p", "data-shortlist-reveal")
    assert "hidden" in start


@pytest.mark.parametrize(
    "path", ["offers/index.html", "categories/food-cooking/index.html", "areas/maryhill/index.html"]
)
def test_listings_have_a_filter_form_left_out_without_script_and_its_script(
    sample_site: Path, path: str
) -> None:
    page = elements(sample_site / path)
    (form,) = page.find("form", "data-offer-filters")
    assert "data-needs-script" in form
    assert (
        "[data-needs-script] { display: none !important; }"
        in (sample_site / "static/noscript.css").read_text()
    )
    assert page.find("p", "data-filter-status", **{"aria-live": "polite"})
    assert [a["src"].rsplit("/", 1)[-1] for a in page.find("script")] == ["shortlist.js", "filters.js"]


def test_organisation_without_budget_is_listed_without_one(content: WriteContent, tmp_path: Path) -> None:
    root = content(
        {
            "organisations/hilltop-group.yaml": """\
            name: Hilltop Group
            summary: A group on the hill.
            area: hilltop
            """,
        }
    )
    out = tmp_path / "site"
    build_site(BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True))
    page = elements(out / "shortlist/index.html")
    options = {a["value"]: a.get("data-budget") for a in page.find("option") if a.get("value")}
    assert options == {"hilltop-group": None, "riverside-tenants": "1000"}
    assert "Hilltop Group</option>" in (out / "shortlist/index.html").read_text()
