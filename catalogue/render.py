"""Turning the catalogue into HTML: the Jinja environment, filters and safe Markdown."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import markdown
import nh3
from babel.dates import format_date
from babel.numbers import format_currency
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from .exports import offer_jsonld
from .model import Offer, Price, Site

CSP = Markup(
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self' https://github.com"
)


def preview_csp(script_source: str) -> Markup:
    """The published policy plus the one inline script live reload injects (its socket is 'self')."""
    return Markup(str(CSP).replace("script-src 'self'", f"script-src 'self' {script_source}"))


ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"https", "mailto"}


LEGAL_FORMS = {
    "cic": "Community interest company",
    "charity": "Charity",
    "scio": "Scottish charitable incorporated organisation",
    "cooperative": "Co-operative",
    "community-benefit-society": "Community benefit society",
    "company-limited-by-guarantee": "Company limited by guarantee",
    "other": "Social enterprise",
}


def filter_areas(offer: Offer, site: Site) -> list[str]:
    """Area labels for search filters: an offer in a child area is also found under its regions."""
    ids: list[str] = []
    for area in offer.areas:
        for area_id in [area.id, *site.area_ancestors(area.id)]:
            if area_id not in ids:
                ids.append(area_id)
    return [site.areas[i].label for i in ids]


class _ShiftHeadings(markdown.treeprocessors.Treeprocessor):
    """Descriptions sit under the page's h1 and h2s, so their headings start at h3."""

    def run(self, root: Any) -> None:
        for element in root.iter():
            if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                element.tag = f"h{min(6, int(element.tag[1]) + 2)}"


class _ShiftHeadingsExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ShiftHeadings(md), "shift_headings", 5)


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists", _ShiftHeadingsExtension()], output_format="html")


# One parser per thread: a Markdown object keeps state while it converts, and the preview
# renders an edited offer's page while a rebuild runs.
_PARSERS = threading.local()


def _markdown() -> markdown.Markdown:
    parser: markdown.Markdown | None = getattr(_PARSERS, "markdown", None)
    if parser is None:
        parser = _PARSERS.markdown = _new_markdown()
    return parser


# Python-Markdown can leave one of its placeholders half-replaced (emphasis around inline HTML,
# as in "<a>_:__:_</a>" -> "klzzwxh:0001\x03"): remove the rest, control characters included.
_STX, _ETX = markdown.util.STX, markdown.util.ETX
_LEFTOVER_PLACEHOLDER = re.compile(
    f"{_STX}?(?:klzzwxh:[0-9]+|wzxhzdk:[0-9]+|amp){_ETX}|{_STX}(?:klzzwxh:[0-9]+|wzxhzdk:[0-9]+|amp)|[{_STX}{_ETX}]"
)
_ABSOLUTE_LINK = re.compile(r"(?:https://|mailto:)", re.IGNORECASE)
# Characters no page may hold (controls, noncharacters): the parser turns "&#1;" into one.
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)
# "*": no attribute is allowed on every tag (ammonia would otherwise allow lang and title anywhere).
_NH3_ATTRIBUTES = {"*": set[str](), **ALLOWED_ATTRIBUTES}


def _absolute_links_only(tag: str, attribute: str, value: str) -> str | None:
    """Drop relative hrefs: they point somewhere different from each page, or off the site."""
    return None if attribute == "href" and not _ABSOLUTE_LINK.match(value) else value


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=_NH3_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_absolute_links_only,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def sanitise_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes; mark links as user content.

    Cleaned until nothing changes: removing a tag can leave markup a browser re-nests when it
    parses the page (a <p> left inside a <p>), and the page must be what the sanitiser checked.
    """
    for _ in range(4):
        cleaned = _NOT_TEXT.sub("", _clean(html))
        if cleaned == html:
            break
        html = cleaned
    return html


@lru_cache(maxsize=8192)
def markdown_html(text: str) -> Markup:
    """Contributor Markdown as safe HTML: rendered, then sanitised."""
    try:
        html = _markdown().reset().convert(text)
    except RecursionError:
        # Nesting deeper than Python-Markdown can follow ("1. 1. 1. …"): show the text as written.
        # The failed conversion leaves the parser's state behind, so start a new one.
        _PARSERS.markdown = _new_markdown()
        html = "".join(f"<p>{escape(block)}</p>" for block in text.split("\n\n") if block.strip())
    return Markup(sanitise_html(_LEFTOVER_PLACEHOLDER.sub("", html)))


@lru_cache(maxsize=4096)
def _money(amount: Decimal, currency: str, locale: str) -> str:
    return str(format_currency(amount, currency, locale=locale))


class CardCache:
    """Each offer card is rendered once per page depth, then reused by every listing.

    Cards are keyed by the offer's fingerprint, so the preview can keep them from one
    rebuild to the next (pass the same `cards` dict) and re-render only changed offers.
    """

    def __init__(
        self, environment: Environment, fingerprint: Callable[[Offer], str], cards: dict[Any, Markup]
    ) -> None:
        self.environment = environment
        self.fingerprint = fingerprint
        self.cards = cards
        self.macros: Any = None

    def __call__(self, offer: Offer, root: str, heading: str = "h3") -> Markup:
        key = (self.fingerprint(offer), offer.key, root, heading)
        card = self.cards.get(key)
        if card is None:
            if self.macros is None:
                self.macros = self.environment.get_template("_macros.html").module
            card = self.cards[key] = self.macros.offer_card(offer, root, heading)
        return card


class Formatter:
    """Money and dates in the site's currency and locale."""

    def __init__(self, site: Site) -> None:
        self.currency = site.currency
        self.locale = site.locale.replace("-", "_")

    def money(self, amount: Decimal | float | int) -> str:
        return _money(Decimal(amount), self.currency, self.locale)

    def price(self, price: Price) -> str:
        """£1,250.00 per block, or Free."""
        if price.is_free:
            return "Free"
        return f"{self.money(price.amount)} {price.unit_words}"

    def from_price(self, offer: Offer) -> str:
        lowest = offer.lowest_price
        if lowest == 0:
            return "Free"
        return f"From {self.money(lowest)}" if len(offer.prices) > 1 else self.price(offer.prices[0])

    def date(self, day: dt.date) -> str:
        return str(format_date(day, "long", locale=self.locale))


def mailto(address: str, subject: str = "", body: str = "") -> str:
    """A mailto: URL with subject and body percent-encoded.

    Text captured from a template (`{% set body %}`) arrives HTML-escaped; an email is
    plain text, so it is unescaped before encoding.
    """
    subject, body = (v.unescape() if isinstance(v, Markup) else v for v in (subject, body))
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in (("subject", subject), ("body", body)) if v)
    return f"mailto:{quote(address, safe='@')}" + (f"?{query}" if query else "")


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


_COMPILED = _CompiledTemplates()


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
        bytecode_cache=_COMPILED,
        auto_reload=False,  # a new environment is made for every build
    )
    formatter = Formatter(site)
    environment.filters.update(
        markdown=markdown_html,
        money=formatter.money,
        price=formatter.price,
        from_price=formatter.from_price,
        date=formatter.date,
        json_script=json_script,
    )
    environment.globals.update(
        site=site,
        csp=preview_csp(extra_script_src) if extra_script_src else CSP,
        mailto=mailto,
        legal_forms=LEGAL_FORMS,
        offer_jsonld=lambda offer, base_url: offer_jsonld(offer, base_url, site.currency),
        filter_areas=lambda offer: filter_areas(offer, site),
    )
    environment.globals["card"] = CardCache(
        environment, fingerprint or (lambda offer: offer.key), {} if cards is None else cards
    )
    return environment
