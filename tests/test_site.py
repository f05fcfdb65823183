"""The built site, as a community organisation would see it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import time
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from catalogue.cli import main
from catalogue.incremental import memo as memo_module
from catalogue.incremental.memo import Memo, load_memo
from catalogue.pipeline import BuildOptions, build_site
from catalogue.site.pages import ONLINE_ON_AREA_PAGES

from .conftest import OFFER, PNG, TODAY, WriteContent
from .sitecheck import broken_links, listing_text, page_text, parse

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content"


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "_site"
    build_site(BuildOptions(content=SAMPLE, out=out, today=TODAY, search=False, quiet=True))
    return out


def test_home_page_shows_categories_with_counts_and_newest_offers(sample_site: Path) -> None:
    text = page_text(sample_site, "")
    assert "Wellbeing Menu — North & West" in text
    assert "Browse by category" in text and "Arts & creativity 3 offers" in text
    assert "Newest offers" in text and "How to get listed" in text


def test_offer_page_shows_every_field_and_formatted_prices(sample_site: Path) -> None:
    text = page_text(sample_site, "offers/still-point/chair-yoga")
    for expected in [
        "Chair yoga for older adults",
        "by Still Point Mindfulness",
        "£55.00 per session",
        "Group size 4 to 15 people",
        "Notice needed 14 days",
        "Languages English",
        "Last updated",
        "About Still Point Mindfulness",
    ]:
        assert expected in text, expected


def test_free_prices_and_thousands(sample_site: Path) -> None:
    offers = json.loads((sample_site / "offers.json").read_text())["offers"]
    free = next(o for o in offers if o["lowest_price"] == 0)
    assert "Free" in page_text(sample_site, free["key"].join(["offers/", ""]))
    big = next(o for o in offers if any(p["amount"] >= 1000 for p in o["prices"]))
    assert "£1," in page_text(sample_site, f"offers/{big['key']}")


def test_enquire_link_is_a_prefilled_mailto(sample_site: Path) -> None:
    links = parse(sample_site / "offers/still-point/chair-yoga/index.html").links
    enquire = next(link for link in links if link.startswith("mailto:info@stillpoint.example.org?"))
    assert "subject=Enquiry%3A%20Chair%20yoga%20for%20older%20adults" in enquire
    assert "body=Hello%20Still%20Point%20Mindfulness" in enquire
    assert "North%20%26%20West" in enquire and "amp%3B" not in enquire  # plain text, not HTML


def test_expired_offer_page_stays_but_is_listed_nowhere(sample_site: Path) -> None:
    url = "offers/kelvin-walkers/summer-canal-rides"
    assert "This offer is no longer available." in page_text(sample_site, url)
    for listing in ["", "offers", "suppliers/kelvin-walkers", "areas/glasgow-north-west", "print"]:
        assert "summer-canal-rides" not in (sample_site / listing / "index.html").read_text(), listing
    assert "summer-canal-rides" not in (sample_site / "offers.json").read_text()
    assert "summer-canal-rides" not in (sample_site / "offers.csv").read_text()
    assert "summer-canal-rides" not in (sample_site / "feed.xml").read_text()
    assert "data-pagefind-body" not in (sample_site / url / "index.html").read_text()


def test_drafts_only_with_drafts(sample_site: Path, tmp_path: Path) -> None:
    draft = "offers/tackle-it-together/mens-wellbeing-workshop"
    assert not (sample_site / draft).exists()
    out = tmp_path / "drafts"
    build_site(BuildOptions(content=SAMPLE, out=out, today=TODAY, search=False, quiet=True, drafts=True))
    assert "Draft: this offer is not published yet." in page_text(out, draft)
    assert "Draft" in page_text(out, "offers")


def test_future_offer_is_listed_with_its_start_date(sample_site: Path) -> None:
    assert "Available from 1 February 2027" in listing_text(sample_site, "offers/")


def test_area_pages_include_child_areas_and_list_online_separately(sample_site: Path) -> None:
    region = page_text(sample_site, "areas/east-dunbartonshire")
    assert "Chair yoga for older adults" in region
    assert "or online, which groups anywhere can book" in region
    assert "Evening peer circle online" in region  # delivered online only, bookable from here
    child = page_text(sample_site, "areas/kirkintilloch")
    assert "Chair yoga for older adults" in child  # delivered across the region that contains it


def test_organisation_page_suggests_matching_offers(sample_site: Path) -> None:
    text = page_text(sample_site, "organisations/amal-womens-group")
    assert "Budget £1,250.00" in text
    assert "Offers that suit Amal Women’s Group" in text or "Offers that suit Amal Women's Group" in text
    assert "Counselling in Arabic and Farsi" in text


def test_feedback_shows_on_the_offer_page(sample_site: Path) -> None:
    text = page_text(sample_site, "offers/open-door-counselling/counselling-arabic-farsi")
    assert "What organisations said" in text and "Amal Women" in text


def test_exports_parse(sample_site: Path) -> None:
    data = json.loads((sample_site / "offers.json").read_text())
    assert data["version"] == 1 and len(data["offers"]) == 32
    assert data["offers"][0]["url"].startswith("https://example.github.io/wellbeing-menu/offers/")
    rows = list(csv.DictReader(io.StringIO((sample_site / "offers.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == sum(len(o["prices"]) for o in data["offers"])
    feed = ET.parse(sample_site / "feed.xml").getroot()
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 32
    urls = ET.parse(sample_site / "sitemap.xml").getroot()
    assert len(urls) > 80
    assert (
        "Sitemap: https://example.github.io/wellbeing-menu/sitemap.xml"
        in (sample_site / "robots.txt").read_text()
    )
    for kind in ["site", "supplier", "offer", "organisation", "common"]:
        assert json.loads((sample_site / f"schema/{kind}.schema.json").read_text())["$schema"]


def test_offer_json_ld_is_a_service_with_unit_prices(sample_site: Path) -> None:
    html = (sample_site / "offers/blether-kitchen/festive-baking/index.html").read_text()
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(block)
    assert data["@type"] == "Service"
    assert data["offers"][0]["priceSpecification"]["@type"] == "UnitPriceSpecification"
    assert data["offers"][0]["priceValidUntil"] == "2026-12-10"
    assert data["areaServed"]


@pytest.mark.parametrize("base", ["/", "/menu/"])
def test_every_internal_link_resolves(tmp_path: Path, base: str) -> None:
    out = tmp_path / "site"
    url = "https://example.org" + base
    build_site(BuildOptions(content=SAMPLE, out=out, today=TODAY, search=True, quiet=True, base_url=url))
    assert broken_links(out, base) == []


def test_every_page_has_one_h1_a_skip_link_and_the_csp(sample_site: Path) -> None:
    for html in sample_site.rglob("*.html"):
        text = html.read_text()
        assert text.count("<h1") == 1, html
        assert 'href="#main"' in text and 'id="main"' in text, html
        assert "Content-Security-Policy" in text and "script-src 'self' 'wasm-unsafe-eval'" in text, html
        assert "<script>" not in text, html  # no inline scripts


def test_offer_page_is_light(sample_site: Path) -> None:
    import gzip

    html = (sample_site / "offers/still-point/chair-yoga/index.html").read_bytes()
    css = (sample_site / "static/style.css").read_bytes()
    assert len(gzip.compress(html)) + len(gzip.compress(css)) < 30_000


# --- untrusted content --------------------------------------------------------------

HOSTILE = (
    OFFER.replace(
        "title: Walk and talk",
        'title: "<script>alert(1)</script>{{ 7*7 }}"',
    ).replace(
        "  A **friendly** walk in the park, led by trained volunteers.",
        "  <img src=x onerror=alert(1)> [click](javascript:alert(1)) <iframe src=https://evil.example></iframe>\n"
        "  </script><script>alert(2)</script> {{ 7*7 }} {% raw %}x{% endraw %}",
    )
    + 'duration: "=HYPERLINK(\\"https://evil.example\\")"\n'
)


def test_hostile_content_shows_as_text(content: WriteContent, tmp_path: Path) -> None:
    root = content({"suppliers/green-minds/offers/walk.yaml": HOSTILE})
    out = tmp_path / "site"
    build_site(BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True))
    html = (out / "offers/green-minds/walk/index.html").read_text()
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html
    assert "<iframe" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in html
    assert "<script>alert(1)</script>{{ 7*7 }} by Green Minds CIC" in page_text(
        out, "offers/green-minds/walk"
    )
    jsonld = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "\\u003c/script\\u003e" in jsonld
    rows = list(csv.reader(io.StringIO((out / "offers.csv").read_text(encoding="utf-8-sig"))))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


# --- the build command ---------------------------------------------------------------


def test_build_refuses_bad_content_and_keeps_the_old_site(
    content: WriteContent, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the build's .cache/ goes here, not into the repository
    root = content()
    out = tmp_path / "out"
    assert (
        main(["build", "--content", str(root), "--out", str(out), "--today", "2026-11-23", "--no-search"])
        == 0
    )
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    (root / "suppliers/green-minds/offers/walk.yaml").write_text(
        OFFER.replace("category: wellbeing", "category: x")
    )
    assert (
        main(["build", "--content", str(root), "--out", str(out), "--today", "2026-11-23", "--no-search"])
        == 1
    )
    captured = capsys.readouterr()
    assert 'walk.yaml:5:11: error: category: unknown category "x"' in captured.out
    assert "build refused: 1 error, 0 warnings; the site was not changed" in captured.err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not list(tmp_path.glob(".out.building-*"))


def test_failed_search_indexing_keeps_the_old_site(
    content: WriteContent, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = content()
    out = tmp_path / "out"
    assert (
        main(["build", "--content", str(root), "--out", str(out), "--today", "2026-11-23", "--no-search"])
        == 0
    )
    monkeypatch.setattr("sys.executable", str(tmp_path / "no-such-python"))
    assert main(["build", "--content", str(root), "--out", str(out), "--today", "2026-11-23"]) == 1
    assert "build failed: search indexing could not run" in capsys.readouterr().err
    assert (out / "offers/green-minds/walk/index.html").is_file()
    assert not list(tmp_path.glob(".out.building-*"))


def test_a_killed_build_is_recovered_by_the_next(content: WriteContent, tmp_path: Path) -> None:
    root = content()
    out = tmp_path / "out"
    build_site(
        BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True, cache=tmp_path / "c")
    )
    # What a build killed between its two renames leaves: the published site moved aside
    # as the spare, and the new one still in its staging folder.
    assert not (tmp_path / ".out.spare").exists()  # a first build keeps no spare copy
    out.rename(tmp_path / ".out.spare")
    (tmp_path / ".out.building-999998").mkdir()
    (tmp_path / ".out.building-999998/half-written.html").write_text("<p>half")
    build_site(
        BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True, cache=tmp_path / "c")
    )
    assert (out / "index.html").is_file()
    assert not (out / "half-written.html").exists()
    assert not list(tmp_path.glob(".out.building-*"))


def test_rebuilds_write_only_what_changed_and_match_a_full_build(
    content: WriteContent, tmp_path: Path
) -> None:
    root = content()
    out, cache = tmp_path / "out", tmp_path / "cache"
    options = BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True, cache=cache)
    first = build_site(options)
    assert len(first.written) == first.files
    assert build_site(options).written == []
    walk = root / "suppliers/green-minds/offers/walk.yaml"
    walk.write_text(walk.read_text().replace("amount: 120", "amount: 125"))
    written = build_site(options).written
    assert "offers/green-minds/walk/index.html" in written and "offers.json" in written
    assert "suppliers/index.html" not in written
    fresh = tmp_path / "fresh"
    build_site(
        BuildOptions(content=root, out=fresh, today=TODAY, search=False, quiet=True, cache=tmp_path / "c2")
    )
    assert snapshot(out) == snapshot(fresh)


def test_the_memo_is_saved_before_the_build_returns(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It is written by a forked copy of the build; the next build must find it whole."""
    save = memo_module.save_memo

    def slow_save(memo: Memo, folder: Path) -> None:
        time.sleep(1)  # slower than the rest of this small build
        save(memo, folder)

    monkeypatch.setattr(memo_module, "save_memo", slow_save)
    root = content()
    cache = tmp_path / "cache"
    build_site(
        BuildOptions(content=root, out=tmp_path / "out", today=TODAY, search=False, quiet=True, cache=cache)
    )
    memo = load_memo(cache)
    assert any(path.endswith("suppliers/green-minds/offers/walk.yaml") for path in memo.documents)
    assert not list(cache.glob(".*.tmp"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".catalogue-generation"
    }


def test_build_with_search_indexes_only_offer_pages(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(BuildOptions(content=SAMPLE, out=out, today=TODAY, search=True, quiet=True))
    assert (out / "pagefind/pagefind.js").is_file()
    assert (out / "pagefind/pagefind-component-ui.js").is_file()
    fragments = list((out / "pagefind/fragment").iterdir())
    assert len(fragments) == 32  # one per current offer, nothing else


def test_build_summary_line(
    content: WriteContent, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = content()
    assert (
        main(
            [
                "build",
                "--content",
                str(root),
                "--out",
                str(tmp_path / "o"),
                "--today",
                "2026-11-23",
                "--no-search",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert re.search(r"built \d+ pages, 1 current offers, \d+ of \d+ files written, no search index", err)
    assert str(tmp_path / "o") in err


def test_today_decides_expiry(content: WriteContent, tmp_path: Path) -> None:
    root = content()
    out = tmp_path / "site"
    build_site(BuildOptions(content=root, out=out, today=dt.date(2027, 7, 1), search=False, quiet=True))
    assert "This offer is no longer available." in page_text(out, "offers/green-minds/walk")
    shutil.rmtree(out)


def test_online_offers_have_their_own_page(sample_site: Path) -> None:
    text = page_text(sample_site, "offers/online")
    assert "Online offers" in text
    online = [
        o
        for o in json.loads((sample_site / "offers.json").read_text())["offers"]
        if "online" in o["delivery"]
    ]
    assert online and all(offer["title"] in text for offer in online)


def test_area_pages_link_to_the_online_offers_once_there_are_many(
    content: WriteContent, tmp_path: Path
) -> None:
    many = {
        f"suppliers/green-minds/offers/online-{n}.yaml": OFFER.replace(
            "Walk and talk", f"Video call {n}"
        ).replace("delivery: [in_person]", "delivery: [online]")
        for n in range(ONLINE_ON_AREA_PAGES + 1)
    }
    out = tmp_path / "site"
    build_site(
        BuildOptions(
            content=content(many), out=out, today=TODAY, search=False, quiet=True, cache=tmp_path / "c"
        )
    )
    area = page_text(out, "areas/riverside")
    assert "Walk and talk" in area and "Video call 3" not in area
    assert f"{ONLINE_ON_AREA_PAGES + 1} more are delivered online" in area
    assert 'href="../../offers/online/"' in (out / "areas/riverside/index.html").read_text()
    online = listing_text(out, "offers/online/")
    assert all(f"Video call {n}" in online for n in range(ONLINE_ON_AREA_PAGES + 1))


def test_an_organisation_logo_in_images_is_published_and_shown(content: WriteContent, tmp_path: Path) -> None:
    from .conftest import ORGANISATION

    root = content(
        {
            "organisations/riverside-tenants.yaml": ORGANISATION
            + "logo: images/riverside.png\nlogo_alt: Riverside\n",
            "organisations/images/riverside.png": PNG,
        }
    )
    out = tmp_path / "site"
    result = build_site(
        BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True, cache=tmp_path / "c")
    )
    assert result.warnings == []
    assert (out / "media/organisations/images/riverside.png").read_bytes() == PNG
    assert (out / "media/organisations/images/riverside.png.480w.webp").read_bytes()[8:12] == b"WEBP"
    page = (out / "organisations/riverside-tenants/index.html").read_text()
    media = "../../media/organisations/images/riverside.png"
    assert (
        f'<img src="{media}.480w.webp" srcset="{media}.480w.webp 480w, {media}.960w.webp 960w" sizes="15rem" '
        'alt="Riverside" class="logo">'
    ) in page


@pytest.mark.parametrize("workers", [1, 2])
def test_pages_are_rendered_by_as_many_processes_as_the_workers_option_says(
    content: WriteContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    from catalogue import pipeline
    from catalogue.publish import workers as workers_module

    started: list[int] = []
    pool = workers_module.ProcessPoolExecutor

    def counted(count: int, *args: object, **kwargs: object) -> object:
        started.append(count)
        return pool(count, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)  # as if this small site had thousands of pages
    monkeypatch.setattr(workers_module, "ProcessPoolExecutor", counted)
    options = BuildOptions(content=content(), out=tmp_path / "out", today=TODAY, search=False, quiet=True)
    options.workers, options.cache = workers, tmp_path / "c"
    result = build_site(options)
    assert started == ([] if workers == 1 else [2])  # forked once for the whole build
    assert (tmp_path / "out/offers/green-minds/walk/index.html").is_file() and result.pages > 2
