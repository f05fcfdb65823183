"""Writing files so that no reader ever sees one half-written, and sharing unchanged ones."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

from ..errors import BuildError, describe

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


def write_file(target: Path, data: bytes, in_place: bool = False) -> None:
    """Write a new file and rename it into place: a hard-linked copy of the old one is untouched.

    in_place: the file is new, in a folder no other copy shares, so it is written where it goes
    (a rename each of 20,000 files costs a large build a second).
    """
    try:
        temporary = target if in_place else target.with_name(f".{target.name}.tmp")
        try:
            temporary.write_bytes(data)
        except FileNotFoundError:  # a new folder: made only then (a mkdir per file costs 2 s at 10,000)
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_bytes(data)
        if not in_place:
            os.replace(temporary, target)
    except OSError as error:  # a full disk, say: a message, not a traceback
        raise BuildError(f"could not write the site: {describe(error)}") from None


def write_json(path: Path, data: dict[str, str]) -> None:
    replace_file(path, json.dumps(data, sort_keys=True).encode())


def replace_file(path: Path, data: bytes) -> None:
    """Write a whole new file under a name of this process's own, then rename it into place:
    a reader, or another build writing the same file, never sees it half-written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
