"""Turning the catalogue into HTML: the Jinja environment, its filters, and one page's render."""

from __future__ import annotations

import datetime as dt
import gettext
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from babel.dates import format_date
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from ..content.languages import display_name
from ..content.translations import Language, language_of
from ..content.words import GLOSSARY, LEGAL_FORMS, UNITS, unit_words
from ..model.money import money
from ..model.objects import Offer, Price, Site
from ..model.translated import Untranslated
from .brand import BRAND_MEDIA, BRAND_STYLESHEET
from .editing import edit_url, repository_url
from .exports import offer_jsonld, shortlist_prices
from .language import ConstantWords, translations, worded, words_module, words_version
from .markdown import markdown_html
from .page import Page
from .pages import base_path
from .pictures import picture

CSP = Markup(
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self' https://github.com"
)


def preview_csp(script_source: str) -> Markup:
    """The published policy plus the one inline script live reload injects (its socket is 'self')."""
    return Markup(str(CSP).replace("script-src 'self'", f"script-src 'self' {script_source}"))


def glossary(
    texts: Iterable[str], units: Iterable[str] = (), _: Callable[[str], str] = str
) -> list[tuple[str, str]]:
    """The words of GLOSSARY that the texts use, and the units named, each with what it means (in
    the page's language: _ is its gettext)."""
    text = " ".join(texts)
    found = [(word, _(meaning)) for word, meaning in GLOSSARY.items() if re.search(rf"\b{word}\b", text)]
    for unit in dict.fromkeys(units):
        if unit in UNITS:
            words = _(UNITS[unit].words)
            found.append((words[:1].upper() + words[1:], _(UNITS[unit].meaning)))
    return found


def offer_words(offer: Offer, _: Callable[[str], str] = str) -> list[tuple[str, str]]:
    """The words an offer's page uses that a reader may need explained (its supplier's name too)."""
    texts = [offer.supplier.name, offer.description, offer.safeguarding, offer.accessibility]
    texts += [price.notes for price in offer.prices]
    return glossary(texts, (price.unit for price in offer.prices), _)


def area_ids(offer: Offer, site: Site) -> list[str]:
    """The ids of the areas an offer is listed under (Site.related_areas), in site.yaml's order."""
    covered = {related for area in offer.areas for related in site.related_areas(area.id)}
    return [area_id for area_id in site.areas if area_id in covered]


def filter_areas(offer: Offer, site: Site) -> list[str]:
    """Area labels for search's area filter: each area the offer is found under on the area pages
    (Site.related_areas), so that a filter and its area's page agree, in site.yaml's order."""
    return [site.areas[area_id].label for area_id in area_ids(offer, site)]


class CardCache:
    """Each offer card is rendered once, then reused by every listing, whatever its depth.

    A card's links lead back to the site root through the page's own prefix ("../../"); the card
    is rendered once with ROOT in its place, which no content can hold (content/characters.py
    refuses it), and each page gets a copy with its own prefix, and its own note, if any, where
    NOTE stands. Cards are keyed by the offer's
    fingerprint, so the preview and the next build can keep them (pass the same `cards` dict)
    and render only changed offers.
    """

    ROOT = "\x01root\x01"
    NOTE = "\x01note\x01"

    def __init__(
        self,
        environment: Environment,
        fingerprint: Callable[[Offer], str],
        cards: dict[Any, Markup],
        language: str = "",
    ) -> None:
        self.environment = environment
        self.fingerprint = fingerprint
        self.cards = cards
        self.language = language  # the prefix of the language its cards are in: "" or "cy/"
        self.macros: Any = None

    def __call__(self, offer: Offer, root: str, heading: str = "h3", note: str = "") -> Markup:
        key = (self.fingerprint(offer), offer.key, heading, self.language)
        card = self.cards.get(key)
        if card is None:
            if self.macros is None:
                self.macros = self.environment.get_template("_macros.html").module
            card = self.cards[key] = self.macros.offer_card(offer, self.ROOT, heading, self.NOTE)
        text = str(card).replace(self.ROOT, root)
        # The note a listing adds (how the offer reaches its area) takes the place held for it.
        if note:
            return Markup(text.replace(self.NOTE, str(escape(note))))
        return Markup(text.replace(f'  <p class="card-note">{self.NOTE}</p>\n', ""))


class Formatter:
    """Money, prices, quantities and dates in the site's currency and the page's language."""

    def __init__(self, site: Site, words: gettext.NullTranslations | None = None) -> None:
        self.currency = site.currency
        self.locale = site.locale.replace("-", "_")
        self.words = words or gettext.NullTranslations()

    def money(self, amount: Decimal | float | int) -> str:
        return money(amount, self.currency, self.locale)

    def price(self, price: Price) -> str:
        """£1,250.00 per block, or Free."""
        if price.is_free:
            return self.words.gettext("Free")
        return f"{self.money(price.amount)} {self.words.gettext(unit_words(price.unit))}"

    def from_price(self, offer: Offer) -> str:
        """ "From £45.00 per hour": the lowest price that can be booked, with its unit, never an
        add-on's; an offer with one price shows it as it is ("£55.00 per session"), or "Free".
        A smallest booking is said with what it comes to: "£95.00 per session, at least 8
        sessions (£760.00)"."""
        starting = offer.starting_price
        if starting.is_free:
            return self.words.gettext("Free")
        shown = self.price(starting)
        if len(offer.prices) > 1:
            shown = self.words.gettext("From %(price)s") % {"price": shown}
        if starting.minimum > 1:  # what the smallest booking comes to, before anyone is surprised
            shown += f", {self.minimum(starting)} ({self.money(starting.smallest_booking)})"
        return shown

    def minimum(self, price: Price) -> str:
        """ "at least 8 sessions"; empty when one will do, so that pages say nothing needless."""
        if price.minimum <= 1:
            return ""
        return self.words.gettext("at least %(quantity)s") % {
            "quantity": self.quantity(price.minimum, price.unit)
        }

    def quantity(self, count: int | Decimal, unit: str | None) -> str:
        """ "1 session", "6 sessions", "1.5 hours"; the number alone for a unit it does not know."""
        number = f"{Decimal(count).normalize():f}"
        known = UNITS.get(unit or "")
        if known is None:
            return number
        one, many = known.counted
        return self.words.ngettext(
            one, many, 1 if count == 1 else 2 if count != int(count) else int(count)
        ) % {"num": number}

    def date(self, day: dt.date) -> str:
        return str(format_date(day, "long", locale=self.locale))


UNTRANSLATED = " data-untranslated"  # marks text shown in the main language on another language's page
NOTICE_START, NOTICE_END = "<!--untranslated-->", "<!--/untranslated-->"


def lang_attribute(text: Any, language: Language) -> Markup:
    """lang="en" data-untranslated, on the element of text shown in the main language on a page
    of another; nothing for text in the page's own language (model/translated.py)."""
    if isinstance(text, Untranslated) and text.lang != language.code:
        return Markup(' lang="{}"{}').format(text.lang, Markup(UNTRANSLATED))
    return Markup("")


def tagged(text: Any, language: Language) -> Markup:
    """Text inside running text: in a <span lang> of its own when it is not in the page's language."""
    attribute = lang_attribute(text, language)
    return Markup("<span{}>{}</span>").format(attribute, text) if attribute else Markup(escape(text))


def untranslated_notice(html: str) -> str:
    """Keep the page's notice that some of it is not yet translated only where some of it is not."""
    start = html.find(NOTICE_START)
    if start < 0:
        return html
    end = html.index(NOTICE_END, start) + len(NOTICE_END)
    if UNTRANSLATED in html[end:] or UNTRANSLATED in html[:start]:
        return html[:start] + html[start + len(NOTICE_START) : end - len(NOTICE_END)] + html[end:]
    return html[:start] + html[end:].removeprefix("\n")


def mailto(address: str, subject: str = "", body: str = "") -> str:
    """A mailto: URL with subject and body percent-encoded.

    Text captured from a template (`{% set body %}`) arrives HTML-escaped; an email is
    plain text, so it is unescaped before encoding.
    """
    subject, body = (v.unescape() if isinstance(v, Markup) else v for v in (subject, body))
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in (("subject", subject), ("body", body)) if v)
    return f"mailto:{quote(address, safe='@')}" + (f"?{query}" if query else "")


def issue_form(repository: str, form: str, title: str, **fields: str) -> str:
    """A link to one of the repository's GitHub issue forms with its fields filled in (GitHub
    issue forms take a field's value from the query parameter named by the field's id). A title
    worded through gettext arrives HTML-escaped, like mailto's subject, and is unescaped too."""
    title = title.unescape() if isinstance(title, Markup) else title
    query = urlencode({"template": form, "title": title, **fields}, quote_via=quote)
    return f"https://github.com/{quote(repository, safe='/')}/issues/new?{query}"


def to_json(value: Any) -> Markup:
    """JSON for a .json file (never inside HTML: json_script is for that)."""
    return Markup(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


class LanguageNames:
    """Languages' names in the page's language, for filters and offer pages: "Polish", "Pwyleg"."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def name(self, code: str) -> str:
        return display_name(code, self.locale)

    def options(self, codes: Iterable[str]) -> list[tuple[str, str]]:
        """(code, name) for each code, A to Z by name."""
        return sorted(((code, self.name(code)) for code in codes), key=lambda pair: pair[1].casefold())


def json_script(value: Any) -> Markup:
    """JSON safe inside <script>: <, > and & are escaped so content cannot close the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class _CompiledTemplates(BytecodeCache):
    """Compiled templates for the life of the process, keyed by name and source checksum.

    The preview makes a new environment for every rebuild; this spares it recompiling
    templates that did not change.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED: dict[str, _CompiledTemplates] = {}


def compiled_templates(words: str, main: bool) -> _CompiledTemplates:
    """Each language's compiled templates, for the words its catalogue holds now: its constant
    messages are compiled in (language.ConstantWords)."""
    return _COMPILED.setdefault(f"{words} {main}", _CompiledTemplates())


def make_environment(
    template_dirs: list[Path],
    site: Site,
    extra_script_src: str = "",
    fingerprint: Callable[[Offer], str] | None = None,
    cards: dict[Any, Markup] | None = None,
) -> Environment:
    """The one Jinja environment: autoescaped, strict about undefined names."""
    environment = Environment(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=compiled_templates(words_version(site.language.code), site.language.main),
        auto_reload=False,  # a new environment is made for every build
        extensions=["jinja2.ext.i18n", ConstantWords],
    )
    formatter = Formatter(site, install_language(environment, site))
    environment.filters.update(
        to_json=to_json,
        minimum_words=formatter.minimum,
        quantity_words=lambda item: formatter.quantity(
            item.quantity, item.price.unit if item.price else None
        ),
        markdown=markdown_html,
        money=formatter.money,
        price=formatter.price,
        from_price=formatter.from_price,
        shortlist_prices=shortlist_prices,
        date=formatter.date,
        json_script=json_script,
        tel=lambda phone: "tel:" + re.sub(r"[^0-9+]", "", phone),  # a number phones can dial
    )
    environment.globals.update(
        site=site,
        csp=preview_csp(extra_script_src) if extra_script_src else CSP,
        mailto=mailto,
        issue_form=issue_form,
        edit_url=lambda item: edit_url(site, item),
        repository_url=lambda action, path: repository_url(site, action, path),
        picture=picture,
        brand_stylesheet=BRAND_STYLESHEET,
        brand_media=BRAND_MEDIA,
        legal_forms=LEGAL_FORMS,
        offer_jsonld=lambda offer, base_url: offer_jsonld(offer, base_url, site.currency),
        filter_areas=lambda offer: filter_areas(offer, site),
        area_ids=lambda offer: area_ids(offer, site),
        offer_words=lambda offer: offer_words(offer, formatter.words.gettext),
        glossary=lambda texts: glossary(texts, (), formatter.words.gettext),
    )
    environment.globals["card"] = CardCache(
        environment,
        fingerprint or (lambda offer: offer.key),
        {} if cards is None else cards,
        site.language.prefix,
    )
    return environment


def install_language(environment: Environment, site: Site) -> gettext.NullTranslations:
    """The page's language in an environment: the site's own words ({{ _("Add to shortlist") }}),
    the filters that mark text in another language, and what the base template says of it."""
    words = translations(site.language.code)
    environment.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]
    environment.constant_words = words  # type: ignore[attr-defined]  # read by ConstantWords
    environment.main_language = site.language.main  # type: ignore[attr-defined]
    languages = LanguageNames(site.language.code)  # offers' languages, named in the page's
    environment.filters.update(
        worded=worded,
        language_name=languages.name,
        language_options=languages.options,
        lang_attr=lambda text: lang_attribute(text, site.language),
        tagged=lambda text: tagged(text, site.language),
    )
    environment.globals.update(
        up_to_site="../" * site.language.prefix.count("/"),  # from a language's root to the site's
        words_module=words_module(site.language.code),
        main_language_name=display_name(language_of(site.main_language.code), site.language.code),
    )
    return words


@dataclass
class PageRenderer:
    """Renders any page of one build: its templates, its settings and the site-wide values."""

    environment: Environment
    common: dict[str, object]

    @property
    def cards(self) -> dict[Any, Markup]:
        """The offer cards rendered so far, by offer fingerprint, page depth and heading."""
        cards: dict[Any, Markup] = self.environment.globals["card"].cards  # type: ignore[attr-defined]
        return cards

    def render(self, page: Page) -> str:
        template = self.environment.get_template(page.template)
        context = {**self.common, **page.context, "page": page, "root": page.root_prefix()}
        html = template.render({**context, "site_root": page.site_root()})
        return untranslated_notice(html)


class Renderers:
    """The renderers of one build, one per language (each with its words), behind one render()."""

    def __init__(self, by_prefix: dict[str, PageRenderer]) -> None:
        self.by_prefix = by_prefix

    @property
    def cards(self) -> dict[Any, Markup]:
        """The offer cards rendered so far, every language's (they share one dict)."""
        return next(iter(self.by_prefix.values())).cards

    def render(self, page: Page) -> str:
        return self.by_prefix[page.prefix].render(page)


@dataclass(frozen=True)
class RenderSettings:
    """What a build's options change on its pages."""

    base_url: str  # absolute, ending in "/" ("/" when unknown)
    today: dt.date
    drafts: bool
    preview: bool
    script_source: str = ""  # the preview's live-reload script, allowed by the policy by its hash


def page_renderer(
    templates: Path,
    site: Site,
    settings: RenderSettings,
    fingerprint: Callable[[Offer], str] | None = None,
    cards: dict[Any, Markup] | None = None,
) -> PageRenderer:
    """The renderer of one build (fingerprint and cards: see CardCache)."""
    environment = make_environment([templates], site, settings.script_source, fingerprint, cards)
    common = {
        "base_url": settings.base_url,
        "base_path": base_path(settings.base_url),
        "today": settings.today,
        "drafts": settings.drafts,
        "preview": settings.preview,
    }
    return PageRenderer(environment, common)
