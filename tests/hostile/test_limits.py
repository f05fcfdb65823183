"""Resource limits: huge, deep, exploding or numerous content either works in normal time and
memory or is refused with a clear message, and `build.py` never hangs or runs out of memory.

`build.py check` (and `build` where check passes) runs as a child process limited to 1 GB of
address space and killed after 60 s; its peak memory and CPU time come from wait4 (CPU time,
unlike wall time, barely changes when other work shares the machine). To keep the suite quick,
the refused cases share one content tree (one offer file each) and one run of check, and the
cases that must work share another tree with 1,000 more offers in one supplier folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..conftest import BASE_FILES, OFFER, write_tree
from .run import Run, python_env, run_build_py

SECONDS = 60
PEAK_MB = 600
TODAY = ["--today", "2026-11-23"]
DESCRIPTION = "description: |\n  A **friendly** walk in the park, led by trained volunteers.\n"


def with_description(text: str) -> str:
    """The base offer with its description replaced (as a double-quoted YAML string)."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return OFFER.replace(DESCRIPTION, f'description: "{quoted}"\n')


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    return OFFER + "\n".join(lines) + "\n"


TOO_BIG = r"error: file is \d+ KB; content files may be at most 256 KB \(move long text out or shorten it\)"

# offer id: (the file, the one problem check must report for it, as a pattern after "<file>:")
REFUSED: dict[str, tuple[str, str]] = {
    "ten-megabyte-file": (OFFER + "notes: |\n" + ("  " + "x" * 98 + "\n") * 100_000, "1:1: " + TOO_BIG),
    "five-megabyte-description": (with_description("calm " * 1_000_000), "1:1: " + TOO_BIG),
    "hundred-thousand-block-list": (OFFER + "tags:\n" + "  - a\n" * 100_000, "1:1: " + TOO_BIG),
    "long-description": (
        with_description("calm " * 40_000),
        r"3:14: error: description: must be at most 20000 characters long; it has 200000 \(shorten it by 180000\)",
    ),
    "ten-thousand-nested-lists": (
        OFFER + "tags: " + "[" * 10_000 + "]" * 10_000 + "\n",
        # Where the nesting starts: the 1,000 brackets libyaml reads ahead stop it before our limit.
        r"13:(7|30): error: values are nested more than 24 levels deep; content files never need that",
    ),
    "ten-thousand-nested-mappings": (
        OFFER + "contact: " + "{a: " * 10_000 + "b" + "}" * 10_000 + "\n",
        r"13:\d+: error: values are nested more than 24 levels deep; content files never need that",
    ),
    "billion-laughs": (
        billion_laughs(),
        r"13:4: error: anchors \(&\) and aliases \(\*\) are not allowed in content files",
    ),
    "twenty-thousand-brackets": (
        with_description("[" * 20_000),
        r'3:14: error: description: uses "\[" 20000 times; at most 100 are allowed',
    ),
    "six-thousand-open-tags": (
        with_description("<a " * 6_000),
        r'3:14: error: description: uses "<" 6000 times; at most 100 are allowed',
    ),
}

# offer id: the file; each must build, with its page
WORKING: dict[str, str] = {
    "hundred-thousand-flow-list": OFFER + "tags: [" + ",".join(["a"] * 100_000) + "]\n",
    "nested-six-thousand-deep": with_description("1. " * 6_000 + "deep"),
    "hundred-brackets-and-tags": with_description(("[<a " * 100 + "calm " * 4000)[:20_000]),
    "twenty-thousand-characters": with_description(("calm **walk** " * 2000)[:20_000]),
}
MANY = 1000


def offer_file(offer_id: str, supplier: str = "green-minds") -> str:
    return f"suppliers/{supplier}/offers/{offer_id}.yaml"


def assert_well_behaved(run: Run) -> None:
    """Finished by itself, in time and memory, with an answer rather than a traceback."""
    assert not run.timed_out and run.killed_by is None, run.transcript
    assert run.code in (0, 1), run.transcript
    assert "Traceback" not in run.err and "MemoryError" not in run.err, run.transcript
    assert run.peak_mb < PEAK_MB, run.transcript


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = tmp_path_factory.mktemp("refused")
    files = {offer_file(offer_id): text for offer_id, (text, _) in REFUSED.items()}
    root = write_tree(folder / "content", {**BASE_FILES, **files})
    run = run_build_py(["check", "--content", str(root), *TODAY], folder, SECONDS, env=python_env())
    assert_well_behaved(run)
    return run


@pytest.fixture(scope="module")
def working(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Run, Path]:
    folder = tmp_path_factory.mktemp("working")
    files: dict[str, str | bytes | None] = {offer_file(offer_id): text for offer_id, text in WORKING.items()}
    files["suppliers/many-offers/supplier.yaml"] = BASE_FILES["suppliers/green-minds/supplier.yaml"]
    files.update({offer_file(f"offer-{i:04d}", "many-offers"): OFFER for i in range(MANY)})
    root = write_tree(folder / "content", {**BASE_FILES, **files})
    check = run_build_py(["check", "--content", str(root), *TODAY], folder, SECONDS, env=python_env())
    assert_well_behaved(check)
    out = folder / "site"
    build = run_build_py(
        ["build", "--content", str(root), "--out", str(out), "--no-search", *TODAY],
        folder,
        SECONDS,
        env=python_env(),
    )
    assert_well_behaved(build)
    return check, build, out


@pytest.mark.parametrize("offer_id", list(REFUSED))
def test_refused_with_a_clear_message(refused: Run, offer_id: str) -> None:
    where = f"/{offer_file(offer_id)}:"
    lines = [line for line in refused.out.splitlines() if where in line]
    assert len(lines) == 1, refused.transcript
    assert re.search(re.escape(where) + REFUSED[offer_id][1], lines[0]), lines[0]


def test_refusing_everything_at_once_is_quick(refused: Run) -> None:
    assert refused.code == 1
    assert refused.err.strip().startswith(f"check failed: {len(REFUSED)} errors"), refused.transcript
    assert refused.cpu_seconds < 15, refused.transcript


@pytest.mark.parametrize("offer_id", list(WORKING))
def test_works_within_normal_time_and_memory(working: tuple[Run, Run, Path], offer_id: str) -> None:
    check, build, out = working
    assert check.code == 0 and build.code == 0, check.transcript + build.transcript
    assert (out / f"offers/green-minds/{offer_id}/index.html").is_file()


def test_a_thousand_offers_in_one_supplier_folder(working: tuple[Run, Run, Path]) -> None:
    check, build, out = working
    assert f"({MANY + 1 + len(WORKING)} offers, 2 suppliers" in check.err, check.transcript
    assert len(list((out / "offers/many-offers").iterdir())) == MANY
    assert check.cpu_seconds < 20 and build.cpu_seconds < 40, check.transcript + build.transcript
