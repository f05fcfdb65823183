"""What a new scheme sets in site.yaml and sees on its pages: `new site`'s starter, the brand
colour and logo (refused where white text cannot be read on it), the edit links on every offer,
supplier and organisation page, and the branch they open; and the version, written once."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from catalogue import __version__
from catalogue.cli import main
from catalogue.content.colours import contrast, passing_shade
from catalogue.contrib import new as scaffold
from catalogue.pipeline import BuildOptions, build_site

from .conftest import PNG, SITE, TODAY, WriteContent, messages, replaced

REPO = Path(__file__).resolve().parents[1]
EDIT = "https://github.com/example/menu/edit/main/content/"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def build(root: Path, out: Path) -> Path:
    build_site(
        BuildOptions(content=root, out=out, today=TODAY, search=False, quiet=True, cache=out.parent / "c")
    )
    return out


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def with_site(extra: str, *replacements: tuple[str, str]) -> dict[str, str | bytes | None]:
    return {"site.yaml": replaced(SITE, *replacements, extra=extra)}


# --- new site ------------------------------------------------------------------------------


def test_new_site_writes_a_starter_whose_placeholders_check_names_at_their_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "content"
    code, out, err = run(capsys, "new", "site", "--content", str(root))
    assert (code, err) == (0, "")
    assert (
        out
        == f"wrote {root}/site.yaml: replace every REPLACE placeholder, then run `python build.py check`\n"
    )
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        "orders/.gitkeep",
        "organisations/.gitkeep",
        "site.yaml",
        "suppliers/.gitkeep",
    ]
    text = (root / "site.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../catalogue/schema/site.schema.json\n")
    lines = text.splitlines()
    placeholders = {
        n for n, line in enumerate(lines, 1) if "REPLACE" in line and not line.lstrip().startswith("#")
    }

    found = [m for m in messages(root) if "fill in this placeholder" in m]
    assert {int(m.split(":")[1]) for m in found} == placeholders
    assert [m.split(": error: ")[1].split(":")[0] for m in found] == [
        "title", "contact_email", "repository", "coordinators[0]", "areas[0].id", "areas[0].label"
    ]  # fmt: skip
    assert (
        found[0]
        == "content/site.yaml:17:8: error: title: fill in this placeholder (your menu's name, like Wellbeing Menu for Fife)"
    )
    assert "categories" not in " ".join(messages(root))  # the starter set is ready to use


@pytest.mark.parametrize(
    "existing",
    [{"site.yaml": "title: Ours\n"}, {"suppliers/ours/supplier.yaml": "name: Ours\n"}, {"notes.txt": "x"}],
    ids=["a site.yaml", "a supplier", "any file"],
)
def test_new_site_refuses_a_folder_that_holds_anything_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], existing: dict[str, str]
) -> None:
    root = tmp_path / "content"
    for name, text in existing.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    code, out, err = run(capsys, "new", "site", "--content", str(root))
    assert (code, out) == (1, "")
    first = sorted(existing)[0].split("/")[0]
    assert err == (
        f"error: {root} already holds content ({first}) and is left as it is. To start your own menu in "
        f"its place, remove what is there first (git rm -r {root}, or delete the folder on GitHub), "
        "or name a new folder with --content\n"
    )
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]  # no half-made folder beside it


def test_new_site_refuses_the_sample_naming_what_is_there(tmp_path: Path) -> None:
    with pytest.raises(
        scaffold.ScaffoldError, match=r"holds content \(orders, organisations, site.yaml, suppliers\)"
    ):
        scaffold.new_site(REPO / "content")


def test_new_site_fills_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content/.gitkeep").touch()
    assert scaffold.new_site(tmp_path / "content") == tmp_path / "content/site.yaml"


# --- brand colour and logo -----------------------------------------------------------------


def test_a_colour_white_text_cannot_be_read_on_is_refused_at_its_line_with_a_shade_that_passes(
    content: WriteContent,
) -> None:
    root = content(with_site('brand:\n  colour: "#7FBF7F"\n'))
    assert contrast(passing_shade("#7fbf7f"), "#ffffff") >= 4.5
    assert messages(root) == [
        'content/site.yaml:25:11: error: brand.colour: the header\'s white text on "#7FBF7F" has a contrast of '
        '2.17:1, below the 4.5:1 people need to read it; choose a darker colour, such as "#558055" (4.56:1)'
    ]
    root = content(with_site('brand:\n  colour: "#558055"\n'))
    assert messages(root) == []


@pytest.mark.parametrize(
    ("brand", "expected"),
    [
        (
            '  colour: "green"\n',
            'brand.colour: must be a colour written "#" and six hexadecimal digits, like "#1f5f4a"',
        ),
        ('  colour: "#1f5f4a"\n  logo: images/logo.png\n', 'brand.logo_alt: required with "logo"'),
        (
            '  colour: "#1f5f4a"\n  logo: ../logo.png\n  logo_alt: Logo\n',
            'brand.logo: "../logo.png" must be a plain relative path',
        ),
        (
            '  colour: "#1f5f4a"\n  logo: images/nope.png\n  logo_alt: Logo\n',
            'brand.logo: "images/nope.png" was not found inside content/',
        ),
        ("  logo: images/logo.png\n  logo_alt: Logo\n", "brand.colour: required field is missing"),
    ],
    ids=["not a colour", "logo without words", "outside content", "missing file", "logo without colour"],
)
def test_brand_mistakes_are_named(content: WriteContent, brand: str, expected: str) -> None:
    root = content({**with_site(f"brand:\n{brand}"), "images/logo.png": PNG})
    found = messages(root)
    assert any(expected in m for m in found), found


def test_the_brand_colour_reaches_every_page_as_a_stylesheet_and_the_logo_the_header(
    content: WriteContent, tmp_path: Path
) -> None:
    root = content(
        {
            **with_site(
                'brand:\n  colour: "#0076D6"\n  logo: images/logo.png\n  logo_alt: Riverside Partnership\n'
            ),
            "images/logo.png": PNG,
        }
    )
    out = build(root, tmp_path / "out")
    css = (out / "static/brand.css").read_text()
    assert (
        "--brand: #006bc3;" in css and ".site-header { background: #0076d6; }" in css
    )  # links a shade darker
    for path in ("", "offers/green-minds/walk", "organisations/riverside-tenants"):
        html = page(out, path)
        prefix = "../" * path.count("/") + ("../" if path else "")
        assert f'<link rel="stylesheet" href="{prefix}static/brand.css?v=0076d6">' in html
        assert f'<img class="brand-logo" src="{prefix}media/_site/images/logo.png.480w.webp"' in html
        assert 'alt="Riverside Partnership">Wellbeing Menu</a>' in html
        assert "style=" not in html  # the policy allows no inline style
    assert (out / "media/_site/images/logo.png").read_bytes() == PNG


def test_without_a_brand_the_pages_keep_the_generators_colours(content: WriteContent, tmp_path: Path) -> None:
    out = build(content(), tmp_path / "out")
    assert not (out / "static/brand.css").exists()
    assert "brand.css" not in page(out, "") and "brand-logo" not in page(out, "")


def test_a_second_build_picks_up_a_changed_colour(content: WriteContent, tmp_path: Path) -> None:
    root = content(with_site('brand:\n  colour: "#1f5f4a"\n'))
    out = build(root, tmp_path / "out")
    (root / "site.yaml").write_text(replaced(SITE, extra='brand:\n  colour: "#6b2d5c"\n'))
    build(root, out)
    assert ".site-header { background: #6b2d5c; }" in (out / "static/brand.css").read_text()
    assert 'static/brand.css?v=6b2d5c"' in page(out, "offers/green-minds/walk")


# --- edit links ----------------------------------------------------------------------------


def test_every_offer_supplier_and_organisation_page_links_to_its_own_file_on_github(
    content: WriteContent, tmp_path: Path
) -> None:
    root = content(
        {
            "organisations/riverside-tenants.yaml": None,
            "organisations/riverside-tenants.yml": ORGANISATION_YML,
        }
    )
    out = build(root, tmp_path / "out")
    offer = page(out, "offers/green-minds/walk")
    assert (
        f'<p class="edit-link no-print" data-pagefind-ignore>For Green Minds CIC: <a href="{EDIT}'
        'suppliers/green-minds/offers/walk.yaml">Edit this offer</a> on GitHub. A coordinator checks '
        "every change before it is published.</p>"
    ) in offer
    assert (
        f'For Green Minds CIC: <a href="{EDIT}suppliers/green-minds/supplier.yaml">Edit your details</a>'
        in page(out, "suppliers/green-minds")
    )
    organisation = page(out, "organisations/riverside-tenants")
    assert (
        f'For Riverside Tenants: <a href="{EDIT}organisations/riverside-tenants.yml">Edit your organisation’s page</a>'
        in organisation
    )
    for path in ("", "offers", "suppliers", "search", "shortlist"):
        assert "edit-link" not in page(out, path)


def test_edit_links_open_the_sites_branch_and_are_absent_without_a_repository(
    content: WriteContent, tmp_path: Path
) -> None:
    out = build(content(with_site("branch: live/2027\n")), tmp_path / "branch")
    assert (
        'href="https://github.com/example/menu/edit/live/2027/content/suppliers/green-minds/offers/walk.yaml"'
        in page(out, "offers/green-minds/walk")
    )
    assert 'data-branch="live/2027"' in page(out, "contribute")

    out = build(content(with_site("", ("repository: example/menu\n", ""))), tmp_path / "none")
    for path in ("offers/green-minds/walk", "suppliers/green-minds", "organisations/riverside-tenants"):
        assert "edit-link" not in page(out, path) and "github.com/example" not in page(out, path)


ORGANISATION_YML = """\
name: Riverside Tenants
summary: A tenants' association by the river.
area: riverside
"""


# --- the version ---------------------------------------------------------------------------


def test_the_version_is_written_once_and_the_changelog_has_its_section(
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "catalogue.__version__"}
    changelog = (REPO / "CHANGELOG.md").read_text()
    versions = re.findall(r"^## \[(.+?)\]", changelog, re.M)
    assert versions[:2] == ["Unreleased", __version__]
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out == f"python build.py {__version__}\n"
