"""Contributors' Markdown as safe HTML: rendered, then sanitised with an allow-list (nh3)."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

import markdown
import nh3
from markupsafe import Markup, escape

from ..content.characters import NOT_TEXT

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"https", "mailto"}


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
# "*": no attribute is allowed on every tag (ammonia would otherwise allow lang and title anywhere).
_NH3_ATTRIBUTES = {"*": set[str](), **ALLOWED_ATTRIBUTES}
# Characters no page may hold (controls, noncharacters): the parser turns "&#1;" into one.


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
        cleaned = NOT_TEXT.sub("", _clean(html))
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
