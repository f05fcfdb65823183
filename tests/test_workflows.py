"""The GitHub workflows, issue forms and CODEOWNERS: audited, schema-checked and held to our rules.

Each checker is also shown a deliberately bad file, so a checker that silently passes
everything cannot go unnoticed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
BIN = Path(sys.executable).parent

USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+(\.\d+)*\s*$")
SAME_REPOSITORY = ("./", "$/")  # run at the calling commit, so pinned by construction
PRIVILEGED_TRIGGERS = {"pull_request_target", "workflow_run"}

BAD_WORKFLOW = """\
name: Bad
on:
  pull_request_target:
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065
      - run: echo "${{ github.event.pull_request.title }}"
"""


def run_tool(name: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / name), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300, cwd=ROOT)


# --- The structural checker -------------------------------------------------------------------


def triggers(workflow: dict[Any, Any]) -> set[str]:
    # PyYAML reads the key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on}
    return set(on or [])


def jobs(workflow: dict[Any, Any]) -> dict[str, dict[str, Any]]:
    return workflow.get("jobs") or {}


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in jobs(workflow).values() for step in job.get("steps") or []]


def uses_references(workflow: dict[Any, Any]) -> list[str]:
    """Every `uses:` in the workflow: reusable-workflow jobs and action steps."""
    job_uses = [job["uses"] for job in jobs(workflow).values() if "uses" in job]
    return sorted(job_uses + [step["uses"] for step in steps(workflow) if "uses" in step])


def pinning_problems(text: str, workflow: dict[Any, Any]) -> list[str]:
    """Each `uses:` line pins a full commit SHA and names its version in a comment."""
    problems, seen = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        match = USES_LINE.match(line)
        if not match:
            continue
        reference = match["ref"].strip("'\"")
        seen.append(reference)
        if reference.startswith(SAME_REPOSITORY):
            continue
        if not PINNED.match(reference):
            problems.append(f"line {number}: {reference} is not pinned to a full 40-character commit SHA")
        elif not VERSION_COMMENT.match(match["rest"]):
            problems.append(f"line {number}: {reference} has no `# vX.Y.Z` comment naming its version")
    if sorted(seen) != uses_references(workflow):
        problems.append("some `uses:` are not written one per line as `uses: owner/name@sha # vX.Y.Z`")
    return problems


def is_checkout(step: dict[str, Any]) -> bool:
    return str(step.get("uses", "")).startswith("actions/checkout@")


def workflow_problems(path: Path) -> list[str]:
    """Our rules for a workflow, beyond what zizmor and the schema check."""
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    problems = [
        f"uses the privileged trigger {name}" for name in sorted(triggers(workflow) & PRIVILEGED_TRIGGERS)
    ]
    if workflow.get("permissions") != {}:
        problems.append("top-level permissions must be {} (each job asks for what it needs)")
    problems += pinning_problems(text, workflow)
    for step in steps(workflow):
        name = step.get("name")
        if is_checkout(step) and (step.get("with") or {}).get("persist-credentials") is not False:
            problems.append(f"{name or 'a checkout step'}: set persist-credentials: false")
        if "${{" in str(step.get("run", "")):
            problems.append(f"{name or 'a run step'}: pass ${{{{ }}}} values through env:, not run:")
    return problems


def test_there_are_workflows_to_check() -> None:
    names = {path.name for path in WORKFLOWS}
    assert {"validate.yml", "deploy.yml", "weekly.yml", "_build-deploy.yml"} <= names


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_follows_our_rules(path: Path) -> None:
    assert workflow_problems(path) == []


def test_the_structural_checker_catches_a_bad_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    assert workflow_problems(bad) == [
        "uses the privileged trigger pull_request_target",
        "top-level permissions must be {} (each job asks for what it needs)",
        "line 9: actions/checkout@v4 is not pinned to a full 40-character commit SHA",
        "line 10: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 has no `# vX.Y.Z` comment "
        "naming its version",
        "a checkout step: set persist-credentials: false",
        "a run step: pass ${{ }} values through env:, not run:",
    ]


def test_the_structural_checker_catches_a_uses_it_cannot_read(tmp_path: Path) -> None:
    bad = tmp_path / "flow.yml"
    bad.write_text("on: push\npermissions: {}\njobs:\n  a:\n    steps: [{uses: actions/checkout@v4}]\n")
    assert workflow_problems(bad) == [
        "some `uses:` are not written one per line as `uses: owner/name@sha # vX.Y.Z`",
        "a checkout step: set persist-credentials: false",
    ]


def test_each_action_is_pinned_to_one_commit_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = USES_LINE.match(line)
            if match and not match["ref"].startswith(SAME_REPOSITORY):
                action, _, sha = match["ref"].partition("@")
                pins.setdefault(action, set()).add(f"{sha}{match['rest'].strip()}")
    assert {action: len(shas) for action, shas in pins.items() if len(shas) > 1} == {}


# --- Least privilege -----------------------------------------------------------------------------

READ = {"contents": "read"}
EXPECTED_PERMISSIONS = {
    ("validate.yml", "ownership"): READ,
    ("validate.yml", "validate"): READ,
    ("_build-deploy.yml", "build"): {"contents": "read", "pages": "read"},
    ("_build-deploy.yml", "deploy"): {"pages": "write", "id-token": "write"},
    ("deploy.yml", "publish"): {"contents": "read", "pages": "write", "id-token": "write"},
    ("weekly.yml", "check"): READ,
    ("weekly.yml", "reminders"): {"issues": "write"},
    ("weekly.yml", "publish"): {"contents": "read", "pages": "write", "id-token": "write"},
    ("new-menu.yml", "start"): {"contents": "write"},  # pushes content/ only, as the branch new-menu
    ("upgrade.yml", "upgrade"): READ,  # pushes and opens its pull request with a coordinator's token
}


def test_each_job_holds_only_the_permissions_it_needs() -> None:
    held = {
        (path.name, name): job.get("permissions")
        for path in WORKFLOWS
        for name, job in jobs(yaml.safe_load(path.read_text(encoding="utf-8"))).items()
    }
    assert held == EXPECTED_PERMISSIONS


def test_pull_requests_never_get_a_privileged_trigger_or_secrets() -> None:
    validate = (GITHUB / "workflows" / "validate.yml").read_text(encoding="utf-8")
    assert triggers(yaml.safe_load(validate)) == {"pull_request"}
    assert "secrets." not in validate


# --- zizmor and the JSON Schemas ------------------------------------------------------------------


def test_zizmor_finds_nothing() -> None:
    result = run_tool("zizmor", "--offline", GITHUB / "workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    assert "suppressed" not in result.stdout


def test_zizmor_flags_a_dangerous_workflow(tmp_path: Path) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(BAD_WORKFLOW, encoding="utf-8")
    result = run_tool("zizmor", "--offline", folder)
    assert result.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert audit in result.stdout


def test_workflows_match_githubs_schema() -> None:
    result = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_schema_rejects_a_malformed_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  build:\n    steps: not-a-list\n", encoding="utf-8")
    result = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", bad)
    assert result.returncode == 1


def test_issue_forms_match_githubs_schema() -> None:
    assert {path.name for path in ISSUE_FORMS} == {
        "report-offer-problem.yml",
        "join-as-supplier.yml",
        "suggest-a-change.yml",
    }
    forms = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", *ISSUE_FORMS)
    assert forms.returncode == 0, forms.stdout + forms.stderr
    config = GITHUB / "ISSUE_TEMPLATE" / "config.yml"
    chooser = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-issue-config", config)
    assert chooser.returncode == 0, chooser.stdout + chooser.stderr


def test_the_issue_form_schema_rejects_a_malformed_form(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("name: Bad\nbody:\n  - type: checkbox-list\n", encoding="utf-8")
    result = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", bad)
    assert result.returncode == 1


def test_the_join_form_offers_every_legal_form_in_the_content_model() -> None:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "join-as-supplier.yml").read_text(encoding="utf-8"))
    dropdown = next(item for item in form["body"] if item.get("id") == "legal-form")
    # Each option ends with the value a supplier.yaml takes, e.g. "Charity (charity)".
    offered = [option.rsplit("(", 1)[-1].rstrip(")") for option in dropdown["attributes"]["options"]]
    schema = (ROOT / "catalogue" / "schema" / "supplier.schema.json").read_text(encoding="utf-8")
    enum = yaml.safe_load(schema)["properties"]["legal_form"]["enum"]
    assert offered == enum


# --- CODEOWNERS --------------------------------------------------------------------------------------


def codeowners() -> dict[str, list[str]]:
    rules = {}
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules[pattern] = owners
    return rules


def test_codeowners_routes_everything_to_the_coordinators_but_suppliers_and_organisations() -> None:
    site = yaml.safe_load((ROOT / "content" / "site.yaml").read_text(encoding="utf-8"))
    coordinators = [f"@{login}" for login in site["coordinators"]]
    assert codeowners() == {
        "*": coordinators,
        "/content/suppliers/": [],
        "/content/organisations/": [],
        "/content/orders/": [],
    }


def test_the_ownership_check_is_taken_from_where_the_base_branch_now_keeps_it() -> None:
    """validate.yml runs the base branch's checker only if it finds the checker's file there: a
    file moved without the workflow knowing would let every pull request use its own copy."""
    workflow = (GITHUB / "workflows/validate.yml").read_text(encoding="utf-8")
    looked_for = re.findall(r'"\$RUNNER_TEMP/base/([^"]+)"', workflow)
    assert looked_for and any((ROOT / path).is_file() for path in looked_for)


# --- The weekly issue of offers to review ---------------------------------------------------------

FAKE_GH = """\
#!/bin/sh
# Stands in for GitHub's CLI: notes each call, keeps the body file given, answers `issue list`.
echo "$*" >> "$CALLS"
case "$*" in
  "issue list"*) [ -n "$OPEN_ISSUE" ] && echo "$OPEN_ISSUE" ;;
  *--body-file*) for last; do :; done; cp "$last" "$CALLS.body" ;;
esac
exit 0
"""


def run_issue_step(tmp_path: Path, reminders: str, open_issue: str) -> tuple[list[str], str, str]:
    """The reminders job's script, as the runner would run it, against a stand-in `gh`: the calls
    made, the body it sent and the job summary."""
    weekly = yaml.safe_load((GITHUB / "workflows/weekly.yml").read_text(encoding="utf-8"))
    (step,) = weekly["jobs"]["reminders"]["steps"]
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    (bin_folder / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_folder / "gh").chmod(0o755)
    calls, summary = tmp_path / "calls", tmp_path / "summary"
    environment = {
        **{name: str(value) for name, value in step["env"].items() if "${{" not in str(value)},
        "PATH": f"{bin_folder}:/usr/bin:/bin",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(summary),
        "REMINDERS": reminders,
        "OPEN_ISSUE": open_issue,
        "CALLS": str(calls),
    }
    subprocess.run(["bash", "-e", "-c", step["run"]], env=environment, check=True, timeout=30)
    body = (tmp_path / "calls.body").read_text(encoding="utf-8") if (tmp_path / "calls.body").exists() else ""
    return calls.read_text(encoding="utf-8").splitlines(), body, summary.read_text(encoding="utf-8")


LIST = "issue list --label offers to review --state open --limit 1 --json number --jq .[0].number // empty"
TEXT = "### Green Minds CIC\n\n@alice\n\n- Walk and talk: expires on 2026-12-10, in 17 days\n"


def test_the_job_that_writes_issues_runs_no_code_of_the_repository_and_only_on_a_list_made() -> None:
    """An empty list closes the issue, so a check job that failed before making one must not."""
    weekly = yaml.safe_load((GITHUB / "workflows/weekly.yml").read_text(encoding="utf-8"))
    job = weekly["jobs"]["reminders"]
    assert job["needs"] == "check"
    assert job["if"] == "${{ !cancelled() && needs.check.outputs.listed == 'true' }}"
    assert [step.get("uses") for step in job["steps"]] == [None]  # no checkout, no action
    names = [step["name"] for step in weekly["jobs"]["check"]["steps"]]
    assert names.index("List the offers to review") < names.index("Check the content")


def test_offers_to_review_open_an_issue_with_its_label(tmp_path: Path) -> None:
    calls, body, summary = run_issue_step(tmp_path, TEXT, "")
    assert calls == [
        LIST,
        "label create offers to review --force --color FBCA04 --description The weekly list of offers to "
        "review, kept by the Weekly workflow",
        f"issue create --title Offers to review --label offers to review --body-file {tmp_path}/reminders.md",
    ]
    assert body == TEXT + "\n"
    assert summary == "Offers to review: issue opened.\n"


def test_the_open_issue_is_edited_not_opened_again(tmp_path: Path) -> None:
    calls, body, _ = run_issue_step(tmp_path, TEXT, "7")
    assert calls == [LIST, f"issue edit 7 --body-file {tmp_path}/reminders.md"]
    assert body == TEXT + "\n"


def test_nothing_to_review_closes_the_open_issue_and_opens_none(tmp_path: Path) -> None:
    calls, _, summary = run_issue_step(tmp_path, "", "7")
    assert calls == [
        LIST,
        "issue close 7 --comment Nothing is left to review: no offer has expired or expires within 30 "
        "days, and every offer was updated in the last 12 months.",
    ]
    assert summary == "Nothing to review: issue 7 closed.\n"
    (tmp_path / "again").mkdir()
    calls, _, summary = run_issue_step(tmp_path / "again", "", "")
    assert calls == [LIST]
    assert summary == "Nothing to review.\n"


def test_the_check_job_hands_the_list_on_whole(tmp_path: Path) -> None:
    """The list goes to the next job as a multi-line output, between delimiters no content can guess."""
    weekly = yaml.safe_load((GITHUB / "workflows/weekly.yml").read_text(encoding="utf-8"))
    step = next(s for s in weekly["jobs"]["check"]["steps"] if s.get("id") == "reminders")
    output = tmp_path / "output"
    environment = {"PATH": "/usr/bin:/bin", "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output)}
    run_step = subprocess.run(
        ["bash", "-e", "-c", step["run"]], env=environment, cwd=ROOT, check=False, timeout=120
    )
    assert run_step.returncode == 0
    first, *value, last, listed = output.read_text(encoding="utf-8").splitlines()
    delimiter = first.removeprefix("markdown<<")
    assert re.fullmatch(r"REMINDERS_[0-9a-f]{32}", delimiter) and last == delimiter
    assert "\n".join(value) == (tmp_path / "reminders.md").read_text(encoding="utf-8").removesuffix("\n")
    assert listed == "listed=true"
