"""Find and read every content file under the content folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from .layout import IMAGES, YAML_SUFFIXES, display_path, id_problem, is_valid_id, supplier_id_problem
from .loader import Document, read_document

# Reads one file (its path, and its path as messages show it): the loader's own, or one that
# remembers what earlier runs parsed (the incremental build's memo).
Reader = Callable[[Path, str], tuple[Document | None, list[Problem]]]


@dataclass
class SourceFile:
    """A content file found on disk, before it is parsed."""

    kind: str
    key: str  # "site", "<supplier>", "<supplier>/<offer>", "<organisation>", "<organisation>/<order>"
    file: Path
    display: str


@dataclass
class ContentTree:
    """Every content file, parsed, with the problems found while reading them."""

    root: Path
    display_root: str
    site: Document | None = None
    suppliers: dict[str, Document] = field(default_factory=dict)
    offers: dict[str, Document] = field(default_factory=dict)  # "<supplier>/<offer>"
    organisations: dict[str, Document] = field(default_factory=dict)
    orders: dict[str, Document] = field(default_factory=dict)  # "<organisation>/<order>"
    files: dict[str, SourceFile] = field(default_factory=dict)  # display path -> file
    offer_keys: set[str] = field(default_factory=set)  # every offer file found, parsed or not
    organisation_ids: set[str] = field(default_factory=set)  # every organisation file found, parsed or not
    problems: list[Problem] = field(default_factory=list)

    def supplier_dir(self, supplier_id: str) -> Path:
        return self.root / "suppliers" / supplier_id


def find_sources(root: Path, display_root: str) -> tuple[list[SourceFile], list[Problem]]:
    """List the content files by kind; report strays, bad ids and clashing names."""
    finder = _Finder(root, display_root)
    finder.find_site()
    finder.find_suppliers()
    finder.find_organisations()
    finder.find_orders()
    return finder.sources, finder.problems


def load_content(root: Path, display_root: str | None = None, read: Reader = read_document) -> ContentTree:
    """Read and parse every content file; problems are collected, never raised."""
    display_root = display_root if display_root is not None else str(root)
    tree = ContentTree(root, display_root)
    if not root.is_dir():
        tree.problems.append(Problem(display_root, 1, 1, "error", "the content folder does not exist"))
        return tree
    sources, tree.problems = find_sources(root, display_root)
    for source in sources:
        document, problems = read(source.file, source.display)
        tree.problems.extend(problems)
        tree.files[source.display] = source
        if source.kind == "offer":
            tree.offer_keys.add(source.key)
        elif source.kind == "organisation":
            tree.organisation_ids.add(source.key)
        if document is not None:
            _store(tree, source, document)
    return tree


def _store(tree: ContentTree, source: SourceFile, document: Document) -> None:
    if source.kind == "site":
        tree.site = document
    elif source.kind == "supplier":
        tree.suppliers[source.key] = document
    elif source.kind == "offer":
        tree.offers[source.key] = document
    elif source.kind == "order":
        tree.orders[source.key] = document
    else:
        tree.organisations[source.key] = document


class _Finder:
    def __init__(self, root: Path, display_root: str) -> None:
        self.root = root
        self.display_root = display_root
        self.sources: list[SourceFile] = []
        self.problems: list[Problem] = []
        self.kinds: dict[Path, tuple[bool, bool]] = {}  # entry -> (a folder, a link), from entries()

    def display(self, path: Path) -> str:
        return display_path(self.display_root, *path.relative_to(self.root).parts)

    def entries(self, folder: Path) -> list[Path]:
        """A folder's entries, sorted, without hidden files such as .gitkeep; what each is (a folder,
        a link) is kept from the listing: a stat of each of 12,000 files takes half a second."""
        found = []
        try:
            with os.scandir(folder) as listing:
                for item in listing:
                    if not item.name.startswith("."):
                        path = folder / item.name
                        self.kinds[path] = (item.is_dir(), item.is_symlink())
                        found.append(path)
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(found)

    def is_folder(self, entry: Path) -> bool:
        return self.kinds[entry][0]

    def is_link(self, entry: Path) -> bool:
        return self.kinds[entry][1]

    def report(self, path: Path, message: str) -> None:
        self.problems.append(Problem(self.display(path), 1, 1, "error", message))

    def yaml_files(self, folder: Path, stem: str | None = None) -> list[Path]:
        return sorted(
            p for p in self.entries(folder) if p.suffix in YAML_SUFFIXES and (stem is None or p.stem == stem)
        )

    def one_file(self, folder: Path, stem: str, what: str) -> Path | None:
        candidates = self.yaml_files(folder, stem)
        if len(candidates) > 1:
            names = " and ".join(p.name for p in candidates)
            self.report(candidates[1], f"{names} both define {what}; keep only one of them")
        return candidates[0] if candidates else None

    def find_site(self) -> None:
        site = self.one_file(self.root, "site", "the site settings")
        if site is None:
            self.problems.append(
                Problem(
                    display_path(self.display_root, "site.yaml"),
                    1,
                    1,
                    "error",
                    "site.yaml is missing: it holds the site's title, contact and vocabularies",
                )
            )
            return
        self.sources.append(SourceFile("site", "site", site, self.display(site)))

    def find_suppliers(self) -> None:
        folder = self.root / "suppliers"
        for entry in self.entries(folder):
            if not self.is_folder(entry) or self.is_link(entry):
                self.report(
                    entry,
                    "only supplier folders belong in suppliers/; move this file "
                    "into a supplier's folder or remove it",
                )
            elif problem := supplier_id_problem(entry.name):
                self.report(entry, f"supplier folder name {problem}")
            else:
                self.find_supplier(entry)

    def find_supplier(self, folder: Path) -> None:
        supplier = self.one_file(folder, "supplier", "the supplier")
        if supplier is None:
            self.report(
                folder / "supplier.yaml",
                "supplier.yaml is missing: every supplier folder needs one",
            )
        else:
            self.sources.append(SourceFile("supplier", folder.name, supplier, self.display(supplier)))
        offers = folder / "offers"
        if offers.exists() and (offers.is_symlink() or not offers.is_dir()):
            self.report(offers, "offers must be a folder of offer files")
            return
        self.find_offers(folder.name, offers)

    def find_offers(self, supplier_id: str, folder: Path) -> None:
        stray = "only offer files ending in .yaml belong in offers/; move or remove this file"
        for entry in self.named_files(folder, "offer", stray):
            key = f"{supplier_id}/{entry.stem}"
            self.sources.append(SourceFile("offer", key, entry, self.display(entry)))

    def find_organisations(self) -> None:
        stray = (
            "only organisation files ending in .yaml (and logos in an images/ folder) belong "
            "in organisations/; move or remove this file"
        )
        # The organisations' logos are in images/, as suppliers keep theirs.
        for entry in self.named_files(self.root / "organisations", "organisation", stray, IMAGES):
            self.sources.append(SourceFile("organisation", entry.stem, entry, self.display(entry)))

    def find_orders(self) -> None:
        """orders/<organisation-id>/<order-id>.yaml; whether the organisation exists the checks say."""
        for entry in self.entries(self.root / "orders"):
            if not self.is_folder(entry) or self.is_link(entry):
                self.report(
                    entry,
                    "only organisations' order folders belong in orders/; move this file into "
                    "orders/<organisation-id>/ or remove it",
                )
            elif not is_valid_id(entry.name):
                self.report(entry, f"order folder name {id_problem(entry.name)}")
            else:
                self.find_organisation_orders(entry)

    def find_organisation_orders(self, folder: Path) -> None:
        stray = f"only order files ending in .yaml belong in orders/{folder.name}/; move or remove this file"
        for entry in self.named_files(folder, "order", stray):
            key = f"{folder.name}/{entry.stem}"
            self.sources.append(SourceFile("order", key, entry, self.display(entry)))

    def named_files(self, folder: Path, kind: str, stray: str, subfolder: str = "") -> list[Path]:
        """A folder's YAML files whose names are valid ids, each id once; every other entry is
        reported (stray: the message for what is not a YAML file). subfolder: a folder allowed
        beside them (not a link), passed over."""
        seen: dict[str, Path] = {}
        for entry in self.entries(folder):
            if subfolder and entry.name == subfolder and self.is_folder(entry) and not self.is_link(entry):
                continue
            if entry.suffix not in YAML_SUFFIXES or self.is_folder(entry):
                self.report(entry, stray)
            elif not is_valid_id(entry.stem):
                self.report(entry, f"{kind} file name {id_problem(entry.stem)}")
            elif entry.stem in seen:
                self.report(
                    entry,
                    f'{seen[entry.stem].name} and {entry.name} both define the {kind} "{entry.stem}"; '
                    "keep only one of them",
                )
            else:
                seen[entry.stem] = entry
        return list(seen.values())
