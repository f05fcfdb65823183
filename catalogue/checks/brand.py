"""The scheme's look in site.yaml: a header colour its white text can be read on, and a logo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..content.colours import HEX_COLOUR, WHITE, WHITE_TEXT_CONTRAST, contrast, passing_shade
from ..content.loader import Document
from ..errors import Problem
from .images import image_path_problem


def brand_rules(document: Document, content: Path) -> list[Problem]:
    """brand.colour must carry the header's white text (WCAG AA); brand.logo is a picture in content/."""
    brand = document.data.get("brand")
    if not isinstance(brand, dict):
        return []
    return _colour_problems(document, brand.get("colour")) + _logo_problems(document, brand, content)


def _colour_problems(document: Document, colour: Any) -> list[Problem]:
    if not isinstance(colour, str) or not HEX_COLOUR.fullmatch(colour):
        return []  # the schema says what a colour looks like
    ratio = contrast(colour, WHITE)
    if ratio >= WHITE_TEXT_CONTRAST:
        return []
    # Rounded down, so that a colour just short of 4.5 never reads as "4.5:1, below 4.5:1".
    shown = int(ratio * 100) / 100
    suggestion = passing_shade(colour)
    message = (
        f'brand.colour: the header\'s white text on "{colour}" has a contrast of {shown:.2f}:1, below the '
        f"{WHITE_TEXT_CONTRAST}:1 people need to read it; choose a darker colour, such as "
        f'"{suggestion}" ({contrast(suggestion, WHITE):.2f}:1)'
    )
    return [document.problem(("brand", "colour"), message)]


def _logo_problems(document: Document, brand: dict[str, Any], content: Path) -> list[Problem]:
    logo = brand.get("logo")
    problems = []
    if logo is not None and not brand.get("logo_alt"):
        problems.append(
            document.problem(
                ("brand", "logo"),
                'brand.logo_alt: required with "logo"; describe the logo in a few words for people '
                "who cannot see it",
            )
        )
    if isinstance(logo, str) and (reason := image_path_problem(logo, content)):
        problems.append(document.problem(("brand", "logo"), f"brand.logo: {reason}"))
    return problems
