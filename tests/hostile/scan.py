"""Reading built pages as an attacker hopes a browser would: strict parsing, event handlers,
script URLs and scripts that are not the site's own."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import html5lib
from html5lib.html5parser import ParseError

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "srcdoc",
    "srcset",
    "ping",
}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
# What a browser ignores before reading a URL's scheme (WHATWG URL parsing): C0 controls and
# spaces at either end, and tabs and newlines anywhere.
_URL_ENDS = "".join(map(chr, range(0x21)))
_URL_TABS_NEWLINES = re.compile(r"[\t\n\r]")
OWN_SCRIPT_FOLDERS = ("static/", "pagefind/")


def strict_parse(text: str) -> Element:
    """The page's tree; raises ParseError (with line and column) on any HTML parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        tree: Element = parser.parse(text)
    except ParseError as error:
        (line, column), code, data = parser.errors[-1] if parser.errors else ((0, 0), str(error), {})
        raise ParseError(f"{error} at line {line}, column {column} ({code} {data})") from None
    return tree


def lenient_parse(text: str) -> Element:
    parsed: Element = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    return parsed


@functools.cache
def parse_page(page: Path) -> tuple[Element, str | None]:
    """A built page's tree, and its first HTML parse error (None when it parses strictly).

    Pages are parsed once per session: html5lib is pure Python and the checks share the trees.
    """
    text = page.read_text(encoding="utf-8")
    try:
        return strict_parse(text), None
    except ParseError as error:
        return lenient_parse(text), str(error)


def page_tree(page: Path) -> Element:
    return parse_page(page)[0]


def elements(tree: Element) -> Iterator[Element]:
    yield from tree.iter()


def text_of(element: Element) -> str:
    """An element's text content, whitespace folded."""
    return " ".join("".join(element.itertext()).split())


def url_scheme_is_bad(value: str) -> bool:
    return _URL_TABS_NEWLINES.sub("", value.strip(_URL_ENDS)).lower().startswith(BAD_SCHEMES)


def page_url(site: Path, page: Path, base_path: str) -> str:
    return "http://site.test" + base_path + page.relative_to(site).as_posix().removesuffix("index.html")


def page_problems(site: Path, page: Path, base_path: str) -> list[str]:
    """Everything on one built page that would let content run code or leave the site's rules."""
    relative = page.relative_to(site).as_posix()
    tree, error = parse_page(page)
    if error:
        return [f"{relative}: not valid HTML: {error}"]
    problems = []
    here = page_url(site, page, base_path)
    for element in elements(tree):
        tag = str(element.tag)
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"{relative}: <{tag} {name}=...> is an event handler")
            elif name.lower() in URL_ATTRIBUTES and url_scheme_is_bad(value) and not _own_icon(tag, element):
                problems.append(f"{relative}: <{tag} {name}={value!r}> uses a script or data URL")
            elif name.lower() == "style":
                problems.append(f"{relative}: <{tag} style={value!r}>: no inline styles")
        problems += _element_problems(relative, here, base_path, tag, element)
    return problems


def _own_icon(tag: str, element: Element) -> bool:
    """The template's empty favicon (<link rel="icon" href="data:,">) is the one data URL allowed."""
    return tag == "link" and element.get("rel") == "icon" and element.get("href") == "data:,"


def _element_problems(relative: str, here: str, base_path: str, tag: str, element: Element) -> list[str]:
    if tag == "script":
        return [f"{relative}: {p}" for p in script_problems(element, here, base_path)]
    if tag in {"iframe", "object", "embed", "frame", "frameset", "base", "style", "svg", "math", "template"}:
        return [f"{relative}: <{tag}> must not appear"]
    if tag == "meta" and element.get("http-equiv") and element.get("http-equiv") != "Content-Security-Policy":
        return [f"{relative}: <meta http-equiv={element.get('http-equiv')!r}>"]
    if tag == "form":
        action = urljoin(here, element.get("action", ""))
        if not action.startswith("http://site.test" + base_path) and not action.startswith(
            "https://github.com/"
        ):
            return [f"{relative}: <form action={element.get('action')!r}> leaves the site"]
    return []


def script_problems(element: Element, here: str, base_path: str) -> list[str]:
    """Only the site's own scripts: files under static/ or pagefind/, and JSON-LD that parses."""
    source = element.get("src")
    if source is not None:
        target = urlsplit(urljoin(here, source))
        own = target.netloc == "site.test" and any(
            target.path.startswith(base_path + folder) for folder in OWN_SCRIPT_FOLDERS
        )
        return [] if own else [f"<script src={source!r}> is not one of the site's scripts"]
    if element.get("type") == "text/pagefind-template" and here.endswith("/search/"):
        return []  # the search page's result template: a type no browser runs, filled in escaped
    if element.get("type") != "application/ld+json":
        return [f"inline <script> {(element.text or '')[:60]!r}"]
    try:
        json.loads(element.text or "")
    except ValueError as error:
        return [f"JSON-LD does not parse: {error}"]
    return []


def json_ld(tree: Element) -> Any:
    for element in elements(tree):
        if element.tag == "script" and element.get("type") == "application/ld+json":
            return json.loads(element.text or "")
    return None


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)
