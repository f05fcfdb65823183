"""Reading a built site as a visitor's browser would: pages, text and links."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

INLINE = {"a", "abbr", "b", "code", "em", "i", "span", "strong", "small"}


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.next: str | None = None  # where rel="next" leads: a listing's next page
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag in {"a", "link"} and values.get("rel") == "next" and values.get("href"):
            self.next = str(values["href"])
        for name in ("href", "src"):
            if values.get(name) and not (tag == "link" and values.get("rel") == "canonical"):
                self.links.append(str(values[name]))
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag not in INLINE:
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def listing_pages(site: Path, url: str) -> list[Path]:
    """Every page of a listing, from its first, found by following rel="next" as a visitor would."""
    pages: list[Path] = []
    address: str | None = urljoin("http://site.test/", url)
    while address is not None:
        path = site / unquote(urlsplit(address).path).lstrip("/") / "index.html"
        assert path not in pages, f"rel=next leads back to {path}"
        pages.append(path)
        following = parse(path).next
        address = urljoin(address, following) if following else None
    return pages


def listing_text(site: Path, url: str) -> str:
    """The visible text of every page of a listing, one after the other."""
    return " ".join(" ".join("".join(parse(page).text).split()) for page in listing_pages(site, url))


def page_text(site: Path, url: str) -> str:
    """The visible text of a page, whitespace folded."""
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    return " ".join("".join(parse(path).text).split())


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Every internal link or anchor that does not resolve, as 'page -> link'."""
    problems = []
    origin = "http://site.test"
    for html in sorted(site.rglob("*.html")):
        if "pagefind" in html.parts:
            continue
        relative = html.relative_to(site).as_posix()
        page_url = origin + base_path + relative.removesuffix("index.html")
        for link in parse(html).links:
            target = urljoin(page_url, link)
            parts = urlsplit(target)
            if parts.scheme in {"mailto", "data"} or not target.startswith(origin):
                continue
            if not parts.path.startswith(base_path):
                problems.append(f"{relative} -> {link} (outside the site)")
                continue
            file = site / unquote(parts.path[len(base_path) :])
            if parts.path.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                problems.append(f"{relative} -> {link}")
            elif parts.fragment and file.suffix == ".html" and parts.fragment not in parse(file).ids:
                problems.append(f"{relative} -> {link} (no such anchor)")
    return problems
