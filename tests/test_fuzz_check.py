"""Property: whatever a contributor saves, `check` answers in the documented format and never raises."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.checks.check import check_content

from .conftest import BASE_FILES, TODAY, write_tree

LINE = re.compile(r"^content/[^:]+:\d+:\d+: (error|warning): \S.*$")
OFFER_PATH = "suppliers/green-minds/offers/walk.yaml"
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.sampled_from(
        [
            "no",
            "on",
            "1.10",
            "012345",
            "1:30",
            "2026-02-30",
            "~",
            "&a x",
            "*a",
            "!!str x",
            "'",
            "- x",
            "{",
            "@x",
            "`",
        ]
    ),
)


def check_offer(text: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(Path(folder) / "content", {**BASE_FILES, OFFER_PATH: text})
        result = check_content(root, "content", TODAY)
    return [p.format() for p in result.problems]


def assert_documented_format(lines: list[str]) -> None:
    for line in lines:
        assert LINE.match(line), line


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.integers(0, len(BASE_FILES[OFFER_PATH].encode())))
def test_truncation_at_any_byte(cut: int) -> None:
    assert_documented_format(check_offer(BASE_FILES[OFFER_PATH].encode()[:cut]))


@FUZZ
@given(st.data())
def test_a_line_replaced_by_another_value(data: st.DataObject) -> None:
    lines = BASE_FILES[OFFER_PATH].splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    key = lines[index].split(":")[0]
    value = data.draw(SCALARS)
    lines[index] = f"{key}: {value}"
    assert_documented_format(check_offer("\n".join(lines).encode("utf-8", "surrogatepass")))


@FUZZ
@given(st.data())
def test_lines_deleted_or_duplicated(data: st.DataObject) -> None:
    lines = BASE_FILES[OFFER_PATH].splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    if data.draw(st.booleans()):
        del lines[index]
    else:
        lines.insert(index, lines[index])
    assert_documented_format(check_offer("\n".join(lines).encode()))


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(blob: bytes) -> None:
    assert_documented_format(check_offer(blob))


@FUZZ
@given(st.text(max_size=200), st.integers(0, 400))
def test_random_unicode_inserted(text: str, at: int) -> None:
    base = BASE_FILES[OFFER_PATH]
    at = min(at, len(base))
    mutated = (base[:at] + text + base[at:]).encode("utf-8", "surrogatepass")
    assert_documented_format(check_offer(mutated))
