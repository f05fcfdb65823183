"""Fuzzing: the loader, `check` and the sanitiser never crash and always answer in form.

A few examples per property keep CI quick; `python bench/fuzz.py --examples N` runs the same
properties (tests/hostile/properties.py) with many more.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from catalogue.checks.check import check_content
from catalogue.content.loader import parse_document
from catalogue.site.markdown import markdown_html

from .properties import (
    FILES,
    PATHS,
    PROPERTIES,
    TODAY,
    VALID_BYTES,
    Mutation,
    assert_problem_lines,
    check_in_memory,
    write_files,
)

EXAMPLES = {
    "loader on arbitrary bytes": 150,
    "loader and rules on mutated files": 150,
    "check_content on mutated trees": 40,
    "sanitise_html on hostile HTML": 150,
    "markdown_html on hostile Markdown": 150,
}


@pytest.mark.parametrize("name", list(PROPERTIES))
def test_property(name: str) -> None:
    prop = PROPERTIES[name]

    @settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(prop.strategy)
    def run(value: Any) -> None:
        prop.check(value)

    run()


@pytest.mark.parametrize("kind", sorted(FILES))
def test_truncation_at_every_byte(kind: str) -> None:
    raw = VALID_BYTES[kind]
    for cut in range(len(raw) + 1):
        document, problems = parse_document(raw[:cut], "content/" + FILES[kind][0])
        assert document is not None or problems, cut
        assert_problem_lines(problems)


SWEEP_VALUES = [None, True, 0, 1.5, "x", [], {"x": 1}]  # one of each type (empty ones too)


@pytest.mark.parametrize("kind", sorted(FILES))
def test_a_wrong_type_at_every_field_path(kind: str) -> None:
    """Every path of every kind of file, each replaced by values of every other type, or deleted."""
    for path in PATHS[kind]:
        assert_problem_lines(check_in_memory({kind: Mutation(kind, "delete-key", path).apply()}))
        for value in SWEEP_VALUES:
            problems = check_in_memory({kind: Mutation(kind, "wrong-type", path, value).apply()})
            assert_problem_lines(problems)


def test_the_files_mutated_start_out_valid(tmp_path: Path) -> None:
    assert check_in_memory({}) == []
    result = check_content(write_files(tmp_path / "content", {}), "content", TODAY)
    assert [p.format() for p in result.problems] == []


# Cases the fuzzer found, kept so that they are checked on every run.
SANITISER_FINDINGS = [
    "<pre></a>\r",  # serialised as <pre>\n, which a parser reads as <pre>
    "<p><object><p>inner</p></object></p>",  # a <p> left inside a <p> once <object> goes
    "</table><a></em><table><a>",  # nested links
    '<code title="https://ok.example/" lang="en">',  # ammonia allows title and lang on every tag
    '<a href="../x">up</a><a href="#top">top</a><a href="//evil.example/">away</a>',  # relative links
    '<textarea><a href="&#x01;&#x0e;javascript:alert(1)">x</a>',  # references to control characters
    "a &#x01; b &#xfdd0; c &#x81; d &#x1fffe;",
]
MARKDOWN_FINDINGS = [
    "<a>_:__:_</a>",  # Python-Markdown leaves "klzzwxh:0001\x03" behind
    "* " * 800 + "deep",  # RecursionError inside Python-Markdown
    "1. " * 800 + "deep",
    "[a](../../offers.json)",
]


@pytest.mark.parametrize("html", SANITISER_FINDINGS)
def test_sanitiser_findings(html: str) -> None:
    PROPERTIES["sanitise_html on hostile HTML"].check(html)


@pytest.mark.parametrize("text", MARKDOWN_FINDINGS, ids=lambda t: t[:20])
def test_markdown_findings(text: str) -> None:
    PROPERTIES["markdown_html on hostile Markdown"].check(text)


def test_markdown_after_a_recursion_error_renders_as_before() -> None:
    """A description too deep for Python-Markdown must not spoil the next one."""
    before = str(markdown_html("para\n\n    code"))
    markdown_html.cache_clear()
    assert "+ + +" in str(markdown_html("+ " * 900 + "deep"))  # shown as text
    markdown_html.cache_clear()
    assert str(markdown_html("para\n\n    code")) == before == "<p>para</p>\n<pre><code>code\n</code></pre>"
