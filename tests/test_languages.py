"""A menu in two languages: the bilingual example (examples/bilingual) built as a coordinator would,
and read as a visitor's browser and a search engine read it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import html5lib
import pytest

from catalogue.pipeline import BuildOptions, Pipeline, build_site

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "bilingual"
TODAY = dt.date(2026, 12, 7)
BASE = "https://example.org/menu/"
XHTML = "{http://www.w3.org/1999/xhtml}"
TRANSLATED = "offers/menai-counselling/short-term-counselling/"
UNTRANSLATED = "offers/harbour-voices/songwriting-for-young-people/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bilingual") / "site"
    options = BuildOptions(content=EXAMPLE, out=out, base_url=BASE, today=TODAY, search=False, quiet=True)
    build_site(options)
    return out


def page(site: Path, url: str) -> ET.Element:
    document: ET.Element = html5lib.parse(
        (site / url / "index.html").read_bytes(), namespaceHTMLElements=False
    )
    return document


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def html_pages(site: Path) -> list[str]:
    """Every page's URL, from the site root ("" for the home page)."""
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("index.html"))


def test_every_page_has_its_welsh_twin_and_no_welsh_page_is_alone(site: Path) -> None:
    pages = html_pages(site)
    english = [url for url in pages if not url.startswith("cy/")]
    welsh = [url.removeprefix("cy/") for url in pages if url.startswith("cy/")]
    assert len(english) > 50
    assert sorted(english) == sorted(welsh)


def test_each_page_says_its_language(site: Path) -> None:
    assert page(site, TRANSLATED).attrib["lang"] == "en"
    assert page(site, f"cy/{TRANSLATED}").attrib["lang"] == "cy"
    assert page(site, "cy/").attrib["lang"] == "cy"


def test_hreflang_links_are_reciprocal_on_every_page(site: Path) -> None:
    for url in html_pages(site):
        document = page(site, url)
        alternates = {
            link.attrib["hreflang"]: link.attrib["href"]
            for link in document.iter("link")
            if link.attrib.get("rel") == "alternate" and "hreflang" in link.attrib
        }
        key = url.removeprefix("cy/")
        assert alternates == {"en": BASE + key, "cy": BASE + "cy/" + key, "x-default": BASE + key}, url


def test_each_page_links_to_itself_in_the_other_language_named_in_that_language(site: Path) -> None:
    english = page(site, TRANSLATED)
    link = next(a for a in english.iter("a") if a.attrib.get("hreflang") == "cy")
    assert (text(link), link.attrib["lang"]) == ("Cymraeg", "cy")
    assert link.attrib["href"] == f"../../../cy/{TRANSLATED}"
    welsh = page(site, f"cy/{TRANSLATED}")
    back = next(a for a in welsh.iter("a") if a.attrib.get("hreflang") == "en")
    assert (text(back), back.attrib["lang"], back.attrib["href"]) == (
        "English",
        "en",
        f"../../../../{TRANSLATED}",
    )


def test_a_welsh_page_shows_the_welsh_text_and_links_within_welsh(site: Path) -> None:
    welsh = page(site, f"cy/{TRANSLATED}")
    heading = next(welsh.iter("h1"))
    source = (EXAMPLE / "suppliers/menai-counselling/offers/short-term-counselling.yaml").read_text()
    welsh_title = re.search(r"\n  cy:\n    title: (.+)\n", source)
    assert welsh_title and text(heading) == welsh_title.group(1).strip()
    assert "lang" not in heading.attrib
    offers_link = next(a for a in welsh.iter("a") if a.attrib.get("href", "").endswith("offers/"))
    assert offers_link.attrib["href"] == "../../../offers/"  # cy/offers/, not the English listing
    stylesheet = next(link for link in welsh.iter("link") if link.attrib.get("rel") == "stylesheet")
    assert stylesheet.attrib["href"] == "../../../../static/style.css"  # one set of files for both


def test_untranslated_text_is_shown_in_english_marked_as_english_and_the_page_says_so_once(
    site: Path,
) -> None:
    welsh = page(site, f"cy/{UNTRANSLATED}")
    heading = next(welsh.iter("h1"))
    assert heading.attrib.get("lang") == "en"
    notices = [p for p in welsh.iter("p") if "banner-untranslated" in p.attrib.get("class", "")]
    assert len(notices) == 1
    assert "Saesneg" in text(notices[0])


def test_a_wholly_translated_page_says_nothing_of_translation(site: Path) -> None:
    welsh = page(site, f"cy/{TRANSLATED}")
    assert not [p for p in welsh.iter("p") if "banner-untranslated" in p.attrib.get("class", "")]
    english = page(site, UNTRANSLATED)
    assert not [
        e for e in english.iter() if e.attrib.get("lang") == "en" and e.tag != "html" and e.tag != "a"
    ]


def test_the_sitemap_lists_every_version_with_its_alternates(site: Path) -> None:
    urlset = ET.fromstring((site / "sitemap.xml").read_bytes())
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = {
        url.find(f"{ns}loc").text: {  # type: ignore[union-attr]
            link.attrib["hreflang"]: link.attrib["href"] for link in url.iter(f"{XHTML}link")
        }
        for url in urlset.iter(f"{ns}url")
    }
    assert entries[BASE + TRANSLATED] == {"en": BASE + TRANSLATED, "cy": BASE + "cy/" + TRANSLATED}
    assert entries[BASE + "cy/" + TRANSLATED] == entries[BASE + TRANSLATED]
    assert len(entries) == len(html_pages(site)) - 0


def test_offers_json_and_csv_carry_the_translations(site: Path) -> None:
    offers = {o["key"]: o for o in json.loads((site / "offers.json").read_text())["offers"]}
    translated = offers["menai-counselling/short-term-counselling"]["translations"]["cy"]
    assert {"title", "summary", "description_markdown", "prices"} <= set(translated)
    assert offers["harbour-voices/songwriting-for-young-people"]["translations"] == {}
    rows = list(csv.DictReader(io.StringIO((site / "offers.csv").read_text("utf-8-sig"))))
    row = next(r for r in rows if r["offer_key"] == "menai-counselling/short-term-counselling")
    assert row["title_cy"] == translated["title"]
    assert next(r for r in rows if r["offer_key"].startswith("harbour-voices/song"))["title_cy"] == ""


def test_each_language_has_its_own_feed_and_shortlist_data(site: Path) -> None:
    feed = ET.fromstring((site / "cy/feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    links = [e.attrib["href"] for e in feed.iter(f"{atom}link")]
    assert BASE + "cy/feed.xml" in links
    assert any(href.startswith(BASE + "cy/offers/") for href in links)
    shortlist = json.loads((site / "cy/shortlist/offers.json").read_text())
    record = next(o for o in shortlist["offers"] if o["key"] == "menai-counselling/short-term-counselling")
    assert record["url"] == BASE + "cy/" + TRANSLATED
    offers = json.loads((site / "offers.json").read_text())["offers"]
    english = next(o for o in offers if o["key"] == record["key"])
    assert record["title"] == english["translations"]["cy"]["title"] != english["title"]


def test_the_scripts_words_in_welsh_are_published_for_welsh_pages(site: Path) -> None:
    module = (site / "static/words/cy.js").read_text()
    assert module.startswith("// The scripts' words in Cymraeg")
    assert 'data-words="cy"' in (site / "cy/index.html").read_text()
    assert "data-words" not in (site / "index.html").read_text()


def test_saving_a_translation_updates_both_language_versions_through_the_fast_path(
    tmp_path: Path,
) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    out = tmp_path / "site"
    options = BuildOptions(
        content=content,
        out=out,
        base_url=BASE,
        today=TODAY,
        search=False,
        quiet=True,
        cache=tmp_path / "cache",
    )
    pipeline = Pipeline(options)
    pipeline.build()
    offer = content / "suppliers/menai-counselling/offers/short-term-counselling.yaml"
    source = offer.read_text()
    welsh_title = re.search(r"\n  cy:\n    title: (.+)\n", source)
    assert welsh_title
    offer.write_text(source.replace(f"title: {welsh_title.group(1)}", "title: Cwnsela byr yn y gymuned"))
    made = pipeline.changed_offer_pages([offer])
    assert made is not None
    assert set(made.pages) == {f"{TRANSLATED}index.html", f"cy/{TRANSLATED}index.html"}
    assert b"Cwnsela byr yn y gymuned" in made.pages[f"cy/{TRANSLATED}index.html"]
    # The full build that follows writes the same bytes.
    build_site(replace(options))
    for path, body in made.pages.items():
        assert (out / path).read_bytes() == body, path


def test_a_language_written_right_to_left_gets_dir_rtl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scheme adding Arabic by the documented steps: a catalogue made from messages.pot."""
    from catalogue.content import translations

    from .conftest import BASE_FILES, SITE, write_tree

    locales = tmp_path / "locale"
    (locales / "ar" / "LC_MESSAGES").mkdir(parents=True)
    pot = (translations.LOCALES / "messages.pot").read_text(encoding="utf-8")
    (locales / "ar" / "LC_MESSAGES" / "messages.po").write_text(pot, encoding="utf-8")
    monkeypatch.setattr(translations, "LOCALES", locales)
    languages = "languages:\n  - code: en\n    label: English\n  - code: ar\n    label: العربية\n"
    content = write_tree(tmp_path / "content", {**BASE_FILES, "site.yaml": SITE + languages})
    out = tmp_path / "site"
    build_site(BuildOptions(content=content, out=out, today=TODAY, search=False, quiet=True))
    assert (
        '<html lang="ar" dir="rtl" data-prefix="ar/" data-words="ar">' in (out / "ar/index.html").read_text()
    )
    assert '<html lang="en">' in (out / "index.html").read_text()


def test_words_worked_out_when_templates_compile_make_the_same_pages(tmp_path: Path) -> None:
    """ConstantWords (site/language.py) puts each language's constant messages into its compiled
    templates: the bilingual example's every file is as gettext renders it at each page."""
    from catalogue.site import language, render

    options = BuildOptions(content=EXAMPLE, out=tmp_path / "compiled", today=TODAY, search=False, quiet=True)
    build_site(replace(options, cache=tmp_path / "cache-compiled"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(language.ConstantWords, "filter_stream", lambda self, stream: stream)
        patch.setattr(render, "_COMPILED", {})
        build_site(replace(options, out=tmp_path / "called", cache=tmp_path / "cache-called"))
    compiled, called = (
        {p.relative_to(tmp_path / d): p.read_bytes() for p in (tmp_path / d).rglob("*") if p.is_file()}
        for d in ("compiled", "called")
    )
    differing = [str(path) for path in compiled if compiled[path] != called.get(path)]
    assert len(compiled) > 200
    assert [p for p in differing if ".catalogue-generation" not in p] == []


def test_a_welsh_page_s_email_and_structured_data_name_the_welsh_page(site: Path) -> None:
    html = (site / f"cy/{TRANSLATED}index.html").read_text(encoding="utf-8")
    welsh_url = BASE + "cy/" + TRANSLATED
    assert quote(welsh_url, safe="") in html  # in the enquiry email's body
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert data["url"] == welsh_url


def test_the_welsh_contribute_form_words_every_hint_of_its_own(site: Path) -> None:
    """No hint is a message catalogue's header (gettext's answer for an empty message) or English."""
    form = page(site, "cy/contribute/")
    hints = [text(p) for p in form.iter("p") if "hint" in p.attrib.get("class", "").split()]
    assert hints and not [h for h in hints if "Project-Id-Version" in h]
    assert not {"Venue access and adjustments.", "Checks, insurance and policies."} & {
        h.split(" 1000")[0] for h in hints
    }


def test_welsh_price_bands_are_in_welsh(site: Path) -> None:
    headings = [text(h) for h in page(site, "cy/offers/by-price/").iter("h2")]
    assert "£1,000 a throsodd" in headings and "£1,000 and over" not in headings
