"""Knowing, without reading a single content file, that the last build is still right.

A build's output depends on the content, templates and static files, the generator's
code and libraries, its options, the date and the git history (for "last updated").
After each build the state of all of those is recorded beside the manifests; the next
build compares them first (a stat of every file, no parsing) and, when nothing differs
and the published folder is still the one that build wrote, has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from ..errors import Problem
from ..publish.files import replace_file
from ..publish.folders import TOKEN, generation_cache
from .pickles import code_digest

RECORD = "inputs.json"
LIBRARIES = ("jinja2", "markdown", "markupsafe", "nh3", "babel", "pyyaml", "pagefind", "pagefind-bin")


@dataclass
class Recorded:
    """What the last build made from the same inputs."""

    pages: int
    offers: int
    files: int
    warnings: list[Problem]


Scan = list[tuple[Path, list[bytes]]]  # each folder, with the status of every entry under it


def scan(folders: list[Path]) -> Scan:
    """The status of every file and folder a build reads (a stat each, no reading)."""
    return [(folder, _walk(folder)) for folder in folders]


def input_state(scanned: Scan, settings: list[str], head: str) -> str:
    """One digest of everything a build reads: file status (not contents), options, code, history."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in [code_digest(), *library_versions(), *settings, head]:
        hasher.update(part.encode() + b"\0")
    for folder, entries in scanned:
        hasher.update(str(folder.resolve()).encode() + b"\0")
        for entry in entries:
            hasher.update(entry)
    return hasher.hexdigest()


def recorded(out: Path, cache_root: Path, state: str) -> Recorded | None:
    """The last build's figures, when it was made from exactly this state and is still published."""
    try:
        record = json.loads((generation_cache(out, cache_root) / RECORD).read_text())
        token = (out / TOKEN).read_text().strip()
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("state") != state or record.get("token") != token:
        return None
    try:
        warnings = [Problem(*fields) for fields in record["warnings"]]
        return Recorded(int(record["pages"]), int(record["offers"]), int(record["files"]), warnings)
    except (KeyError, TypeError, ValueError):
        return None


def record(out: Path, cache_root: Path, state: str, made: Recorded) -> None:
    """Remember what this build made from this state (written atomically; losing it costs a build)."""
    try:
        token = (out / TOKEN).read_text().strip()
        folder = generation_cache(out, cache_root)
        data = {
            "state": state,
            "token": token,
            "pages": made.pages,
            "offers": made.offers,
            "files": made.files,
            "warnings": [[p.path, p.line, p.column, p.severity, p.message] for p in made.warnings],
        }
        replace_file(folder / RECORD, json.dumps(data).encode())
    except OSError:
        pass


def _walk(folder: Path) -> list[bytes]:
    """Every entry under folder, hidden ones and links too, with its status."""
    entries = []
    stack = [str(folder)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                found = sorted(listing, key=lambda e: e.name)
        except OSError:
            entries.append(f"?{current}".encode())
            continue
        for entry in found:
            try:
                status = entry.stat(follow_symlinks=False)
            except OSError:
                entries.append(f"?{entry.path}".encode())
                continue
            entries.append(
                f"{entry.path}\0{status.st_mode}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ino}\0".encode(
                    "utf-8", "surrogateescape"
                )
            )
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
    return entries


@cache
def library_versions() -> tuple[str, ...]:
    """The versions of the libraries that shape the output (Markdown, Jinja, Babel…)."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return tuple(versions)
