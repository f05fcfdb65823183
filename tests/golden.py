"""Golden output: the site built from the sample and from a generated catalogue, kept to compare.

    .venv/bin/python -m tests.golden            # say whether today's output still matches
    .venv/bin/python -m tests.golden --update   # after a change to the output made on purpose

The sample's pages are kept whole (tests/golden/sample.tar.xz) so that a difference shows as
a diff of the page; the generated catalogue's as one digest per file (generated-N.json).
Pagefind's index is left out: it is Pagefind's output, and not the same twice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(__file__).resolve().parent / "golden"
SAMPLE_ARCHIVE = FOLDER / "sample.tar.xz"
GENERATED_OFFERS = 1000
GENERATED_MANIFEST = FOLDER / f"generated-{GENERATED_OFFERS}.json"
TODAY = "2026-11-23"
BASE_URL = "https://example.org/menu/"
# Outside git an offer's "last updated" is its file's modification time: the sample's is fixed.
SAMPLE_MODIFIED = dt.datetime(2026, 11, 2, 12, tzinfo=dt.UTC).timestamp()
LEFT_OUT = ("pagefind/", ".catalogue-generation")


def build(content: Path, out: Path) -> None:
    """The site, as `build.py build` makes it for TODAY and BASE_URL, in a working folder of its own."""
    work = out.parent / f"{out.name}-work"
    work.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out)]
    command += ["--today", TODAY, "--base-url", BASE_URL, "--no-search", "--quiet"]
    subprocess.run(command, cwd=work, check=True, capture_output=True)


def sample_content(work: Path) -> Path:
    """A copy of the sample content whose files all carry SAMPLE_MODIFIED."""
    copy = work / "sample-content"
    shutil.copytree(ROOT / "content", copy)
    for path in copy.rglob("*"):
        os.utime(path, (SAMPLE_MODIFIED, SAMPLE_MODIFIED))
    return copy


def generated_content(work: Path) -> Path:
    folder = work / f"generated-{GENERATED_OFFERS}"
    command = [sys.executable, str(ROOT / "bench/generate.py"), "--offers", str(GENERATED_OFFERS)]
    subprocess.run([*command, "--out", str(folder)], check=True, capture_output=True)
    return folder


def files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but those LEFT_OUT, by path."""
    found = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_file() and not name.startswith(LEFT_OUT):
            found[name] = path.read_bytes()
    return found


def digests(site: Path) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files(site).items()}


def archived_sample() -> dict[str, bytes]:
    with tarfile.open(SAMPLE_ARCHIVE) as archive:
        return {
            member.name: archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.isfile()
        }


def archive(pages: dict[str, bytes]) -> bytes:
    """A tar.xz of the pages with no dates or owners in it, so that the same pages give the same bytes."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:xz") as tar:
        for name, data in sorted(pages.items()):
            member = tarfile.TarInfo(name)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return buffer.getvalue()


def build_sample(work: Path) -> Path:
    out = work / "sample-site"
    build(sample_content(work), out)
    return out


def build_generated(work: Path) -> Path:
    out = work / "generated-site"
    build(generated_content(work), out)
    return out


def differences(expected: dict[str, object], found: dict[str, object]) -> list[str]:
    """The paths that are missing, new or different, one line each."""
    lines = [f"missing: {name}" for name in sorted(expected.keys() - found.keys())]
    lines += [f"new: {name}" for name in sorted(found.keys() - expected.keys())]
    lines += [
        f"differs: {name}" for name in sorted(expected) if name in found and expected[name] != found[name]
    ]
    return lines


def update() -> None:
    FOLDER.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        SAMPLE_ARCHIVE.write_bytes(archive(files(build_sample(Path(work)))))
        manifest = digests(build_generated(Path(work)))
        GENERATED_MANIFEST.write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="write the golden output anew")
    if parser.parse_args().update:
        update()
        print(f"wrote {SAMPLE_ARCHIVE.relative_to(ROOT)} and {GENERATED_MANIFEST.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as work:
        found = differences(archived_sample(), files(build_sample(Path(work))))
        expected = json.loads(GENERATED_MANIFEST.read_text())
        found += differences(expected, digests(build_generated(Path(work))))
    print("\n".join(found) or "the output matches the golden output")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
