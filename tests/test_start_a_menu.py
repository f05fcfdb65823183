"""A scheme's life, with real git in temporary folders: a copy of the generator, a scheme's
clone that starts its own menu as docs/start-a-menu.md says, a newer generator that changes
code, templates, static files, examples and the sample, and the documented upgrade that
brings it all in but the sample, with no conflict, after which the scheme's check and build pass."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue import __version__

from .test_scaffold import OFFER_ANSWERS, SUPPLIER_ANSWERS, fill_in

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "start-a-menu.md"
# What a scheme's repository holds besides the generator's tests and benchmarks.
GENERATOR_PARTS = (
    "build.py",
    "pyproject.toml",
    "Makefile",
    "CHANGELOG.md",
    "README.md",
    "CONTRIBUTING.md",
    "catalogue",
    "templates",
    "static",
    "content",
    "docs",
    ".github",
    "examples",
)
SITE_ANSWERS = {
    '"REPLACE: your menu\'s name, like Wellbeing Menu for Fife"': "Wellbeing Menu for Fife",
    '"REPLACE: the coordinators\' email address"': "menu@fife-wellbeing.example.org",
    '"REPLACE: owner/name of your repository, like fife-partnership/wellbeing-menu"': "fife-partnership/menu",
    '"REPLACE: a coordinator\'s GitHub user name"': "ailsa-fife",
    "REPLACE-with-an-area-id": "fife",
    '"REPLACE: the area\'s name"': "Fife",
    '# brand:\n#   colour: "#1f5f4a"': 'brand:\n  colour: "#6b2d5c"',
}
# The starter's categories and the area just named, for the test's own offer.
FIFE_OFFER = {
    **OFFER_ANSWERS,
    "REPLACE-with-a-category-id": "movement-outdoors",
    "REPLACE-with-an-area-id": "fife",
}


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-C", str(folder), *args]
    return subprocess.run(command, capture_output=True, text=True, check=check)


def build_py(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python build.py …` of the repository in folder: its own generator, not this one."""
    command = [sys.executable, str(folder / "build.py"), *args]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False, timeout=300)


def documented_commands() -> list[str]:
    """The `python build.py …` commands of the guide's "on your own computer" steps, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## On your own computer", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^(git rm \S.*?|python build\.py .*?)(?:\s+#.*)?$", section, re.M)


@pytest.fixture(scope="module")
def generator(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generator's repository as a scheme finds it: this checkout's files, one commit on main."""
    folder = tmp_path_factory.mktemp("generator")
    for part in GENERATOR_PARTS:
        source = REPO / part
        if source.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".cache")
            shutil.copytree(source, folder / part, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, folder / part)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", f"The generator {__version__}")
    return folder


def start_a_menu(generator: Path, scheme: Path) -> None:
    """The guide's steps off GitHub: clone, the starter menu, one supplier and one offer, a commit."""
    git(scheme.parent, "clone", "-q", str(generator), scheme.name)
    commands = documented_commands()
    assert commands[:3] == ["git rm -r content", "python build.py new site", "python build.py check"]
    git(scheme, "rm", "-r", "-q", "content")
    created = build_py(scheme, "new", "site")
    assert created.returncode == 0, created.stderr
    unfilled = build_py(scheme, "check")
    assert (
        unfilled.returncode == 1
        and "content/site.yaml:17:8: error: title: fill in this placeholder" in unfilled.stdout
    )
    fill_in(scheme / "content/site.yaml", SITE_ANSWERS)
    for command, answers, file in (
        (
            "python build.py new supplier fife-striders",
            SUPPLIER_ANSWERS,
            "suppliers/fife-striders/supplier.yaml",
        ),
        (
            "python build.py new offer fife-striders winter-walks",
            FIFE_OFFER,
            "suppliers/fife-striders/offers/winter-walks.yaml",
        ),
    ):
        assert command in commands
        made = build_py(scheme, *command.split()[2:])
        assert made.returncode == 0, made.stderr
        fill_in(scheme / "content" / file, answers)
    assert {"python build.py check", "python build.py build"} <= set(commands)
    checked = build_py(scheme, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    (scheme / ".github/CODEOWNERS").write_text("* @ailsa-fife\n", encoding="utf-8")  # step 6
    git(scheme, "add", "-A")
    git(scheme, "commit", "-q", "-m", "Our own menu for Fife")


def newer_generator(generator: Path) -> None:
    """A later generator: new code, a changed template and stylesheet, examples, the sample changed."""
    init = generator / "catalogue/__init__.py"
    init.write_text(
        re.sub(r'__version__ = ".*"', '__version__ = "9.9.9"', init.read_text()), encoding="utf-8"
    )
    cli = generator / "catalogue/cli/__init__.py"
    cli.write_text(cli.read_text().replace("Check, build and preview", "Check, build, preview and upgrade"))
    base = generator / "templates/base.html"
    base.write_text(base.read_text().replace("Skip to main content", "Skip to the menu"), encoding="utf-8")
    with (generator / "static/style.css").open("a", encoding="utf-8") as style:
        style.write("\n.newer-generator { display: block; }\n")
    (generator / "examples/bilingual").mkdir(parents=True, exist_ok=True)
    (generator / "examples/bilingual/README.md").write_text("A menu in two languages.\n", encoding="utf-8")
    sample_site = generator / "content/site.yaml"
    sample_site.write_text(sample_site.read_text().replace("North & West", "North, West & Beyond"))
    offer = generator / "content/suppliers/canal-clay/offers/clay-for-calm.yaml"
    offer.write_text(offer.read_text().replace("Clay", "Clay and glaze", 1), encoding="utf-8")
    shutil.rmtree(generator / "content/suppliers/still-point")
    with (generator / ".github/CODEOWNERS").open("a", encoding="utf-8") as owners:
        owners.write("/docs/ @generator-maintainer\n")
    changelog = generator / "CHANGELOG.md"
    changelog.write_text(
        changelog.read_text().replace(
            "## [Unreleased]\n", "## [Unreleased]\n\n## [9.9.9] - 2027-03-01\n\n- Newer.\n"
        )
    )
    git(generator, "add", "-A")
    git(generator, "commit", "-q", "-m", "The generator 9.9.9")


def test_a_scheme_starts_its_menu_then_takes_a_newer_generator_without_conflict(
    generator: Path, tmp_path: Path
) -> None:
    scheme = tmp_path / "fife-menu"
    start_a_menu(generator, scheme)
    content_before = git(scheme, "rev-parse", "HEAD:content").stdout.strip()
    newer_generator(generator)

    # A plain merge would conflict: both changed site.yaml, and the scheme removed offers the sample changed.
    merging = git(scheme, "pull", "--no-rebase", "--no-edit", "-q", str(generator), "main", check=False)
    assert merging.returncode != 0 and "CONFLICT" in merging.stdout + merging.stderr
    git(scheme, "merge", "--abort")

    upgraded = build_py(scheme, "upgrade", "--from", str(generator), "--ref", "main")
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"upgraded the generator from {__version__} to 9.9.9" in upgraded.stdout
    assert "## [9.9.9] - 2027-03-01" in upgraded.stdout and f"## [{__version__}]" not in upgraded.stdout
    assert git(scheme, "status", "--porcelain").stdout == ""
    assert git(scheme, "rev-parse", "HEAD:content").stdout.strip() == content_before  # not one byte
    assert git(scheme, "rev-parse", "HEAD^2").stdout == git(generator, "rev-parse", "main").stdout
    assert (scheme / ".github/CODEOWNERS").read_text() == "* @ailsa-fife\n"  # the scheme's coordinators
    outside = ("--", ".", ":!content", ":!.github/CODEOWNERS")
    assert (
        git(scheme, "diff", "--quiet", "HEAD^2", "HEAD", *outside, check=False).returncode == 0
    )  # the generator's
    assert git(scheme, "diff", "--quiet", "HEAD^2", "HEAD", "--", "content", check=False).returncode == 1
    assert (scheme / "examples/bilingual/README.md").read_text() == "A menu in two languages.\n"
    assert ".newer-generator" in (scheme / "static/style.css").read_text()
    assert not list(scheme.glob("content/suppliers/canal-clay"))  # the sample stays out

    assert build_py(scheme, "--version").stdout.strip() == "python build.py 9.9.9"  # its own, newer code
    checked = build_py(scheme, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = build_py(scheme, "build", "--no-search", "--quiet")
    assert built.returncode == 0, built.stdout + built.stderr
    home = (scheme / "_site/index.html").read_text(encoding="utf-8")
    assert "Wellbeing Menu for Fife" in home and "Skip to the menu" in home
    assert 'href="static/brand.css?v=6b2d5c"' in home
    offer = (scheme / "_site/offers/fife-striders/winter-walks/index.html").read_text(encoding="utf-8")
    edit = "https://github.com/fife-partnership/menu/edit/main/content/suppliers/fife-striders/offers/winter-walks.yaml"
    assert f'<a href="{edit}">Edit this offer</a>' in offer

    again = build_py(scheme, "upgrade", "--from", str(generator), "--ref", "main")
    assert again.returncode == 0 and "already up to date" in again.stdout


def test_an_upgrade_refuses_uncommitted_changes_and_changes_nothing(generator: Path, tmp_path: Path) -> None:
    scheme = tmp_path / "scheme"
    git(tmp_path, "clone", "-q", str(generator), scheme.name)
    (scheme / "content/site.yaml").write_text("title: half-edited\n", encoding="utf-8")
    head = git(scheme, "rev-parse", "HEAD").stdout
    refused = build_py(scheme, "upgrade", "--from", str(generator), "--ref", "main")
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: this repository has changes not yet committed; commit them")
    assert git(scheme, "rev-parse", "HEAD").stdout == head
    assert (scheme / "content/site.yaml").read_text() == "title: half-edited\n"


def test_an_upgrade_from_an_address_that_is_not_a_generator_says_what_to_check(
    generator: Path, tmp_path: Path
) -> None:
    scheme = tmp_path / "scheme"
    git(tmp_path, "clone", "-q", str(generator), scheme.name)
    refused = build_py(scheme, "upgrade", "--from", str(tmp_path / "nowhere"), "--ref", "main")
    assert refused.returncode == 1
    assert f'error: cannot fetch "main" from {tmp_path / "nowhere"}' in refused.stderr
    assert "check the generator's address and the branch or version tag" in refused.stderr
