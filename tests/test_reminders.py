"""`reminders`: the offers due a review, by supplier, mentioning the maintainers who can act on
them, in the Markdown the weekly workflow puts in its issue; nothing at all when none is due."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import yaml

from catalogue.cli import main
from catalogue.contrib.reminders import reminders_markdown, review_reminders

from .conftest import OFFER, SUPPLIER, WriteContent, replaced

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-23"
INTRODUCTION = (
    "<!-- Written by `python build.py reminders`; the weekly workflow replaces it every week. -->\n"
    "On 2026-11-23, 4 offers from 2 suppliers need a look: each has expired, expires within 30 days or "
    "has not been updated for 12 months. Each supplier's maintainers are mentioned so that GitHub lets "
    "them know. This list is brought up to date every week, and the issue is closed when nothing is "
    "left to review.\n"
    "\n"
    "- **Expires soon, or expired**: if the offer is still running, change its `available_until` to the "
    "new last day. An expired offer has left the listings; its page says it is no longer available. If "
    "it will not run again, you can delete its file.\n"
    "- **Not updated for 12 months**: check that the offer is still right, prices especially, and correct "
    "what is not. If all of it is, add a line `# Checked on 2026-11-23` at the end of its file.\n"
    "\n"
)
SITE_OFFERS = "https://example.org/menu/offers"
EDIT = "https://github.com/example/menu/edit/main/content/suppliers"


def until(day: str, title: str = "Walk and talk") -> str:
    return replaced(OFFER, ("2027-06-30", day), ("Walk and talk", title))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["reminders", "--today", TODAY, *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def due_content(content: WriteContent, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Green Minds (alice, bob): one offer expiring, one expired, one stale, one current, one draft
    expiring. Riverside Arts (carol): one expiring today. Hilltop Yoga: nothing due."""
    root = content(
        {
            "suppliers/green-minds/supplier.yaml": SUPPLIER.replace("[alice]", "[alice, bob]"),
            "suppliers/green-minds/offers/walk.yaml": until("2026-12-10"),
            "suppliers/green-minds/offers/swim.yaml": until("2026-01-31", "Swim and talk"),
            "suppliers/green-minds/offers/old.yaml": until("2027-06-30", "Old walk"),
            "suppliers/green-minds/offers/later.yaml": until("2027-06-30", "Later walk"),
            "suppliers/green-minds/offers/draft.yaml": until("2026-12-01", "Draft walk") + "status: draft\n",
            "suppliers/riverside-arts/supplier.yaml": SUPPLIER.replace(
                "Green Minds CIC", "Riverside Arts"
            ).replace("[alice]", "[carol]"),
            "suppliers/riverside-arts/offers/paint.yaml": until(TODAY, "Painting together"),
            "suppliers/hilltop-yoga/supplier.yaml": SUPPLIER.replace("Green Minds CIC", "Hilltop Yoga"),
            "suppliers/hilltop-yoga/offers/yoga.yaml": until("2027-06-30", "Chair yoga"),
        }
    )
    old = dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC).timestamp()  # outside git: the file's date
    os.utime(root / "suppliers/green-minds/offers/old.yaml", (old, old))
    monkeypatch.chdir(root.parent)
    return root


def test_each_supplier_s_offers_due_a_review_mention_its_maintainers(
    due_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--content", "content")
    assert code == 0
    assert out == INTRODUCTION + (
        "### Green Minds CIC\n"
        "\n"
        "@alice @bob\n"
        "\n"
        f"- [Old walk]({SITE_OFFERS}/green-minds/old/) "
        f"([`content/suppliers/green-minds/offers/old.yaml`]({EDIT}/green-minds/offers/old.yaml)): "
        "last updated on 2025-10-01, over 12 months ago\n"
        f"- [Swim and talk]({SITE_OFFERS}/green-minds/swim/) "
        f"([`content/suppliers/green-minds/offers/swim.yaml`]({EDIT}/green-minds/offers/swim.yaml)): "
        "expired on 2026-01-31\n"
        f"- [Walk and talk]({SITE_OFFERS}/green-minds/walk/) "
        f"([`content/suppliers/green-minds/offers/walk.yaml`]({EDIT}/green-minds/offers/walk.yaml)): "
        "expires on 2026-12-10, in 17 days\n"
        "\n"
        "### Riverside Arts\n"
        "\n"
        "@carol\n"
        "\n"
        f"- [Painting together]({SITE_OFFERS}/riverside-arts/paint/) "
        f"([`content/suppliers/riverside-arts/offers/paint.yaml`]({EDIT}/riverside-arts/offers/paint.yaml)): "
        "expires on 2026-11-23, today\n"
    )
    assert err == "reminders: 4 offers to review\n"


def test_nothing_to_review_prints_nothing_so_the_workflow_closes_the_issue(
    content: WriteContent, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = content()  # the walk runs to 2027-06-30
    monkeypatch.chdir(root.parent)
    assert run(capsys) == (0, "", "reminders: nothing to review\n")


def test_a_missing_content_folder_is_an_error_not_an_empty_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty text closes the issue: a wrong folder must not pass for "nothing to review"."""
    code, out, err = run(capsys, "--content", str(tmp_path / "nowhere"))
    assert (code, out) == (2, "")
    assert err == f"error: the content folder {tmp_path / 'nowhere'} does not exist\n"


def test_content_cannot_notify_anyone_or_break_the_markdown(
    content: WriteContent, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Titles and names are text: an @name in them notifies nobody; only maintainers are mentioned,
    and a list that is not GitHub names mentions the coordinators instead."""
    supplier = SUPPLIER.replace("Green Minds CIC", "Green @minds *CIC*").replace(
        "[alice]", '["@everyone", "x](https://evil.example)"]'
    )
    site = yaml.safe_dump(
        {
            "title": "Menu",
            "base_url": "javascript:alert(1)",
            "repository": "a/b)c",
            "coordinators": ["coord-one"],
        }
    )
    root = content(
        {
            "site.yaml": site,
            "suppliers/green-minds/supplier.yaml": supplier,
            "suppliers/green-minds/offers/walk.yaml": until("2026-12-10", "Walk with @octocat [here](x)"),
        }
    )
    monkeypatch.chdir(root.parent)
    out = run(capsys, "--content", "content")[1]
    part = out.split("### ", 1)[1]
    assert part == (
        "Green @\u200bminds \\*CIC\\*\n"
        "\n"
        "@coord-one\n"
        "\n"
        "- Walk with @\u200boctocat \\[here\\](x) (`content/suppliers/green-minds/offers/walk.yaml`): "
        "expires on 2026-12-10, in 17 days\n"
    )
    assert re.findall(r"(?<![\w`])@\w[\w-]*", out) == ["@coord-one"]


def test_a_long_list_stops_short_of_what_an_issue_holds(due_content: Path) -> None:
    reminders = review_reminders(due_content, "content", dt.date(2026, 11, 23))
    whole = reminders_markdown(reminders)
    cut = reminders_markdown(reminders, limit=len(whole) - 10)
    assert "### Green Minds CIC" in cut and "### Riverside Arts" not in cut
    assert cut.endswith("…and 1 more supplier: run `python build.py reminders` to see them all.\n")
    assert len(cut) < len(whole) - 10


def test_the_sample_s_reminders_name_each_offer_due_with_its_maintainers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the golden output's date, every sample offer expiring within 30 days (or expired) is listed
    under its supplier's heading with that supplier's maintainers."""
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys)
    assert code == 0
    today = dt.date.fromisoformat(TODAY)
    expected: set[tuple[str, str, str]] = set()
    for file in sorted((REPO / "content/suppliers").glob("*/offers/*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        end = data.get("available_until")
        if end and (end - today).days <= 30 and data.get("status") != "draft":
            supplier = yaml.safe_load((file.parents[1] / "supplier.yaml").read_text(encoding="utf-8"))
            mentions = " ".join(f"@{name}" for name in supplier["maintainers"])
            expected.add((supplier["name"], mentions, data["title"]))
    found: set[tuple[str, str, str]] = set()
    for section in out.split("\n### ")[1:]:
        name, _, mentions, _, *items = section.split("\n")
        for line in items:
            if title := re.match(r"- \[([^\]]+)\]", line):
                found.add((name, mentions, title[1]))
    assert expected >= {("Blether Kitchen Co-operative", "@blether-kitchen-coop @joanne-blether",
                         "Festive baking afternoon")}  # fmt: skip
    assert expected <= found
