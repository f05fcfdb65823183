"""Who may change which file: the ownership check run on every pull request.

A supplier's folder belongs to the maintainers its supplier.yaml lists at the base
commit, an organisation's file and its orders folder (orders/<organisation-id>/) to the
maintainers the organisation's file lists there, and everything else to the coordinators
in site.yaml. Owners are read at the base so that a pull request
cannot make its own author a maintainer; only a folder or file that is new in the pull
request is judged by the maintainers it declares itself.

The changed files are those of `git diff BASE...HEAD` (from the merge base, as GitHub
shows a pull request), so commits that reached the base branch after the pull request
branched off are not blamed on its author.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..content.layout import YAML_SUFFIXES, is_valid_id
from ..content.loader import Document, parse_document
from .repository import Repository, RepositoryError

COORDINATOR_SCOPE = "files outside suppliers' and organisations' own folders"


# --- Who owns a file --------------------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    """Who besides the coordinators may change a file; kind "" means coordinators only."""

    kind: str = ""
    id: str = ""
    maintainers: tuple[str, ...] = ()


COORDINATORS_ONLY = Owner()


@dataclass(frozen=True)
class Refusal:
    path: str
    owner: Owner


@dataclass
class OwnershipReport:
    """What a pull request changes, and which of those files its author may not change."""

    author: str
    coordinators: tuple[str, ...]
    changed: list[str]
    refusals: list[Refusal] = field(default_factory=list)


class Owners:
    """Finds the owner of any path, reading maintainers at the base (or at head when new)."""

    def __init__(self, repo: Repository, content: str, base: str, head: str) -> None:
        self.repo = repo
        self.content = content
        self.base = base
        self.head = head
        self._suppliers: dict[str, Owner] = {}
        self.coordinators = self._logins(
            base, [self._path("site.yaml"), self._path("site.yml")], "coordinators"
        )

    def owner_of(self, path: str) -> Owner:
        parts = self._content_parts(path)
        if len(parts) >= 3 and parts[0] == "suppliers":
            return self._supplier(parts[1])
        if len(parts) == 2 and parts[0] == "organisations":
            name = PurePosixPath(parts[1])
            if name.suffix in YAML_SUFFIXES and name.stem:
                return self._organisation(name.stem)
        if len(parts) >= 3 and parts[0] == "orders" and is_valid_id(parts[1]):
            return self._organisation(parts[1])  # an organisation's orders are its own to record
        return COORDINATORS_ONLY

    def _supplier(self, supplier_id: str) -> Owner:
        if supplier_id not in self._suppliers:
            folder = self._path("suppliers", supplier_id)
            commit = self.base if self.repo.exists(self.base, folder) else self.head
            files = [f"{folder}/supplier{suffix}" for suffix in YAML_SUFFIXES]
            self._suppliers[supplier_id] = Owner(
                "supplier", supplier_id, self._logins(commit, files, "maintainers")
            )
        return self._suppliers[supplier_id]

    def _organisation(self, organisation_id: str) -> Owner:
        files = [self._path("organisations", organisation_id + suffix) for suffix in YAML_SUFFIXES]
        commit = self.base if any(self.repo.exists(self.base, file) for file in files) else self.head
        return Owner("organisation", organisation_id, self._logins(commit, files, "maintainers"))

    def _logins(self, commit: str, candidates: list[str], field_name: str) -> tuple[str, ...]:
        """The logins listed under field_name in the first candidate file present at commit."""
        found = self.repo.read_files(commit, candidates)
        path = next((candidate for candidate in candidates if candidate in found), None)
        if path is None:
            return ()
        return logins(self._document(commit, path, found[path]), field_name)

    def _document(self, commit: str, path: str, raw: bytes) -> Document:
        document, problems = parse_document(raw, path)
        if document is None:
            where = "base" if commit == self.base else "head"
            first = problems[0]
            raise RepositoryError(
                f"cannot read {path} at the {where} commit {commit[:12]} "
                f"(line {first.line}, column {first.column}): {first.message}"
            )
        return document

    def _path(self, *parts: str) -> str:
        return "/".join((self.content, *parts)) if self.content else "/".join(parts)

    def _content_parts(self, path: str) -> tuple[str, ...]:
        prefix = f"{self.content}/" if self.content else ""
        return tuple(path[len(prefix) :].split("/")) if path.startswith(prefix) else ()


def logins(document: Document, field_name: str) -> tuple[str, ...]:
    """GitHub logins listed in a field, as written (a login like 1234 stays text)."""
    value: Any = document.data.get(field_name)
    if not isinstance(value, list):
        return ()
    names = []
    for index, item in enumerate(value):
        written = document.implicit.get((field_name, index), (None, item))[1]
        if isinstance(written, str) and written.strip():
            names.append(written.strip().removeprefix("@"))
    return tuple(names)


def same_login(first: str, second: str) -> bool:
    """GitHub logins are case-insensitive."""
    return first.casefold() == second.casefold()


def may_change(author: str, owner: Owner, coordinators: tuple[str, ...]) -> bool:
    return any(same_login(author, login) for login in (*coordinators, *owner.maintainers))


def content_prefix(repo: Repository, content: str) -> str:
    """The content folder as a path inside the repository ("" when it is the top)."""
    folder = (repo.folder / content).resolve()
    try:
        relative = folder.relative_to(repo.top.resolve())
    except ValueError:
        raise RepositoryError(f"the content folder {folder} is outside the repository {repo.top}") from None
    return "" if str(relative) == "." else relative.as_posix()


def check_ownership(folder: Path, content: str, base_ref: str, head_ref: str, author: str) -> OwnershipReport:
    """Judge every file the pull request changes against the owners at the base commit."""
    repo = Repository(folder)
    base, head = repo.commit(base_ref), repo.commit(head_ref)
    owners = Owners(repo, content_prefix(repo, content), base, head)
    report = OwnershipReport(author, owners.coordinators, repo.changed_paths(base, head))
    for path in report.changed:
        owner = owners.owner_of(path)
        if not may_change(author, owner, owners.coordinators):
            report.refusals.append(Refusal(path, owner))
    return report


# --- Telling the author -------------------------------------------------------------------


def mentions(names: tuple[str, ...]) -> str:
    return ", ".join(f"@{name}" for name in names)


def coordinators_text(coordinators: tuple[str, ...]) -> str:
    listed = mentions(coordinators) if coordinators else "none are listed in site.yaml"
    return f"the coordinators ({listed})"


def refusal_message(refusal: Refusal, author: str, coordinators: tuple[str, ...]) -> str:
    """One line naming the file and who may change it."""
    start = f"{refusal.path}: @{author} may not change this file; "
    owner = refusal.owner
    if not owner.kind:
        return start + f"only {coordinators_text(coordinators)} may change {COORDINATOR_SCOPE}"
    belongs = f'it belongs to {owner.kind} "{owner.id}"'
    if owner.maintainers:
        return start + f"{belongs}, whose maintainers are {mentions(owner.maintainers)}"
    return (
        start
        + f"{belongs}, which lists no maintainers, so only {coordinators_text(coordinators)} may change it"
    )


def verdict(report: OwnershipReport) -> str:
    count = len(report.changed)
    if report.refusals:
        return (
            f"ownership check failed: @{report.author} may not change "
            f"{len(report.refusals)} of {count} changed file(s)"
        )
    return f"ownership check passed: {count} changed file(s), all may be changed by @{report.author}"
