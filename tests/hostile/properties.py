"""The fuzzed properties, shared by tests/hostile/test_fuzz.py (a few examples, in CI) and
bench/fuzz.py (many examples, on demand).

Each property is a hypothesis strategy and a check that raises AssertionError when the property
fails. The checks never catch exceptions from the code under test: a crash is a failure too.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
from hypothesis import strategies as st

from catalogue.checks.check import check_content, check_tree
from catalogue.content.files import ContentTree
from catalogue.content.loader import parse_document
from catalogue.errors import Problem
from catalogue.site.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, markdown_html, sanitise_html

from .corpus import MARKDOWN_VECTORS, TEXT_VECTORS, to_yaml

TODAY = dt.date(2026, 11, 23)
PROBLEM_LINE = re.compile(r"[^:]+:\d+:\d+: (error|warning): \S.*")

# --- valid files, with every optional field, to mutate ------------------------------------------

SITE: dict[str, Any] = {
    "title": "Wellbeing Menu",
    "tagline": "Support for groups",
    "base_url": "https://example.org/menu/",
    "currency": "GBP",
    "locale": "en-GB",
    "contact_email": "menu@example.org",
    "categories": [{"id": "wellbeing", "label": "Wellbeing", "description": "Feeling well"}],
    "areas": [
        {"id": "north", "label": "North"},
        {"id": "riverside", "label": "Riverside", "parent": "north"},
    ],
    "audiences": [{"id": "older-people", "label": "Older people"}],
    "repository": "example/menu",
    "coordinators": ["coord-one"],
}
SUPPLIER: dict[str, Any] = {
    "name": "Green Minds CIC",
    "summary": "Walking and talking groups.",
    "description": "We **walk**.\n\n- together\n- outdoors\n",
    "legal_form": "cic",
    "registration_number": "SC123456",
    "website": "https://greenminds.example.org/",
    "email": "hello@greenminds.example.org",
    "phone": "0141 555 0134",
    "locality": "Riverside",
    "areas": ["north"],
    "maintainers": ["alice"],
}
OFFER: dict[str, Any] = {
    "title": "Walk and talk",
    "summary": "A gentle weekly walk with time to talk.",
    "description": "A **friendly** walk, [booked here](https://example.org/book).\n\n1. Meet\n2. Walk\n",
    "category": "wellbeing",
    "tags": ["walking", "outdoors"],
    "prices": [
        {"label": "Six weeks", "amount": 120, "unit": "per_block", "notes": "Tea included"},
        {"amount": 0, "unit": "per_person"},
    ],
    "includes_vat": False,
    "delivery": ["in_person", "online"],
    "areas": ["riverside"],
    "audiences": ["older-people"],
    "group_size": {"min": 2, "max": 12},
    "duration": "6 weekly walks of 90 minutes",
    "languages": ["English", "Gaelic"],
    "accessibility": "Step-free route",
    "safeguarding": "Walk leaders are PVG checked",
    "outcomes": ["Less isolation"],
    "lead_time_days": 14,
    "available_from": "2026-01-01",
    "available_until": "2027-06-30",
    "contact": {
        "name": "Jo",
        "email": "jo@example.org",
        "phone": "0141 555 0135",
        "url": "https://example.org/",
    },
    "status": "published",
}
ORGANISATION: dict[str, Any] = {
    "name": "Riverside Tenants",
    "summary": "A tenants' association.",
    "description": "We meet on *Tuesdays*.",
    "area": "riverside",
    "audiences": ["older-people"],
    "interests": ["wellbeing"],
    "budget": {"amount": 1000},
    "website": "https://riverside.example.org/",
    "email": "tenants@example.org",
    "maintainers": ["bob"],
    "feedback": [{"offer": "green-minds/walk", "date": "2026-10-01", "comment": "Our members loved it."}],
}
FILES: dict[str, tuple[str, dict[str, Any]]] = {
    "site": ("site.yaml", SITE),
    "supplier": ("suppliers/green-minds/supplier.yaml", SUPPLIER),
    "offer": ("suppliers/green-minds/offers/walk.yaml", OFFER),
    "organisation": ("organisations/riverside-tenants.yaml", ORGANISATION),
}
VALID_BYTES = {kind: to_yaml(data).encode() for kind, (_, data) in FILES.items()}

Path_ = tuple[str | int, ...]


def field_paths(value: Any, path: Path_ = ()) -> list[Path_]:
    """Every path to a value inside value (containers included), the root excluded."""
    found: list[Path_] = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += field_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += field_paths(item, (*path, index))
    return found


PATHS = {kind: field_paths(data) for kind, (_, data) in FILES.items()}


def _parent_and_key(data: Any, path: Path_) -> tuple[Any, str | int]:
    node = data
    for part in path[:-1]:
        node = node[part]
    return node, path[-1]


# --- checking problems ------------------------------------------------------------------------


def assert_problem_lines(problems: list[Problem]) -> None:
    """Every problem prints as one `path:line:col: severity: message` line."""
    for problem in problems:
        line = problem.format()
        assert PROBLEM_LINE.fullmatch(line), line
        assert len(line.splitlines()) == 1, line
        assert problem.line >= 1 and problem.column >= 1, line


# --- property: the loader on arbitrary bytes -------------------------------------------------

YAML_PIECES = [
    b"title: ",
    b"- ",
    b": ",
    b"\n",
    b"  ",
    b"\t",
    b'"',
    b"'",
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"<<: ",
    b"? ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"|",
    b">-",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"#",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\x00",
    b"\\x",
    b"\\u0000",
    b"no",
    b"1.10",
    b"012",
    b"1:30",
    b"2026-02-30",
    b".nan",
    b"~",
]
yaml_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(YAML_PIECES) | st.binary(max_size=6), max_size=60).map(b"".join),
)


def check_loader_bytes(raw: bytes) -> None:
    document, problems = parse_document(raw, "content/suppliers/x/offers/y.yaml")
    assert document is not None or problems, "a refused file must say why"
    assert_problem_lines(problems)


# --- property: structured mutations of valid files --------------------------------------------

WRONG_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.text(max_size=30),
    st.lists(st.text(max_size=5) | st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=8), st.text(max_size=8) | st.integers(), max_size=3),
    st.sampled_from(["no", "on", "1.10", "012345", "1:30", "2026-02-30", "", " ", "javascript:alert(1)"]),
)


@dataclass(frozen=True)
class Mutation:
    kind: str  # which file
    how: str
    path: Path_ = ()
    value: Any = None
    at: int = 0
    text: str = ""

    def apply(self) -> bytes:
        if self.how in ("wrong-type", "delete-key"):
            data = deepcopy(FILES[self.kind][1])
            parent, key = _parent_and_key(data, self.path)
            if self.how == "delete-key":
                del parent[key]
            else:
                parent[key] = self.value
            return to_yaml(data).encode("utf-8", "surrogatepass")
        valid = VALID_BYTES[self.kind]
        if self.how == "truncate":
            return valid[: self.at % (len(valid) + 1)]
        lines = valid.decode().splitlines(keepends=True)
        index = self.at % len(lines)
        if self.how == "duplicate-line":
            lines.insert(index, lines[index])
            return "".join(lines).encode()
        if self.how == "delete-line":
            del lines[index]
            return "".join(lines).encode()
        text = valid.decode()
        position = self.at % (len(text) + 1)
        return (text[:position] + self.text + text[position:]).encode("utf-8", "surrogatepass")


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    kind = draw(st.sampled_from(sorted(FILES)))
    how = draw(
        st.sampled_from(
            ["wrong-type", "delete-key", "truncate", "duplicate-line", "delete-line", "insert-unicode"]
        )
    )
    if how in ("wrong-type", "delete-key"):
        path = draw(st.sampled_from(PATHS[kind]))
        value = draw(WRONG_VALUES) if how == "wrong-type" else None
        return Mutation(kind, how, path, value)
    return Mutation(kind, how, at=draw(st.integers(0, 5000)), text=draw(st.text(max_size=30)))


def check_in_memory(replaced: dict[str, bytes]) -> list[Problem]:
    """Every problem check reports for the valid tree with some files replaced, read from memory.

    The same loader and rules as check_content (schema, cross-file rules, warnings), without the
    cost of writing files: fast enough to sweep every field path.
    """
    tree = ContentTree(Path("/nonexistent/content"), "content")
    tree.offer_keys.add("green-minds/walk")
    for kind, (relative, _) in FILES.items():
        document, problems = parse_document(replaced.get(kind, VALID_BYTES[kind]), "content/" + relative)
        tree.problems += problems
        if document is None:
            continue
        if kind == "site":
            tree.site = document
        elif kind == "supplier":
            tree.suppliers["green-minds"] = document
        elif kind == "offer":
            tree.offers["green-minds/walk"] = document
        else:
            tree.organisations["riverside-tenants"] = document
    return check_tree(tree, TODAY, {}).problems


def check_loader_mutation(mutation: Mutation) -> None:
    assert_problem_lines(check_in_memory({mutation.kind: mutation.apply()}))


def write_files(root: Path, replaced: dict[str, bytes]) -> Path:
    """The valid tree under root, with the files of the kinds in replaced swapped for their bytes."""
    for kind, (relative, _) in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(replaced.get(kind, VALID_BYTES[kind]))
    return root


def check_content_mutation(mutation: Mutation) -> None:
    """check_content over a whole tree with one file mutated never raises."""
    with tempfile.TemporaryDirectory() as folder:
        root = write_files(Path(folder) / "content", {mutation.kind: mutation.apply()})
        result = check_content(root, "content", TODAY)
    assert_problem_lines(result.problems)


# --- properties: the sanitiser and Markdown ---------------------------------------------------

# Text as validation lets it through: no control characters or noncharacters.
_REFUSED = {chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]}
_REFUSED |= {chr(c) for c in range(0xFDD0, 0xFDF0)} | {chr(p << 16 | 0xFFFE) for p in range(17)}
_REFUSED |= {chr(p << 16 | 0xFFFF) for p in range(17)}
clean_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=_REFUSED), max_size=40)

TAGS = sorted(
    ALLOWED_TAGS
    | {"script", "style", "svg", "math", "noscript", "iframe", "img", "div", "span", "title", "textarea"}
    | {"template", "select", "option", "form", "button", "caption", "col", "colgroup", "mglyph", "mtext"}
    | {"annotation-xml", "xmp", "plaintext", "noembed", "object", "embed", "base", "meta", "link", "input"}
    | {"foreignObject", "desc", "use", "animate", "set", "details", "dialog", "frameset", "frame", "image"}
)
ATTRIBUTES = sorted(
    {"href", "title", "align", "rel", "src", "style", "onclick", "onerror", "onload", "id", "class"}
    | {"action", "formaction", "xlink:href", "srcdoc", "data", "srcset", "name", "content", "http-equiv"}
)
VALUES = [
    "https://ok.example/",
    "HTTPS://OK.EXAMPLE/",
    "mailto:a@b.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;avascript:alert(1)",
    " javascript:alert(1)",
    "\u2028javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "../x",
    "#top",
    "x",
    '"',
    "'",
    "</noscript><img src=x onerror=alert(1)>",
    "",
]
VECTORS = list(TEXT_VECTORS.values()) + list(MARKDOWN_VECTORS.values())


@st.composite
def html_fragments(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 14))):
        choice = draw(st.integers(0, 5))
        tag = draw(st.sampled_from(TAGS))
        if choice == 0:
            attributes = draw(
                st.lists(st.tuples(st.sampled_from(ATTRIBUTES), st.sampled_from(VALUES)), max_size=3)
            )
            quote = draw(st.sampled_from(['"', "'", ""]))
            parts.append(f"<{tag}" + "".join(f" {n}={quote}{v}{quote}" for n, v in attributes) + ">")
        elif choice == 1:
            parts.append(f"</{tag}>")
        elif choice == 2:
            parts.append(draw(st.text(alphabet="<>&\"'=/ ab\n;#!-`[]()*_:", max_size=8)))
        elif choice == 3:
            parts.append(
                draw(st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&lt;", "<!DOCTYPE x>"]))
            )
        elif choice == 4:
            parts.append(draw(st.sampled_from(VECTORS)))
        else:
            parts.append(draw(clean_text))
    return "".join(parts)


MARKDOWN_PIECES = [
    *["[a](", ")", "](", "[", "]", "![", "<", ">", "*", "_", "`", "\n", "\n\n", "    ", "> ", "- ", "1. "],
    *[
        "# ",
        "---",
        "&",
        "\\",
        "https://x.example/",
        "javascript:alert(1)",
        "[1]: ",
        '"t"',
        "  \n",
        "<a>",
        "</a>",
    ],
    *["**", "__", ":", "&amp;", "<b>", "</b>", "<!-- x -->", "<div>\n", "\n</div>", "|", "---\n", "==="],
]
markdown_texts = st.one_of(
    html_fragments(),
    st.lists(
        st.sampled_from(MARKDOWN_PIECES) | clean_text,
        max_size=30,
    ).map("".join),
)


def fragment_tree(html: str) -> Element:
    """The fragment as a browser parses it inside <div class="prose">; raises on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    tree: Element = parser.parseFragment(html, container="div")
    return tree


def assert_allowed(html: str) -> None:
    """Only allow-listed tags and attributes (plus rel on links); links only https: or mailto:."""
    for element in fragment_tree(html).iter():
        if element.tag == "DOCUMENT_FRAGMENT":
            continue
        assert element.tag in ALLOWED_TAGS, (element.tag, html)
        allowed = ALLOWED_ATTRIBUTES.get(str(element.tag), set()) | ({"rel"} if element.tag == "a" else set())
        assert set(element.attrib) <= allowed, (element.tag, element.attrib, html)
        href = element.get("href")
        assert href is None or href.lower().startswith(("https://", "mailto:")), (href, html)


def check_sanitiser(html: str) -> None:
    once = sanitise_html(html)
    assert sanitise_html(once) == once, (html, once)
    assert_allowed(once)


def check_markdown(text: str) -> None:
    html = str(markdown_html(text))
    assert sanitise_html(html) == html, (text, html)
    assert_allowed(html)


@dataclass(frozen=True)
class Property:
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


PROPERTIES: dict[str, Property] = {
    "loader on arbitrary bytes": Property(yaml_bytes, check_loader_bytes),
    "loader and rules on mutated files": Property(mutations(), check_loader_mutation),
    "check_content on mutated trees": Property(mutations(), check_content_mutation),
    "sanitise_html on hostile HTML": Property(html_fragments(), check_sanitiser),
    "markdown_html on hostile Markdown": Property(markdown_texts, check_markdown),
}
