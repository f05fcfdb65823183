"""Checking the whole content folder: every rule, every file, every problem at once.

A supplier's or an offer's own check (check_own) depends on nothing but the file, the
pictures it names (own_inputs) and the vocabulary, so a caller may hand in one that
remembers earlier answers (the incremental build's memo); the rules across files run
every time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..content.files import ContentTree, Reader, load_content
from ..content.history import offer_dates
from ..content.loader import Document, read_document
from ..content.vocabulary import Vocabulary
from ..errors import Problem, sort_problems
from .brand import brand_rules
from .documents import validate_document
from .images import file_state
from .orders import order_rules
from .rules import offer_rules, organisation_rules, site_rules, supplier_rules, vat_rules
from .translations import translation_rules
from .warnings import offer_warnings

# kind ("supplier" or "offer"), the file, its folder (where its pictures are), the vocabulary
OwnCheck = Callable[[str, Document, Path, Vocabulary], list[Problem]]
PICTURES = {"supplier": "logo", "offer": "image"}


@dataclass
class CheckResult:
    """A content tree with every problem found in it."""

    tree: ContentTree
    vocabulary: Vocabulary
    problems: list[Problem]
    updated: dict[str, dt.date]  # display path of each offer -> its "last updated"
    committed: dict[str, dt.date] = field(default_factory=dict)  # -> its last commit's date, if any

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def check_own(kind: str, document: Document, folder: Path, vocabulary: Vocabulary) -> list[Problem]:
    """A supplier's or an offer's own problems: its schema, its rules, its picture."""
    rules = supplier_rules if kind == "supplier" else offer_rules
    return validate_document(document, kind) + rules(document, folder, vocabulary)


def own_inputs(kind: str, document: Document, folder: Path) -> str:
    """What check_own reads besides the file and the vocabulary: the state of the picture it names."""
    return file_state(folder, document.data.get(PICTURES[kind]))


def check_content(
    root: Path,
    display_root: str | None = None,
    today: dt.date | None = None,
    *,
    read: Reader = read_document,
    check: OwnCheck = check_own,
    commits: dict[str, dict[str, dt.date]] | None = None,
) -> CheckResult:
    """Read and check the whole content folder (commits: known commit dates, see history.commit_dates)."""
    tree = load_content(root, display_root, read)
    updated, committed = offer_dates(tree, commits)
    return check_tree(tree, today or dt.date.today(), updated, committed, check)


def check_tree(
    tree: ContentTree,
    today: dt.date,
    updated: dict[str, dt.date],
    committed: dict[str, dt.date] | None = None,
    check: OwnCheck = check_own,
) -> CheckResult:
    """Every problem of a content tree read already, sorted by file and line."""
    problems = list(tree.problems)
    vocabulary = Vocabulary.from_site(tree.site.data if tree.site else None)
    if tree.site:
        problems += validate_document(tree.site, "site") + site_rules(tree.site, vocabulary)
        problems += brand_rules(tree.site, tree.root)
    for supplier_id, document in tree.suppliers.items():
        problems += check("supplier", document, tree.supplier_dir(supplier_id), vocabulary)
    for key, document in tree.offers.items():
        problems += check("offer", document, tree.supplier_dir(key.split("/")[0]), vocabulary)
    problems += vat_rules(tree)  # across files, so never remembered with an offer's own problems
    for document in tree.organisations.values():
        problems += validate_document(document, "organisation")
        problems += organisation_rules(document, tree.root / "organisations", vocabulary, tree)
    problems += order_rules(tree)
    problems += translation_rules(tree)
    problems += offer_warnings(tree, today, updated)
    return CheckResult(tree, vocabulary, sort_problems(problems), updated, committed or {})
