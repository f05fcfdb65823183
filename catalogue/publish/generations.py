"""Publishing without ever showing a half-written site.

The output folder always holds a complete site. Each build updates a second copy
beside it (the previous build's output, kept as ".<name>.spare"; after a first build,
hard links to the published files) in place, writing
only the files whose fingerprint differs from what that copy holds, then swaps the
two folders. A manifest in the cache records each copy's fingerprints; it is
removed before a copy is touched, so a copy changed by a killed build is never
trusted again and is simply rewritten in full.

A build may also replace a few pages of the published folder before its swap (publish/early.py);
the next build puts them back first if that build was killed.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import BuildError, describe
from .early import undo_early
from .files import link_or_copy, remove_empty_parents, write_file, write_json
from .folders import SEARCH, TOKEN, early_folder, generation_cache, read_manifest, spare_folder, token_of


class Generation:
    """The staging copy of the site a build updates, and how it is swapped in."""

    def __init__(self, out: Path, folder: Path, manifest: dict[str, str] | None, cache: Path) -> None:
        self.out = out
        self.folder = folder
        self.previous = manifest  # None: contents unknown, trust nothing
        self.manifest: dict[str, str] = {}
        self.cache = cache

    def needs(self, path: str, fingerprint: str) -> bool:
        return self.previous is None or self.previous.get(path) != fingerprint

    def write(self, path: str, data: bytes) -> None:
        # A copy made empty by this build shares no file with another: it is written in place.
        write_file(self.folder / path, data, in_place=self.previous == {})

    def record(self, fingerprints: dict[str, str]) -> None:
        self.manifest.update(fingerprints)

    def drop_search(self) -> None:
        shutil.rmtree(self.folder / SEARCH, ignore_errors=True)

    def publish(self) -> None:
        """Remove files the site no longer has, save the manifest, swap the folders."""
        try:
            self.remove_stale(set(self.manifest))
            token = secrets.token_hex(12)
            write_json(self.cache / f"{token}.json", self.manifest)
            (self.folder / TOKEN).write_text(token)
            spare = spare_folder(self.out)
            if not self.out.exists():
                self.folder.rename(self.out)  # the next build makes its spare copy, if there is one
            elif _exchange(self.folder, self.out):
                self.folder.rename(spare)  # the previous site, now under the staging name
            else:
                self.out.rename(spare)  # a moment with no output folder: the next build repairs it
                self.folder.rename(self.out)
            self._prune_manifests()
        except OSError as error:
            raise BuildError(f"could not write the site: {describe(error)}") from None

    def abandon(self) -> None:
        """After a failure: keep the staging copy as the spare, marked as untrusted."""
        try:
            (self.folder / TOKEN).unlink(missing_ok=True)
            spare = spare_folder(self.out)
            if not spare.exists() and self.folder.exists():
                self.folder.rename(spare)
            else:
                shutil.rmtree(self.folder, ignore_errors=True)
        except OSError:
            shutil.rmtree(self.folder, ignore_errors=True)

    def remove_stale(self, wanted: set[str]) -> None:
        """Remove the files of the copy that are not among the wanted paths (the index aside)."""
        keep = wanted | {TOKEN}
        if self.previous is not None:
            stale = [p for p in self.previous if p not in keep and p != SEARCH]
        else:
            stale = [
                p.relative_to(self.folder).as_posix()
                for p in self.folder.rglob("*")
                if (p.is_file() or p.is_symlink())
                and not p.relative_to(self.folder).as_posix().startswith(SEARCH)
            ]
            stale = [p for p in stale if p not in keep]
        for name in stale:
            path = self.folder / name
            path.unlink(missing_ok=True)
            remove_empty_parents(path.parent, self.folder)

    def _prune_manifests(self) -> None:
        live = {token_of(self.out), token_of(spare_folder(self.out))}
        for manifest in self.cache.glob("*.json"):
            if manifest.stem not in live:
                manifest.unlink(missing_ok=True)


@contextmanager
def output_lock(out: Path, cache_root: Path) -> Iterator[None]:
    """Hold the output folder for one build (a second one waits), after repairing what a killed
    build left behind."""
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        generation_cache(out, cache_root).mkdir(parents=True, exist_ok=True)
        handle = (out.parent / f".{out.name}.lock").open("w")
    except OSError as error:
        raise BuildError(f"could not prepare the output folder: {describe(error)}") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            _recover(out)
        except OSError as error:
            raise BuildError(f"could not prepare the output folder: {describe(error)}") from None
        yield


def open_generation(out: Path, cache_root: Path) -> Generation:
    """Take the spare copy (or an empty folder) as this build's staging folder (under output_lock)."""
    out = out.resolve()
    cache = generation_cache(out, cache_root)
    try:
        staging = out.parent / f".{out.name}.building-{os.getpid()}"
        spare = spare_folder(out)
        manifest = None
        if spare.is_dir():
            manifest = read_manifest(cache, token_of(spare))
            (spare / TOKEN).unlink(missing_ok=True)  # from here on, its contents are not trusted
            spare.rename(staging)
            published = read_manifest(cache, token_of(out))
            if manifest is not None and published is not None:
                _catch_up(staging, out, manifest, published)
                manifest = published
        elif token_of(out) and (published := read_manifest(cache, token_of(out))) is not None:
            _link_copy(out, staging)
            manifest = published
        else:
            staging.mkdir()
            manifest = {}  # known to be empty: nothing in it is stale
    except OSError as error:
        raise BuildError(f"could not prepare the output folder: {describe(error)}") from None
    return Generation(out, staging, manifest, cache)


def _link_copy(out: Path, staging: Path) -> None:
    """A copy of the published site made of hard links (after a first build, which keeps no spare).

    CI builds once from nothing and never again: making this copy only when a second build
    needs it saves that first build the time (1.6 s for 10,000 offers).
    """
    shutil.copytree(out, staging, copy_function=link_or_copy, symlinks=True)
    (staging / TOKEN).unlink()


def _catch_up(staging: Path, out: Path, have: dict[str, str], published: dict[str, str]) -> None:
    """Make the staging copy equal to the published one, with hard links to the files it lacks.

    The spare copy is one build behind: without this, every page the last build rewrote would
    be rendered again by this one. Files are only ever replaced by renaming a new file into
    place, never changed where they are, so both copies may share them.
    """
    for path in have.keys() - published.keys():
        if path == SEARCH:
            shutil.rmtree(staging / SEARCH, ignore_errors=True)
        else:
            (staging / path).unlink(missing_ok=True)
            remove_empty_parents((staging / path).parent, staging)
    for path, fingerprint in published.items():
        if have.get(path) == fingerprint:
            continue
        if path == SEARCH:
            shutil.rmtree(staging / SEARCH, ignore_errors=True)
            shutil.copytree(out / SEARCH, staging / SEARCH, copy_function=link_or_copy)
            continue
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.unlink(missing_ok=True)
        link_or_copy(out / path, temporary)
        os.replace(temporary, target)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2), so the output folder never goes missing.

    False where the system or file system cannot: the caller falls back to two renames.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    done = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _recover(out: Path) -> None:
    """Repair what a killed build left behind."""
    undo_early(out, early_folder(out))
    spare = spare_folder(out)
    if not out.exists() and spare.is_dir() and token_of(spare):
        spare.rename(out)  # killed between the two renames: the spare is the published site
    for leftover in out.parent.glob(f".{out.name}.building-*"):
        if not spare.exists():
            (leftover / TOKEN).unlink(missing_ok=True)
            leftover.rename(spare)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
