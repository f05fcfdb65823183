"""`check`: every contributor mistake reported at its file and line, all at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from catalogue.cli import main

from .conftest import OFFER, PNG, SUPPLIER, TODAY, WriteContent, messages, replaced


def offer_with(*replacements: tuple[str, str], extra: str = "") -> str:
    return replaced(OFFER, *replacements, extra=extra)


WALK = "content/suppliers/green-minds/offers/walk.yaml"


def test_the_base_tree_has_no_problems(content: WriteContent) -> None:
    assert messages(content()) == []


def test_a_wrong_amount_is_reported_at_its_line(content: WriteContent) -> None:
    root = content(
        {"suppliers/green-minds/offers/walk.yaml": offer_with(("amount: 120", 'amount: "four hundred"'))}
    )
    assert messages(root) == [
        f'{WALK}:7:13: error: prices[0].amount: must be a number ≥ 0; got "four hundred"'
    ]


def test_unknown_category_suggests_the_near_miss(content: WriteContent) -> None:
    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": offer_with(
                ("category: wellbeing", "category: wellbeeing")
            )
        }
    )
    assert messages(root) == [
        f'{WALK}:5:11: error: category: unknown category "wellbeeing" (did you mean "wellbeing"?)'
    ]


def test_unknown_area_and_audience_in_lists(content: WriteContent) -> None:
    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": offer_with(
                ("areas: [riverside]", "areas: [riverside, rivrside]"),
                ("audiences: [older-people]", "audiences: [teenagers]"),
            )
        }
    )
    assert messages(root) == [
        f'{WALK}:10:20: error: areas[1]: unknown area "rivrside" (did you mean "riverside"?)',
        f'{WALK}:11:13: error: audiences[0]: unknown audience "teenagers"; the audience ids are: '
        "older-people, young-people",
    ]


def test_unknown_field_suggests_the_near_miss(content: WriteContent) -> None:
    root = content({"suppliers/green-minds/offers/walk.yaml": offer_with(("title:", "titel:"))})
    assert messages(root) == [
        f'{WALK}:1:1: error: title: required field is missing; add a line "title: …"',
        f'{WALK}:1:1: error: unknown field "titel" (did you mean "title"?)',
    ]


def test_unknown_nested_field_lists_the_allowed_ones(content: WriteContent) -> None:
    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": offer_with(
                ("unit: per_session", "unit: per_session\n    cost: 3")
            )
        }
    )
    assert messages(root) == [
        f'{WALK}:9:5: error: prices[0]: unknown field "cost"; the fields allowed here are: '
        "label, amount, unit, notes, minimum, add_on"
    ]


def test_missing_required_fields_point_at_the_mapping(content: WriteContent) -> None:
    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": offer_with(
                ("summary: A gentle weekly walk with time to talk.\n", "")
            )
        }
    )
    assert messages(root) == [
        f'{WALK}:1:1: error: summary: required field is missing; add a line "summary: …"'
    ]


def test_yes_no_and_numbers_where_text_is_wanted(content: WriteContent) -> None:
    supplier = SUPPLIER + "locality: no\nregistration_number: 012345\nphone: 1.10\n"
    root = content({"suppliers/green-minds/supplier.yaml": supplier})
    path = "content/suppliers/green-minds/supplier.yaml"
    assert messages(root) == [
        f'{path}:7:11: error: locality: YAML reads no as the yes/no value false, not text; put it in quotes: "no"',
        f"{path}:8:22: error: registration_number: YAML reads 012345 as the number 5349, not text; "
        'put it in quotes: "012345"',
        f'{path}:9:8: error: phone: YAML reads 1.10 as the number 1.1, not text; put it in quotes: "1.10"',
    ]


def test_a_date_where_text_is_wanted(content: WriteContent) -> None:
    root = content({"suppliers/green-minds/offers/walk.yaml": offer_with(extra="duration: 2026-01-01\n")})
    assert messages(root) == [
        f'{WALK}:13:11: error: duration: YAML reads 2026-01-01 as a date, not text; put it in quotes: "2026-01-01"'
    ]


def test_sexagesimal_number_is_refused(content: WriteContent) -> None:
    root = content({"suppliers/green-minds/offers/walk.yaml": offer_with(("amount: 120", "amount: 1:30"))})
    assert messages(root) == [
        f"{WALK}:7:13: error: prices[0].amount: YAML reads 1:30 as the number 90; write numbers plainly "
        "(like 90 or 12.50), or put text in quotes"
    ]


def test_impossible_date_is_an_error_at_its_line(content: WriteContent) -> None:
    root = content({"suppliers/green-minds/offers/walk.yaml": offer_with(("2027-06-30", "2026-02-30"))})
    assert messages(root) == [
        f"{WALK}:12:18: error: available_until: 2026-02-30 is not a real date; check the day and the month (YYYY-MM-DD)"
    ]


def test_duplicate_keys_name_both_lines(content: WriteContent) -> None:
    root = content({"suppliers/green-minds/offers/walk.yaml": offer_with(extra="title: Again\n")})
    assert messages(root) == [
        f'{WALK}:13:1: error: duplicate field "title": it is also on line 1; keep only one of them'
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            b"a: &x 1\nb: *x\n",
            "1:4: error: anchors (&) and aliases (*) are not allowed in content files",
        ),
        (b"title:\n\tx: 1\n", "2:1: error: a tab is used for indentation; YAML needs spaces"),
        (
            "title: Art\nsummary: One\u2028two\n".encode(),
            "2:13: error: contains an invisible line separator character (U+2028), often pasted from a "
            "word processor; delete it, and press Enter if a new line was meant",
        ),
        ("a: 1\nb: x\x85y\n".encode(), "2:5: error: contains an invisible next-line character (U+0085)"),
        ("a: 1\n\nb: x\u2029\n".encode(), "3:5: error: contains an invisible paragraph separator"),
        (b"", "1:1: error: file is empty; it needs at least the required fields"),
        (b"# only a comment\n", "1:1: error: file is empty"),
        (
            b"title: caf\xe9\n",
            "1:11: error: is not UTF-8 text (byte 0xe9 cannot be read); save the file as UTF-8",
        ),
        (
            b"title: a: b\n",
            "1:9: error: YAML syntax error: mapping values are not allowed in this context",
        ),
        (b"title: 'open\n", "2:1: error: YAML syntax error"),
        (b"- just a list\n", "1:1: error: the file must be a list of `field: value` lines"),
        (
            b"title: !!python/object x\n",
            "1:8: error: YAML tags (words starting with !) are not allowed",
        ),
        (b"a: 1\n---\nb: 2\n", "2:1: error: the file holds more than one document"),
        (
            b"a:" + b" [" * 40 + b"]" * 40 + b"\n",
            "error: values are nested more than 24 levels deep",
        ),
        (
            b"title: " + b"x" * 300_000 + b"\n",
            "1:1: error: file is 292 KB; content files may be at most 256 KB",
        ),
    ],
)
def test_yaml_surprises_are_errors(content: WriteContent, text: bytes, expected: str) -> None:
    root = content({"suppliers/green-minds/offers/walk.yaml": text})
    found = messages(root)
    assert len(found) == 1 and f"{WALK}:" in found[0] and expected in found[0], found


def test_billion_laughs_is_refused_quickly(content: WriteContent) -> None:
    lines = ['a0: &a0 "lol"'] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    root = content({"suppliers/green-minds/offers/walk.yaml": "\n".join(lines) + "\n"})
    assert messages(root) == [
        f"{WALK}:1:5: error: anchors (&) and aliases (*) are not allowed in content files; "
        "write the value out in full, or put it in quotes if it is text"
    ]


def test_dates_and_group_size_must_be_in_order(content: WriteContent) -> None:
    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": offer_with(
                extra="available_from: 2027-09-01\ngroup_size:\n  min: 12\n  max: 8\n"
            )
        }
    )
    assert messages(root) == [
        f"{WALK}:12:18: error: available_until: 2027-06-30 is before available_from (2027-09-01); "
        "the end must be on or after the start",
        f"{WALK}:16:8: error: group_size.max: 8 is smaller than group_size.min (12); min must not be more than max",
    ]


def test_in_person_needs_areas(content: WriteContent) -> None:
    root = content({"suppliers/green-minds/offers/walk.yaml": offer_with(("areas: [riverside]\n", ""))})
    assert messages(root) == [
        f'{WALK}:9:11: error: delivery: an offer delivered "in_person" needs "areas": add the ids of the '
        "areas where you can deliver it"
    ]


def test_urls_must_be_https(content: WriteContent) -> None:
    root = content({"suppliers/green-minds/supplier.yaml": SUPPLIER + "website: javascript:alert(1)\n"})
    assert messages(root) == [
        "content/suppliers/green-minds/supplier.yaml:7:10: error: website: must be a full web address starting "
        'with https://, like "https://example.org/about"; got "javascript:alert(1)"'
    ]


def test_amounts_have_at_most_two_decimals(content: WriteContent) -> None:
    root = content({"suppliers/green-minds/offers/walk.yaml": offer_with(("amount: 120", "amount: 12.505"))})
    assert messages(root) == [
        f"{WALK}:7:13: error: prices[0].amount: must have at most 2 decimal places (pounds and pence, "
        "like 12.50); got 12.505"
    ]


def test_vat_cannot_be_added_by_a_supplier_that_is_not_registered(content: WriteContent) -> None:
    """A supplier not registered for VAT charges none: "VAT is added" would have organisations
    budget a fifth more than they pay. The error is at the offer's line, however many offers."""
    not_registered = replaced(SUPPLIER, ("areas: [north]", "vat_registered: false\nareas: [north]"))
    root = content(
        {
            "suppliers/green-minds/supplier.yaml": not_registered,
            "suppliers/green-minds/offers/walk.yaml": offer_with(extra="includes_vat: false\n"),
            "suppliers/green-minds/offers/free.yaml": offer_with(extra="includes_vat: true\n"),
            "suppliers/green-minds/offers/plain.yaml": OFFER,
        }
    )
    assert messages(root) == [
        f"{WALK}:13:15: error: includes_vat: false says VAT is added to these prices, but supplier.yaml "
        "says this supplier is not VAT-registered (vat_registered: false), so there is no VAT to add; "
        "remove this line (or write includes_vat: true), or, if the supplier has registered for VAT, "
        "write vat_registered: true in supplier.yaml"
    ]


@pytest.mark.parametrize("registered", ["vat_registered: true\n", ""])
def test_vat_added_is_fine_from_a_registered_supplier_or_one_that_does_not_say(
    content: WriteContent, registered: str
) -> None:
    supplier = replaced(SUPPLIER, ("areas: [north]", f"{registered}areas: [north]"))
    root = content(
        {
            "suppliers/green-minds/supplier.yaml": supplier,
            "suppliers/green-minds/offers/walk.yaml": offer_with(extra="includes_vat: false\n"),
        }
    )
    assert messages(root) == []


def test_vat_registered_must_be_true_or_false(content: WriteContent) -> None:
    supplier = replaced(SUPPLIER, ("areas: [north]", 'vat_registered: "no"\nareas: [north]'))
    assert messages(content({"suppliers/green-minds/supplier.yaml": supplier})) == [
        'content/suppliers/green-minds/supplier.yaml:5:17: error: vat_registered: must be true or false; got "no"'
    ]


def test_image_paths_stay_inside_the_folder(content: WriteContent, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"x")
    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": offer_with(
                extra="image: ../../other/x.png\nimage_alt: A walk\n"
            ),
            "suppliers/green-minds/offers/two.yaml": offer_with(
                extra="image: images/link.png\nimage_alt: A walk\n"
            ),
            "suppliers/green-minds/offers/three.yaml": offer_with(extra="image: images/Photo.PNG\n"),
            "suppliers/green-minds/images/photo.png": PNG,
        }
    )
    os.symlink(outside, root / "suppliers/green-minds/images/link.png")
    base = "content/suppliers/green-minds/offers"
    assert messages(root) == [
        f'{base}/three.yaml:13:8: error: image: "images/Photo.PNG" was not found: the file is named "photo.png" '
        "(capital letters must match)",
        f'{base}/three.yaml:13:8: error: image_alt: required with "image"; describe the image in a few words '
        "for people who cannot see it",
        f'{base}/two.yaml:13:8: error: image: "images/link.png" is a link; add the image file itself',
        f'{base}/walk.yaml:13:8: error: image: "../../other/x.png" must be a plain relative path inside '
        'green-minds/ (no "..", no leading "/", no backslashes or encoded characters), like images/logo.png',
    ]


def test_an_svg_picture_that_could_run_a_script_is_refused(content: WriteContent, tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'
    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": offer_with(
                extra="image: images/walk.svg\nimage_alt: A walk\n"
            ),
            "suppliers/green-minds/offers/two.yaml": offer_with(
                extra="image: images/map.svg\nimage_alt: A map\n"
            ),
            "suppliers/green-minds/supplier.yaml": SUPPLIER + "logo: images/logo.svg\nlogo_alt: Logo\n",
            "suppliers/green-minds/images/walk.svg": svg.format("<script>alert(1)</script>").encode(),
            "suppliers/green-minds/images/map.svg": svg.format('<rect onclick="alert(1)"/>').encode(),
            "suppliers/green-minds/images/logo.svg": svg.format(
                '<rect fill="#1f5f4a"/><text>Logo</text>'
            ).encode(),
        }
    )
    base = "content/suppliers/green-minds/offers"
    advice = (
        "which a browser could run as a program on the site; save the picture as a PNG or JPG instead, "
        "or export a plain SVG without it"
    )
    assert messages(root) == [
        f'{base}/two.yaml:13:8: error: image: "images/map.svg" has an event handler (onclick="…"), {advice}',
        f'{base}/walk.yaml:13:8: error: image: "images/walk.svg" contains the element <script>, {advice}',
    ]


def test_a_picture_that_cannot_be_opened_or_is_huge_is_refused(content: WriteContent) -> None:
    from .conftest import picture

    def offer(name: str) -> str:
        return offer_with(extra=f"image: images/{name}\nimage_alt: A walk\n")

    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": offer("walk.jpg"),
            "suppliers/green-minds/offers/two.yaml": offer("map.png"),
            "suppliers/green-minds/offers/three.yaml": offer("wide.png"),
            "suppliers/green-minds/images/walk.jpg": b"<html>not a photo</html>",
            "suppliers/green-minds/images/map.png": picture("GIF"),
            "suppliers/green-minds/images/wide.png": picture("PNG", 8000, 5001),
        }
    )
    base = "content/suppliers/green-minds/offers"
    assert messages(root) == [
        f'{base}/three.yaml:13:8: error: image: "images/wide.png" is 8000 × 5001 pixels; make it smaller '
        "(2,000 pixels wide is plenty)",
        f'{base}/two.yaml:13:8: error: image: "images/map.png" is a GIF file, not a PNG, JPEG or WebP '
        "picture; save it as one of those",
        f'{base}/walk.yaml:13:8: error: image: "images/walk.jpg" cannot be opened as a picture; is it really '
        "a PNG, JPEG or WebP file? Save it again as one",
    ]


def test_a_missing_image(content: WriteContent) -> None:
    root = content(
        {"suppliers/green-minds/supplier.yaml": SUPPLIER + "logo: images/logo.png\nlogo_alt: Logo\n"}
    )
    assert messages(root) == [
        'content/suppliers/green-minds/supplier.yaml:7:7: error: logo: "images/logo.png" was not found inside '
        "green-minds/; add the file or correct the path"
    ]


def test_feedback_must_name_an_existing_offer(content: WriteContent) -> None:
    from .conftest import ORGANISATION

    root = content(
        {"organisations/riverside-tenants.yaml": ORGANISATION.replace("green-minds/walk", "green-minds/wakl")}
    )
    assert messages(root) == [
        "content/organisations/riverside-tenants.yaml:7:12: error: feedback[0].offer: there is no offer "
        '"green-minds/wakl" (did you mean "green-minds/walk"?); name it as supplier-id/offer-id'
    ]


def test_stray_files_bad_ids_and_clashing_names(content: WriteContent) -> None:
    root = content(
        {
            "suppliers/green-minds/offers/README.md": "notes",
            "suppliers/green-minds/offers/walk.yml": OFFER,
            "suppliers/Bad_Name/supplier.yaml": SUPPLIER,
            "suppliers/green-minds/offers/Big Walk.yaml": OFFER,
            "suppliers/no-file/offers/x.yaml": OFFER,
        }
    )
    base = "content/suppliers"
    assert messages(root) == [
        f'{base}/Bad_Name:1:1: error: supplier folder name "Bad_Name" is not a valid id: use lowercase letters '
        'a-z, digits and single hyphens, at most 60 characters (try "bad-name")',
        f'{base}/green-minds/offers/Big Walk.yaml:1:1: error: offer file name "Big Walk" is not a valid id: use '
        'lowercase letters a-z, digits and single hyphens, at most 60 characters (try "big-walk")',
        f"{base}/green-minds/offers/README.md:1:1: error: only offer files ending in .yaml belong in offers/; "
        "move or remove this file",
        f'{base}/green-minds/offers/walk.yml:1:1: error: walk.yaml and walk.yml both define the offer "walk"; '
        "keep only one of them",
        f"{base}/no-file/supplier.yaml:1:1: error: supplier.yaml is missing: every supplier folder needs one",
    ]


def test_site_vocabulary_rules(content: WriteContent) -> None:
    from .conftest import SITE

    site = SITE.replace("    parent: north", "    parent: nrth").replace(
        "  - id: hilltop", "  - id: riverside"
    )
    assert messages(content({"site.yaml": site})) == [
        'content/site.yaml:16:13: error: areas[1].parent: unknown area "nrth" (did you mean "north"?); a parent '
        "must be another area listed here",
        'content/site.yaml:17:9: error: areas[2].id: the id "riverside" is already used on line 14; ids must be unique',
    ]


def test_expiry_warnings(content: WriteContent) -> None:
    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": offer_with(("2027-06-30", "2026-01-31")),
            "suppliers/green-minds/offers/soon.yaml": offer_with(("2027-06-30", "2026-12-10")),
        }
    )
    base = "content/suppliers/green-minds/offers"
    assert messages(root) == [
        f"{base}/soon.yaml:12:18: warning: available_until: this offer expires on 2026-12-10, in 17 days; "
        "extend the date if it runs longer",
        f"{base}/walk.yaml:12:18: warning: available_until: this offer expired on 2026-01-31",
    ]


def test_stale_offers_warn(content: WriteContent) -> None:
    root = content()
    old = 1_700_000_000  # 2023-11-14
    os.utime(root / "suppliers/green-minds/offers/walk.yaml", (old, old))
    assert messages(root) == [
        f"{WALK}:1:1: warning: this offer was last updated on 2023-11-14, over 12 months ago; check it is "
        'still right and correct what is not; if all of it is, add a line "# Checked on 2026-11-23" at the '
        "end, so that its page shows it was checked"
    ]


def test_cli_exit_codes_and_strict(
    content: WriteContent, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = content({"suppliers/green-minds/offers/walk.yaml": offer_with(("2027-06-30", "2026-01-31"))})
    monkeypatch.chdir(root.parent)
    assert main(["check", "--today", "2026-11-23"]) == 0
    assert main(["check", "--today", "2026-11-23", "--strict"]) == 1
    out, err = capsys.readouterr()
    assert f"{WALK}:12:18: warning: available_until: this offer expired on 2026-01-31\n" in out
    assert "check failed: 0 errors, 1 warning (1 offers, 1 suppliers, 1 organisations)" in err


def test_github_format_and_job_summary(
    content: WriteContent,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": offer_with(
                ("category: wellbeing", "category: wellbeeing")
            )
        }
    )
    monkeypatch.chdir(tmp_path)  # the memo's .cache/ goes here, not into the repository
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", "--content", str(root), "--format", "github", "--today", "2026-11-23"]) == 1
    out = capsys.readouterr().out
    command = [line for line in out.splitlines() if line.startswith("::error")]
    assert command == [
        f"::error file={str(root).replace(':', '%3A')}/suppliers/green-minds/offers/walk.yaml,line=5,col=11::"
        'category: unknown category "wellbeeing" (did you mean "wellbeing"?)'
    ]
    table = summary.read_text()
    assert "1 error(s) and 0 warning(s)" in table
    assert "| ❌ error | `" in table and '| 5:11 | category: unknown category "wellbeeing"' in table


def test_missing_content_folder_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", str(tmp_path / "nope")]) == 1
    assert f"{tmp_path / 'nope'}:1:1: error: the content folder does not exist" in capsys.readouterr().out


def test_remembered_checks_see_image_files_change_on_their_own(content: WriteContent) -> None:
    """The memo keeps an offer's check while neither its file nor its image changes."""
    from catalogue.incremental.memo import Memo
    from catalogue.pipeline import check

    root = content(
        {
            "suppliers/green-minds/offers/walk.yaml": offer_with(
                extra="image: images/photo.png\nimage_alt: A walk\n"
            ),
            "suppliers/green-minds/images/photo.png": PNG,
        }
    )
    memo = Memo()
    image = root / "suppliers/green-minds/images/photo.png"

    def found() -> list[str]:
        return [p.format() for p in check(root, "content", TODAY, memo).problems]

    assert found() == []
    image.write_bytes(b"x" * (1024 * 1024 + 1))
    assert found() == [f'{WALK}:13:8: error: image: "images/photo.png" is 1.0 MB; images may be at most 1 MB']
    image.unlink()
    (image.parent / "Photo.png").write_bytes(PNG)
    assert found() == [
        f'{WALK}:13:8: error: image: "images/photo.png" was not found: the file is named "Photo.png" '
        "(capital letters must match)"
    ]
    (image.parent / "Photo.png").rename(image)
    assert found() == []
