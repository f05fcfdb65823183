"""The scheme's look from site.yaml's brand: a small stylesheet of its colour, and where its logo goes.

The pages' Content-Security-Policy allows no inline style, so the colour reaches them as a
stylesheet the build writes, rendered like a page (a changed colour changes its fingerprint,
through site.yaml's, so the preview and the next build write it again).
"""

from __future__ import annotations

from ..content.colours import darker, link_shade
from ..model.objects import Site
from .page import Page

BRAND_STYLESHEET = "static/brand.css"
# The logo's folder on the site: "_" is in no supplier's id, so no supplier's pictures share it.
BRAND_MEDIA = "media/_site/"


def brand_page(site: Site) -> Page | None:
    """The stylesheet of the brand colour; None when site.yaml gives none (style.css's colours stay)."""
    if not site.brand_colour:
        return None
    text = link_shade(site.brand_colour)
    context = {"colour": site.brand_colour, "text": text, "dark": darker(text)}
    return Page(BRAND_STYLESHEET, "_brand.css", context)
