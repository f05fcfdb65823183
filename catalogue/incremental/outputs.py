"""Every file of the site but its pages, each with the fingerprint of what it shows.

Exports follow the current offers, the sitemap the list of pages, and schemas, static files
and pictures their own bytes: an output whose fingerprint the staging copy already holds is
neither made nor written again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..content.layout import is_raster
from ..content.loader import content_digest
from ..content.schemas import SCHEMA_FILES, schema_text
from ..model.catalogue import Catalogue
from ..site.brand import BRAND_MEDIA
from ..site.exports import (
    absolute,
    atom_feed,
    offers_csv,
    offers_json,
    robots,
    scheme_csv,
    shortlist_json,
    sitemap,
)
from ..site.language import script_words, words_module
from ..site.openreferral import Dataset
from ..site.page import Page
from ..site.pictures import WIDTHS, copy_name, resized
from ..site.render import json_script
from ..site.translated import offer_translations
from .fingerprint import Fingerprinter, digest


@dataclass
class Output:
    """One file of the site: its fingerprint, and how to make its bytes when it changed."""

    path: str
    fingerprint: str
    make: Callable[[], bytes]


def other_outputs(
    catalogue: Catalogue,
    pages: list[Page],
    prints: Fingerprinter,
    content: Path,
    static: Path,
    base_url: str,
    views: Sequence[Catalogue] = (),
) -> list[Output]:
    """Exports, schemas, static files and pictures, each with its fingerprint; views: the catalogue
    in the site's other languages, whose feeds, shortlist data and script words are theirs."""
    return [
        *export_outputs(catalogue, pages, prints, base_url, list(views)),
        *(output for view in views for output in language_outputs(view, prints, base_url)),
        *(_bytes_output(f"schema/{name}.schema.json", schema_text(name).encode()) for name in SCHEMA_FILES),
        *_folder_outputs(static, "static"),
        *picture_outputs(catalogue, content),
    ]


def export_outputs(
    catalogue: Catalogue, pages: list[Page], prints: Fingerprinter, base_url: str, views: list[Catalogue]
) -> list[Output]:
    current = catalogue.current_offers
    offers_print = digest(
        prints.global_digest, catalogue.today.isoformat(), *(prints.offer(o) for o in current)
    )
    translations = offer_translations(views) if views else None
    codes = [view.site.language.code for view in views]
    languages = {language.prefix: language.code for language in catalogue.site.languages} if views else None
    return [
        Output("offers.json", offers_print, lambda: offers_json(catalogue, current, base_url, translations)),
        Output("offers.csv", offers_print, lambda: offers_csv(current, base_url, translations, codes)),
        Output("shortlist/offers.json", offers_print, lambda: shortlist_json(current, base_url)),
        Output("feed.xml", offers_print, lambda: atom_feed(catalogue, current, base_url)),
        Output(
            "sitemap.xml",
            digest(prints.global_digest, *(p.path for p in pages)),
            lambda: sitemap(pages, base_url, languages),
        ),
        Output("robots.txt", prints.global_digest, lambda: robots(base_url)),
        *openreferral_outputs(catalogue, prints, base_url, offers_print),
        *scheme_outputs(catalogue, prints, base_url),
    ]


def language_outputs(view: Catalogue, prints: Fingerprinter, base_url: str) -> list[Output]:
    """A language's own feed and shortlist data under its folder, and its words for the scripts."""
    language = view.site.language
    current = view.current_offers
    home = absolute(base_url, language.prefix)
    offers_print = digest(
        prints.global_digest, language.code, view.today.isoformat(), *map(prints.offer, current)
    )
    words = json_script(script_words(language.code))
    outputs = [
        Output(
            f"{language.prefix}shortlist/offers.json", offers_print, lambda: shortlist_json(current, home)
        ),
        Output(f"{language.prefix}feed.xml", offers_print, lambda: atom_feed(view, current, home)),
    ]
    if words_module(language.code):
        module = f"// The scripts' words in {language.label}, from catalogue/locale (static/i18n.js).\n"
        module += f"export default {words};\n"
        outputs.append(_bytes_output(f"static/words/{words_module(language.code)}.js", module.encode()))
    return outputs


def scheme_outputs(catalogue: Catalogue, prints: Fingerprinter, base_url: str) -> list[Output]:
    """scheme.csv, when the scheme is published: it follows the organisations, suppliers and orders
    it lists (their fingerprints carry their orders' files)."""
    scheme = catalogue.scheme
    if not scheme.published:
        return []
    fingerprint = digest(prints.global_digest, prints.value(scheme))
    return [Output("scheme.csv", fingerprint, lambda: scheme_csv(scheme, base_url))]


def openreferral_outputs(
    catalogue: Catalogue, prints: Fingerprinter, base_url: str, offers_print: str
) -> list[Output]:
    """The Open Referral UK files: the lists and tables follow the current offers; each service's
    file its own offer only (nothing in it depends on today or on the other offers), so a changed
    offer rewrites its file and the lists; the root, taxonomies and package the site alone."""
    dataset = Dataset(catalogue, base_url)
    return [
        *(Output(path, offers_print, make) for path, make in dataset.listing_files()),
        *(
            Output(
                dataset.service_path(offer),
                digest(prints.global_digest, prints.offer(offer)),
                partial(dataset.service_file, offer),
            )
            for offer in dataset.offers
        ),
        *(Output(path, prints.global_digest, make) for path, make in dataset.site_files()),
    ]


def picture_outputs(catalogue: Catalogue, content: Path) -> list[Output]:
    """Suppliers' logos and offers' images, organisations' logos and the scheme's, under media/,
    each with its copies sized for cards and pages (made again only when the picture changes)."""
    pictures = []
    if catalogue.site.brand_logo:
        pictures.append((content / catalogue.site.brand_logo, BRAND_MEDIA + catalogue.site.brand_logo))
    for supplier in catalogue.suppliers.values():
        folder = content / "suppliers" / supplier.id
        for name in sorted(set(filter(None, [supplier.logo, *(o.image for o in supplier.offers)]))):
            pictures.append((folder / name, f"media/{supplier.id}/{name}"))
    for organisation in catalogue.organisations.values():
        if organisation.logo:
            source = content / "organisations" / organisation.logo
            pictures.append((source, f"media/organisations/{organisation.logo}"))
    return [output for source, path in pictures for output in _picture_outputs(source, path)]


def _picture_outputs(source: Path, path: str) -> list[Output]:
    # Content pictures were checked: inside their folder, no links, readable.
    data = source.read_bytes()
    outputs = [_bytes_output(path, data)]
    if is_raster(path):
        source_print = content_digest(data)
        for width in WIDTHS:
            copy = copy_name(path, width)
            outputs.append(Output(copy, digest(copy, source_print), partial(resized, data, width)))
    return outputs


def _folder_outputs(folder: Path, prefix: str) -> list[Output]:
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return [_file_output(f, f"{prefix}/{f.relative_to(folder).as_posix()}") for f in files]


def _file_output(source: Path, path: str) -> Output:
    # Content pictures were checked: inside their folder, no links.
    return _bytes_output(path, source.read_bytes())


def _bytes_output(path: str, data: bytes) -> Output:
    return Output(path, digest(path, content_digest(data)), lambda: data)
