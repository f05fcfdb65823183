"""`upgrade`: a newer generator's code, templates, workflows, docs and examples, and the scheme's
own files (SCHEME_OWNS: content/ and .github/CODEOWNERS) as they are.

A scheme's repository starts as a copy of the generator's and then changes its own files
only. So an upgrade never merges: it makes a commit whose files are the newer generator's
everywhere else and the scheme's in its own, with both histories as its parents. Nothing can
conflict, the sample's own changes never reach the scheme's menu, and the next upgrade starts
from this one. Any other file a scheme changed is the generator's again afterwards: the
scheme's look and words belong in site.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content.git import GitError, run_git

# What is the scheme's own: its content (the content model's fixed layout), and who reviews
# changes, which only the scheme can say (CODEOWNERS names its coordinators).
SCHEME_OWNS = ("content", ".github/CODEOWNERS")
VERSION_FILE = "catalogue/__init__.py"
CHANGELOG = "CHANGELOG.md"
_VERSION = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.M)
_RELEASE = re.compile(r"^## \[([^\]]+)\]", re.M)


class UpgradeError(Exception):
    """The upgrade cannot be made as asked; the message says why and what to do."""


@dataclass
class Upgrade:
    """What an upgrade did: the versions before and after, the new commit, what to read."""

    before: str
    after: str
    commit: str  # "" when the generator had nothing newer
    changed_files: int
    changes: str  # the changelog's sections newer than `before`


def upgrade(folder: Path, source: str, ref: str) -> Upgrade:
    """Bring the generator at `ref` of `source` (a URL, a path or a remote's name) into the
    repository at `folder`, keeping its content/ folder, as one commit on the current branch."""
    git = _Git(folder)
    head = git.commit("HEAD", "this repository has no commit yet")
    git.require_clean()
    newer = git.fetch(source, ref)
    before, after = git.version(head), git.version(newer)
    if git.contains(head, newer):
        return Upgrade(before, after, "", 0, "")
    tree = git.tree_with_content_of(newer, head)
    changed = git.changed_files(head, tree)
    message = (
        f"The generator upgraded to {after} ({source} {ref}); {' and '.join(SCHEME_OWNS)} kept as they were"
    )
    commit = git.text("commit-tree", tree, "-p", head, "-p", newer, "-m", message)
    git.text("merge", "--ff-only", "--quiet", commit)
    return Upgrade(before, after, commit, changed, changes_since(git.file(newer, CHANGELOG), before))


def changes_since(changelog: str, version: str) -> str:
    """The changelog's sections above the one for `version` ("Unreleased" included)."""
    sections = list(_RELEASE.finditer(changelog))
    if not sections:
        return ""
    end = next((m.start() for m in sections if m.group(1) == version), len(changelog))
    return changelog[sections[0].start() : end].strip()


def _object(entry: str | None) -> str | None:
    """The tree an entry names; None for no entry, or one that is not a folder."""
    if entry is None or " tree " not in entry.split("\t", 1)[0]:
        return None
    return entry.split("\t", 1)[0].split()[2]


class _Git:
    """The git commands an upgrade needs, each failure said in the coordinator's words."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def text(self, *args: str) -> str:
        try:
            return run_git(self.folder, *args).decode("utf-8", "surrogateescape").strip()
        except GitError as error:
            raise UpgradeError(str(error)) from None

    def commit(self, ref: str, missing: str) -> str:
        try:
            found = run_git(self.folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
            return found.decode().strip()
        except GitError:
            raise UpgradeError(missing) from None

    def require_clean(self) -> None:
        if self.text("status", "--porcelain", "--untracked-files=no"):
            raise UpgradeError(
                "this repository has changes not yet committed; commit them (or put them aside with "
                "git stash) first, so that the upgrade is a commit of its own"
            )

    def fetch(self, source: str, ref: str) -> str:
        try:
            run_git(self.folder, "fetch", "--quiet", "--no-tags", source, ref)
        except GitError as error:
            raise UpgradeError(
                f'cannot fetch "{ref}" from {source}: {error}; check the generator\'s address and '
                "the branch or version tag"
            ) from None
        return self.commit("FETCH_HEAD", f"{source} {ref} is not a commit")

    def contains(self, head: str, newer: str) -> bool:
        """Whether head already holds newer (an upgrade made before, or the same generator)."""
        try:
            run_git(self.folder, "merge-base", "--is-ancestor", newer, head)
        except GitError:
            return False
        return True

    def file(self, commit: str, path: str) -> str:
        try:
            return run_git(self.folder, "show", f"{commit}:{path}").decode("utf-8", "replace")
        except GitError:
            return ""

    def version(self, commit: str) -> str:
        found = _VERSION.search(self.file(commit, VERSION_FILE))
        return found.group(1) if found else "unknown"

    def tree_with_content_of(self, generator: str, scheme: str) -> str:
        """The generator's tree with the scheme's own paths (SCHEME_OWNS) as the scheme has them."""
        return self._combined(
            f"{generator}^{{tree}}", f"{scheme}^{{tree}}", [p.split("/") for p in SCHEME_OWNS]
        )

    def _combined(self, generator: str | None, scheme: str | None, owned: list[list[str]]) -> str:
        """A tree: the generator's entries, but for each owned path (as parts) the scheme's."""
        entries, theirs = self._entries(generator), self._entries(scheme)
        for first in dict.fromkeys(parts[0] for parts in owned):
            deeper = [parts[1:] for parts in owned if parts[0] == first and len(parts) > 1]
            if not deeper:  # the whole entry is the scheme's, or absent as the scheme has it
                entries.pop(first, None)
                if first in theirs:
                    entries[first] = theirs[first]
            elif first in entries or first in theirs:
                inside = self._combined(_object(entries.get(first)), _object(theirs.get(first)), deeper)
                entries[first] = f"040000 tree {inside}\t{first}"
        listing = "".join(f"{entry}\0" for entry in entries.values()).encode("utf-8", "surrogateescape")
        try:
            return run_git(self.folder, "mktree", "-z", input_bytes=listing).decode().strip()
        except GitError as error:
            raise UpgradeError(str(error)) from None

    def _entries(self, tree: str | None) -> dict[str, str]:
        """A tree's entries ("mode type object\tname") by name; none for no tree."""
        if tree is None:
            return {}
        try:
            output = run_git(self.folder, "ls-tree", "-z", tree)
        except GitError as error:
            raise UpgradeError(str(error)) from None
        found = (entry for entry in output.decode("utf-8", "surrogateescape").split("\0") if entry)
        return {entry.split("\t", 1)[1]: entry for entry in found}

    def changed_files(self, head: str, tree: str) -> int:
        return len([name for name in self.text("diff", "--name-only", "-z", head, tree).split("\0") if name])
