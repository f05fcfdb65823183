"""The live preview: a real server, real file edits, checked over HTTP and once in Chromium."""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import OFFER, WriteContent

ROOT = Path(__file__).resolve().parent.parent
WALK = "suppliers/green-minds/offers/walk.yaml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the preview did not show the change in time")


class Preview:
    def __init__(self, content: Path, port: int, process: subprocess.Popen[str]) -> None:
        self.content = content
        self.url = f"http://127.0.0.1:{port}/"
        self.process = process

    def page(self, path: str = "") -> str:
        return fetch(self.url + path)[1]


@pytest.fixture
def preview(content: WriteContent, tmp_path: Path) -> Iterator[Preview]:
    root = content()
    port = free_port()
    command = [sys.executable, str(ROOT / "build.py"), "serve", "--content", str(root), "--port", str(port),
               "--today", "2026-11-23"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    running = Preview(root, port, process)
    try:
        wait_for(lambda: fetch(running.url)[0] == 200 if _listening(port) else False, 60)
        yield running
    finally:
        process.terminate()
        process.wait(timeout=10)


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_an_edit_appears_and_a_broken_edit_shows_the_problems(preview: Preview) -> None:
    offer = preview.content / WALK
    assert "£120.00 per session" in preview.page("offers/green-minds/walk/")

    offer.write_text(OFFER.replace("amount: 120", "amount: 135"))
    wait_for(lambda: "£135.00 per session" in preview.page("offers/green-minds/walk/"))

    offer.write_text(OFFER.replace("amount: 120", "amount: 135") + "title: [half-saved\n")
    wait_for(lambda: "preview-problems" in preview.page())
    page = preview.page("offers/green-minds/walk/")
    assert "£135.00 per session" in page  # the last good site is still served
    assert "walk.yaml:14:1: error: YAML syntax error" in page
    assert "showing the last good version" in page

    offer.write_text(OFFER.replace("amount: 120", "amount: 140"))
    wait_for(lambda: "£140.00 per session" in preview.page("offers/green-minds/walk/"))
    assert "preview-problems" not in preview.page()


def test_a_changed_brand_colour_reaches_the_preview(preview: Preview) -> None:
    site = preview.content / "site.yaml"
    site.write_text(site.read_text().replace("coordinators:", 'brand:\n  colour: "#1f5f4a"\ncoordinators:'))
    wait_for(lambda: "static/brand.css?v=1f5f4a" in preview.page())
    site.write_text(site.read_text().replace('"#1f5f4a"', '"#6b2d5c"'))
    wait_for(lambda: "static/brand.css?v=6b2d5c" in preview.page("offers/green-minds/walk/"))
    assert ".site-header { background: #6b2d5c; }" in preview.page("static/brand.css")


def test_a_deleted_supplier_still_referenced_does_not_stop_the_server(preview: Preview) -> None:
    import shutil

    shutil.rmtree(preview.content / "suppliers/green-minds")
    wait_for(lambda: "there is no offer" in preview.page())
    assert preview.process.poll() is None
    assert "Walk and talk" in preview.page("offers/green-minds/walk/")


def test_pages_carry_only_the_live_reload_script_in_their_policy(preview: Preview) -> None:
    page = preview.page()
    assert "script-src 'self' 'sha256-" in page and "unsafe-inline" not in page
    assert "livereload.js" in page


def test_missing_pages_get_the_404_page(preview: Preview) -> None:
    status, body = fetch(preview.url + "no/such/page/")
    assert status == 404 and "Page not found" in body
    assert fetch(preview.url + "../../etc/passwd")[0] == 404


def test_search_is_indexed_in_the_background_and_follows_edits(preview: Preview) -> None:
    def entry() -> str:
        status, body = fetch(preview.url + "pagefind/pagefind-entry.json")
        return body if status == 200 else ""

    wait_for(lambda: bool(entry()), 60)
    first = entry()
    (preview.content / WALK).write_text(OFFER.replace("A gentle weekly walk", "A gentle weekly ramble"))
    wait_for(lambda: entry() not in ("", first), 60)  # a new index for the edited offer
    assert fetch(preview.url + "pagefind/pagefind.js")[0] == 200


def test_search_reindexing_keeps_the_files_of_offers_that_did_not_change(
    preview: Preview, tmp_path: Path
) -> None:
    bundle = tmp_path / ".cache/preview/search/pagefind"  # beside the preview's site

    def other_offer_file() -> Path | None:
        for file in bundle.glob("fragment/*"):
            if b"/offers/green-minds/other/" in gzip.decompress(file.read_bytes()):
                return file
        return None

    (preview.content / "suppliers/green-minds/offers/other.yaml").write_text(
        OFFER.replace("Walk and", "Other")
    )
    wait_for(lambda: other_offer_file() is not None, 60)
    kept = other_offer_file()
    assert kept is not None
    inode = kept.stat().st_ino
    first = (bundle / "pagefind-entry.json").read_text()
    (preview.content / WALK).write_text(OFFER.replace("A gentle weekly walk", "A gentle weekly ramble"))
    wait_for(
        lambda: (
            (bundle / "pagefind-entry.json").is_file()
            and (bundle / "pagefind-entry.json").read_text() != first
        ),
        60,
    )
    again = other_offer_file()
    assert again is not None and again.stat().st_ino == inode  # kept, not written again
    assert len(list(bundle.glob("fragment/*"))) == 2


def test_warnings_alone_are_listed_without_saying_the_site_is_old(preview: Preview) -> None:
    offer = preview.content / WALK
    offer.write_text(OFFER.replace("available_until: 2027-06-30", "available_until: 2026-12-01"))
    wait_for(lambda: "preview-problems" in preview.page())
    page = preview.page("offers/green-minds/walk/")
    assert "The content has 1 warning" in page and "expires on 2026-12-01" in page
    assert "showing the last good version" not in page
