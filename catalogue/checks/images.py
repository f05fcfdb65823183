"""Pictures named in content: a plain path inside the supplier's folder, to a small real file."""

from __future__ import annotations

import io
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image

from ..content.layout import is_raster
from ..content.loader import Document
from ..errors import Problem
from .messages import describe

MAX_IMAGE_BYTES = 1024 * 1024
_UNSAFE_PATH = re.compile(r"%(2e|2f|5c|00)|\\|\x00|^[a-zA-Z]:", re.I)


def image_rules(document: Document, folder: Path, name: str, alt: str) -> list[Problem]:
    """An image path must stay inside its folder, be a real file (no link) and be small."""
    value = document.data.get(name)
    problems = []
    if value is not None and not document.data.get(alt):
        problems.append(
            document.problem(
                (name,),
                f'{alt}: required with "{name}"; describe the '
                "image in a few words for people who cannot see it",
            )
        )
    if not isinstance(value, str):
        return problems
    reason = image_path_problem(value, folder)
    if reason:
        problems.append(document.problem((name,), f"{name}: {reason}"))
    return problems


def image_path_problem(value: str, folder: Path) -> str | None:
    """Why an image path is refused, or None when it names a file inside folder."""
    where = f"inside {folder.name}/"
    shown = describe(value)  # quoted, with control characters written out (a NUL prints as \x00)
    pure = PurePosixPath(value)
    if _UNSAFE_PATH.search(value) or pure.is_absolute() or ".." in pure.parts or "//" in value:
        return (
            f'{shown} must be a plain relative path {where} (no "..", no leading "/", '
            "no backslashes or encoded characters), like images/logo.png"
        )
    current = folder
    for part in pure.parts:
        if part == ".":
            continue
        try:
            names = os.listdir(current)
        except OSError:
            names = []
        if part not in names:
            close = [n for n in names if n.lower() == part.lower()]
            if close:
                return f'{shown} was not found: the file is named "{close[0]}" (capital letters must match)'
            return f"{shown} was not found {where}; add the file or correct the path"
        current = current / part
        if current.is_symlink():
            return f"{shown} is a link; add the image file itself"
    if not current.is_file():
        return f"{shown} is not a file"
    size = current.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"{shown} is {size / 1024 / 1024:.1f} MB; images may be at most 1 MB"
    if is_raster(current.name):
        found = raster_problem(current.read_bytes())
        if found:
            return f"{shown} {found}"
    if current.suffix.lower() == ".svg":
        found = svg_problem(current.read_bytes())
        if found:
            return (
                f"{shown} {found}, which a browser could run as a program on the site; "
                "save the picture as a PNG or JPG instead, or export a plain SVG without it"
            )
    return None


MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is a picture no page needs, or a trap


def raster_problem(data: bytes) -> str | None:
    """Why a PNG, JPEG or WebP file cannot be published as a picture, in words; None if it can."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in {"PNG", "JPEG", "WEBP"}:
                return f"is a {image.format} file, not a PNG, JPEG or WebP picture; save it as one of those"
            if image.width * image.height > MAX_PIXELS:
                return (
                    f"is {image.width} × {image.height} pixels; make it smaller (2,000 pixels wide is plenty)"
                )
            image.verify()
    except Image.DecompressionBombError:
        return "is too many pixels to open; make it smaller (2,000 pixels wide is plenty)"
    except (OSError, SyntaxError, ValueError):
        return "cannot be opened as a picture; is it really a PNG, JPEG or WebP file? Save it again as one"
    return None


# An SVG file is a document a browser opens as it is, so it is published only when it is a
# plain picture: shapes, text, gradients and filters from these namespaces, links only within
# the file, embedded pictures only as PNG, JPEG, GIF or WebP data.
_SVG = "http://www.w3.org/2000/svg"
_EDITORS = {  # what drawing programs add, which browsers ignore
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Variables/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/",
    "http://ns.adobe.com/xap/1.0/",
}
_SVG_NAMES = (
    "svg g defs symbol use title desc metadata switch path rect circle ellipse line polyline polygon "
    "text tspan textPath linearGradient radialGradient stop pattern clipPath mask marker image style "
    "filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting "
    "feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR "
    "feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight "
    "feSpecularLighting feSpotLight feTile feTurbulence"
)
_SVG_ELEMENTS = frozenset(_SVG_NAMES.split())
_PICTURE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp);base64,", re.I)
_FETCH_OR_RUN = re.compile(r"(java|vb)script:|@import|url\((?!['\"]?#)", re.I)


def svg_problem(data: bytes) -> str | None:
    """What in an SVG file could run or fetch something, in words; None for a plain picture."""
    if b"<!ENTITY" in data:
        return "declares entities"
    try:
        for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
            found = _element_problem(element) if event == "start" else _style_problem(element)
            if found:
                return found
    except ET.ParseError as error:
        return f"cannot be read as an SVG picture ({error})"
    return None


def _element_problem(element: ET.Element) -> str | None:
    space, _, name = element.tag.rpartition("}")
    space = space.lstrip("{")
    if space in _EDITORS:
        return None
    if not space:
        return f'is not marked as SVG (its <{name}> needs xmlns="{_SVG}")'
    if space != _SVG or name not in _SVG_ELEMENTS:
        return f"contains the element <{name}>"
    for attribute, value in element.attrib.items():
        local = attribute.rpartition("}")[2]
        if local.lower().startswith("on"):
            return f'has an event handler ({local}="…")'
        if local == "href" and not (value.startswith("#") or _PICTURE_DATA.match(value)):
            return f'links to "{value[:60]}"'
        if _FETCH_OR_RUN.search(re.sub(r"\s", "", value)):
            return f'has "{value[:60]}" in its {local} attribute'
    return None


def _style_problem(element: ET.Element) -> str | None:
    if element.tag == f"{{{_SVG}}}style" and _FETCH_OR_RUN.search(re.sub(r"\s", "", element.text or "")):
        return "has a style that loads something from elsewhere"
    return None


def file_state(folder: Path, name: Any) -> str:
    """What an image's check depends on besides its document: the file and the folders to it.

    A folder's modification time changes when an entry is added, removed or renamed (a
    case-only rename too), the file's status when it is replaced, resized or made a link.
    """
    if not isinstance(name, str) or not name:
        return ""
    state = []
    current = folder
    for part in ("", *PurePosixPath(name).parts):
        current = current / part if part else current
        try:
            status = current.lstat()
        except (OSError, ValueError):
            state.append("-")
            break
        state.append(f"{status.st_mode}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}")
    return "|".join(state)
