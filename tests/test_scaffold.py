"""`new supplier` and `new offer`: commented templates that fail `check` at every
placeholder until it is filled in, then pass; and the refusals, one line each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalogue.checks.check import check_content
from catalogue.checks.documents import placeholder_problems
from catalogue.cli import main
from catalogue.content.loader import parse_document, strings
from catalogue.content.schemas import enum, field_names
from catalogue.content.starters import placeholder_hint
from catalogue.contrib import new as scaffold

from .conftest import PNG, TODAY, WriteContent, picture

REPO = Path(__file__).resolve().parents[1]

OFFER_ANSWERS = {
    '"REPLACE: the offer\'s name"': '"Winter walks and warm soup"',
    '"REPLACE: one or two plain sentences saying what the offer is"': '"A walking group for winter."',
    "REPLACE: what happens, who it is for and what is included.": "A led walk, then soup.",
    "REPLACE-with-a-category-id": "wellbeing",
    "REPLACE-with-a-number": "97.50",
    "REPLACE-with-a-unit": "per_session",
    "REPLACE-with-in_person-or-online": "in_person",
    "REPLACE-with-an-area-id": "riverside",
}
SUPPLIER_ANSWERS = {
    '"REPLACE: your organisation\'s name"': '"Riverside Rambles CIC"',
    '"REPLACE: one or two plain sentences about your organisation"': '"Walks for everyone."',
    "REPLACE-with-your-legal-form": "cic",
    '"REPLACE: your email address"': "hello@rambles.example.org",
    '"REPLACE: your GitHub user name"': "rambler",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def placeholder_lines(text: str) -> set[int]:
    """Lines holding a placeholder value; a block scalar's problem is on its key's line."""
    lines = text.splitlines()
    found = set()
    for number, line in enumerate(lines, start=1):
        if "REPLACE" in line and not line.lstrip().startswith("#"):
            found.add(number - 1 if lines[number - 2].endswith("|") else number)
    return found


def fill_in(file: Path, answers: dict[str, str]) -> None:
    text = file.read_text(encoding="utf-8")
    for placeholder, answer in answers.items():
        assert placeholder in text, placeholder
        text = text.replace(placeholder, answer)
    file.write_text(text, encoding="utf-8")


def errors(root: Path) -> list[str]:
    return [p.format() for p in check_content(root, "content", TODAY).errors]


# --- new offer ------------------------------------------------------------------------


def test_new_offer_fails_check_at_every_placeholder_then_passes_when_filled(
    content: WriteContent, capsys: pytest.CaptureFixture[str]
) -> None:
    root = content()
    code, out, err = run(capsys, "new", "offer", "green-minds", "winter-walks", "--content", str(root))
    assert code == 0, err
    file = root / "suppliers/green-minds/offers/winter-walks.yaml"
    assert out.startswith(f"wrote {file}:")

    code, out, _ = run(capsys, "check", "--content", str(root), "--today", TODAY.isoformat())
    assert code == 1
    path = f"{root}/suppliers/green-minds/offers/winter-walks.yaml"
    flagged = {int(line.split(":")[1]) for line in out.splitlines() if "fill in this placeholder" in line}
    assert flagged == placeholder_lines(file.read_text(encoding="utf-8"))
    assert f"{path}:18:8: error: title: fill in this placeholder (the offer's name)" in out
    assert f"{path}:28:14: error: description: fill in this placeholder (what happens, " in out
    assert "prices[0].unit: fill in this placeholder (replace it with a unit)" in out
    assert (
        'category: unknown category "REPLACE-with-a-category-id"; the category ids are: wellbeing, arts'
        in out
    )

    fill_in(file, OFFER_ANSWERS)
    assert placeholder_lines(file.read_text(encoding="utf-8")) == set()
    assert errors(root) == []
    code, _, err = run(capsys, "check", "--content", str(root), "--today", TODAY.isoformat())
    assert code == 0, err


def test_the_placeholders_fail_check_even_before_the_hook_is_wired(content: WriteContent) -> None:
    root = content()
    scaffold.new_offer(root, "green-minds", "winter-walks")
    assert len(errors(root)) >= 5


def test_every_placeholder_of_the_offer_template_is_named(content: WriteContent) -> None:
    root = content()
    file = scaffold.new_offer(root, "green-minds", "winter-walks")
    document, problems = parse_document(file.read_bytes(), "offer.yaml")
    assert document is not None and problems == []
    assert [p.format() for p in placeholder_problems(document, list(strings(document.data)))] == [
        "offer.yaml:18:8: error: title: fill in this placeholder (the offer's name)",
        "offer.yaml:22:10: error: summary: fill in this placeholder "
        "(one or two plain sentences saying what the offer is)",
        "offer.yaml:28:14: error: description: fill in this placeholder "
        "(what happens, who it is for and what is included.)",
        "offer.yaml:34:11: error: category: fill in this placeholder (replace it with a category id)",
        "offer.yaml:56:13: error: prices[0].amount: fill in this placeholder (replace it with a number)",
        "offer.yaml:57:11: error: prices[0].unit: fill in this placeholder (replace it with a unit)",
        "offer.yaml:65:5: error: delivery[0]: fill in this placeholder (replace it with in_person or online)",
        "offer.yaml:74:5: error: areas[0]: fill in this placeholder (replace it with an area id)",
    ]


def test_the_offer_template_lists_the_sites_vocabularies(content: WriteContent) -> None:
    root = content()
    text = scaffold.new_offer(root, "green-minds", "walk-two").read_text(encoding="utf-8")
    assert "#   wellbeing  Wellbeing\n#   arts       Arts and creativity\ncategory:" in text
    assert "#   north        North region\n#     riverside  Riverside\n#   hilltop      Hilltop\n" in text
    assert "#   older-people  Older people\n#   young-people  Young people\n" in text
    for unit in enum("offer", "prices", "unit"):
        assert f"#   {unit} " in text


def test_the_offer_template_starts_with_the_schema_line_the_sample_offers_use(content: WriteContent) -> None:
    sample = (REPO / "content/suppliers/kelvin-walkers/offers/health-walks.yaml").read_text(encoding="utf-8")
    text = scaffold.new_offer(content(), "green-minds", "walk-two").read_text(encoding="utf-8")
    assert text.splitlines()[0] == sample.splitlines()[0]
    schema = Path(REPO / "content/suppliers/kelvin-walkers/offers", text.splitlines()[0].split("=", 1)[1])
    assert schema.resolve() == REPO / "catalogue/schema/offer.schema.json"


def uncomment_optional_fields(text: str, names: set[str]) -> str:
    """Turn every commented-out example field (and its indented lines) into YAML."""
    lines, in_field = [], False
    for line in text.splitlines():
        match = re.match(r"^(\s*)# ([a-z_]+):", line)
        if match and match.group(2) in names:
            line, in_field = match.group(1) + line[len(match.group(1)) + 2 :], True
        elif in_field and (line == "#" or line.startswith("#   ")):
            line = line[2:]
        else:
            in_field = False
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_every_optional_example_in_the_offer_template_is_valid(content: WriteContent) -> None:
    root = content({"suppliers/green-minds/images/offer.jpg": picture("JPEG")})
    file = scaffold.new_offer(root, "green-minds", "everything")
    fill_in(file, OFFER_ANSWERS)
    text = uncomment_optional_fields(
        file.read_text(encoding="utf-8"), {*field_names("offer"), "label", "notes", "minimum"}
    )
    file.write_text(text, encoding="utf-8")
    names = (
        "audiences:",
        "includes_vat:",
        "contact:",
        "  url:",
        "image_alt:",
        "status:",
        "    label:",
        "    minimum:",
    )
    for name in names:
        assert f"\n{name}" in text
    assert errors(root) == []


# --- new supplier -----------------------------------------------------------------------


def test_new_supplier_fails_check_at_every_placeholder_then_passes_when_filled(
    content: WriteContent, capsys: pytest.CaptureFixture[str]
) -> None:
    root = content()
    code, _, err = run(capsys, "new", "supplier", "riverside-rambles", "--content", str(root))
    assert code == 0, err
    file = root / "suppliers/riverside-rambles/supplier.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../catalogue/schema/supplier.schema.json\n")
    assert "#   cic                           Community interest company\n" in text

    code, out, _ = run(capsys, "check", "--content", str(root))
    assert code == 1
    flagged = {int(line.split(":")[1]) for line in out.splitlines() if "fill in this placeholder" in line}
    assert flagged == placeholder_lines(text) and len(flagged) == 5
    assert "email: must be an email address" in out
    assert "maintainers[0]: fill in this placeholder (your GitHub user name)" in out

    fill_in(file, SUPPLIER_ANSWERS)
    assert errors(root) == []
    scaffold.new_offer(root, "riverside-rambles", "first-walk")  # the new supplier can now have offers


def test_every_optional_example_in_the_supplier_template_is_valid(content: WriteContent) -> None:
    root = content({"suppliers/riverside-rambles/images/logo.png": PNG})
    file = scaffold.new_supplier(root, "riverside-rambles")
    fill_in(file, SUPPLIER_ANSWERS)
    text = uncomment_optional_fields(file.read_text(encoding="utf-8"), set(field_names("supplier")))
    file.write_text(text, encoding="utf-8")
    assert "\ndescription: |\n  We began" in text and "\nlogo_alt:" in text and "\n  - north\n" in text
    assert errors(root) == []


# --- refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["offer", "green-minds", "Winter Walks"],
            'error: offer id "Winter Walks" is not a valid id: use lowercase letters a-z, digits and '
            'single hyphens, at most 60 characters (try "winter-walks")',
        ),
        (["offer", "green--minds", "walk-two"], 'error: supplier id "green--minds" is not a valid id'),
        (["supplier", "../evil"], 'error: supplier id "../evil" is not a valid id'),
        (["offer", "green-mind", "walk-two"], 'error: there is no supplier "green-mind" in '),
        (["offer", "blue-minds", "walk-two"], 'error: there is no supplier "blue-minds" in '),
        (
            ["offer", "green-minds", "walk"],
            "suppliers/green-minds/offers/walk.yaml already exists; edit it, or choose another offer id",
        ),
        (
            ["supplier", "green-minds"],
            "suppliers/green-minds/supplier.yaml already exists; edit it, or choose another id",
        ),
    ],
)
def test_refusals_are_one_line_errors(
    content: WriteContent, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    root = content()
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    code, out, err = run(capsys, "new", *argv, "--content", str(root))
    assert code == 1
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_unknown_supplier_suggests_the_near_miss_or_how_to_add_it(
    content: WriteContent, capsys: pytest.CaptureFixture[str]
) -> None:
    root = content()
    _, _, err = run(capsys, "new", "offer", "green-mind", "walk-two", "--content", str(root))
    assert err.strip().endswith('(did you mean "green-minds"?)')
    _, _, err = run(capsys, "new", "offer", "blue-sky", "walk-two", "--content", str(root))
    assert err.strip().endswith("add it first with `python build.py new supplier blue-sky`")


def test_an_offer_saved_as_yml_counts_as_existing(
    content: WriteContent, capsys: pytest.CaptureFixture[str]
) -> None:
    root = content({"suppliers/green-minds/offers/walk-two.yml": "title: Walk two\n"})
    code, _, err = run(capsys, "new", "offer", "green-minds", "walk-two", "--content", str(root))
    assert code == 1 and "walk-two.yml already exists" in err
    assert not (root / "suppliers/green-minds/offers/walk-two.yaml").exists()


def test_a_missing_content_folder_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "new", "supplier", "green-minds", "--content", str(tmp_path / "nowhere"))
    assert code == 1
    assert err == (
        f'error: the content folder "{tmp_path / "nowhere"}" does not exist; run this in the '
        "repository's top folder, or name the folder with --content\n"
    )


# --- the placeholder rule -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("REPLACE: the offer's name", "the offer's name"),
        ("REPLACE-with-a-unit", "replace it with a unit"),
        ("REPLACE", "replace it with your own text"),
        ("REPLACE:\nline two\n", "line two"),
        ("REPLACE: first line\nsecond line\n", "first line"),
    ],
)
def test_placeholder_hints(value: str, hint: str) -> None:
    assert placeholder_hint(value) == hint


def test_only_values_starting_with_the_word_replace_are_placeholders() -> None:
    text = (
        'title: "REPLACEMENT windows"\nsummary: "Replace your worries"\n'
        'description: "We REPLACE nothing"\ntags: ["REPLACE: a tag"]\ncontact:\n  name: REPLACE-me\n'
    )
    document, _ = parse_document(text.encode(), "x.yaml")
    assert document is not None
    assert [p.format() for p in placeholder_problems(document, list(strings(document.data)))] == [
        "x.yaml:4:8: error: tags[0]: fill in this placeholder (a tag)",
        "x.yaml:6:9: error: contact.name: fill in this placeholder (me)",
    ]
