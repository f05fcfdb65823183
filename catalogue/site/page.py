"""One page of the site: where it is written, what renders it and with what."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """One page: where it is written, what renders it and with what."""

    path: str  # output file, relative to the site root: "offers/a/b/index.html", "cy/offers/a/b/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    # URL prefix back to the site root; None means "../" per folder level.
    root: str | None = None
    prefix: str = ""  # where its language's pages are, from the site root: "" or "cy/"

    @property
    def url(self) -> str:
        return self.path.removesuffix("index.html")

    @property
    def key(self) -> str:
        """Its URL within its language, the same for every language's version: "offers/a/b/"."""
        return self.url.removeprefix(self.prefix)

    def root_prefix(self) -> str:
        """The way back to its language's first page: where its links to other pages start."""
        if self.root is not None:
            return self.root
        return "../" * (self.path.count("/") - self.prefix.count("/"))

    def site_root(self) -> str:
        """The way back to the site root, where the files all languages share are (static/, media/)."""
        if self.root is not None:
            return self.root.removesuffix(self.prefix)
        return "../" * self.path.count("/")


def in_language(page: Page, prefix: str) -> Page:
    """The same page in the language whose pages are under prefix ("cy/")."""
    if not prefix:
        return page
    root = page.root + prefix if page.root is not None else None  # an absolute root: the 404 page's
    return Page(prefix + page.path, page.template, page.context, root, prefix)
