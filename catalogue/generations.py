"""Publishing without ever showing a half-written site.

The output folder always holds a complete site. Each build updates a second copy
beside it (the previous build's output, kept as ".<name>.spare"; after a first build,
hard links to the published files) in place, writing
only the files whose fingerprint differs from what that copy holds, then swaps the
two folders. A manifest in the cache records each copy's fingerprints; it is
removed before a copy is touched, so a copy changed by a killed build is never
trusted again and is simply rewritten in full.

A build may also replace a few pages of the published folder before its swap (early.py:
the pages of changed offers). Each is renamed into place whole, the old ones are kept
beside it to be put back if the build fails, and the next build puts them back if it was
killed (write_early).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

TOKEN = ".catalogue-generation"
SEARCH = "pagefind/"


class BuildError(Exception):
    """The build could not finish for a reason other than content (disk, Pagefind…)."""


def describe(error: OSError) -> str:
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list) and error.args[0]:
        why = str(error.args[0][0][2])  # copytree lists (source, target, why) for each file it could not copy
        if found := re.match(r"\[Errno (\d+)\] ([^:]*)(?:: '(.*)')?$", why):
            return describe(OSError(int(found[1]), found[2], found[3]))
        return why
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to write ({error.filename})"
    return f"{error.strerror or error} ({error.filename})"


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
        write_file(self.folder / path, data)

    def record(self, fingerprints: dict[str, str]) -> None:
        self.manifest.update(fingerprints)

    def drop_search(self) -> None:
        shutil.rmtree(self.folder / SEARCH, ignore_errors=True)

    def publish(self) -> None:
        """Remove files the site no longer has, save the manifest, swap the folders."""
        try:
            self.remove_stale(set(self.manifest))
            token = secrets.token_hex(12)
            _write_json_atomically(self.cache / f"{token}.json", self.manifest)
            (self.folder / TOKEN).write_text(token)
            spare = _spare(self.out)
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
            spare = _spare(self.out)
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
            _remove_empty_parents(path.parent, self.folder)

    def _prune_manifests(self) -> None:
        live = {_token(self.out), _token(_spare(self.out))}
        for manifest in self.cache.glob("*.json"):
            if manifest.stem not in live:
                manifest.unlink(missing_ok=True)


def generation_cache(out: Path, cache_root: Path) -> Path:
    """Where the manifests of one output folder's two copies are kept."""
    out = out.resolve()
    place = hashlib.blake2b(str(out).encode(), digest_size=6).hexdigest()
    return (cache_root / "generations" / f"{out.name}-{place}").resolve()


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
        spare = _spare(out)
        manifest = None
        if spare.is_dir():
            manifest = _read_manifest(cache, _token(spare))
            (spare / TOKEN).unlink(missing_ok=True)  # from here on, its contents are not trusted
            spare.rename(staging)
            published = _read_manifest(cache, _token(out))
            if manifest is not None and published is not None:
                _catch_up(staging, out, manifest, published)
                manifest = published
        elif _token(out) and (published := _read_manifest(cache, _token(out))) is not None:
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
            _remove_empty_parents((staging / path).parent, staging)
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


# What link() says where the file system has no hard links (FAT and exFAT drives, some network and
# container mounts), or where a file has as many as it may have.
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link to the file; a copy of it where the file system cannot link.

    Both copies of the site share unchanged files this way; a copy only costs the time and space.
    """
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise
        shutil.copy2(source, target)


def write_file(target: Path, data: bytes) -> None:
    """Write a new file and rename it into place: a hard-linked copy of the old one is untouched."""
    try:
        temporary = target.with_name(f".{target.name}.tmp")
        try:
            temporary.write_bytes(data)
        except FileNotFoundError:  # a new folder: made only then (a mkdir per file costs 2 s at 10,000)
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError as error:  # a full disk, say: a message, not a traceback
        raise BuildError(f"could not write the site: {describe(error)}") from None


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


def _spare(out: Path) -> Path:
    return out.parent / f".{out.name}.spare"


def _early(out: Path) -> Path:
    """Where the pages a build replaced early are kept until it ends (see write_early)."""
    return out.parent / f".{out.name}.early"


def _recover(out: Path) -> None:
    """Repair what a killed build left behind."""
    _undo_early(out, _early(out))
    spare = _spare(out)
    if not out.exists() and spare.is_dir() and _token(spare):
        spare.rename(out)  # killed between the two renames: the spare is the published site
    for leftover in out.parent.glob(f".{out.name}.building-*"):
        if not spare.exists():
            (leftover / TOKEN).unlink(missing_ok=True)
            leftover.rename(spare)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def published_token(out: Path) -> str:
    """The token of the published folder ("" when there is none): which build made it."""
    return _token(out.resolve())


def _token(folder: Path) -> str:
    try:
        return (folder / TOKEN).read_text().strip()
    except OSError:
        return ""


def _read_manifest(cache: Path, token: str) -> dict[str, str] | None:
    if not token:
        return None
    try:
        data = json.loads((cache / f"{token}.json").read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_json_atomically(path: Path, data: dict[str, str]) -> None:
    replace_file(path, json.dumps(data, sort_keys=True).encode())


def replace_file(path: Path, data: bytes) -> None:
    """Write a whole new file under a name of this process's own, then rename it into place:
    a reader, or another build writing the same file, never sees it half-written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


_UNDO = "undo.json"  # in the early folder: the tokens before and after, and the pages replaced
_NOT_RENDERED = "written early"  # a manifest entry no fingerprint equals: the page is rendered again


@dataclass
class EarlyWrite:
    """Pages written into the published folder before the rest of the build, and how to take
    them back. The old pages are kept as hard links in .<name>.early beside it."""

    out: Path
    folder: Path
    paths: list[str]

    def undo(self) -> None:
        """Put the old pages back, unless the build got as far as publishing."""
        _undo_early(self.out, self.folder)

    def done(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def write_early(out: Path, cache_root: Path, pages: dict[str, bytes]) -> EarlyWrite | None:
    """Replace some pages of the published folder, each in one rename (under output_lock).

    The folder's token changes first, to one whose manifest marks those pages as not rendered
    by this build, so that neither this build's spare copy nor a later build trusts them. None
    when the published folder's manifest is unknown.
    """
    out = out.resolve()
    cache = generation_cache(out, cache_root)
    before = _token(out)
    manifest = _read_manifest(cache, before)
    if manifest is None or any(path not in manifest for path in pages):
        return None
    folder = _early(out)
    after = secrets.token_hex(12)
    paths = sorted(pages)
    try:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for number, path in enumerate(paths):
            link_or_copy(out / path, folder / str(number))
        _write_json_atomically(cache / f"{after}.json", manifest | dict.fromkeys(paths, _NOT_RENDERED))
        undo = {"before": before, "after": after, "paths": paths}
        replace_file(folder / _UNDO, json.dumps(undo).encode())
        replace_file(out / TOKEN, after.encode())
        written = EarlyWrite(out, folder, paths)
        for path in paths:
            write_file(out / path, pages[path])
    except (OSError, BuildError):  # a full disk, say: the build goes on, and says so if it must
        _undo_early(out, folder)
        return None
    return written


def _undo_early(out: Path, folder: Path) -> None:
    """Put back the pages a build wrote early, if the published folder still holds them."""
    try:
        undo = json.loads((folder / _UNDO).read_text())
    except (OSError, ValueError):
        shutil.rmtree(folder, ignore_errors=True)
        return
    if _token(out) == undo["after"]:
        for number, path in enumerate(undo["paths"]):
            os.replace(folder / str(number), out / path)
        replace_file(out / TOKEN, undo["before"].encode())
    shutil.rmtree(folder, ignore_errors=True)
