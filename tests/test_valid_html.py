"""Every page passes the W3C Nu Html Checker (vnu), a validator this project did not write: the
sample's site and a generated 1,000-offer catalogue's, every page of both (about 2,100 pages in
one Java process: 20-25 s on two cores when nothing else runs). `make test` installs vnu first (scripts/install-vnu).

vnu also reports what it cannot see on files (the Content-Security-Policy blocking stylesheets
and scripts on file: addresses, as "info"): only errors count here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from catalogue.pipeline import BuildOptions, build_site

from .browser.conftest import running_in_ci

ROOT = Path(__file__).resolve().parent.parent
JAR = Path(os.environ.get("VNU_JAR", ROOT / ".tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))
FAILING = {"error", "non-document-error"}


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java and JAR.is_file():
        return [java, "-jar", str(JAR), "--skip-non-html", "--errors-only", "--format", "json"]
    reason = f"the HTML check needs Java and {JAR.relative_to(ROOT)} (run `make vnu`)"
    if running_in_ci():
        pytest.fail(f"{reason}; CI is set, so a missing checker is an error", pytrace=False)
    pytest.skip(reason)


def probe_site(folder: Path) -> Path:
    """A page whose outline skips from h2 to h4, which the checker must refuse."""
    folder.mkdir()
    page = '<!doctype html><html lang="en"><title>t</title><h1>a</h1><h2>b</h2><h4>c</h4></html>'
    (folder / "index.html").write_text(page, encoding="utf-8")
    return folder


def bilingual_site(folder: Path) -> Path:
    """The bilingual example (examples/bilingual), English and Welsh pages with text marked in
    the other language: where a language's text or its marks could go wrong."""
    out = folder / "site"
    options = BuildOptions(content=ROOT / "examples/bilingual", out=out, today=dt.date(2026, 12, 7))
    build_site(replace(options, search=False, quiet=True, cache=folder / ".cache"))
    return out


@pytest.fixture(scope="module")
def errors_by_site(
    golden_sample_site: Path, golden_generated_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    """vnu's errors on every page of each site, as `page:line:column: message`, from one run
    (Java starts once: about 3 s of the whole)."""
    sites = {
        "sample": golden_sample_site,
        "generated": golden_generated_site,
        "bilingual": bilingual_site(tmp_path_factory.mktemp("vnu") / "bilingual"),
        "probe": probe_site(tmp_path_factory.mktemp("vnu") / "probe"),
    }
    command = [*vnu_command(), *map(str, sites.values())]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    report = json.loads(finished.stderr or '{"messages": []}')
    errors: dict[str, list[str]] = {name: [] for name in sites}
    for message in report["messages"]:
        if message["type"] not in FAILING:
            continue
        page = Path(unquote(urlsplit(message.get("url", "")).path))
        name, site = next(
            ((name, site) for name, site in sites.items() if page.is_relative_to(site)), ("?", page)
        )
        where = page.relative_to(site).as_posix()
        errors.setdefault(name, []).append(
            f"{where}:{message.get('lastLine', 0)}:{message.get('firstColumn', 0)}: {message['message']}"
        )
    assert finished.returncode == 0 or any(errors.values()), finished.stderr[-2000:]
    return errors


def test_every_page_of_the_sample_site_is_valid_html(errors_by_site: dict[str, list[str]]) -> None:
    assert errors_by_site["sample"] == []


def test_every_page_of_a_generated_catalogue_is_valid_html(errors_by_site: dict[str, list[str]]) -> None:
    assert errors_by_site["generated"] == []


def test_every_page_of_a_menu_in_english_and_welsh_is_valid_html(
    errors_by_site: dict[str, list[str]],
) -> None:
    assert errors_by_site["bilingual"] == []


def test_the_check_finds_a_skipped_heading_level(errors_by_site: dict[str, list[str]]) -> None:
    """The check itself: a page whose outline skips a level fails, and nothing is left unsorted."""
    assert len(errors_by_site["probe"]) == 1
    assert errors_by_site["probe"][0].startswith("index.html:1:")
    assert "h4" in errors_by_site["probe"][0]
    assert "?" not in errors_by_site
