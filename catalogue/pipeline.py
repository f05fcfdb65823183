"""The build: one orchestrator that lists the stages in order.

    check -> model -> plan -> render -> index -> publish

Everything is read and checked before anything is written; each output file gets a
fingerprint of what it shows, and only files whose fingerprint the staging copy lacks
are rendered and written (publish/generations.py); the staging copy is swapped in only
once it is complete, search index included. One exception comes first: when nothing but a few
offers changed since the last build, their pages are published at once (changed_offer_pages,
the preview's fast path too), and put back if the build fails. docs/architecture.md draws it.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .checks.check import CheckResult, check_content
from .content.history import git_head
from .errors import BuildError, ContentError, Problem
from .incremental.fastpath import OfferPages, changed_offer_pages
from .incremental.fingerprint import Fingerprinter, index_fingerprint, page_fingerprints, unchanged_parts
from .incremental.memo import Memo, load_cards, load_memo, save_cards, save_memo_aside
from .incremental.outputs import Output, other_outputs
from .incremental.snapshot import (
    Frame,
    Snapshot,
    changed_offers,
    frame,
    load_snapshot,
    save_snapshot,
    take_snapshot,
)
from .incremental.uptodate import Recorded, input_state, record, recorded, scan
from .model.catalogue import Catalogue
from .model.making import build_catalogue, other_languages
from .model.objects import Site
from .publish.early import EarlyWrite, write_early
from .publish.folders import SEARCH, generation_cache, published_token
from .publish.generations import Generation, open_generation, output_lock
from .publish.workers import Workers
from .search.pagefind import Indexing, by_search_part
from .search.parts import part_paths
from .search.parts import plan as search_plan
from .site.page import Page
from .site.pages import base_path, every_page, site_base_url
from .site.render import PageRenderer, Renderers, RenderSettings, page_renderer

PROJECT_DIR = Path(__file__).resolve().parent.parent
CACHE = Path(".cache")  # the memo, offer cards, snapshot and manifests of builds run here; git-ignored
PARALLEL_FROM = 400  # pages; below this, starting worker processes costs more than it saves
RENDER_BETWEEN_LOOKS = 2000  # pages not searched rendered before looking whether Pagefind can go on


def default_workers() -> int:
    return min(os.cpu_count() or 1, 8)


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
    workers: int = field(default_factory=default_workers)  # processes that render pages; 1: this one
    cache: Path = CACHE
    script_source: str = ""  # the preview's live-reload script, allowed by the policy by its hash


@dataclass
class BuildResult:
    warnings: list[Problem]
    pages: int
    offers: int
    files: int
    written: list[str]
    searched: bool
    seconds: float
    read_content: bool = True  # False when nothing had changed and the build read no content
    search_fingerprint: str = ""
    search_parts: list[list[str]] = field(default_factory=list)  # the offer pages of each part
    timings: dict[str, float] = field(default_factory=dict)  # seconds, by stage


@dataclass
class Plan:
    """Every file of the site with its fingerprint, and how to make it."""

    fingerprints: Fingerprinter
    renderer: Renderers
    pages: list[Page]
    page_prints: list[str]
    others: list[Output]
    wanted: dict[str, str]  # every output path -> its fingerprint
    search_parts: list[list[str]]
    search_print: str
    views: list[Catalogue] = field(default_factory=list)  # the catalogue in the site's other languages


class Stages:
    """Times each stage of a build, and says what it is doing unless quiet."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def say(self, message: str) -> None:
        if not self.quiet:
            print(f"  {message}…", file=sys.stderr, flush=True)


def check(content: Path, display: str, today: dt.date, memo: Memo) -> CheckResult:
    """The check stage: every content file, read and checked through the memo."""
    result = check_content(
        content, display, today, read=memo.read, check=memo.checker(), commits=memo.commits
    )
    memo.forget_missing(set(result.tree.files))
    return result


class Pipeline:
    """Builds one site, again and again: the stages in order, and what a build leaves the next.

    A build from the command line keeps the memo, offer cards and snapshot in options.cache
    between runs; the preview hands in a memo and keeps all three here, in memory.
    """

    def __init__(self, options: BuildOptions, memo: Memo | None = None) -> None:
        self.options = options
        self.memo = memo
        self.in_memory = memo is not None
        self.cards: dict[str, dict[Any, Markup]] = {}  # by the fingerprints' global digest
        self.cards_loaded = 0  # how many of them the last build found
        self.snapshot: Snapshot | None = None

    @property
    def output_cache(self) -> Path:
        """Where this output folder's manifests, record and snapshot are kept."""
        return generation_cache(self.options.out, self.options.cache)

    def build(self) -> BuildResult:
        """Check, plan, render, index and publish the whole site into options.out."""
        started = time.perf_counter()
        stages = Stages(self.options.quiet)
        state, seen = "", None
        if not self.in_memory:
            with stages("scan"):
                state, seen = self._scan()
                known = recorded(self.options.out, self.options.cache, state)
            if known is not None:
                figures = (known.pages, known.offers, known.files)
                seconds = time.perf_counter() - started
                return BuildResult(
                    known.warnings, *figures, [], False, seconds, False, timings=stages.seconds
                )
        with output_lock(self.options.out, self.options.cache):
            first = self._publish_first(seen, stages) if seen else None
            try:
                result = self._build(stages, state, seen)
            except BaseException:
                if first:
                    first.undo()
                raise
            if first:
                first.done()
        result.seconds = time.perf_counter() - started
        return result

    def _build(self, stages: Stages, state: str, seen: Frame | None) -> BuildResult:
        options = self.options
        memo = self.memo or load_memo(options.cache)
        with stages("check"):
            checked = check(options.content, options.content_display, options.today, memo)
        saved = save_memo_aside(memo, options.cache) if not self.in_memory else lambda: None
        try:
            if checked.errors:
                raise ContentError(checked.problems)
            with stages("model"):
                catalogue = build_catalogue(checked.tree, checked.updated, options.today, options.drafts)
            with stages("plan"):
                plan = self.plan(catalogue, checked)
            written, searched = self._write(plan, stages)
        finally:
            saved()
        with stages("remember"):
            self._remember(plan, checked, catalogue, state, seen)
        return BuildResult(
            checked.warnings,
            len(plan.pages),
            len(catalogue.current_offers),
            len(plan.wanted),
            written,
            searched,
            0.0,
            search_fingerprint=plan.search_print,
            search_parts=plan.search_parts,
            timings=stages.seconds,
        )

    def _write(self, plan: Plan, stages: Stages) -> tuple[list[str], bool]:
        """Render, index and publish; the paths written, and whether search was indexed."""
        generation = open_generation(self.options.out, self.options.cache)
        try:
            with stages("render"):
                written, indexing = self.render(plan, generation, stages)
            with stages("index"):
                self.index(plan, generation, indexing)
            with stages("publish"):
                generation.publish()
        except BaseException:
            generation.abandon()
            raise
        return written, indexing is not None

    def _scan(self) -> tuple[str, Frame]:
        """The state of everything a build reads, by status, and its frame (see snapshot.frame)."""
        options = self.options
        scanned = scan([f for f in (options.content, options.templates, options.static) if f.exists()])
        settings, head = self._settings(), git_head(options.content)
        return input_state(scanned, settings, head), frame(scanned, settings, head, options.content)

    def _settings(self) -> list[str]:
        """The options a build's output depends on, for uptodate.input_state."""
        options = self.options
        return [
            str(options.content.resolve()),
            options.content_display,
            str(options.out.resolve()),
            options.base_url or "",
            str(options.drafts),
            options.today.isoformat(),
            str(options.search),
            str(options.preview),
            options.script_source,
        ]

    # --- the stages ------------------------------------------------------------------------

    def plan(self, catalogue: Catalogue, checked: CheckResult) -> Plan:
        """Every page and file of the site, each with the fingerprint of what it shows."""
        options = self.options
        base_url = site_base_url(options.base_url or catalogue.site.base_url)
        site_digest = checked.tree.site.digest if checked.tree.site else ""
        fingerprints = self.fingerprinter(catalogue.site, site_digest)
        cards = self._cards(fingerprints.global_digest)
        views = [catalogue, *other_languages(catalogue, checked.tree, checked.updated)]
        renderer = Renderers(
            {v.site.language.prefix: self.renderer(v.site, fingerprints, cards) for v in views}
        )
        parts = search_plan(catalogue.offers, [view.site.language.prefix for view in views])
        pages = every_page(views, base_path(base_url), part_paths(len(parts)))
        page_prints = [fingerprints.page(p.path, p.template, p.context) for p in pages]
        others = other_outputs(
            catalogue, pages, fingerprints, options.content, options.static, base_url, views[1:]
        )
        wanted = {p.path: f for p, f in zip(pages, page_prints, strict=True)}
        offer_prints = {p.path: wanted[p.path] for p in pages if p.template == "offer.html"}
        wanted.update({o.path: o.fingerprint for o in others})
        if len(wanted) < len(pages) + len(others):  # a bug, or content the checks should have refused
            paths = [p.path for p in pages] + [o.path for o in others]
            twice = sorted({path for path in paths if paths.count(path) > 1})
            raise BuildError(f"two files of the site would be written to {', '.join(twice[:3])}")
        search_print = index_fingerprint(parts, offer_prints)
        prints = page_prints
        return Plan(fingerprints, renderer, pages, prints, others, wanted, parts, search_print, views[1:])

    def render(self, plan: Plan, generation: Generation, stages: Stages) -> tuple[list[str], Indexing | None]:
        """Write what changed into the staging copy; Pagefind starts as soon as the offer pages are in."""
        stale = [i for i, p in enumerate(plan.pages) if generation.needs(p.path, plan.page_prints[i])]
        stale_others = [o for o in plan.others if generation.needs(o.path, o.fingerprint)]
        # Before Pagefind reads the copy, so that no removed offer is indexed:
        generation.remove_stale(set(plan.wanted))
        stages.say(f"rendering {len(stale)} of {len(plan.pages)} pages")
        searched, rest = by_search_part([plan.pages[i].path for i in stale], plan.search_parts)
        indexing = self._start_search(plan, generation, stages)
        job = partial(_write, plan, generation, stale_others)
        try:
            with Workers(self.options.workers, job, PARALLEL_FROM) as workers:
                # Each part's pages, then Pagefind on them while the next part's and the rest render.
                for part, places in enumerate(searched):
                    self._render(workers, plan, [stale[i] for i in places])
                    if indexing:
                        indexing.ready(part)
                for start in range(0, len(rest), RENDER_BETWEEN_LOOKS):
                    self._render(
                        workers, plan, [stale[i] for i in rest[start : start + RENDER_BETWEEN_LOOKS]]
                    )
                    if indexing:
                        indexing.advance()
                workers.run(lambda chunk: ("others", chunk), range(len(stale_others)))
            generation.record(plan.wanted)
        except BaseException:
            if indexing:
                indexing.stop()
            raise
        return [plan.pages[i].path for i in stale] + [o.path for o in stale_others], indexing

    def index(self, plan: Plan, generation: Generation, indexing: Indexing | None) -> None:
        """Wait for Pagefind; the staging copy then records the index it holds."""
        if indexing is None:
            return
        try:
            indexing.wait()
        except BaseException:
            indexing.stop()
            raise
        generation.record({SEARCH: plan.search_print})

    def _remember(
        self, plan: Plan, checked: CheckResult, catalogue: Catalogue, state: str, seen: Frame | None
    ) -> None:
        """What the next build reuses: the offer cards, the up-to-date record, the snapshot."""
        options, cards = self.options, plan.renderer.cards
        if not self.in_memory and len(cards) > self.cards_loaded:
            live = {plan.fingerprints.offer(o) for o in catalogue.offers}
            kept = {k: v for k, v in cards.items() if k[0] in live}
            save_cards(options.cache, plan.fingerprints.global_digest, kept)
        token = "" if self.in_memory else published_token(options.out)
        self.snapshot = take_snapshot(token, seen, checked, catalogue, plan.views)
        if not self.in_memory:
            made = Recorded(
                len(plan.pages), len(catalogue.current_offers), len(plan.wanted), checked.warnings
            )
            record(options.out, options.cache, state, made)
            save_snapshot(self.output_cache, self.snapshot)

    # --- rendering ------------------------------------------------------------------------

    def fingerprinter(self, site: Site, site_digest: str) -> Fingerprinter:
        """Page fingerprints for these options, site settings, templates and generator."""
        options = self.options
        base_url = site_base_url(options.base_url or site.base_url)
        return page_fingerprints(site_digest, options.templates, base_url, options.drafts, options.preview)

    def renderer(
        self, site: Site, fingerprints: Fingerprinter | None = None, cards: dict[Any, Markup] | None = None
    ) -> PageRenderer:
        """A renderer with these options, site settings and templates (cards: see site.render.CardCache)."""
        options = self.options
        settings = RenderSettings(
            site_base_url(options.base_url or site.base_url),
            options.today,
            options.drafts,
            options.preview,
            options.script_source,
        )
        fingerprint = fingerprints.offer if fingerprints else None
        return page_renderer(options.templates, site, settings, fingerprint, cards)

    def _cards(self, global_digest: str) -> dict[Any, Markup]:
        """The offer cards rendered by earlier builds with the same templates and site settings."""
        if global_digest not in self.cards:  # templates or site changed: every card is stale
            kept = load_cards(self.options.cache, global_digest) if not self.in_memory else {}
            self.cards = {global_digest: kept}
        self.cards_loaded = len(self.cards[global_digest])
        return self.cards[global_digest]

    @staticmethod
    def _render(workers: Workers, plan: Plan, pages: list[int]) -> None:
        """Render and write these pages; keep the offer cards the other processes rendered."""
        for cards in workers.run(lambda chunk: ("pages", chunk), pages):
            plan.renderer.cards.update(cards)

    def _start_search(self, plan: Plan, generation: Generation, stages: Stages) -> Indexing | None:
        """Start re-indexing when the indexed pages changed; drop the index for --no-search builds."""
        if self.options.preview:
            return None  # the preview indexes in the background, after the pages are served
        if not self.options.search:
            generation.drop_search()
            return None
        if not generation.needs(SEARCH, plan.search_print):
            generation.record({SEARCH: plan.search_print})  # the copy's index is still the right one
            return None
        stages.say("indexing for search")
        before = generation.previous.get(SEARCH) if generation.previous is not None else None
        unchanged = unchanged_parts(before, plan.search_print) if before else set()
        parts = plan.search_parts
        return Indexing(generation.folder, parts, reuse=before is not None, unchanged=unchanged)

    # --- the fast path: a changed offer's page, before anything else ---------------------------

    def _publish_first(self, seen: Frame, stages: Stages) -> EarlyWrite | None:
        """Publish the pages of the offers changed since the last build, when nothing else changed."""
        self.snapshot = load_snapshot(self.output_cache)
        if self.snapshot is None or self.snapshot.token != published_token(self.options.out):
            return None  # the published folder is not the one the snapshot describes
        changed = changed_offers(seen, self.snapshot)
        made = self.changed_offer_pages(changed) if changed else None
        first = write_early(self.options.out, self.options.cache, made.pages) if made else None
        if first:
            count = len(first.paths)
            offers = "1 changed offer" if count == 1 else f"{count} changed offers"
            stages.say(f"published the page of {offers} first")
        return first

    def changed_offer_pages(self, files: Iterable[Path]) -> OfferPages | None:
        """The pages of changed offer files, rendered from the last build's snapshot as the next full
        build will render them; None when a file is not an offer that had a page, or has an error."""
        if self.snapshot is None:
            return None
        options = self.options
        return changed_offer_pages(
            self.snapshot, files, options.content, options.today, options.drafts, self.renderer
        )


def build_site(options: BuildOptions) -> BuildResult:
    """One build, as `python build.py build` runs it."""
    return Pipeline(options).build()


def _write(plan: Plan, generation: Generation, others: list[Output], work: tuple[str, list[int]]) -> Any:
    """One worker's share: render and write pages (returning the offer cards it rendered), or make
    and write other files."""
    kind, chunk = work
    if kind == "others":
        for index in chunk:
            generation.write(others[index].path, others[index].make())
        return []
    known = len(plan.renderer.cards)
    for index in chunk:
        page = plan.pages[index]
        generation.write(page.path, plan.renderer.render(page).encode())
    return list(islice(plan.renderer.cards.items(), known, None))
