"""Areas mean the same on every page and in search, each offer is listed once, and the pages
explain themselves: a built sample site, read as a visitor would."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path

import pytest
from PIL import Image, ImageFilter

from catalogue.checks.check import check_content
from catalogue.pipeline import BuildOptions, build_site

from .conftest import OFFER, TODAY, WriteContent
from .sitecheck import listing_pages, page_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("areas") / "site"
    build_site(BuildOptions(content=ROOT / "content", out=out, today=TODAY, search=False, quiet=True))
    return out


def cards(page: Path) -> list[str]:
    return re.findall(r'<article class="card" data-offer="([^"]+)"', page.read_text())


def cards_html(site: Path, url: str) -> list[str]:
    pages = "".join(page.read_text() for page in listing_pages(site, url))
    return re.findall(r'<article class="card".*?</article>', pages, re.S)


def listed(site: Path, url: str) -> list[str]:
    return [key for page in listing_pages(site, url) for key in cards(page)]


def search_areas(site: Path) -> dict[str, set[str]]:
    """Each area label search can filter by, with the offers found under it (their pages' filters)."""
    found: dict[str, set[str]] = defaultdict(set)
    for page in site.glob("offers/*/*/index.html"):
        key = "/".join(page.parts[-3:-1])
        for label in re.findall(r'data-pagefind-filter="area">([^<]+)<', page.read_text()):
            found[label.replace("&amp;", "&")].add(key)
    return found


def area_labels(site: Path) -> dict[str, str]:
    text = (site / "areas/index.html").read_text()
    return {
        area: label.replace("&amp;", "&")
        for area, label in re.findall(r'href="[^"]*areas/([a-z0-9-]+)/">([^<]+)<', text)
    }


def covering(site: Path, url: str) -> set[str]:
    """The offers a listing shows as covering its area in person (their cards say "Covers …")."""
    found = set()
    for page in listing_pages(site, url):
        for key, note in re.findall(
            r'data-offer="([^"]+)".*?<p class="card-note">([^<]*)<', page.read_text(), re.S
        ):
            if note.startswith("Covers"):
                found.add(key)
    return found


def test_search_s_area_filter_finds_what_each_area_s_page_lists(site: Path) -> None:
    by_filter = search_areas(site)
    labels = area_labels(site)
    assert "clydebank" in labels and len(labels) > 10
    for area, label in labels.items():
        assert covering(site, f"areas/{area}/") == by_filter.get(label, set()), area
    # An offer for West Dunbartonshire is found under Clydebank, a place inside it.
    wide = "canal-clay/memory-tiles"
    own = (ROOT / "content/suppliers/canal-clay/offers/memory-tiles.yaml").read_text()
    assert wide in by_filter["Clydebank"] and "west-dunbartonshire" in own and "clydebank" not in own


def test_no_listing_page_shows_an_offer_twice(site: Path) -> None:
    for page in site.rglob("index.html"):
        shown = cards(page)
        assert len(shown) == len(set(shown)), page.relative_to(site)


def test_a_card_on_an_area_s_page_says_how_the_offer_reaches_the_area(site: Path) -> None:
    text = " ".join(
        page_text(site, page.relative_to(site).as_posix()) for page in listing_pages(site, "areas/clydebank/")
    )
    assert "Covers Clydebank (via West Dunbartonshire)" in text
    assert "Covers Clydebank" in text.replace("Covers Clydebank (via", "")
    assert "Covers" not in page_text(site, "offers/")


def test_an_area_s_page_for_a_category_lists_just_those_offers(site: Path) -> None:
    area = set(listed(site, "areas/clydebank/"))
    category = set(listed(site, "categories/arts-creativity/"))
    both = set(listed(site, "areas/clydebank/arts-creativity/"))
    assert both == area & category and both
    assert (
        'href="../../areas/clydebank/arts-creativity/">Arts &amp; creativity</a> ('
        in (site / "areas/clydebank/index.html").read_text()
    )
    links = (site / "categories/arts-creativity/index.html").read_text()
    assert 'href="../../areas/clydebank/arts-creativity/">Clydebank</a>' in links


def test_a_category_may_not_take_the_id_the_listing_pages_use(content: WriteContent) -> None:
    site_yaml = (ROOT / "tests/conftest.py").read_text()  # only to be sure the base tree has categories
    assert "categories:" in site_yaml
    root = content()
    text = (root / "site.yaml").read_text().replace("  - id: arts\n", "  - id: page\n")
    (root / "site.yaml").write_text(text)
    (root / "suppliers/green-minds/offers/walk.yaml").write_text(
        (root / "suppliers/green-minds/offers/walk.yaml").read_text()
    )
    messages = [p.format() for p in check_content(root, "content", TODAY).errors]
    assert messages == [
        'content/site.yaml:9:9: error: categories[1].id: "page" is taken by the site\'s own pages; choose another id'
    ]


def test_offer_pictures_and_logos_show_with_their_text_alternatives(site: Path) -> None:
    page = (site / "offers/canal-clay/pottery-taster/index.html").read_text()
    assert (
        '<img class="offer-image" src="../../../media/canal-clay/images/pottery-taster.svg" '
        'alt="A glazed terracotta bowl on a potter&#39;s wheel"' in page
    )
    assert (site / "media/canal-clay/images/pottery-taster.svg").is_file()
    listing = "".join(page.read_text() for page in listing_pages(site, "categories/arts-creativity/"))
    assert (
        'class="card-image" src="../../media/canal-clay/images/pottery-taster.svg" alt="A glazed' in listing
    )
    assert 'loading="lazy"' in listing
    supplier = (site / "suppliers/canal-clay/index.html").read_text()
    assert 'src="../../media/canal-clay/images/logo.svg" alt="Canal Clay Studio logo"' in supplier


def test_a_photo_comes_in_copies_sized_for_cards_and_pages(site: Path) -> None:
    media = site / "media/kelvin-walkers/images"
    original = (media / "health-walks.jpg").stat().st_size
    for width in (480, 960):
        copy = media / f"health-walks.jpg.{width}w.webp"
        with Image.open(copy) as image:
            assert (image.format, image.width) == ("WEBP", width)
        assert copy.stat().st_size < original / 2
    url = "../../media/kelvin-walkers/images/health-walks.jpg"
    card = next(c for c in cards_html(site, "categories/movement-outdoors/") if "health-walks" in c)
    assert (
        f'<img class="card-image" src="{url}.480w.webp" srcset="{url}.480w.webp 480w, {url}.960w.webp 960w" '
        'sizes="(min-width: 40em) 22rem, 100vw" alt="Drawing of three walkers on a path over green hills" '
        'loading="lazy"'
    ) in card


def test_a_supplier_s_large_photo_is_published_small(content: WriteContent, tmp_path: Path) -> None:
    grain = Image.effect_noise((2400, 1600), 60).filter(ImageFilter.GaussianBlur(2))  # a photo's detail
    photo = io.BytesIO()
    grain.convert("RGB").save(photo, "JPEG", quality=80)
    assert 300_000 < len(photo.getvalue()) < 1024 * 1024
    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": OFFER + "image: images/photo.jpg\nimage_alt: A walk\n",
            "suppliers/green-minds/images/photo.jpg": photo.getvalue(),
        }
    )
    out = tmp_path / "site"
    build_site(
        BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True, cache=tmp_path / "c")
    )
    small = out / "media/green-minds/images/photo.jpg.480w.webp"
    with Image.open(small) as image:
        assert image.size == (480, 320)
    assert small.stat().st_size < len(photo.getvalue()) / 10


def test_pages_explain_the_words_they_use_and_phone_numbers_can_be_tapped(site: Path) -> None:
    offer = page_text(site, "offers/kelvin-walkers/health-walks")
    assert "Words on this page" in offer
    assert "SCIO Scottish charitable incorporated organisation" in offer
    assert "PVG Protecting Vulnerable Groups" in offer
    supplier = (site / "suppliers/kelvin-walkers/index.html").read_text()
    assert 'href="tel:07700900412">07700 900412</a>' in supplier
    offer = (site / "offers/open-door-counselling/counselling-arabic-farsi/index.html").read_text()
    assert 'or call <a href="tel:01414960472">0141 496 0472</a>' in offer


def test_the_footer_has_one_way_in_for_suppliers(site: Path) -> None:
    footer = (site / "index.html").read_text().split('<footer class="site-footer">', 1)[1]
    assert footer.count("Suppliers:") == 1 and "Add your offer" not in footer
    assert '<a href="contribute/">Suppliers: add or change an offer</a>' in footer
