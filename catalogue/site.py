"""The build: the one orchestrator that lists the stages in order.

check -> model -> plan every output file with its fingerprint -> render and write
the files whose fingerprint changed into a staging folder beside the output ->
index for search -> swap the staging folder in. Nothing is written until all
content has been read and checked, and the published folder is replaced only
once the new one is complete. The one exception comes first: the pages of changed
offers that pass their own checks, published at once and put back if the build
fails (early.py).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment
from markupsafe import Markup

from .cache import Memo, code_digest, load_cards, load_memo, save_cards, save_memo_aside
from .children import die_with_parent
from .exports import atom_feed, offers_csv, offers_json, robots, shortlist_json, sitemap
from .fingerprint import Fingerprinter, digest, folder_digest
from .generations import SEARCH, BuildError, Generation, open_generation, output_lock, write_file
from .loader import content_digest
from .model import Catalogue, Site, build_catalogue
from .pages import Page, list_pages
from .problems import ContentError, Problem
from .render import make_environment
from .schemas import SCHEMA_FILES, schema_text
from .search import INDEXED, Indexing, plan, unchanged_parts
from .search import fingerprint as search_fingerprint
from .uptodate import Recorded, git_head, input_state, library_versions, record, recorded, scan
from .validate import CheckResult, check_content

__all__ = ["CACHE", "BuildError", "BuildOptions", "BuildResult", "build_site"]

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
PARALLEL_FROM = 400  # pages; below this, starting worker processes costs more than it saves
CACHE = Path(".cache")  # the memo, offer cards and manifests of builds run here; git-ignored


@dataclass
class BuildOptions:
    content: Path
    out: Path
    content_display: str = "content"
    base_url: str | None = None
    drafts: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    search: bool = True
    templates: Path = PROJECT_DIR / "templates"
    static: Path = PROJECT_DIR / "static"
    preview: bool = False
    quiet: bool = False
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    cache: Path = CACHE
    memo: Memo | None = None  # kept in memory by the preview; loaded from and saved to `cache` otherwise
    extra_script_src: str = ""  # the preview's live-reload script, allowed by its hash


@dataclass
class BuildResult:
    check: CheckResult | None  # None when the build found nothing changed and read no content
    warnings: list[Problem]
    pages: int
    offers: int
    files: int
    written: list[str]
    searched: bool
    seconds: float
    search_fingerprint: str = ""
    catalogue: Catalogue | None = None
    renderer: PageRenderer | None = None  # renders any page exactly as this build did
    search_parts: list[list[str]] = field(default_factory=list)  # search.plan of this build's offers


@dataclass
class PageRenderer:
    """Renders a page with one build's templates and site-wide values."""

    environment: Environment
    common: dict[str, object]

    @property
    def cards(self) -> dict[Any, Markup]:
        """The offer cards rendered so far, by offer fingerprint, page depth and heading."""
        cards: dict[Any, Markup] = self.environment.globals["card"].cards  # type: ignore[attr-defined]
        return cards

    def render(self, page: Page) -> str:
        template = self.environment.get_template(page.template)
        return template.render({**self.common, **page.context, "page": page, "root": page.root_prefix()})


@dataclass
class Output:
    """One file of the site: its fingerprint, and how to make its bytes when it changed."""

    path: str
    fingerprint: str
    make: Callable[[], bytes]


def build_site(options: BuildOptions, check: CheckResult | None = None) -> BuildResult:
    """Check, plan, render and publish the whole site into options.out."""
    from . import early  # it renders pages with this module's PageRenderer

    started = time.perf_counter()
    state, seen = "", None
    if options.memo is None and check is None:  # the preview keeps its own memory instead
        scanned = scan([f for f in (options.content, options.templates, options.static) if f.exists()])
        settings, head = _settings(options), git_head(options.content)
        state = input_state(scanned, settings, head)
        known = recorded(options.out, options.cache, state)
        if known is not None:
            seconds = time.perf_counter() - started
            figures = (known.pages, known.offers, known.files)
            return BuildResult(None, known.warnings, *figures, [], False, seconds)
        seen = early.frame(scanned, settings, head, options.content)
    with output_lock(options.out, options.cache):
        first = early.publish_early(options, seen) if seen else None
        if first:
            _progress(options, f"published the page of {_offers(len(first.paths))} first")
        try:
            memo = options.memo or load_memo(options.cache)
            check = check or check_content(options.content, options.content_display, options.today, memo)
            saved = save_memo_aside(memo, options.cache) if options.memo is None else lambda: None
            try:
                result = _build_checked(options, check, memo, state, started)
            finally:
                saved()
        except BaseException:
            if first:
                first.undo()
            raise
        if first:
            first.done()
        if seen and result.catalogue:
            early.save_snapshot(options, seen, check, result.catalogue)
        return result


def _offers(count: int) -> str:
    return "1 changed offer" if count == 1 else f"{count} changed offers"


def _build_checked(
    options: BuildOptions, check: CheckResult, memo: Memo, state: str, started: float
) -> BuildResult:
    if check.errors:
        raise ContentError(check.problems)
    catalogue = build_catalogue(check, options.today, options.drafts)
    base_url = site_base_url(options.base_url or catalogue.site.base_url)
    fingerprints = fingerprinter(options, catalogue.site, check.tree.site.digest if check.tree.site else "")
    if fingerprints.global_digest not in memo.cards:  # templates or site changed: every card is stale
        kept = load_cards(options.cache, fingerprints.global_digest) if options.memo is None else {}
        memo.cards = {fingerprints.global_digest: kept}
    cards = memo.cards[fingerprints.global_digest]
    known_cards = len(cards)
    renderer = page_renderer(options, catalogue.site, fingerprints, cards)
    parts = plan(catalogue.offers)
    pages = list(list_pages(catalogue, base_path(base_url), len(parts)))
    page_prints = [fingerprints.page(p.path, p.template, p.context) for p in pages]
    others = other_outputs(catalogue, pages, fingerprints, options, base_url)
    wanted = {p.path: f for p, f in zip(pages, page_prints, strict=True)}
    offer_prints = {p.path: wanted[p.path] for p in pages if p.template == "offer.html"}
    search_print = search_fingerprint(parts, offer_prints)
    wanted.update({o.path: o.fingerprint for o in others})

    generation = open_generation(options.out, options.cache)
    try:
        stale_pages = [i for i, p in enumerate(pages) if generation.needs(p.path, page_prints[i])]
        stale_others = [o for o in others if generation.needs(o.path, o.fingerprint)]
        generation.remove_stale(set(wanted))  # before Pagefind reads the copy: no removed offer is indexed
        _progress(options, f"rendering {len(stale_pages)} of {len(pages)} pages")
        # The pages search reads first; Pagefind then indexes them while the rest is rendered.
        searched_first: list[int] = []
        rest: list[int] = []
        for i in stale_pages:
            (searched_first if _indexed(pages[i]) else rest).append(i)
        render_pages(renderer, pages, searched_first, generation.folder)
        indexing = _start_search(generation, options, search_print, parts)
        try:
            render_pages(renderer, pages, rest, generation.folder)
            for output in stale_others:
                generation.write(output.path, output.make())
            generation.record(wanted)
            if indexing:
                indexing.wait()
                generation.record({SEARCH: search_print})
        except BaseException:
            if indexing:
                indexing.stop()
            raise
        searched = indexing is not None
        generation.publish()
        if options.memo is None and len(cards) > known_cards:
            live = {fingerprints.offer(o) for o in catalogue.offers}
            save_cards(
                options.cache, fingerprints.global_digest, {k: v for k, v in cards.items() if k[0] in live}
            )
    except BaseException:
        generation.abandon()
        raise
    written = [pages[i].path for i in stale_pages] + [o.path for o in stale_others]
    if state:
        made = Recorded(len(pages), len(catalogue.current_offers), len(wanted), check.warnings)
        record(options.out, options.cache, state, made)
    seconds = time.perf_counter() - started
    return BuildResult(
        check,
        check.warnings,
        len(pages),
        len(catalogue.current_offers),
        len(wanted),
        written,
        searched,
        seconds,
        search_print,
        catalogue,
        renderer,
        parts,
    )


def _settings(options: BuildOptions) -> list[str]:
    """The options a build's output depends on, for uptodate.input_state."""
    return [
        str(options.content.resolve()),
        options.content_display,
        str(options.out.resolve()),
        options.base_url or "",
        str(options.drafts),
        options.today.isoformat(),
        str(options.search),
        str(options.preview),
        options.extra_script_src,
    ]


def site_base_url(url: str) -> str:
    """The absolute URL of the site root, always ending in a slash ('/' when unknown)."""
    return url.rstrip("/") + "/" if url else "/"


def base_path(base_url: str) -> str:
    return urlsplit(base_url).path or "/"


def fingerprinter(options: BuildOptions, site: Site, site_digest: str) -> Fingerprinter:
    """The page fingerprints of a build with these options, site settings and templates."""
    base_url = site_base_url(options.base_url or site.base_url)
    return Fingerprinter(_global_inputs(site_digest, options, base_url))


def page_renderer(
    options: BuildOptions, site: Site, fingerprints: Fingerprinter, cards: dict[Any, Markup]
) -> PageRenderer:
    """The renderer of a build with these options, site settings and templates."""
    base_url = site_base_url(options.base_url or site.base_url)
    environment = make_environment(
        [options.templates], site, options.extra_script_src, fingerprints.offer, cards
    )
    return PageRenderer(environment, _page_context(options, base_url))


def _global_inputs(site_digest: str, options: BuildOptions, base_url: str) -> list[str]:
    return [
        site_digest,
        folder_digest(options.templates),
        code_digest(),  # a new generator or library version may render any page differently
        *library_versions(),
        base_url,
        str(options.drafts),
        str(options.preview),
    ]


def _page_context(options: BuildOptions, base_url: str) -> dict[str, object]:
    return {
        "base_url": base_url,
        "base_path": base_path(base_url),
        "today": options.today,
        "drafts": options.drafts,
        "preview": options.preview,
    }


def other_outputs(
    catalogue: Catalogue, pages: list[Page], prints: Fingerprinter, options: BuildOptions, base_url: str
) -> list[Output]:
    """Exports, schemas, static files and images, each with its fingerprint."""
    current = catalogue.current_offers
    offers_print = digest(
        prints.global_digest, catalogue.today.isoformat(), *(prints.offer(o) for o in current)
    )
    outputs = [
        Output("offers.json", offers_print, lambda: offers_json(catalogue, current, base_url)),
        Output("offers.csv", offers_print, lambda: offers_csv(current, base_url)),
        Output("shortlist/offers.json", offers_print, lambda: shortlist_json(current, base_url)),
        Output("feed.xml", offers_print, lambda: atom_feed(catalogue, current, base_url)),
        Output(
            "sitemap.xml",
            digest(prints.global_digest, *(p.path for p in pages)),
            lambda: sitemap(pages, base_url),
        ),
        Output("robots.txt", prints.global_digest, lambda: robots(base_url)),
    ]
    for name in SCHEMA_FILES:
        outputs.append(_bytes_output(f"schema/{name}.schema.json", schema_text(name).encode()))
    outputs += _file_outputs(options.static, "static")
    for supplier in catalogue.suppliers.values():
        folder = options.content / "suppliers" / supplier.id
        for name in sorted(set(filter(None, [supplier.logo, *(o.image for o in supplier.offers)]))):
            outputs.append(_file_output(folder / name, f"media/{supplier.id}/{name}"))
    for organisation in catalogue.organisations.values():
        if organisation.logo:
            source = options.content / "organisations" / organisation.logo
            outputs.append(_file_output(source, f"media/organisations/{organisation.logo}"))
    return outputs


def _file_outputs(folder: Path, prefix: str) -> list[Output]:
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return [_file_output(f, f"{prefix}/{f.relative_to(folder).as_posix()}") for f in files]


def _file_output(source: Path, path: str) -> Output:
    # Content images were checked by validation: inside their folder, no links.
    return _bytes_output(path, source.read_bytes())


def _bytes_output(path: str, data: bytes) -> Output:
    return Output(path, digest(path, content_digest(data)), lambda: data)


# --- rendering pages, across processes when there are many ---------------------------

_JOB: tuple[PageRenderer, list[Page], Path] | None = None


def render_pages(renderer: PageRenderer, pages: list[Page], indexes: list[int], folder: Path) -> None:
    """Render the pages at indexes and write them into folder."""
    global _JOB
    _JOB = (renderer, pages, folder)
    workers = min(os.cpu_count() or 1, 8)
    if len(indexes) < PARALLEL_FROM or workers < 2:
        _render_chunk(indexes)
        return
    chunks = [indexes[i::workers] for i in range(workers)]
    # Forked workers inherit the catalogue, the compiled templates and the cards rendered so far:
    # nothing is pickled but indexes, and the cards each worker rendered on its way back.
    fork = get_context("fork")
    with ProcessPoolExecutor(workers, fork, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        for cards in pool.map(_render_chunk, chunks):
            renderer.cards.update(cards)


def _render_chunk(indexes: list[int]) -> list[tuple[Any, Markup]]:
    """Render and write pages; the offer cards rendered on the way are returned."""
    assert _JOB is not None
    renderer, pages, folder = _JOB
    known = len(renderer.cards)
    for index in indexes:
        page = pages[index]
        write_file(folder / page.path, renderer.render(page).encode())
    return list(islice(renderer.cards.items(), known, None))


def _indexed(page: Page) -> bool:
    """Whether Pagefind reads this page (search.INDEXED)."""
    return any(PurePosixPath(page.path).match(pattern) for pattern in INDEXED)


def _start_search(
    generation: Generation, options: BuildOptions, search_print: str, parts: list[list[str]]
) -> Indexing | None:
    """Start re-indexing when the indexed pages changed; drop the index for --no-search builds."""
    if options.preview:
        return None  # the preview indexes in the background, after the pages are served
    if not options.search:
        generation.drop_search()
        return None
    if not generation.needs(SEARCH, search_print):
        generation.record({SEARCH: search_print})  # the copy's index is still the right one
        return None
    _progress(options, "indexing for search")
    before = generation.previous.get(SEARCH) if generation.previous is not None else None  # the copy's index
    unchanged = unchanged_parts(before, search_print) if before else set()
    pages = generation.cache / "search-pages"  # kept beside the manifests; the output lock covers both
    return Indexing(generation.folder, parts, reuse=before is not None, unchanged=unchanged, pages=pages)


def _progress(options: BuildOptions, message: str) -> None:
    if not options.quiet:
        print(f"  {message}…", file=sys.stderr, flush=True)
