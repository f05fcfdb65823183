"""A scheme's brand colour: its contrast with the header's white text, and shades of it.

Contrast is WCAG 2's: the ratio of the two colours' relative luminances, each plus 0.05.
"""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
WHITE_TEXT_CONTRAST = 4.5  # WCAG AA for body text: the header's title, links and menu
WHITE = "#ffffff"
# The pale backgrounds of static/style.css that links and borders in the brand colour sit on
# (--paper, --wash, and the notices' pink); the darkest of them decides the links' shade.
LIGHT_BACKGROUNDS = ("#ffffff", "#f3f6f4", "#fde8e2")


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    red, green, blue = (_linear(c) for c in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two "#rrggbb" colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shade(colour: str, factor: float) -> str:
    """The colour with each channel scaled by factor (below 1: darker, with the same hue)."""
    return "#" + "".join(f"{min(255, round(c * factor)):02x}" for c in _channels(colour))


def passing_shade(colour: str, against: str = WHITE, needed: float = WHITE_TEXT_CONTRAST) -> str:
    """The lightest shade of colour (same hue) that reaches the contrast needed with `against`.

    Near the colour asked for, so a scheme keeps its look: the factor is searched in steps of 1%.
    """
    for percent in range(100, -1, -1):
        candidate = shade(colour, percent / 100)
        if contrast(candidate, against) >= needed:
            return candidate
    return "#000000"


def link_shade(colour: str) -> str:
    """The brand colour for text on the site's pale backgrounds: itself, or the nearest darker
    shade every one of them can be read against (a colour that carries white text nearly does)."""
    darkest = min(LIGHT_BACKGROUNDS, key=luminance)
    return passing_shade(colour, against=darkest)


def darker(colour: str) -> str:
    """The shade used where the brand colour needs a deeper partner (an open menu, buttons)."""
    return shade(colour, 0.72)
