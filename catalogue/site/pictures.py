"""Pictures sized for the screen they land on.

A photo straight from a phone can be a megabyte; a card shows it 350 pixels wide. So each
PNG, JPEG or WebP picture is also published as WebP copies at most 480 and 960 pixels wide,
and pages name both in `srcset`: a phone downloads the small one, and only a picture that
scrolls into view. The picture as it came stays published too (the Open Referral export
links it). An SVG draws sharply at any size and is used as it is.
"""

from __future__ import annotations

import io

from markupsafe import Markup, escape
from PIL import Image, ImageOps

from ..content.layout import is_raster

WIDTHS = (480, 960)


def copy_name(name: str, width: int) -> str:
    """The path of a picture's copy at a width, beside it: images/clay.jpg → images/clay.jpg.480w.webp"""
    return f"{name}.{width}w.webp"


def resized(data: bytes, width: int) -> bytes:
    """A WebP copy of a picture, at most width pixels wide, turned the way the camera held it."""
    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)
        image = image.convert("RGBA" if _has_transparency(image) else "RGB")
        if image.width > width:
            image = image.resize(
                (width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS
            )
        out = io.BytesIO()
        image.save(out, "WEBP", quality=80, method=4)
        return out.getvalue()


def _has_transparency(image: Image.Image) -> bool:
    return "A" in image.getbands() or "transparency" in image.info


def picture(folder: str, name: str, sizes: str) -> Markup:
    """The src, srcset and sizes attributes of an <img> for a picture under folder (a URL
    ending in "/"): the smaller copy as src, both copies in srcset; an SVG as it is."""
    if not is_raster(name):
        return Markup('src="{}"').format(folder + name)
    small, large = (folder + copy_name(name, width) for width in WIDTHS)
    srcset = f"{small} {WIDTHS[0]}w, {large} {WIDTHS[1]}w"
    return Markup(f'src="{escape(small)}" srcset="{escape(srcset)}" sizes="{escape(sizes)}"')
