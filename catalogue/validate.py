"""Every rule a content file must meet: schema, field rules and cross-file rules.

Validation never raises on bad content: it returns the full list of problems so a
contributor can fix everything in one round trip.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from babel import Locale, UnknownLocaleError

from .cache import Memo
from .content import ContentTree, load_content
from .history import last_commits, mtime_date
from .loader import Document, JsonPath, strings
from .messages import describe, did_you_mean, field_label, schema_problems
from .problems import Problem, sort_problems
from .scaffold import placeholder_problems
from .schemas import is_valid, validator

DATE_FIELDS = {"available_from", "available_until", "date"}
MAX_IMAGE_BYTES = 1024 * 1024
EXPIRY_WARNING_DAYS = 30
STALE_AFTER_DAYS = 365
# Python-Markdown slows with the square of the "[" and "<" it must match (20,000 "[" take minutes
# to render; 100 take about a second), so a description may hold only this many of each.
MAX_MARKDOWN_MARKS = 100
_MARK_HINTS = {
    "[": "a link needs only one, as in [text](https://…)",
    "<": "Markdown needs it only for links written <https://…>; write Markdown rather than HTML tags",
}
# Characters no text may hold, however they were written (YAML escapes such as "\0" included):
# control characters other than tab and line breaks, and Unicode noncharacters.
_NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)


@dataclass
class Vocabulary:
    """The ids coordinators define in site.yaml, with their labels."""

    categories: dict[str, str] = field(default_factory=dict)
    areas: dict[str, str] = field(default_factory=dict)
    area_parents: dict[str, str] = field(default_factory=dict)
    audiences: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_site(cls, data: Any) -> Vocabulary:
        data = data if isinstance(data, dict) else {}
        vocabulary = cls(
            categories=_labels(data.get("categories")),
            areas=_labels(data.get("areas")),
            audiences=_labels(data.get("audiences")),
        )
        for item in _items(data.get("areas")):
            if isinstance(item.get("parent"), str):
                vocabulary.area_parents[item["id"]] = item["parent"]
        return vocabulary


def _items(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _labels(value: Any) -> dict[str, str]:
    return {item["id"]: str(item.get("label", item["id"])) for item in _items(value)}


@dataclass
class CheckResult:
    """A content tree with every problem found in it."""

    tree: ContentTree
    vocabulary: Vocabulary
    problems: list[Problem]
    updated: dict[str, dt.date]  # display path -> last updated
    committed: dict[str, dt.date] = field(default_factory=dict)  # display path -> last commit, if any

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def check_content(
    root: Path, display_root: str | None = None, today: dt.date | None = None, memo: Memo | None = None
) -> CheckResult:
    """Load and validate the whole content folder."""
    tree = load_content(root, display_root, memo)
    return validate_tree(tree, today or dt.date.today(), memo)


def validate_tree(tree: ContentTree, today: dt.date, memo: Memo | None = None) -> CheckResult:
    problems = list(tree.problems)
    memo = memo or Memo()
    vocabulary = Vocabulary.from_site(tree.site.data if tree.site else None)
    vocabulary_digest = tree.site.digest if tree.site else ""
    if tree.site:
        problems += validate_document(tree.site, "site")
        problems += site_rules(tree.site, vocabulary)
    for supplier_id, document in tree.suppliers.items():
        folder = tree.supplier_dir(supplier_id)
        logo = file_state(folder, document.data.get("logo"))  # the logo can change on its own
        problems += memo.checked(
            (document.path, document.digest, vocabulary_digest, logo),
            partial(supplier_problems, document, folder, vocabulary),
        )
    for key, document in tree.offers.items():
        folder = tree.supplier_dir(key.split("/")[0])
        image = file_state(folder, document.data.get("image"))
        problems += memo.checked(
            (document.path, document.digest, vocabulary_digest, image),
            partial(offer_problems, document, folder, vocabulary),
        )
    for document in tree.organisations.values():
        problems += validate_document(document, "organisation")
        problems += organisation_rules(document, tree.root / "organisations", vocabulary, tree)
    updated, committed = _updated_dates(tree, memo)
    problems += offer_warnings(tree, today, updated)
    return CheckResult(tree, vocabulary, sort_problems(problems), updated, committed)


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


def supplier_problems(document: Document, folder: Path, vocabulary: Vocabulary) -> list[Problem]:
    return validate_document(document, "supplier") + supplier_rules(document, folder, vocabulary)


def offer_problems(document: Document, folder: Path, vocabulary: Vocabulary) -> list[Problem]:
    return validate_document(document, "offer") + offer_rules(document, folder, vocabulary)


def validate_document(document: Document, kind: str) -> list[Problem]:
    """Schema errors, then the YAML conversions the schema cannot see."""
    errors = [] if is_valid(kind)(document.data) else validator(kind).iter_errors(document.data)
    problems, wrong_type = schema_problems(document, errors)
    texts = list(strings(document.data))  # walked once for both rules that read every string
    problems += implicit_value_problems(document, wrong_type) + placeholder_problems(document, texts)
    return problems + character_problems(document, texts) + markdown_problems(document)


def character_problems(document: Document, texts: list[tuple[JsonPath, str]]) -> list[Problem]:
    """Text holding control characters or noncharacters, which pages, feeds and exports cannot carry."""
    problems = []
    for path, text in texts:
        found = _NOT_TEXT.search(text)
        if found:
            problems.append(
                document.problem(
                    path,
                    f"{field_label(path)}: contains an invisible control character "
                    f"(U+{ord(found.group()):04X}) that cannot be shown on the site; delete it",
                )
            )
    return problems


def markdown_problems(document: Document) -> list[Problem]:
    """A description with more "[" or "<" than Markdown can render in reasonable time."""
    text = document.data.get("description")
    if not isinstance(text, str):
        return []
    problems = []
    for mark, hint in _MARK_HINTS.items():
        count = text.count(mark)
        if count > MAX_MARKDOWN_MARKS:
            problems.append(
                document.problem(
                    ("description",),
                    f'description: uses "{mark}" {count} times; at most {MAX_MARKDOWN_MARKS} are allowed '
                    f"({hint})",
                )
            )
    return problems


def implicit_value_problems(document: Document, wrong_type: set[JsonPath]) -> list[Problem]:
    """Dates and odd numbers that YAML converted where the schema still accepted them."""
    problems = []
    for path, (kind, raw) in document.implicit.items():
        if path in wrong_type:
            continue
        label = field_label(path)
        if kind == "date" and path[-1] not in DATE_FIELDS:
            problems.append(
                document.problem(
                    path,
                    f'{label}: YAML reads {raw} as a date, not text; put it in quotes: "{raw}"',
                )
            )
        elif kind == "odd-number":
            problems.append(
                document.problem(
                    path,
                    f"{label}: YAML reads {raw} as the number {document_value(document, path)}; "
                    "write numbers plainly (like 90 or 12.50), or put text in quotes",
                )
            )
    return problems


def document_value(document: Document, path: JsonPath) -> Any:
    value = document.data
    for part in path:
        value = value[part]
    return value


# --- rules for each kind of file -------------------------------------------------


def site_rules(document: Document, vocabulary: Vocabulary) -> list[Problem]:
    data = document.data
    problems = _locale_rule(document)
    for section in ("categories", "areas", "audiences"):
        problems += _duplicate_ids(document, section)
    for index, item in enumerate(_list(data.get("areas"))):
        if not isinstance(item, dict) or not isinstance(item.get("parent"), str):
            continue
        path: JsonPath = ("areas", index, "parent")
        parent = item["parent"]
        if parent not in vocabulary.areas:
            problems.append(
                document.problem(
                    path,
                    f'{field_label(path)}: unknown area "{parent}"'
                    f"{did_you_mean(parent, vocabulary.areas)}; a parent must be "
                    "another area listed here",
                )
            )
        elif _has_cycle(item.get("id"), vocabulary.area_parents):
            problems.append(
                document.problem(
                    path,
                    f"{field_label(path)}: areas cannot contain each other in a circle; check the parents",
                )
            )
    return problems


def _locale_rule(document: Document) -> list[Problem]:
    """The locale must be one the site can format money and dates in (the schema checks its form)."""
    locale = document.data.get("locale")
    if not isinstance(locale, str) or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", locale):
        return []
    try:
        Locale.parse(locale.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        message = f'"{locale}" is not a language the site can show prices and dates in; use one like "en-GB"'
        return [document.problem(("locale",), f"locale: {message}")]
    return []


def _duplicate_ids(document: Document, section: str) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    items = document.data.get(section)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        if item["id"] in seen:
            path: JsonPath = (section, index, "id")
            first_line = document.mark((section, seen[item["id"]], "id")).line
            problems.append(
                document.problem(
                    path,
                    f'{field_label(path)}: the id "{item["id"]}" is already '
                    f"used on line {first_line}; ids must be unique",
                )
            )
        else:
            seen[item["id"]] = index
    return problems


def _has_cycle(area: Any, parents: dict[str, str]) -> bool:
    seen = set()
    while isinstance(area, str) and area in parents:  # an id of the wrong type is reported by the schema
        if area in seen:
            return True
        seen.add(area)
        area = parents[area]
    return False


def supplier_rules(document: Document, folder: Path, vocabulary: Vocabulary) -> list[Problem]:
    problems = _references(document, "areas", vocabulary.areas, "area")
    problems += image_rules(document, folder, "logo", "logo_alt")
    return problems


def offer_rules(document: Document, folder: Path, vocabulary: Vocabulary) -> list[Problem]:
    data = document.data
    problems = _references(document, "category", vocabulary.categories, "category")
    problems += _references(document, "areas", vocabulary.areas, "area")
    problems += _references(document, "audiences", vocabulary.audiences, "audience")
    problems += _amount_decimals(document)
    problems += _date_rules(document)
    problems += _group_size_rule(document)
    delivery = data.get("delivery")
    if isinstance(delivery, list) and "in_person" in delivery and not data.get("areas"):
        problems.append(
            document.problem(
                ("delivery",),
                'delivery: an offer delivered "in_person" needs '
                '"areas": add the ids of the areas where you can deliver it',
            )
        )
    problems += image_rules(document, folder, "image", "image_alt")
    return problems


def organisation_rules(
    document: Document, folder: Path, vocabulary: Vocabulary, tree: ContentTree
) -> list[Problem]:
    problems = _references(document, "area", vocabulary.areas, "area")
    problems += _references(document, "audiences", vocabulary.audiences, "audience")
    problems += _references(document, "interests", vocabulary.categories, "category")
    problems += _date_rules(document)
    problems += image_rules(document, folder, "logo", "logo_alt")
    for index, item in enumerate(_list(document.data.get("feedback"))):
        offer = item.get("offer") if isinstance(item, dict) else None
        if isinstance(offer, str) and "/" in offer and offer not in tree.offer_keys:
            path: JsonPath = ("feedback", index, "offer")
            hint = did_you_mean(offer, tree.offer_keys)
            problems.append(
                document.problem(
                    path,
                    f'{field_label(path)}: there is no offer "{offer}"{hint}; '
                    "name it as supplier-id/offer-id",
                )
            )
    return problems


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _references(document: Document, name: str, known: dict[str, str], what: str) -> list[Problem]:
    value = document.data.get(name)
    paths: list[tuple[JsonPath, Any]] = (
        [((name, i), v) for i, v in enumerate(value)] if isinstance(value, list) else [((name,), value)]
    )
    problems = []
    for path, ref in paths:
        if not isinstance(ref, str) or not known or ref in known:
            continue
        hint = did_you_mean(ref, known)
        if not hint:
            listed = ", ".join(known) if len(known) <= 12 else "see site.yaml"
            hint = f"; the {what} ids are: {listed}"
        problems.append(document.problem(path, f'{field_label(path)}: unknown {what} "{ref}"{hint}'))
    return problems


def _amount_decimals(document: Document) -> list[Problem]:
    problems = []
    for index, price in enumerate(_list(document.data.get("prices"))):
        amount = price.get("amount") if isinstance(price, dict) else None
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            continue
        path: JsonPath = ("prices", index, "amount")
        raw = document.implicit.get(path, ("", str(amount)))[1]
        if _decimal_places(raw) > 2:
            problems.append(
                document.problem(
                    path,
                    f"{field_label(path)}: must have at most 2 decimal "
                    f"places (pounds and pence, like 12.50); got {raw}",
                )
            )
    return problems


def _decimal_places(text: str) -> int:
    try:
        exponent = Decimal(text).as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _date_rules(document: Document) -> list[Problem]:
    problems = []
    for path in [p for p in document.marks if p and p[-1] in DATE_FIELDS]:
        value = document_value(document, path)
        if (
            isinstance(value, str)
            and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)
            and not parse_date(value)
        ):
            problems.append(
                document.problem(
                    path,
                    f"{field_label(path)}: {value} is not a real date; "
                    "check the day and the month (YYYY-MM-DD)",
                )
            )
    start = parse_date(document.data.get("available_from"))
    end = parse_date(document.data.get("available_until"))
    if start and end and end < start:
        problems.append(
            document.problem(
                ("available_until",),
                f"available_until: {end} is before "
                f"available_from ({start}); the end must be on or after the start",
            )
        )
    return problems


def _group_size_rule(document: Document) -> list[Problem]:
    size = document.data.get("group_size")
    if not isinstance(size, dict):
        return []
    low, high = size.get("min"), size.get("max")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        return [
            document.problem(
                ("group_size", "max"),
                f"group_size.max: {high} is smaller than "
                f"group_size.min ({low}); min must not be more than max",
            )
        ]
    return []


# --- images ------------------------------------------------------------------------

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
    return None


# --- warnings ------------------------------------------------------------------------


def _updated_dates(tree: ContentTree, memo: Memo) -> tuple[dict[str, dt.date], dict[str, dt.date]]:
    """Each offer's "last updated" date (as history.last_updated), and its last commit's where git
    has one; the memo keeps the commit dates of the commit checked out."""
    offer_files = {tree.files[d.path].file: d.path for d in tree.offers.values() if d.path in tree.files}
    kept = list(memo.commits)
    committed = last_commits(list(offer_files), tree.root, memo.commits)
    memo.dirty |= list(memo.commits) != kept
    updated = {display: committed.get(file) or mtime_date(file) for file, display in offer_files.items()}
    return updated, {offer_files[file]: when for file, when in committed.items()}


def offer_warnings(tree: ContentTree, today: dt.date, updated: dict[str, dt.date]) -> list[Problem]:
    """Expired, soon-expiring and stale offers: warnings, not errors."""
    problems = []
    for document in tree.offers.values():
        end = parse_date(document.data.get("available_until"))
        if end and end < today:
            problems.append(
                document.problem(
                    ("available_until",), f"available_until: this offer expired on {end}", "warning"
                )
            )
        elif end and (end - today).days <= EXPIRY_WARNING_DAYS:
            days = (end - today).days
            when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            problems.append(
                document.problem(
                    ("available_until",),
                    f"available_until: this offer expires "
                    f"on {end}, {when}; extend the date if it runs longer",
                    "warning",
                )
            )
        changed = updated.get(document.path)
        if changed and (today - changed).days > STALE_AFTER_DAYS:
            problems.append(
                document.problem(
                    (),
                    f"this offer was last updated on {changed}, over 12 months "
                    "ago; check it is still right and save it again",
                    "warning",
                )
            )
    return problems
