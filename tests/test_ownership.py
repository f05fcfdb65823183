"""`check-ownership`: who may change which file, judged on real git repositories."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from catalogue.cli import main

SITE = """\
title: Wellbeing Menu
contact_email: menu@example.org
coordinators: [Coord-One, coord-two]
"""


def supplier(*maintainers: str) -> str:
    return f"name: A supplier\nmaintainers: [{', '.join(maintainers)}]\n"


def organisation(*maintainers: str) -> str:
    listed = f"maintainers: [{', '.join(maintainers)}]\n" if maintainers else ""
    return f"name: An organisation\narea: north\n{listed}"


OFFER = "title: Walk and talk\nprices:\n  - amount: 120\n    unit: per_session\n"

BASE_FILES = {
    "content/site.yaml": SITE,
    "content/suppliers/green-minds/supplier.yaml": supplier("alice", "bob"),
    "content/suppliers/green-minds/offers/walk.yaml": OFFER,
    "content/suppliers/canal-clay/supplier.yaml": supplier("carol"),
    "content/suppliers/canal-clay/offers/pots.yaml": OFFER,
    "content/organisations/riverside-tenants.yaml": organisation("dave"),
    "content/organisations/quiet-club.yaml": organisation(),
    "README.md": "# Wellbeing menu\n",
    ".github/workflows/validate.yml": "name: Validate\n",
}

GREEN_WALK = "content/suppliers/green-minds/offers/walk.yaml"


class GitRepo:
    """A throwaway git repository: write files, commit, and get the commit id back."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "--quiet", "--initial-branch=main")

    def git(self, *args: str) -> str:
        command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
        command += ["-c", "commit.gpgsign=false", *args]
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True, check=True)
        return result.stdout.strip()

    def write(self, files: dict[str, str]) -> None:
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")

    def delete(self, *names: str) -> None:
        self.git("rm", "--quiet", "-r", *names)

    def move(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def commit(self, files: dict[str, str] | None = None, message: str = "change") -> str:
        self.write(files or {})
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the machine's git settings (hooks, signing, diff drivers) out of the tests."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A repository whose first commit holds BASE_FILES; that commit is tagged `base`."""
    repository = GitRepo(tmp_path / "repo")
    repository.commit(BASE_FILES, "base")
    repository.git("tag", "base")
    return repository


def check(
    repo: GitRepo, author: str, *extra: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str]]:
    code = main(["check-ownership", "--author", author, "--base", "base", "--repo", str(repo.root), *extra])
    captured = capsys.readouterr()
    return code, (captured.out + captured.err).splitlines()


def test_a_supplier_may_change_its_own_offer(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit({GREEN_WALK: OFFER.replace("120", "140")})
    assert check(repo, "alice", capsys=capsys) == (
        0,
        ["ownership check passed: 1 changed file(s), all may be changed by @alice"],
    )


def test_logins_compare_without_regard_to_case(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit({GREEN_WALK: OFFER.replace("120", "140")})
    code, lines = check(repo, "@Alice", capsys=capsys)
    assert (code, lines) == (0, ["ownership check passed: 1 changed file(s), all may be changed by @Alice"])


def test_changing_another_suppliers_offer_is_refused(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({GREEN_WALK: OFFER.replace("120", "1")})
    assert check(repo, "carol", capsys=capsys) == (
        1,
        [
            "content/suppliers/green-minds/offers/walk.yaml: @carol may not change this file; "
            'it belongs to supplier "green-minds", whose maintainers are @alice, @bob',
            "ownership check failed: @carol may not change 1 of 1 changed file(s)",
        ],
    )


def test_moving_an_offer_into_another_suppliers_folder_is_refused(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.move(
        "content/suppliers/canal-clay/offers/pots.yaml", "content/suppliers/green-minds/offers/pots.yaml"
    )
    repo.commit()
    assert check(repo, "carol", capsys=capsys) == (
        1,
        [
            "content/suppliers/green-minds/offers/pots.yaml: @carol may not change this file; "
            'it belongs to supplier "green-minds", whose maintainers are @alice, @bob',
            "ownership check failed: @carol may not change 1 of 2 changed file(s)",
        ],
    )


def test_moving_another_suppliers_offer_out_of_its_folder_is_refused(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.move(GREEN_WALK, "content/suppliers/canal-clay/offers/walk.yaml")
    repo.commit()
    code, lines = check(repo, "carol", capsys=capsys)
    assert code == 1
    assert lines[0].startswith(f"{GREEN_WALK}: @carol may not change this file;")
    assert lines[-1] == "ownership check failed: @carol may not change 1 of 2 changed file(s)"


def test_a_pull_request_cannot_make_its_author_a_maintainer(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({"content/suppliers/green-minds/supplier.yaml": supplier("alice", "bob", "mallory")})
    repo.commit({GREEN_WALK: OFFER.replace("120", "1")})
    assert check(repo, "mallory", capsys=capsys) == (
        1,
        [
            "content/suppliers/green-minds/offers/walk.yaml: @mallory may not change this file; "
            'it belongs to supplier "green-minds", whose maintainers are @alice, @bob',
            "content/suppliers/green-minds/supplier.yaml: @mallory may not change this file; "
            'it belongs to supplier "green-minds", whose maintainers are @alice, @bob',
            "ownership check failed: @mallory may not change 2 of 2 changed file(s)",
        ],
    )


def test_site_settings_are_for_coordinators_only(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit(
        {"content/site.yaml": SITE + "tagline: Changed\n", ".github/workflows/validate.yml": "on: push\n"}
    )
    assert check(repo, "alice", capsys=capsys) == (
        1,
        [
            ".github/workflows/validate.yml: @alice may not change this file; only the coordinators "
            "(@Coord-One, @coord-two) may change files outside suppliers' and organisations' own folders",
            "content/site.yaml: @alice may not change this file; only the coordinators "
            "(@Coord-One, @coord-two) may change files outside suppliers' and organisations' own folders",
            "ownership check failed: @alice may not change 2 of 2 changed file(s)",
        ],
    )


def test_a_coordinator_may_change_anything(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit(
        {
            "content/site.yaml": SITE + "tagline: Changed\n",
            GREEN_WALK: OFFER.replace("120", "1"),
            "content/organisations/riverside-tenants.yaml": organisation("dave", "erin"),
            "catalogue/new_module.py": "",
        }
    )
    repo.delete("content/suppliers/canal-clay")
    repo.commit()
    assert check(repo, "coord-one", capsys=capsys) == (
        0,
        ["ownership check passed: 6 changed file(s), all may be changed by @coord-one"],
    )


def test_a_new_supplier_folder_may_be_created_by_the_maintainers_it_declares(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit(
        {
            "content/suppliers/new-roots/supplier.yaml": supplier("erin"),
            "content/suppliers/new-roots/offers/course.yaml": OFFER,
        }
    )
    assert check(repo, "erin", capsys=capsys) == (
        0,
        ["ownership check passed: 2 changed file(s), all may be changed by @erin"],
    )


def test_a_new_supplier_folder_declaring_someone_else_is_refused(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({"content/suppliers/new-roots/supplier.yaml": supplier("erin")})
    assert check(repo, "mallory", capsys=capsys) == (
        1,
        [
            "content/suppliers/new-roots/supplier.yaml: @mallory may not change this file; "
            'it belongs to supplier "new-roots", whose maintainers are @erin',
            "ownership check failed: @mallory may not change 1 of 1 changed file(s)",
        ],
    )


def test_deleting_another_suppliers_offer_is_refused(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.delete(GREEN_WALK)
    repo.commit()
    code, lines = check(repo, "carol", capsys=capsys)
    assert code == 1
    assert lines[0] == (
        "content/suppliers/green-minds/offers/walk.yaml: @carol may not change this file; "
        'it belongs to supplier "green-minds", whose maintainers are @alice, @bob'
    )


def test_a_supplier_may_delete_its_own_offer(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.delete(GREEN_WALK)
    repo.commit()
    assert check(repo, "bob", capsys=capsys)[0] == 0


def test_an_organisation_may_change_its_own_file(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit({"content/organisations/riverside-tenants.yaml": organisation("dave") + "summary: New\n"})
    assert check(repo, "dave", capsys=capsys)[0] == 0


def test_changing_another_organisations_file_is_refused(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({"content/organisations/riverside-tenants.yaml": organisation("dave") + "summary: Hacked\n"})
    assert check(repo, "alice", capsys=capsys) == (
        1,
        [
            "content/organisations/riverside-tenants.yaml: @alice may not change this file; "
            'it belongs to organisation "riverside-tenants", whose maintainers are @dave',
            "ownership check failed: @alice may not change 1 of 1 changed file(s)",
        ],
    )


def test_an_organisation_without_maintainers_is_for_coordinators_only(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({"content/organisations/quiet-club.yaml": organisation("mallory")})
    assert check(repo, "mallory", capsys=capsys)[1][0] == (
        "content/organisations/quiet-club.yaml: @mallory may not change this file; "
        'it belongs to organisation "quiet-club", which lists no maintainers, '
        "so only the coordinators (@Coord-One, @coord-two) may change it"
    )


def test_a_new_organisation_may_be_added_by_the_maintainers_it_declares(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({"content/organisations/yoker-youth.yml": organisation("frank")})
    assert check(repo, "frank", capsys=capsys)[0] == 0


def test_a_second_file_for_an_existing_organisation_keeps_its_owners(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({"content/organisations/riverside-tenants.yml": organisation("mallory")})
    assert check(repo, "mallory", capsys=capsys)[1][0] == (
        "content/organisations/riverside-tenants.yml: @mallory may not change this file; "
        'it belongs to organisation "riverside-tenants", whose maintainers are @dave'
    )


ORDER = 'date: "2026-10-05"\nstatus: requested\nitems:\n  - offer: green-minds/walk\n    quantity: 1\n    amount: 120\n'
RIVERSIDE_ORDER = "content/orders/riverside-tenants/2026-10-walk.yaml"


def test_an_organisation_may_record_its_own_orders(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.commit({RIVERSIDE_ORDER: ORDER})
    repo.commit({RIVERSIDE_ORDER: ORDER.replace("requested", "confirmed")})
    assert check(repo, "dave", capsys=capsys) == (
        0,
        ["ownership check passed: 1 changed file(s), all may be changed by @dave"],
    )


def test_changing_another_organisations_orders_is_refused(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({RIVERSIDE_ORDER: ORDER})
    repo.git("tag", "--force", "base")
    repo.commit({RIVERSIDE_ORDER: ORDER.replace("amount: 120", "amount: 1")})
    assert check(repo, "alice", capsys=capsys) == (
        1,
        [
            f"{RIVERSIDE_ORDER}: @alice may not change this file; "
            'it belongs to organisation "riverside-tenants", whose maintainers are @dave',
            "ownership check failed: @alice may not change 1 of 1 changed file(s)",
        ],
    )


def test_a_supplier_may_not_record_an_order_for_an_organisation(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({"content/orders/quiet-club/2026-10-walk.yaml": ORDER})
    assert check(repo, "alice", capsys=capsys)[1][0] == (
        "content/orders/quiet-club/2026-10-walk.yaml: @alice may not change this file; "
        'it belongs to organisation "quiet-club", which lists no maintainers, '
        "so only the coordinators (@Coord-One, @coord-two) may change it"
    )


def test_a_coordinator_may_record_any_organisations_orders(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({RIVERSIDE_ORDER: ORDER, "content/orders/quiet-club/2026-10-walk.yaml": ORDER})
    assert check(repo, "coord-two", capsys=capsys)[0] == 0


def test_orders_of_an_organisation_with_no_file_are_for_coordinators(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({"content/orders/nobody/2026-10-walk.yaml": ORDER, "content/orders/stray.yaml": ORDER})
    code, lines = check(repo, "dave", capsys=capsys)
    assert code == 1
    assert lines[:2] == [
        "content/orders/nobody/2026-10-walk.yaml: @dave may not change this file; "
        'it belongs to organisation "nobody", which lists no maintainers, '
        "so only the coordinators (@Coord-One, @coord-two) may change it",
        "content/orders/stray.yaml: @dave may not change this file; only the coordinators "
        "(@Coord-One, @coord-two) may change files outside suppliers' and organisations' own folders",
    ]


def test_a_pull_request_cannot_make_its_author_an_organisations_maintainer_for_its_orders(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.commit({"content/organisations/riverside-tenants.yaml": organisation("dave", "mallory")})
    repo.commit({RIVERSIDE_ORDER: ORDER})
    code, lines = check(repo, "mallory", capsys=capsys)
    assert code == 1
    assert lines[-1] == "ownership check failed: @mallory may not change 2 of 2 changed file(s)"


def test_commits_on_the_base_branch_after_branching_are_not_blamed_on_the_author(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.git("checkout", "--quiet", "-b", "offer-update")
    repo.commit({GREEN_WALK: OFFER.replace("120", "140")})
    repo.git("checkout", "--quiet", "main")
    repo.commit({"content/site.yaml": SITE + "tagline: Coordinators were here\n"})
    code, lines = check(repo, "alice", "--base", "main", "--head", "offer-update", capsys=capsys)
    assert (code, lines) == (0, ["ownership check passed: 1 changed file(s), all may be changed by @alice"])


def test_a_content_folder_elsewhere_in_the_repository(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.move("content", "site/content")
    base = repo.commit()
    repo.commit({"site/content/suppliers/green-minds/offers/walk.yaml": OFFER.replace("120", "1")})
    code, lines = check(repo, "carol", "--base", base, "--content", "site/content", capsys=capsys)
    assert code == 1
    assert lines[0].startswith("site/content/suppliers/green-minds/offers/walk.yaml: @carol may not change")


def test_an_unknown_commit_is_a_clear_error(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = check(repo, "alice", "--head", "no-such-branch", capsys=capsys)
    assert code == 2
    assert lines == [
        f'error: cannot find the commit "no-such-branch" in {repo.root}; check the name, and in CI '
        "check out with fetch-depth: 0 so that both commits are present"
    ]


def test_a_folder_outside_git_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    code = main(["check-ownership", "--author", "alice", "--base", "main", "--repo", str(plain)])
    assert code == 2
    assert capsys.readouterr().err == f"error: {plain} is not inside a git repository\n"


def test_unreadable_yaml_at_the_base_is_a_clear_error(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    base = repo.commit({"content/suppliers/green-minds/supplier.yaml": "maintainers: [alice\n"})
    repo.commit({GREEN_WALK: OFFER.replace("120", "1")})
    code, lines = check(repo, "alice", "--base", base, capsys=capsys)
    assert code == 2
    assert len(lines) == 1
    assert lines[0].startswith(
        f"error: cannot read content/suppliers/green-minds/supplier.yaml at the base commit {base[:12]} (line "
    )
    assert "YAML syntax error" in lines[0]


def test_an_empty_author_is_a_clear_error(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = check(repo, "", capsys=capsys)
    assert (code, lines) == (
        2,
        ["error: --author is empty; give the GitHub login of the pull request's author"],
    )


def test_the_command_runs_from_build_py(repo: GitRepo) -> None:
    repo.commit({GREEN_WALK: OFFER.replace("120", "1")})
    build = Path(__file__).resolve().parents[1] / "build.py"
    command = [sys.executable, str(build), "check-ownership", "--author", "carol", "--base", "base"]
    result = subprocess.run(command, cwd=repo.root, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert (
        result.stdout.splitlines()[-1]
        == "ownership check failed: @carol may not change 1 of 1 changed file(s)"
    )
    assert result.stderr == ""
