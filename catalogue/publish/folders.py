"""Where a build keeps what it knows of an output folder's two copies, and how it names them.

Each copy carries a token (a file in it) naming the manifest in the cache that lists the
fingerprint of every file in that copy.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

TOKEN = ".catalogue-generation"
SEARCH = "pagefind/"  # the search index: one entry in a manifest, for the whole folder


def generation_cache(out: Path, cache_root: Path) -> Path:
    """Where the manifests of one output folder's two copies are kept."""
    out = out.resolve()
    place = hashlib.blake2b(str(out).encode(), digest_size=6).hexdigest()
    return (cache_root / "generations" / f"{out.name}-{place}").resolve()


def spare_folder(out: Path) -> Path:
    return out.parent / f".{out.name}.spare"


def early_folder(out: Path) -> Path:
    """Where the pages a build replaced early are kept until it ends (see write_early)."""
    return out.parent / f".{out.name}.early"


def published_token(out: Path) -> str:
    """The token of the published folder ("" when there is none): which build made it."""
    return token_of(out.resolve())


def token_of(folder: Path) -> str:
    try:
        return (folder / TOKEN).read_text().strip()
    except OSError:
        return ""


def read_manifest(cache: Path, token: str) -> dict[str, str] | None:
    if not token:
        return None
    try:
        data = json.loads((cache / f"{token}.json").read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
