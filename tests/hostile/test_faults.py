"""Faults during a build: killed at random points, a full disk, a read-only output folder, Pagefind
missing or failing. After each, the previous site in the output folder is whole (every file, same
bytes) and servable, the error is one clear line, and the next normal build succeeds without any
clean-up by hand. (A rebuild killed after it published a changed offer's page first leaves that
one page new; the next build puts the old one back before anything else.)

Builds run `build.py build` as a child process, as CI does: on a generated 200-offer catalogue
for the kills, on a 40-offer one for the other faults (to keep the suite quick). The disk and
folder faults need root to mount a tmpfs or a read-only bind mount, or chattr; where the
machine refuses, those cases are skipped with the reason.
"""

from __future__ import annotations

import functools
import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.generate import generate
from tests.browser.conftest import QuietHandler

from .run import BUILD, Run, python_env, run_build_py

OFFERS = 200
SMALL = 40
KILLS = 3
SEED = int(os.environ.get("HOSTILE_FAULT_SEED", "20261123"))
TOKEN = ".catalogue-generation"
Snapshot = dict[str, bytes]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "content"
    generate(root, OFFERS, seed=7)
    return root


@pytest.fixture(scope="module")
def generated_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated-small") / "content"
    generate(root, SMALL, seed=7)
    return root


class Workspace:
    """A copy of the catalogue, an output folder inside www/, and builds run from the folder."""

    def __init__(self, folder: Path, catalogue: Path) -> None:
        self.folder = folder
        self.content = folder / "content"
        shutil.copytree(catalogue, self.content)
        self.www = folder / "www"
        self.www.mkdir()
        self.out = self.www / "site"
        self.version = 0
        self.last_build_seconds = 0.0

    def change_every_page(self) -> None:
        """A new tagline: every page is rendered again and the search index rebuilt."""
        self.version += 1
        site = self.content / "site.yaml"
        lines = [line for line in site.read_text().splitlines() if not line.startswith("tagline:")]
        site.write_text("\n".join([*lines, f'tagline: "Version {self.version}"']) + "\n")

    def change_one_offer(self) -> str:
        """A new summary for one offer: a few pages, and the search index. Returns its page."""
        self.version += 1
        offer = sorted((self.content / "suppliers").glob("*/offers/*.yaml"))[0]
        lines = [line for line in offer.read_text().splitlines() if not line.startswith("summary:")]
        offer.write_text("\n".join([f'summary: "Changed, version {self.version}"', *lines]) + "\n")
        return f"offers/{offer.parent.parent.name}/{offer.stem}/index.html"

    def build(self, timeout: float = 120, env: dict[str, str] | None = None) -> Run:
        args = ["build", "--content", str(self.content), "--out", str(self.out), "--today", "2026-11-23"]
        return run_build_py([*args, "--quiet"], self.folder, timeout, preexec=None, env=env or python_env())

    def leftovers(self) -> list[str]:
        return sorted(p.name for p in [*self.www.glob(".site.building-*"), *self.www.glob(".site.early")])


@pytest.fixture
def workspace(generated_small: Path, tmp_path: Path) -> Workspace:
    return Workspace(tmp_path, generated_small)


def snapshot(folder: Path) -> Snapshot:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def pages_and_exports(files: Snapshot) -> Snapshot:
    """Everything but the search index (Pagefind's file names vary between runs) and the token."""
    return {k: v for k, v in files.items() if not k.startswith("pagefind/") and k != TOKEN}


def differences(found: Snapshot, expected: Snapshot) -> str:
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    changed = sorted(k for k in set(found) & set(expected) if found[k] != expected[k])
    return f"missing {missing[:5]} ({len(missing)}), extra {extra[:5]} ({len(extra)}), changed {changed[:5]} ({len(changed)})"


def assert_search_whole(folder: Path) -> None:
    """Pagefind's entry file names an index whose files are all there."""
    entry = json.loads((folder / "pagefind/pagefind-entry.json").read_text())
    for language in entry["languages"].values():
        assert (folder / f"pagefind/pagefind.{language['hash']}.pf_meta").is_file(), language
    assert (folder / "pagefind/pagefind.js").is_file()


def assert_servable(folder: Path) -> None:
    """Served over HTTP, the home page, an offer, the exports and search answer 200."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    offer = next(folder.glob("offers/*/*/index.html")).parent.relative_to(folder).as_posix()
    try:
        for path in [
            "",
            "offers/",
            f"{offer}/",
            "offers.json",
            "offers.csv",
            "pagefind/pagefind.js",
            "404.html",
        ]:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{server.server_address[1]}/{path}", timeout=10
            ) as r:
                assert r.status == 200 and r.read(), path
    finally:
        server.shutdown()
        server.server_close()


def assert_one_clear_line(run: Run, starts: str) -> None:
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(starts), run.transcript
    assert lines[0].endswith("; the previous site was left as it was"), run.transcript
    assert "Traceback" not in run.err and run.out.strip() == "", run.transcript


def assert_cache_whole(folder: Path) -> None:
    """Every memo and manifest the builds kept reads back whole (they are written by rename)."""
    cache = folder / ".cache"
    memos = list(cache.glob("memo-*.pickle"))
    assert memos
    for memo in memos:
        with memo.open("rb") as handle:
            assert type(pickle.load(handle)).__name__ == "Memo"
    for manifest in cache.glob("generations/*/*.json"):
        assert isinstance(json.loads(manifest.read_text()), dict), manifest


def assert_rebuilt(workspace: Workspace) -> Snapshot:
    """The next normal build succeeds, leaves nothing behind and gives a whole, servable site."""
    run = workspace.build()
    assert run.code == 0, run.transcript
    assert workspace.leftovers() == []
    assert_search_whole(workspace.out)
    assert_servable(workspace.out)
    assert_cache_whole(workspace.folder)
    workspace.last_build_seconds = run.seconds
    return snapshot(workspace.out)


# --- killed -----------------------------------------------------------------------------------


@pytest.mark.parametrize("change", ["every page", "one offer"])
def test_killed_at_random_points(generated: Path, tmp_path: Path, change: str) -> None:
    """Rebuilds after a change to every page, or to one offer, killed at random points.

    A rebuild after one offer changed writes that offer's page into the published folder first
    (the fast path), so killed, the folder may also hold the old site with that one page new; the next
    build puts the old page back before anything else.
    """
    workspace = Workspace(tmp_path / "killed", generated)
    seed = SEED if change == "every page" else SEED + 1
    rng = random.Random(seed)
    for _ in range(1 if change == "every page" else 2):  # the second leaves what lets the next publish first
        if change == "one offer":
            workspace.change_one_offer()
        assert_rebuilt(workspace)
    previous = snapshot(workspace.out)
    outcomes: list[str] = []
    for kill in range(KILLS):
        page = workspace.change_one_offer() if change == "one offer" else None
        if change == "every page":
            workspace.change_every_page()
        # Somewhere in the build, as long as the last one took.
        delay = rng.uniform(0.05, 0.9) * workspace.last_build_seconds
        run = workspace.build(timeout=delay)
        context = f"seed {seed}, kill {kill} after {delay:.2f} s; so far {outcomes}"
        if not workspace.out.exists():
            # Killed between the two renames that swap the folders: the site is the spare, whole,
            # and the next build puts it back.
            assert snapshot(workspace.www / ".site.spare") == previous, context
            outcome, after = "between the renames", None
        else:
            after = snapshot(workspace.out)
            assert TOKEN in after, context
            assert_search_whole(workspace.out)
            assert_servable(workspace.out)
            changed = {k for k in after.keys() | previous.keys() if after.get(k) != previous.get(k)} - {TOKEN}
            outcome = "old site" if not changed else "old site, new page" if changed == {page} else "new site"
        rebuilt = assert_rebuilt(workspace)  # renders every page again: the killed copy is not trusted
        if after is not None and outcome == "new site":
            assert pages_and_exports(after) == pages_and_exports(rebuilt), context + differences(
                after, rebuilt
            )
        if after is not None and page and outcome == "old site, new page":
            assert after[page] == rebuilt[page], context
        outcomes.append(f"{delay:.2f} s: {'killed' if run.timed_out else 'finished'}, {outcome}")
        previous = rebuilt
    print("\n".join(outcomes))
    assert any("killed" in o for o in outcomes), outcomes
    # The site the kills and recoveries left is the one a build from nothing makes.
    fresh = Workspace(tmp_path / "fresh", workspace.content)
    assert fresh.build().code == 0
    expected = pages_and_exports(snapshot(fresh.out))
    assert pages_and_exports(previous) == expected, differences(pages_and_exports(previous), expected)


# --- disk and folder faults ----------------------------------------------------------------------


def _sudo(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), capture_output=True, text=True, check=False, timeout=30)


@contextmanager
def mounted(*mount_args: str, target: Path, what: str) -> Iterator[None]:
    result = _sudo("mount", *mount_args, str(target))
    if result.returncode != 0:
        pytest.skip(
            f"{what} needs `mount {' '.join(mount_args)}`, which is not permitted here: {result.stderr}"
        )
    try:
        yield
    finally:
        _sudo("umount", "-l", str(target))


def used(mount: Path) -> int:
    """Bytes in use on a mounted file system (the spare copy's hard links count once)."""
    status = os.statvfs(mount)
    return (status.f_blocks - status.f_bfree) * status.f_frsize


def test_a_full_disk(workspace: Workspace) -> None:
    with mounted("-t", "tmpfs", "-o", "size=256m", "tmpfs", target=workspace.www, what="a full disk"):
        first = workspace.build()
        assert first.code == 0, first.transcript
        previous = snapshot(workspace.out)
        # Room for half a site more: a build that changes every page needs a whole one.
        size = int(used(workspace.www) * 1.5) // 1024
        assert _sudo("mount", "-o", f"remount,size={size}k", str(workspace.www)).returncode == 0
        workspace.change_every_page()
        run = workspace.build()
        assert run.code == 1, run.transcript
        assert_one_clear_line(run, "build failed: could not write the site: the disk is full")
        assert snapshot(workspace.out) == previous, differences(snapshot(workspace.out), previous)
        assert_servable(workspace.out)
        assert _sudo("mount", "-o", "remount,size=256m", str(workspace.www)).returncode == 0
        rebuilt = assert_rebuilt(workspace)
        assert rebuilt[TOKEN] != previous[TOKEN]


def test_a_read_only_output_disk(workspace: Workspace) -> None:
    assert workspace.build().code == 0
    previous = snapshot(workspace.out)
    workspace.change_one_offer()
    with mounted("--bind", str(workspace.www), target=workspace.www, what="a read-only disk"):
        remount = _sudo("mount", "-o", "remount,bind,ro", str(workspace.www))
        if remount.returncode != 0:
            pytest.skip(f"a read-only bind mount is not permitted here: {remount.stderr}")
        run = workspace.build()
        assert run.code == 1, run.transcript
        assert_one_clear_line(run, "build failed: could not prepare the output folder: ")
        assert snapshot(workspace.out) == previous
        assert_servable(workspace.out)
    assert_rebuilt(workspace)


def test_an_output_folder_that_cannot_be_replaced(workspace: Workspace) -> None:
    """chattr +i: the new site is built in full, then cannot be swapped in."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    assert workspace.build().code == 0
    previous = snapshot(workspace.out)
    workspace.change_one_offer()
    locked = _sudo("chattr", "+i", str(workspace.out))
    if locked.returncode != 0:
        pytest.skip(f"chattr +i is not permitted here: {locked.stderr}")
    try:
        run = workspace.build()
    finally:
        _sudo("chattr", "-i", str(workspace.out))
    assert run.code == 1, run.transcript
    assert_one_clear_line(run, "build failed: could not write the site: ")
    assert snapshot(workspace.out) == previous
    assert_servable(workspace.out)
    assert_rebuilt(workspace)


# --- Pagefind -------------------------------------------------------------------------------------

FAKE_PAGEFIND = {
    "failing": "import sys\nprint('Error: Pagefind could not read the site', file=sys.stderr)\nsys.exit(3)\n",
    "missing": "raise ModuleNotFoundError(\"No module named 'pagefind_bin'\")\n",
    "crashing": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
    "half-written": (
        "import pathlib, sys\n"
        "site = pathlib.Path(sys.argv[sys.argv.index('--site') + 1])\n"
        "(site / 'pagefind').mkdir(exist_ok=True)\n"
        "(site / 'pagefind' / 'pagefind.js').write_text('half')\n"
        "sys.exit(1)\n"
    ),
}


def test_pagefind_missing_or_failing(workspace: Workspace, tmp_path: Path) -> None:
    """Each fake Pagefind in turn, with a normal build after each."""
    assert workspace.build().code == 0
    messages = []
    for kind, program in FAKE_PAGEFIND.items():
        previous = snapshot(workspace.out)
        fake = tmp_path / f"fake-{kind}" / "pagefind"
        fake.mkdir(parents=True)
        (fake / "__init__.py").write_text(program if kind == "missing" else "")
        (fake / "__main__.py").write_text(program)
        workspace.change_one_offer()
        run = workspace.build(env={**python_env(), "PYTHONPATH": str(fake.parent)})
        assert run.code == 1, run.transcript
        assert_one_clear_line(run, "build failed: search indexing failed (Pagefind): ")
        message = run.err.strip()
        assert not message.endswith(": ; the previous site was left as it was"), message  # says what happened
        assert snapshot(workspace.out) == previous, kind
        assert_servable(workspace.out)
        assert_rebuilt(workspace)
        messages.append(message)
    assert len(set(messages)) == len(FAKE_PAGEFIND), messages


def _processes(file: str, holds: str) -> list[int]:
    """Running processes whose /proc/<pid>/<file> contains the text holds (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and holds in (entry / file).read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _processes_mentioning(text: str) -> list[int]:
    """Running processes whose command line contains text."""
    return _processes("cmdline", text)


def test_pagefind_dies_with_a_killed_build(workspace: Workspace) -> None:
    """Left running, it would write into the killed build's folder after the next build cleared it."""
    args = [
        "build",
        "--content",
        str(workspace.content),
        "--out",
        str(workspace.out),
        "--today",
        "2026-11-23",
    ]
    build = subprocess.Popen([sys.executable, str(BUILD), *args], cwd=workspace.folder, env=python_env())
    staging = f".site.building-{build.pid}"
    deadline = time.monotonic() + 60
    while not (pagefind := [p for p in _processes_mentioning(staging) if p != build.pid]):
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before Pagefind ran"
        time.sleep(0.005)
    _kill_build_holding(build, pagefind, "Pagefind outlived the build")
    assert_rebuilt(workspace)


def _kill_build_holding(build: subprocess.Popen[bytes], started: list[int], outlived: str) -> None:
    """Kill the build while the processes it started are held still (so that they cannot simply
    finish first): within 5 s they must be gone too. Any left over are killed afterwards."""
    try:
        for pid in started:
            os.kill(pid, signal.SIGSTOP)
        build.kill()  # SIGKILL: the build cannot stop them itself
        build.wait()
        deadline = time.monotonic() + 5
        while any(map(_running, started)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(_running, started)), outlived
    finally:
        for pid in filter(_running, started):
            os.kill(pid, signal.SIGKILL)


def _running(pid: int) -> bool:
    """Whether the process exists and has not ended (an ended one may wait as a zombie to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def test_render_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    """Forked workers (and the copy saving the memo) stop when the build is killed mid-render."""
    generate(tmp_path / "content", 800, seed=7)  # enough offer pages to render across processes
    workspace = Workspace(tmp_path / "work", tmp_path / "content")
    args = ["build", "--content", str(workspace.content), "--out", str(workspace.out), "--no-search"]
    build = subprocess.Popen([sys.executable, str(BUILD), *args], cwd=workspace.folder, env=python_env())
    staging = workspace.www / f".site.building-{build.pid}"
    deadline = time.monotonic() + 60
    while not (
        staging.is_dir() and any(staging.glob("offers/*/*/index.html")) and len(_children(build.pid)) > 1
    ):
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before rendering"
        time.sleep(0.005)
    _kill_build_holding(build, _children(build.pid), "worker processes outlived the build")
    assert_rebuilt(workspace)


def _children(parent: int) -> list[int]:
    return _processes("status", f"\nPPid:\t{parent}\n")
