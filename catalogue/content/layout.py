"""Content file layout: where each kind of file lives and what its id is."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import PurePath

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX = 60
YAML_SUFFIXES = (".yaml", ".yml")
IMAGES = "images"  # the folder of a supplier's (or the organisations') pictures
RASTER_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp"})  # pictures made of pixels (not SVG)


def is_raster(name: str) -> bool:
    """A PNG, JPEG or WebP picture, by its name: checked for what it holds, published in sizes."""
    return PurePath(name).suffix.lower() in RASTER_SUFFIXES


def is_valid_id(text: str) -> bool:
    return len(text) <= ID_MAX and bool(ID_PATTERN.match(text))


def id_problem(text: str) -> str:
    """Why text is not a valid id, in a contributor's words."""
    suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:ID_MAX]
    hint = f' (try "{suggestion}")' if suggestion and is_valid_id(suggestion) else ""
    return (
        f'"{text}" is not a valid id: use lowercase letters a-z, digits and single hyphens, '
        f"at most {ID_MAX} characters{hint}"
    )


# A listing's further pages are <listing>/page/2/ and on (site/listings.py): where a supplier "page"
# would put its offers (offers/page/…), and an area's page for a category "page" would go.
PAGE = "page"
RESERVED_SUPPLIER_IDS = (PAGE,)


def supplier_id_problem(text: str) -> str | None:
    """Why text cannot be a supplier's id, or None when it can."""
    if not is_valid_id(text):
        return id_problem(text)
    if text in RESERVED_SUPPLIER_IDS:
        hint = f'choose another id, like "{text}-studio"'
        return f'"{text}" is taken by the site\'s own pages (offers/{text}/2/); {hint}'
    return None


def is_yaml(name: str) -> bool:
    return PurePath(name).suffix in YAML_SUFFIXES


def offer_key(parts: Sequence[str]) -> str | None:
    """ "<supplier-id>/<offer-id>" for the parts of an offer file's path inside the content
    folder (suppliers/<supplier-id>/offers/<offer-id>.yaml); None for any other file."""
    if len(parts) != 4 or parts[0] != "suppliers" or parts[2] != "offers" or not is_yaml(parts[3]):
        return None
    stem = PurePath(parts[3]).stem
    return f"{parts[1]}/{stem}" if stem and not stem.startswith(".") else None


def display_path(display_root: str, *parts: str) -> str:
    """A content file's path as messages show it: under the content folder's name as given."""
    return os.path.join(display_root, *parts)
