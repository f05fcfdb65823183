"""A git repository read through git: commits, the files a pull request changes, their contents."""

from __future__ import annotations

from pathlib import Path

from ..content.git import GitError, run_git


class RepositoryError(Exception):
    """The repository, a commit or a file in it cannot be read as asked; says how to fix it."""


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
        try:
            return run_git(self.folder, *args, input_bytes=input_bytes)
        except GitError as error:
            raise RepositoryError(str(error)) from None


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
