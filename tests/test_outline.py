"""Headings in contributors' Markdown fit the page's outline: under the section they sit in,
never skipping a level, so that people who move through a page by its headings find it whole."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from catalogue.pipeline import BuildOptions, build_site
from catalogue.site.markdown import markdown_html

from .conftest import BASE_FILES, OFFER, ORGANISATION, SUPPLIER, TODAY, write_tree


class Headings(HTMLParser):
    """The page's headings in order, as (level, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._open: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._open = int(tag[1])
            self.found.append((self._open, ""))

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == f"h{self._open}":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            level, text = self.found[-1]
            self.found[-1] = (level, (text + data).strip())


def headings(page: Path) -> list[tuple[int, str]]:
    parser = Headings()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def skipped_levels(outline: list[tuple[int, str]]) -> list[str]:
    """Each heading more than one level below the one before it (the first must be the h1)."""
    previous = 0
    skips = []
    for level, text in outline:
        if level > previous + 1:
            skips.append(f"h{level} {text!r} after h{previous}")
        previous = level
    return skips


OUTLINED_OFFER = OFFER.replace(
    "  A **friendly** walk in the park, led by trained volunteers.\n",
    "  A **friendly** walk in the park.\n\n  ## Course outline\n\n  #### Week 1\n\n  Meet the group.\n\n"
    "  ### Week 2\n\n  A longer walk.\n\n  # Booking\n\n  <h6>Written as HTML</h6>\n",
)
OUTLINED_SUPPLIER = SUPPLIER + "description: |\n  ### Who we are\n\n  Volunteers.\n\n  ###### Our history\n"
OUTLINED_ORGANISATION = ORGANISATION + "description: |\n  ## Our members\n\n  Tenants.\n"


@pytest.fixture(scope="module")
def outlined_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(
        tmp_path_factory.mktemp("outlined") / "content",
        {
            **BASE_FILES,
            "suppliers/green-minds/offers/walk.yaml": OUTLINED_OFFER,
            "suppliers/green-minds/supplier.yaml": OUTLINED_SUPPLIER,
            "organisations/riverside-tenants.yaml": OUTLINED_ORGANISATION,
        },
    )
    out = root.parent / "site"
    build_site(BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True))
    return out


def test_an_offer_s_headings_sit_under_about_this_offer(outlined_site: Path) -> None:
    outline = headings(outlined_site / "offers/green-minds/walk/index.html")

    start = outline.index((2, "About this offer"))
    assert outline[start : start + 6] == [
        (2, "About this offer"),
        (3, "Course outline"),
        (4, "Week 1"),
        (4, "Week 2"),
        (3, "Booking"),
        (2, "Details"),
    ]
    assert "Written as HTML" in (outlined_site / "offers/green-minds/walk/index.html").read_text()


def test_a_supplier_s_and_an_organisation_s_headings_follow_their_h1(outlined_site: Path) -> None:
    supplier = headings(outlined_site / "suppliers/green-minds/index.html")
    organisation = headings(outlined_site / "organisations/riverside-tenants/index.html")

    assert supplier[:3] == [(1, "Green Minds CIC"), (2, "Who we are"), (3, "Our history")]
    assert organisation[:2] == [(1, "Riverside Tenants"), (2, "Our members")]


def test_no_page_skips_a_heading_level(outlined_site: Path) -> None:
    skips = {
        page.relative_to(outlined_site).as_posix(): skipped_levels(headings(page))
        for page in outlined_site.rglob("*.html")
    }

    assert {page: found for page, found in skips.items() if found} == {}


@pytest.mark.parametrize(
    ("text", "under", "expected"),
    [
        ("## Outline\n\n#### Week 1", 2, "<h3>Outline</h3>\n<h4>Week 1</h4>"),
        ("### A\n\n# B", 1, "<h2>A</h2>\n<h2>B</h2>"),
        (
            "# 1\n## 2\n### 3\n#### 4\n##### 5",
            2,
            "<h3>1</h3>\n<h4>2</h4>\n<h5>3</h5>\n<h6>4</h6>\n<h6>5</h6>",
        ),
        ("<h2>As HTML</h2>\n\nText <h5>inline</h5>", 2, "<p>As HTML\n</p>\n<p>Text inline</p>"),
    ],
)
def test_markdown_headings_are_fitted_under_the_section(text: str, under: int, expected: str) -> None:
    assert str(markdown_html(text, under=under)) == expected


def test_the_same_text_is_fitted_anew_under_another_section() -> None:
    assert str(markdown_html("## Outline", under=2)) == "<h3>Outline</h3>"
    assert str(markdown_html("## Outline", under=1)) == "<h2>Outline</h2>"


def test_every_template_says_which_section_its_markdown_sits_under() -> None:
    templates = Path(__file__).resolve().parent.parent / "templates"
    calls = [
        line
        for path in templates.glob("*.html")
        for line in path.read_text().splitlines()
        if "|markdown" in line
    ]

    assert calls and all("|markdown(under=" in line for line in calls)
