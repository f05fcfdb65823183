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

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"https", "mailto"}
# "*": no attribute is allowed on every tag (ammonia would otherwise allow lang and title anywhere).
_NH3_ATTRIBUTES = {"*": set[str](), **ALLOWED_ATTRIBUTES}
_HEADING_TAG = re.compile(r"<\s*/?\s*h[1-6]\b", re.IGNORECASE)


class _FitHeadings(markdown.treeprocessors.Treeprocessor):
    """Headings fitted into the page's outline, so that people who move through a page by its
    headings (screen readers) find it whole: the text sits under a heading of level `under`, so
    its first heading is one level below that, and each heading is at most one level below the
    one it follows ("## Outline" then "#### Week 1" become h3 and h4 under an h2), never past h6.
    Headings written as HTML keep their words but lose their tag: they could not be fitted.
    """

    under = 1

    def run(self, root: Any) -> None:
        open_headings: list[tuple[int, int]] = []  # (level written, level on the page), outermost first
        for element in root.iter():
            if element.tag not in HEADINGS:
                continue
            written = int(element.tag[1])
            while open_headings and open_headings[-1][0] >= written:
                open_headings.pop()
            parent = open_headings[-1][1] if open_headings else self.under
            level = min(6, parent + 1)
            open_headings.append((written, level))
            element.tag = f"h{level}"
        self._untag_html_headings()

    def _untag_html_headings(self) -> None:
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(stash):
            if isinstance(block, str) and _HEADING_TAG.search(block):
                stash[index] = nh3.clean(block, tags=ALLOWED_TAGS - HEADINGS, attributes=_NH3_ATTRIBUTES)


class _FitHeadingsExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the inline patterns (20), which put inline HTML in the stash.
        md.treeprocessors.register(_FitHeadings(md), "fit_headings", 5)


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists", _FitHeadingsExtension()], output_format="html")


# One parser per thread: a Markdown object keeps state while it converts, and the preview
# renders an edited offer's page while a rebuild runs.
_PARSERS = threading.local()


def _markdown(under: int) -> markdown.Markdown:
    parser: markdown.Markdown | None = getattr(_PARSERS, "markdown", None)
    if parser is None:
        parser = _PARSERS.markdown = _new_markdown()
    fit_headings = parser.treeprocessors["fit_headings"]
    assert isinstance(fit_headings, _FitHeadings)
    fit_headings.under = under
    return parser


# Python-Markdown can leave one of its placeholders half-replaced (emphasis around inline HTML,
# as in "<a>_:__:_</a>" -> "klzzwxh:0001\x03"): remove the rest, control characters included.
_STX, _ETX = markdown.util.STX, markdown.util.ETX
_LEFTOVER_PLACEHOLDER = re.compile(
    f"{_STX}?(?:klzzwxh:[0-9]+|wzxhzdk:[0-9]+|amp){_ETX}|{_STX}(?:klzzwxh:[0-9]+|wzxhzdk:[0-9]+|amp)|[{_STX}{_ETX}]"
)
_ABSOLUTE_LINK = re.compile(r"(?:https://|mailto:)", re.IGNORECASE)
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
def markdown_html(text: str, under: int = 1) -> Markup:
    """Contributor Markdown as safe HTML: rendered, then sanitised. `under`: the level of the
    heading the text sits under on the page (1: straight under the page's h1)."""
    if not 1 <= under <= 5:
        raise ValueError(f"Markdown sits under a heading of level 1 to 5, not {under}")
    try:
        html = _markdown(under).reset().convert(text)
    except RecursionError:
        # Nesting deeper than Python-Markdown can follow ("1. 1. 1. …"): show the text as written.
        # The failed conversion leaves the parser's state behind, so start a new one.
        _PARSERS.markdown = _new_markdown()
        html = "".join(f"<p>{escape(block)}</p>" for block in text.split("\n\n") if block.strip())
    return Markup(sanitise_html(_LEFTOVER_PLACEHOLDER.sub("", html)))
