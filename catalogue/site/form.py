"""A form field described by the offer schema: its limits, hint and whether it is required.

The contribute form (site/contribute.py) lists the fields; each one's rules come from here, so
the form and `check` never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from ..content.schemas import schema

Words = Callable[[str], str]  # gettext of the page's language


@dataclass(frozen=True)
class FormField:
    """One control of the offer form, with the limits the offer schema sets for it."""

    name: str  # where the answer goes in the offer file: "title", "contact.url", "prices.0.amount"
    label: str  # short, as used in error messages: "Contact web page"
    control: str = "input"  # input, textarea, select, checkboxes, radios, checkbox
    hint: str = ""
    required: bool = False
    missing: str = ""  # the error when a required answer is missing
    check: str = "text"  # text, amount, whole, date
    input_type: str = "text"
    list_split: str = ""  # "comma" or "lines" for answers that become lists
    pattern: str = ""
    pattern_message: str = ""
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, str], ...] = ()
    answers: tuple[tuple[str, str], ...] = ()  # a choice's value in the file as JSON, if not its own
    rows: int = 4
    lang: str = ""  # the language its answer is written in, when not the page's

    @property
    def id(self) -> str:
        return "f-" + re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")

    def as_context(self) -> dict[str, Any]:
        """Plain values for the page context (which the incremental build fingerprints)."""
        return {**asdict(self), "id": self.id}


def resolved(node: dict[str, Any]) -> dict[str, Any]:
    """A schema property with its common.schema.json definition merged in."""
    ref = node.get("$ref", "")
    if not ref:
        return node
    file, _, name = ref.partition("#/definitions/")
    definition: dict[str, Any] = schema(file.removesuffix(".schema.json"))["definitions"][name]
    return {**definition, **{k: v for k, v in node.items() if k != "$ref"}}


def _rules(path: list[str]) -> tuple[dict[str, Any], bool]:
    """The schema of an offer field ("contact", "url") and whether its object requires it."""
    node: dict[str, Any] = schema("offer")
    required = True
    for name in path:
        if node.get("type") == "array":
            node = node["items"]
        required = required and name in node.get("required", [])
        node = resolved(node["properties"][name])
    return node, required


def offer_field(name: str, label: str, _: Words = str, **options: Any) -> FormField:
    """A form field whose limits, hint and required flag come from the offer schema (in the words
    of the page's language: _ is its gettext)."""
    rules, required = _rules([part for part in name.split(".") if not part.isdigit()])
    if options.get("control", "input") != "input" and options.get("control") != "textarea":
        rules = {"description": rules.get("description", "")}  # a choice cannot be mistyped
    hint = options.pop("hint", None) or translated(rules.get("description", ""), _)
    limits = _length_words(rules.get("minLength"), rules.get("maxLength"), _)
    return FormField(
        name,
        label,
        hint=" ".join(filter(None, [hint, limits])),
        required=options.pop("required", required),
        pattern=rules.get("pattern", ""),
        pattern_message=translated(rules.get("patternErrorMessage", ""), _),
        min_length=rules.get("minLength"),
        max_length=rules.get("maxLength"),
        minimum=rules.get("minimum"),
        maximum=rules.get("maximum"),
        **options,
    )


def _length_words(low: int | None, high: int | None, _: Words) -> str:
    if low and low > 1 and high:
        return _("%(low)s to %(high)s characters.") % {"low": low, "high": high}
    return _("%(high)s characters at most.") % {"high": high} if high and high <= 1000 else ""


def translated(text: str, _: Words) -> str:
    """Text in the page's language; nothing for nothing (gettext's answer for "" is the catalogue's
    own header, not a translation)."""
    return _(text) if text else ""
