"""Paths: image and logo references that try to leave their folder, and links in the content tree.

Every attack is refused by `check` with a message naming the field; nothing outside the folder is
ever read or copied. The secret outside the tree is a file with distinctive bytes (which must
appear nowhere in the build's output or cache) and a named pipe (which would block any process
that opened it: the build runs with a timeout).
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalogue.checks.check import check_content
from catalogue.cli.report import print_problems

from ..conftest import BASE_FILES, OFFER, ORGANISATION, SUPPLIER, write_tree
from .conftest import TODAY
from .run import Run, python_env, run_build_py

SECRET = b"TOP-SECRET-4f1c2a9e-never-publish"


def png() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@dataclass(frozen=True)
class Attack:
    kind: str  # offer image, supplier logo, organisation logo
    value: str

    @property
    def field(self) -> str:
        return "image" if self.kind == "offer" else "logo"


# Written relative to the referencing folder: content/suppliers/green-minds/ or content/organisations/.
# The secret is at <tmp>/secret/secret.png, three levels above a supplier's folder.
ATTACKS: dict[str, Attack] = {
    "dot-dot": Attack("offer", "../../../secret/secret.png"),
    "dot-dot-after-dot": Attack("offer", "./images/../../../../secret/secret.png"),
    "absolute": Attack("offer", "{secret}"),
    "encoded-dot-dot": Attack("offer", "%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret%2fsecret.png"),
    "encoded-slash": Attack("offer", "images%2f..%2f..%2f..%2f..%2fsecret%2fsecret.png"),
    "encoded-upper": Attack("offer", "%2E%2E/%2E%2E/%2E%2E/secret/secret.png"),
    "encoded-nul": Attack("offer", "images/logo.png%00.png"),
    "backslash-dot-dot": Attack("offer", "..\\..\\..\\secret\\secret.png"),
    "backslash": Attack("offer", "images\\logo.png"),
    "nul-byte": Attack("offer", "images/logo.png\x00.png"),
    "drive-letter": Attack("offer", "C:/secret/secret.png"),
    "double-slash": Attack("offer", "images//logo.png"),
    "file-url": Attack("offer", "file:///secret/secret.png"),
    "remote-url": Attack("offer", "https://evil.example/secret.png"),
    "symlink-out-of-tree": Attack("offer", "images/out.png"),
    "symlink-to-a-pipe": Attack("offer", "images/pipe.png"),
    "symlink-into-tree": Attack("offer", "images/in.png"),
    "symlinked-folder": Attack("offer", "linked/secret.png"),
    "case-differs": Attack("offer", "images/LOGO.png"),
    "logo-dot-dot": Attack("supplier", "../../../secret/secret.png"),
    "logo-symlink": Attack("supplier", "images/out.png"),
    "logo-case-differs": Attack("supplier", "Images/logo.png"),
    "organisation-dot-dot": Attack("organisation", "../../secret/secret.png"),
    "organisation-absolute": Attack("organisation", "{secret}"),
    "organisation-symlink": Attack("organisation", "out.png"),
}


def offer_with_image(value: str) -> str:
    return OFFER + f'image: "{value}"\nimage_alt: A walk\n'


def quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\x00", "\\0")


@dataclass
class Attacked:
    root: Path
    messages: list[str]
    build: Run
    before: dict[str, bytes]
    out: Path
    folder: Path


def write_attacks(root: Path, secret: Path) -> None:
    """One offer, supplier or organisation file per attack; the links and pipe they use."""
    files: dict[str, str | bytes | None] = {"suppliers/green-minds/images/logo.png": png()}
    for name, attack in ATTACKS.items():
        value = quoted(attack.value.format(secret=secret / "secret.png"))
        if attack.kind == "offer":
            files[f"suppliers/green-minds/offers/{name}.yaml"] = offer_with_image(value)
        elif attack.kind == "supplier":
            files[f"suppliers/{name}/supplier.yaml"] = SUPPLIER + f'logo: "{value}"\nlogo_alt: Logo\n'
            files[f"suppliers/{name}/images/logo.png"] = png()
        else:
            files[f"organisations/{name}.yaml"] = ORGANISATION + f'logo: "{value}"\nlogo_alt: Logo\n'
    write_tree(root, files)
    images = root / "suppliers/green-minds/images"
    os.symlink(secret / "secret.png", images / "out.png")
    os.symlink(secret / "pipe.png", images / "pipe.png")
    os.symlink("../supplier.yaml", images / "in.png")
    os.symlink(secret, root / "suppliers/green-minds/linked")
    os.symlink(secret / "secret.png", root / "suppliers/logo-symlink/images/out.png")
    os.symlink(secret / "secret.png", root / "organisations/out.png")


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Attacked:
    folder = tmp_path_factory.mktemp("paths")
    secret = folder / "secret"
    secret.mkdir()
    (secret / "secret.png").write_bytes(SECRET)
    os.mkfifo(secret / "pipe.png")
    root = write_tree(folder / "content", dict(BASE_FILES))
    write_tree(
        root, {"suppliers/green-minds/supplier.yaml": SUPPLIER + "logo: images/logo.png\nlogo_alt: Logo\n"}
    )
    write_tree(root, {"suppliers/green-minds/images/logo.png": png()})
    out = folder / "site"
    args = [
        "build",
        "--content",
        str(root),
        "--out",
        str(out),
        "--today",
        "2026-11-23",
        "--no-search",
        "--quiet",
    ]
    first = run_build_py(args, folder, 60, env=python_env())
    assert first.code == 0, first.transcript
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write_attacks(root, secret)
    messages = [p.format() for p in check_content(root, "content", TODAY).errors]
    build = run_build_py(args, folder, 60, env=python_env())
    return Attacked(root, messages, build, before, out, folder)


@pytest.mark.parametrize("name", list(ATTACKS))
def test_refused_with_a_message_naming_the_field(attacked: Attacked, name: str) -> None:
    attack = ATTACKS[name]
    where = {
        "offer": f"content/suppliers/green-minds/offers/{name}.yaml:",
        "supplier": f"content/suppliers/{name}/supplier.yaml:",
        "organisation": f"content/organisations/{name}.yaml:",
    }[attack.kind]
    found = [m for m in attacked.messages if m.startswith(where)]
    assert found, attacked.messages
    assert all(f": error: {attack.field}: " in m for m in found), found


def test_the_build_is_refused_and_nothing_outside_is_read_or_copied(attacked: Attacked) -> None:
    build = attacked.build
    assert not build.timed_out, "something opened the named pipe: " + build.transcript
    assert build.code == 1 and "build refused:" in build.err, build.transcript
    after = {
        p.relative_to(attacked.out).as_posix(): p.read_bytes() for p in attacked.out.rglob("*") if p.is_file()
    }
    assert after == attacked.before
    leaked = [
        str(p)
        for p in attacked.folder.rglob("*")
        if p.is_file() and not p.is_symlink() and "secret" not in p.parts and SECRET in p.read_bytes()
    ]
    assert leaked == []


def test_a_good_logo_is_published(attacked: Attacked) -> None:
    assert attacked.before["media/green-minds/images/logo.png"] == png()


def test_links_in_the_tree_itself_are_refused(tmp_path: Path) -> None:
    """A supplier folder, an offer file and an offers folder that are links are reported, not followed."""
    outside = tmp_path / "outside"
    write_tree(outside, {"supplier.yaml": SUPPLIER, "offers/walk.yaml": OFFER, "secret.yaml": OFFER})
    root = write_tree(tmp_path / "content", dict(BASE_FILES))
    os.symlink(outside, root / "suppliers/linked-supplier")
    os.symlink(outside / "secret.yaml", root / "suppliers/green-minds/offers/linked-offer.yaml")
    write_tree(root, {"suppliers/other/supplier.yaml": SUPPLIER})
    os.symlink(outside / "offers", root / "suppliers/other/offers")
    shutil.copy(outside / "supplier.yaml", root / "suppliers/other/supplier.yaml")
    messages = [p.format() for p in check_content(root, "content", TODAY).errors]
    assert messages == [
        "content/suppliers/green-minds/offers/linked-offer.yaml:1:1: error: must be a plain file, not a link or folder",
        "content/suppliers/linked-supplier:1:1: error: only supplier folders belong in suppliers/; "
        "move this file into a supplier's folder or remove it",
        "content/suppliers/other/offers:1:1: error: offers must be a folder of offer files",
    ]


def test_messages_write_control_characters_out(attacked: Attacked) -> None:
    assert not [m for m in attacked.messages if any(ord(c) < 0x20 for c in m)]
    assert any('"images/logo.png\\x00.png"' in m for m in attacked.messages)


def test_file_names_cannot_break_a_problem_line_or_inject_workflow_commands(tmp_path: Path) -> None:
    injected = "x\n::error file=README.md,line=1::Approved by the coordinators.yaml"
    root = write_tree(tmp_path / "content", {**BASE_FILES, f"suppliers/green-minds/offers/{injected}": OFFER})
    problems = check_content(root, "content", TODAY).problems
    out = io.StringIO()
    print_problems(problems, out, "github")
    lines = out.getvalue().splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(problems), commands  # one workflow command per problem, no more
    assert all(len(p.format().splitlines()) == 1 for p in problems)
