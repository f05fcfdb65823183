"""Links into the scheme's repository on GitHub: a content file's editor, a guide, a new file.

Every such link is made here, from site.yaml's `repository` and `branch`, so that a page in
any language, and any kind of page, links to the same file on the branch the site comes from.
"""

from __future__ import annotations

from typing import Protocol
from urllib.parse import quote

from ..model.objects import Site

# Where a scheme's content lives in its repository: the content model's fixed layout.
CONTENT_IN_REPOSITORY = "content"


class ContentFile(Protocol):
    """An offer, a supplier or an organisation: anything made from one content file."""

    @property
    def content_path(self) -> str: ...


def repository_url(site: Site, action: str, path: str) -> str:
    """GitHub's page for a file of the repository on the site's branch: action is "edit",
    "blob" (to read it) or "new" (path: the folder a new file goes in). "" without a repository."""
    if not site.repository:
        return ""
    where = "/".join(quote(part, safe="") for part in f"{site.branch}/{path}".split("/") if part)
    return f"https://github.com/{quote(site.repository, safe='/')}/{action}/{where}"


def edit_url(site: Site, item: ContentFile) -> str:
    """GitHub's editor for the file an offer, supplier or organisation comes from."""
    return repository_url(site, "edit", f"{CONTENT_IN_REPOSITORY}/{item.content_path}")
