"""`new site`, `new supplier` and `new offer`: starter files to fill in, written where they belong."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..checks.messages import did_you_mean
from ..content.layout import YAML_SUFFIXES, id_problem, is_valid_id, supplier_id_problem
from ..content.loader import read_document
from ..content.site_starter import CONTENT_FOLDERS, KEEP_FILE, site_template
from ..content.starters import offer_template, supplier_template
from ..content.vocabulary import Vocabulary


class ScaffoldError(Exception):
    """A `new` command that cannot be done as asked; the message says why and what to do."""


def new_site(content: Path) -> Path:
    """Write the starter content folder of a new menu; refuse a folder that holds anything already.

    The folder is made beside its place and renamed into it, so that it appears whole or not at all.
    """
    if content.exists() and not content.is_dir():
        raise ScaffoldError(f"{content} is a file, not a folder; name another folder with --content")
    if held := _visible_entries(content):
        raise ScaffoldError(
            f"{content} already holds content ({_listed(held)}) and is left as it is. To start your own "
            f"menu in its place, remove what is there first (git rm -r {content}, or delete the folder "
            "on GitHub), or name a new folder with --content"
        )
    content.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{content.name}.", dir=content.parent))
    try:
        (staging / "site.yaml").write_text(site_template(), encoding="utf-8")
        for folder in CONTENT_FOLDERS:
            (staging / folder).mkdir()
            (staging / folder / KEEP_FILE).touch()  # git keeps no empty folder
        staging.chmod(0o755)  # mkdtemp's folder is private to its owner
        _move_into(staging, content)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ScaffoldError(f"could not write {content}: {error.strerror or error}") from None
    return content / "site.yaml"


def _move_into(staging: Path, content: Path) -> None:
    """The staged folder in content's place; into it, entry by entry, if it is there with only
    hidden files (a .gitkeep), which a folder cannot be renamed over."""
    if not content.exists():
        staging.rename(content)
        return
    for entry in sorted(staging.iterdir()):
        entry.rename(content / entry.name)
    staging.rmdir()


def _visible_entries(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(entry.name for entry in folder.iterdir() if not entry.name.startswith("."))


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:4])
    return shown + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def new_supplier(content: Path, supplier_id: str) -> Path:
    """Write the template for a new supplier; refuse a bad id or an existing supplier."""
    if problem := supplier_id_problem(supplier_id):
        raise ScaffoldError(f"supplier id {problem}")
    folder = _content_folder(content) / "suppliers" / supplier_id
    existing = _yaml_file(folder, "supplier")
    if existing:
        raise ScaffoldError(f"{existing} already exists; edit it, or choose another id")
    return _write(folder / "supplier.yaml", supplier_template(supplier_id, _site_settings(content)[0]))


def new_offer(content: Path, supplier_id: str, offer_id: str) -> Path:
    """Write the template for a new offer of an existing supplier."""
    _require_id(supplier_id, "supplier id")
    _require_id(offer_id, "offer id")
    suppliers = _content_folder(content) / "suppliers"
    if not _yaml_file(suppliers / supplier_id, "supplier"):
        known = sorted(p.parent.name for p in suppliers.glob("*/supplier.y*ml"))
        hint = did_you_mean(supplier_id, known) or (
            f"; add it first with `python build.py new supplier {supplier_id}`"
        )
        raise ScaffoldError(f'there is no supplier "{supplier_id}" in {suppliers}{hint}')
    existing = _yaml_file(suppliers / supplier_id / "offers", offer_id)
    if existing:
        raise ScaffoldError(f"{existing} already exists; edit it, or choose another offer id")
    vocabulary, currency = _site_settings(content)
    text = offer_template(supplier_id, offer_id, vocabulary, currency)
    return _write(suppliers / supplier_id / "offers" / f"{offer_id}.yaml", text)


def _require_id(text: str, what: str) -> None:
    if not is_valid_id(text):
        raise ScaffoldError(f"{what} {id_problem(text)}")


def _content_folder(content: Path) -> Path:
    if not content.is_dir():
        raise ScaffoldError(
            f'the content folder "{content}" does not exist; run this in the repository\'s top '
            "folder, or name the folder with --content"
        )
    return content


def _yaml_file(folder: Path, stem: str) -> Path | None:
    return next(
        (folder / f"{stem}{suffix}" for suffix in YAML_SUFFIXES if (folder / f"{stem}{suffix}").exists()),
        None,
    )


def _site_settings(content: Path) -> tuple[Vocabulary, str]:
    """The vocabularies and currency of site.yaml; empty and GBP if it cannot be read."""
    file = _yaml_file(content, "site")
    document = read_document(file, str(file))[0] if file else None
    data = document.data if document else {}
    currency = data.get("currency")
    return Vocabulary.from_site(data), currency if isinstance(currency, str) else "GBP"


def _write(file: Path, text: str) -> Path:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with file.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{file} already exists; edit it, or choose another id") from None
    except OSError as error:
        raise ScaffoldError(f"could not write {file}: {error.strerror or error}") from None
    return file
