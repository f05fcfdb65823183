"""Who may change which file: the ownership check run on every pull request.

A supplier's folder belongs to the maintainers its supplier.yaml lists at the base
commit, an organisation's file to the maintainers it lists there, and everything else
to the coordinators in site.yaml. Owners are read at the base so that a pull request
cannot make its own author a maintainer; only a folder or file that is new in the pull
request is judged by the maintainers it declares itself.

The changed files are those of `git diff BASE...HEAD` (from the merge base, as GitHub
shows a pull request), so commits that reached the base branch after the pull request
branched off are not blamed on its author.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .loader import Document, parse_document
from .paths import YAML_SUFFIXES

COORDINATOR_SCOPE = "files outside suppliers' and organisations' own folders"


class RepositoryError(Exception):
    """The repository, a commit or a file in it cannot be read as asked; says how to fix it."""


# --- Reading commits with git ---------------------------------------------------------


class Repository:
    """A git repository read through the git command: commits, changes and file contents."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.top = Path(self._git("rev-parse", "--show-toplevel").decode().strip())

    def commit(self, ref: str) -> str:
        """The full id of the commit that ref names."""
        try:
            return self._git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
        except RepositoryError:
            raise RepositoryError(
                f'cannot find the commit "{ref}" in {self.top}; check the name, and in CI check '
                "out with fetch-depth: 0 so that both commits are present"
            ) from None

    def merge_base(self, base: str, head: str) -> str:
        """The commit a pull request from base to head branched off."""
        try:
            return self._git("merge-base", base, head).decode().strip()
        except RepositoryError:
            raise RepositoryError(f"the commits {base[:12]} and {head[:12]} share no history") from None

    def changed_paths(self, base: str, head: str) -> list[str]:
        """Every path added, changed or deleted from the merge base to head; both sides of a rename."""
        output = self._git(
            "diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-textconv", f"{base}...{head}", "--"
        )
        fields = output.decode("utf-8", "surrogateescape").split("\0")
        paths: list[str] = []
        index = 0
        while index < len(fields) and fields[index]:
            status = fields[index]
            count = 2 if status[0] in "RC" else 1
            paths.extend(fields[index + 1 : index + 1 + count])
            index += 1 + count
        return list(dict.fromkeys(paths))

    def exists(self, commit: str, path: str) -> bool:
        """Whether path (a file or a folder) exists at commit."""
        try:
            self._git("cat-file", "-e", f"{commit}:{path}")
        except RepositoryError:
            return False
        return True

    def read_files(self, commit: str, paths: list[str]) -> dict[str, bytes]:
        """The bytes of each path that is a file at commit; missing paths are left out."""
        wanted = [path for path in dict.fromkeys(paths) if "\n" not in path]
        if not wanted:
            return {}
        request = "".join(f"{commit}:{path}\n" for path in wanted).encode()
        output = self._git("cat-file", "--batch", input_bytes=request)
        return _parse_batch(output, wanted)

    def read_file(self, commit: str, path: str) -> bytes | None:
        return self.read_files(commit, [path]).get(path)

    def _git(self, *args: str, input_bytes: bytes | None = None) -> bytes:
        command = ["git", "-c", "core.quotepath=false", "-C", str(self.folder), *args]
        try:
            result = subprocess.run(command, input=input_bytes, capture_output=True, check=False, timeout=300)
        except FileNotFoundError:
            raise RepositoryError("git is not installed (or not on PATH)") from None
        except subprocess.TimeoutExpired:
            raise RepositoryError(f"git took too long to answer: git {' '.join(args)}") from None
        if result.returncode != 0:
            raise RepositoryError(_git_failure(self.folder, result.stderr))
        return result.stdout


def _git_failure(folder: Path, stderr: bytes) -> str:
    reason = stderr.decode("utf-8", "replace").strip().splitlines()
    first = reason[0].removeprefix("fatal: ") if reason else "git failed"
    if not folder.is_dir():
        return f"{folder} does not exist"
    if "not a git repository" in first:
        return f"{folder} is not inside a git repository"
    return f"git could not read {folder}: {first}"


def _parse_batch(output: bytes, wanted: list[str]) -> dict[str, bytes]:
    """Split `git cat-file --batch` output: a header line per request, then the contents."""
    files: dict[str, bytes] = {}
    position = 0
    for path in wanted:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) == 3:
            size = int(header[2])
            if header[1] == b"blob":
                files[path] = output[position : position + size]
            position += size + 1
    return files


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


# --- Command line ---------------------------------------------------------------------------


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `check-ownership`."""
    parser = commands.add_parser(
        "check-ownership",
        help="check that a pull request's author may change every file it changes",
        description="Check that the author may change every file changed between two commits.",
    )
    parser.add_argument("--author", required=True, metavar="LOGIN", help="GitHub login of the author")
    parser.add_argument("--base", required=True, metavar="REF", help="the commit the change is based on")
    parser.add_argument("--head", default="HEAD", metavar="REF", help="the changed commit (default: HEAD)")
    parser.add_argument("--repo", default=".", metavar="DIR", help="the git repository (default: .)")
    parser.add_argument(
        "--content",
        default="content",
        metavar="DIR",
        help="content folder, relative to --repo (default: content)",
    )
    parser.set_defaults(run=run_check_ownership)


def run_check_ownership(args: argparse.Namespace) -> int:
    author = args.author.strip().removeprefix("@")
    if not author:
        print("error: --author is empty; give the GitHub login of the pull request's author", file=sys.stderr)
        return 2
    try:
        report = check_ownership(Path(args.repo), args.content, args.base, args.head, author)
    except RepositoryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for refusal in report.refusals:
        print(refusal_message(refusal, author, report.coordinators))
    print(verdict(report))
    return 1 if report.refusals else 0
