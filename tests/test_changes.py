"""`changes`: the pull request summary of offers added, changed and removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.cli import main
from catalogue.contrib.changes import format_price

from .test_ownership import GitRepo

SITE = "title: Wellbeing Menu\nbase_url: https://example.org/menu/\ncurrency: GBP\n"


def offer(title: str, *prices: str, extra: str = "") -> str:
    lines = [f"title: {title}", "summary: A short summary.", "prices:", *prices]
    return "\n".join(lines) + "\n" + extra


def price(amount: str, unit: str, label: str = "") -> str:
    text = f"  - amount: {amount}\n    unit: {unit}"
    return f"  - label: {label}\n    amount: {amount}\n    unit: {unit}" if label else text


WALK = "content/suppliers/green-minds/offers/walk.yaml"
POTS = "content/suppliers/canal-clay/offers/pots.yaml"
CHOIR = "content/suppliers/sing-out/offers/choir.yaml"


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the machine's git settings (hooks, signing, diff drivers) out of the tests."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repository = GitRepo(tmp_path / "repo")
    repository.commit(
        {
            "content/site.yaml": SITE,
            WALK: offer("Walk and talk", price("120", "per_session")),
            POTS: offer(
                "Pottery taster", price("960", "per_block", "At our studio"), price("1080", "per_block")
            ),
            CHOIR: offer("Community choir", price("300", "fixed")),
        },
        "base",
    )
    repository.git("tag", "base")
    return repository


def changes(repo: GitRepo, *extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["changes", "--base", "base", "--repo", str(repo.root), *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_offers_added_changed_and_removed(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit(
        {
            WALK: offer("Walk and talk", price("140", "per_session")),
            "content/suppliers/green-minds/offers/run.yml": offer("Couch to 5k", price("45.5", "per_person")),
        }
    )
    repo.delete(CHOIR)
    repo.commit()
    assert changes(repo, capsys=capsys) == (
        0,
        "### Catalogue changes\n"
        "\n"
        "1 offer added, 1 changed, 1 removed.\n"
        "\n"
        "#### Added\n"
        "\n"
        "- [Couch to 5k](https://example.org/menu/offers/green-minds/run/) (`green-minds/run`): "
        "£45.50 per person\n"
        "\n"
        "#### Changed\n"
        "\n"
        "- [Walk and talk](https://example.org/menu/offers/green-minds/walk/) (`green-minds/walk`): "
        "£120.00 per session → £140.00 per session\n"
        "\n"
        "#### Removed\n"
        "\n"
        "- Community choir (`sing-out/choir`)\n",
    )


def test_one_of_several_prices_changed(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit(
        {
            POTS: offer(
                "Pottery taster", price("1000", "per_block", "At our studio"), price("1080", "per_block")
            )
        }
    )
    text = changes(repo, capsys=capsys)[1]
    assert (
        "- [Pottery taster](https://example.org/menu/offers/canal-clay/pots/) (`canal-clay/pots`): "
        "At our studio: £960.00 per block → £1,000.00 per block\n"
    ) in text


def test_a_price_added_to_an_offer_shows_both_lists(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit(
        {WALK: offer("Walk and talk", price("120", "per_session"), price("40", "per_hour", "Extra hour"))}
    )
    assert (
        "`green-minds/walk`): £120.00 per session → £120.00 per session; Extra hour: £40.00 per hour\n"
        in (changes(repo, capsys=capsys)[1])
    )


def test_other_fields_changed_are_named(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit({WALK: offer("Walk and talk", price("150", "per_session"), extra="duration: 1 hour\n")})
    repo.commit({CHOIR: offer("Community choir", price("300", "fixed")).replace("A short", "A longer")})
    text = changes(repo, capsys=capsys)[1]
    assert "`green-minds/walk`): £120.00 per session → £150.00 per session; also changed: duration\n" in text
    assert "`sing-out/choir`): changed: summary\n" in text


def test_a_comment_only_edit_is_not_a_change(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit({WALK: "# reviewed in November\n" + offer("Walk and talk", price("120", "per_session"))})
    assert changes(repo, capsys=capsys) == (
        0,
        "### Catalogue changes\n\nThis pull request adds, changes or removes no offers.\n",
    )


def test_a_renamed_offer_is_removed_and_added_because_its_address_changes(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.move(WALK, "content/suppliers/green-minds/offers/walk-and-talk.yaml")
    repo.commit()
    text = changes(repo, capsys=capsys)[1]
    assert "1 offer added, 0 changed, 1 removed." in text
    assert "(https://example.org/menu/offers/green-minds/walk-and-talk/)" in text
    assert "- Walk and talk (`green-minds/walk`)\n" in text


def test_base_url_option_wins_and_gets_a_trailing_slash(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({WALK: offer("Walk and talk", price("140", "per_session"))})
    text = changes(repo, "--base-url", "https://owner.github.io/menu", capsys=capsys)[1]
    assert "[Walk and talk](https://owner.github.io/menu/offers/green-minds/walk/)" in text


def test_titles_are_escaped_and_drafts_marked(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit(
        {
            "content/suppliers/green-minds/offers/new.yaml": offer("Art *for* [all]", price("0", "per_group"))
            + "status: draft\n"
        }
    )
    text = changes(repo, capsys=capsys)[1]
    assert r"- [Art \*for\* \[all\] (draft)](https://example.org/menu/offers/green-minds/new/)" in text
    assert "(`green-minds/new`): £0.00 per group\n" in text


def test_an_unreadable_offer_is_listed_for_the_content_check(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({WALK: "title: [unclosed\n"})
    text = changes(repo, capsys=capsys)[1]
    assert "#### Cannot be read (see the content check)\n\n- `green-minds/walk`\n" in text
    assert "#### Changed" not in text


def test_files_that_are_not_offers_are_ignored(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit(
        {
            "content/site.yaml": SITE + "tagline: New\n",
            "content/suppliers/green-minds/supplier.yaml": "name: Green Minds\n",
            "content/suppliers/green-minds/offers/README.md": "stray\n",
        }
    )
    assert "This pull request adds, changes or removes no offers." in changes(repo, capsys=capsys)[1]


def test_an_unknown_commit_is_a_clear_error(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = changes(repo, "--head", "nowhere", capsys=capsys)
    assert code == 2
    assert text.startswith('error: cannot find the commit "nowhere" in ')


@pytest.mark.parametrize(
    ("written", "currency", "expected"),
    [
        ({"amount": 120, "unit": "per_session"}, "GBP", "£120.00 per session"),
        ({"amount": 1080.5, "unit": "per_block"}, "GBP", "£1,080.50 per block"),
        ({"amount": 25, "unit": "per_person"}, "EUR", "€25.00 per person"),
        ({"amount": 60, "unit": "per_hour"}, "USD", "US$60.00 per hour"),  # as the site shows it in en-GB
        ({"amount": 200, "unit": "per_day"}, "CHF", "CHF200.00 per day"),
        (
            {"amount": 500, "unit": "fixed", "label": "Whole course"},
            "GBP",
            "Whole course: £500.00 fixed price",
        ),
        ({"amount": "four hundred", "unit": "per_group"}, "GBP", "four hundred per group"),
        ({"amount": 85, "unit": "per_session", "minimum": 8}, "GBP", "£85.00 per session, at least 8"),
        ({"amount": 22.5, "unit": "per_person", "add_on": True}, "GBP", "£22.50 per person, add-on"),
    ],
)
def test_prices_read_as_people_say_them(written: dict[str, object], currency: str, expected: str) -> None:
    assert format_price(written, currency) == expected
