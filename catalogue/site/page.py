"""One page of the site: where it is written, what renders it and with what."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """One page: where it is written, what renders it and with what."""

    path: str  # output file, relative to the site root: "offers/a/b/index.html"
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    # URL prefix back to the site root; None means "../" per folder level.
    root: str | None = None

    @property
    def url(self) -> str:
        return self.path.removesuffix("index.html")

    def root_prefix(self) -> str:
        if self.root is not None:
            return self.root
        return "../" * self.path.count("/")
