"""Strict YAML loading: values that remember their file, line and column.

YAML's surprises become problems instead of silent conversions: duplicate keys,
anchors and aliases, tabs, and plain scalars that YAML would turn into booleans,
numbers or dates (recorded per value so the validator can judge them against the
field's type). The tree is built from libyaml's event stream, so there is no
recursion and an alias is refused before it can expand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..errors import Problem
from .characters import raw_text_problems

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 24

Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

JsonPath = tuple[str | int, ...]


def strings(value: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, str]]:
    """Every string in parsed YAML data, with its path, in document order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, index))


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {
    **dict.fromkeys(["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"], True),
    **dict.fromkeys(["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"], False),
}
_PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_YAML11_NUMBER = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+
    |[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?
    |\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+).*)?$")


class Mark(NamedTuple):
    """Where a value starts: 1-based line and column."""

    line: int
    column: int


@dataclass
class Document:
    """A parsed content file: plain data plus where each value came from."""

    path: str
    data: Any
    # Plain (line, column) tuples: the memo pickles hundreds of thousands, 2.5x faster than Marks.
    marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    # Plain scalars YAML would not read as text: path -> (kind, text as written).
    implicit: dict[JsonPath, tuple[str, str]] = field(default_factory=dict)
    digest: str = ""  # hash of the file's bytes: what caches and fingerprints key on

    def mark(self, path: JsonPath) -> Mark:
        """The mark of the value at path, or of its nearest ancestor."""
        while path not in self.marks and path:
            path = path[:-1]
        return Mark(*self.marks.get(path, (1, 1)))

    def key_mark(self, path: JsonPath) -> Mark:
        known = self.key_marks.get(path)
        return Mark(*known) if known else self.mark(path)

    def problem(self, path: JsonPath, message: str, severity: str = "error") -> Problem:
        mark = self.mark(path)
        return Problem(self.path, mark.line, mark.column, severity, message)  # type: ignore[arg-type]


def content_digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def resolve_plain(text: str) -> tuple[Any, str | None]:
    """Read a plain (unquoted) scalar as YAML 1.1 would; the kind says what it became."""
    if _NULL.match(text):
        return None, "null"
    if text in _BOOL:
        return _BOOL[text], "bool"
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _PLAIN_INT.match(text):
            return int(text), "int"
        if _PLAIN_FLOAT.match(text):
            return float(text), "float"
        if _TIMESTAMP.match(text):
            return text, "date"
        if _YAML11_NUMBER.match(text):
            return _yaml11_number(text), "odd-number"
    return text, None


def _yaml11_number(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:  # pragma: no cover - the regex admits only numbers
        return text


def parse_date(value: Any) -> dt.date | None:
    """A YYYY-MM-DD text as a date; None for anything else, or a day that does not exist."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def read_document(file: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one content file; never raises for bad content."""
    raw, problem = read_source(file, display)
    return parse_document(raw, display) if problem is None else (None, [problem])


def read_source(file: Path, display: str) -> tuple[bytes, Problem | None]:
    """The bytes of one content file, or why they cannot be read."""
    if file.is_symlink() or not file.is_file():
        return b"", Problem(display, 1, 1, "error", "must be a plain file, not a link or folder")
    try:
        return file.read_bytes(), None
    except OSError as error:
        return b"", Problem(display, 1, 1, "error", f"cannot be read: {error.strerror}")


def parse_document(raw: bytes, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse the bytes of one content file into a Document, or report why not."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                display,
                1,
                1,
                "error",
                f"file is {len(raw) // 1024} KB; content files may be at most "
                f"{MAX_FILE_BYTES // 1024} KB (move long text out or shorten it)",
            )
        ]
    text, problem = _decode(raw, display)
    if problem:
        return None, [problem]
    problems = raw_text_problems(text, display)
    if problems:
        return None, problems
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return None, [Problem(display, 1, 1, "error", "file is empty; it needs at least the required fields")]
    builder = _TreeBuilder(display)
    try:
        builder.build(yaml.parse(text, Loader=Loader))
    except yaml.MarkedYAMLError as error:
        builder.problems.append(_too_deep(error, text, display) or _syntax_problem(error, display))
        return None, builder.problems
    except yaml.YAMLError as error:
        builder.problems.append(Problem(display, 1, 1, "error", f"is not valid YAML: {error}"))
        return None, builder.problems
    if builder.aborted:
        return None, builder.problems
    document = builder.document
    if not isinstance(document.data, dict):
        builder.problems.append(
            document.problem((), "the file must be a list of `field: value` lines, like `title: Art for all`")
        )
        return None, builder.problems
    document.digest = content_digest(raw)
    return document, builder.problems


def _decode(raw: bytes, display: str) -> tuple[str, Problem | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        message = f"is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be read); save the file as UTF-8"
        return "", Problem(display, line, column, "error", message)


_SYNTAX_HINTS = [
    (
        "mapping values are not allowed",
        "a colon in a value needs the value in quotes, or a line is indented wrongly",
    ),
    (
        "could not find expected ':'",
        "a line is missing the colon and space after its field name, or a quoted text is not closed",
    ),
    ("found character '\\t'", "a tab is not allowed; use spaces"),
    ("did not find expected key", "the indentation is wrong: line fields up under each other"),
    ("did not find expected '-' indicator", "the indentation of a list is wrong: line the - up"),
    ("found unexpected end of stream", "a quoted text is not closed: add the closing quote"),
    ("found undefined alias", "a `*` at the start of a value must be in quotes"),
    (
        "found character that cannot start any token",
        "a value starts with a character YAML reserves (such as @, ` or %): put the value in quotes",
    ),
    (
        "block sequence entries are not allowed",
        "a list item (-) is on the same line as its field; start the list on the next line",
    ),
    (
        "found unknown escape character",
        "a backslash in double quotes starts an escape: use single quotes, or write \\\\",
    ),
]


def _too_deep(error: yaml.MarkedYAMLError, text: str, display: str) -> Problem | None:
    """The libyaml in recent PyYAML wheels stops at 1,000 nested brackets while reading ahead,
    before our own limit sees the events: the same message, at the line's first bracket."""
    mark = error.problem_mark
    if mark is None or "maximum nesting depth" not in (error.problem or ""):
        return None
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    column = min((i for i in (line.find("["), line.find("{")) if i >= 0), default=mark.column)
    message = f"values are nested more than {MAX_DEPTH} levels deep; content files never need that"
    return Problem(display, mark.line + 1, column + 1, "error", message)


def _syntax_problem(error: yaml.MarkedYAMLError, display: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    reason = error.problem or "cannot be read"
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in reason), None)
    message = f"YAML syntax error: {reason}"
    if hint:
        message += f" ({hint})"
    return Problem(display, line, column, "error", message)


def _position(event: yaml.Event) -> tuple[int, int]:
    """1-based line and column where an event starts."""
    mark: Any = event.start_mark
    return mark.line + 1, mark.column + 1


@dataclass
class _Frame:
    container: Any
    path: JsonPath
    discard: bool
    pending_key: str | None = None
    discard_next: bool = False
    key_lines: dict[str, int] = field(default_factory=dict)


class _TreeBuilder:
    """Builds plain data from YAML events, refusing what content files must not hold."""

    def __init__(self, display: str) -> None:
        self.document = Document(display, None)
        self.problems: list[Problem] = []
        self.aborted = False
        self._stack: list[_Frame] = []
        self._documents = 0

    def build(self, events: Iterator[yaml.Event]) -> None:
        node_events = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
        end_events = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        for event in events:
            kind = type(event)
            if kind in node_events:
                if event.anchor is not None or event.tag is not None:  # type: ignore[attr-defined]
                    self._refuse_anchor_or_tag(event)
                else:
                    self._node(event)
            elif kind in end_events:
                self._close()
            elif kind is yaml.DocumentStartEvent:
                self._documents += 1
                if self._documents > 1:
                    self._abort(event, "the file holds more than one document; remove the extra `---` line")
            elif kind is yaml.AliasEvent:
                self._refuse_anchor_or_tag(event)
            if self.aborted:
                return

    def _refuse_anchor_or_tag(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            self._abort(
                event,
                "anchors (&) and aliases (*) are not allowed in content files; "
                "write the value out in full, or put it in quotes if it is text",
            )
        else:
            self._abort(
                event, "YAML tags (words starting with !) are not allowed; put text in quotes instead"
            )

    def _abort(self, event: yaml.Event, message: str) -> None:
        self.problems.append(Problem(self.document.path, *_position(event), "error", message))
        self.aborted = True

    def _node(self, event: yaml.Event) -> None:
        top = self._stack[-1] if self._stack else None
        if top is not None and isinstance(top.container, dict) and top.pending_key is None:
            self._key(top, event)
            return
        if len(self._stack) >= MAX_DEPTH:
            self._abort(
                event,
                f"values are nested more than {MAX_DEPTH} levels deep; content files never need that",
            )
            return
        path, discard = self._child_path(top)
        if not discard:
            start: Any = event.start_mark
            self.document.marks[path] = (start.line + 1, start.column + 1)
        if type(event) is yaml.ScalarEvent:
            self._attach(top, self._scalar(event, path, discard))
        else:
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            self._stack.append(_Frame(container, path, discard))

    def _key(self, top: _Frame, event: yaml.Event) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            self._abort(event, "a field name must be a plain word, like `title`")
            return
        key = event.value
        line, column = _position(event)
        if key in top.key_lines:
            message = (
                f'duplicate field "{key}": it is also on line {top.key_lines[key]}; keep only one of them'
            )
            self.problems.append(Problem(self.document.path, line, column, "error", message))
            top.pending_key = key
            top.discard_next = True
            return
        top.key_lines[key] = line
        top.pending_key = key
        if not top.discard:
            self.document.key_marks[(*top.path, key)] = (line, column)

    def _child_path(self, top: _Frame | None) -> tuple[JsonPath, bool]:
        if top is None:
            return (), False
        if isinstance(top.container, dict):
            discard = top.discard or top.discard_next
            return (*top.path, top.pending_key or ""), discard
        return (*top.path, len(top.container)), top.discard

    def _scalar(self, event: yaml.ScalarEvent, path: JsonPath, discard: bool) -> Any:
        if event.style:  # quoted or block scalars are always text
            return event.value
        value, kind = resolve_plain(event.value)
        if kind and not discard:
            self.document.implicit[path] = (kind, event.value)
        return value

    def _attach(self, top: _Frame | None, value: Any) -> None:
        if top is None:
            self.document.data = value
        elif isinstance(top.container, dict):
            if not top.discard_next:
                top.container[top.pending_key] = value
            top.pending_key = None
            top.discard_next = False
        else:
            top.container.append(value)

    def _close(self) -> None:
        frame = self._stack.pop()
        self._attach(self._stack[-1] if self._stack else None, frame.container)
