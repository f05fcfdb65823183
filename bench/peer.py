"""Compare build.py with its peers, Hugo (and Pagefind) and Eleventy, on the same generated catalogues.

    python bench/peer.py [--sizes 1000,10000] [--repeat 3] [--install] [--seed 42]
                         [--json bench/out/peer.json]

For each size it takes bench/out/catalogue-<N>/ (as bench.py does), converts it into a Hugo
site in bench/out/hugo-<N>/ whose layouts are bench/hugo/, into a plain Hugo site in
bench/out/hugo-plain-<N>/ whose layouts are bench/hugo-plain/ and into an Eleventy site in
bench/out/eleventy-<N>/ whose templates are bench/eleventy/site/, and times seven cold builds
side by side, --repeat times each, interleaved so that a busy machine slows all of them alike:

    ours                 build.py build --no-search --quiet
    ours+search          build.py build --quiet (the same with the Pagefind index)
    hugo                 hugo --gc --quiet, with a fresh destination and cache folder
    hugo+pagefind        that Hugo build, then python -m pagefind over its output
    hugo-plain           the same for the plain Hugo site: offer pages, paginated term pages
    hugo-plain+pagefind  that build, then python -m pagefind over its output
    eleventy             Eleventy 3.1 (bench/eleventy/), into a fresh output folder

The rows pagefind and pagefind-plain are the Pagefind runs alone.

Every run writes into a fresh folder under bench/out/peer-runs/, removed afterwards; build.py
runs with a fresh working directory there, so it starts without a .cache memo or spare copy.
Hugo is the Debian package: --install runs apt-get to get it. Eleventy is the npm package pinned
in bench/eleventy/package-lock.json: --install runs npm ci there; without it Eleventy is skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bench import OUT, ROOT, TODAY, Catalogue, ensure_catalogue, positive, sizes

HUGO_SITE = ROOT / "bench" / "hugo"
PEERS = ("hugo", "hugo-plain", "eleventy")  # --peers: the layout with regional roll-ups, the plain one
HUGO_PLAIN_SITE = ROOT / "bench" / "hugo-plain"
ELEVENTY = ROOT / "bench" / "eleventy"
ELEVENTY_CLI = ELEVENTY / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
RUNS = OUT / "peer-runs"
TOOLS = (
    "ours",
    "ours+search",
    "hugo",
    "hugo+pagefind",
    "pagefind",
    "hugo-plain",
    "hugo-plain+pagefind",
    "pagefind-plain",
    "eleventy",
)
TARGETS = {
    ("ours+search", "hugo+pagefind"): 1.0,
    ("ours", "hugo"): 1.5,
    ("ours+search", "hugo-plain+pagefind"): 1.0,
    ("ours", "hugo-plain"): 1.5,
    ("ours", "eleventy"): 1.0,
}
INSTALL_HINT = (
    "Hugo is not installed. Install the Debian package with\n"
    "    apt-get update && apt-get install -y hugo\n"
    "or run this script with --install (as root)."
)
ELEVENTY_HINT = (
    "Eleventy is not installed, so it is skipped. Install it (Node.js 20 and npm needed) with\n"
    "    cd bench/eleventy && npm ci\n"
    "or run this script with --install."
)


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    exit_code: int
    output: str = field(default="", repr=False)

    def __add__(self, other: Run) -> Run:
        """Two commands run one after the other: times add up, the peak is the larger."""
        return Run(
            self.seconds + other.seconds,
            self.cpu_seconds + other.cpu_seconds,
            max(self.peak_mb, other.peak_mb),
            self.exit_code or other.exit_code,
            other.output if other.exit_code else self.output,
        )


def run_measured(argv: list[str], cwd: Path) -> Run:
    """Wall time, CPU time (with the processes it waited for) and peak memory of one command."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, output)


@dataclass
class Result:
    offers: int
    tool: str
    runs: list[Run] = field(default_factory=list)
    html_pages: int | None = None
    files: int | None = None
    megabytes: float | None = None

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(run.exit_code == 0 for run in self.runs)

    @property
    def status(self) -> str:
        if not self.runs:
            return "not run"
        failed = [run.exit_code for run in self.runs if run.exit_code != 0]
        return f"failed (exit {failed[0]})" if failed else "ok"

    def median(self, attribute: str = "seconds") -> float | None:
        return statistics.median(getattr(run, attribute) for run in self.runs) if self.ok else None

    @property
    def min_s(self) -> float | None:
        return min(run.seconds for run in self.runs) if self.ok else None

    @property
    def peak_mb(self) -> float | None:
        return max(run.peak_mb for run in self.runs) if self.ok else None

    def as_json(self) -> dict[str, Any]:
        return {
            "offers": self.offers,
            "tool": self.tool,
            "status": self.status,
            "median_s": self.median(),
            "min_s": self.min_s,
            "median_cpu_s": self.median("cpu_seconds"),
            "peak_mb": self.peak_mb,
            "html_pages": self.html_pages,
            "files": self.files,
            "megabytes": self.megabytes,
            "runs": [
                {
                    "seconds": r.seconds,
                    "cpu_seconds": r.cpu_seconds,
                    "peak_mb": r.peak_mb,
                    "exit_code": r.exit_code,
                }
                for r in self.runs
            ],
        }


def output_size(folder: Path) -> tuple[int, int, float]:
    """HTML pages, files and megabytes in a built site."""
    html = files = size = 0
    for path in folder.rglob("*"):
        if path.is_file():
            files += 1
            size += path.stat().st_size
            html += path.suffix == ".html"
    return html, files, size / 1e6


# --- the commands ------------------------------------------------------------------------


def ours_argv(content: Path, out: Path, search: bool) -> list[str]:
    argv = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content), "--out", str(out)]
    return [*argv, "--today", TODAY, *([] if search else ["--no-search"]), "--quiet"]


def hugo_argv(source: Path, out: Path, cache: Path) -> list[str]:
    return [
        "hugo",
        "--source",
        str(source),
        "--destination",
        str(out),
        "--quiet",
        "--gc",
        "--cacheDir",
        str(cache),
    ]


def eleventy_argv(out: Path, path_prefix: str) -> list[str]:
    """Run in the converted site folder, as `npx @11ty/eleventy` runs in an Eleventy project."""
    return [
        shutil.which("node") or "node",
        str(ELEVENTY_CLI),
        f"--config={ELEVENTY / 'eleventy.config.js'}",
        "--input=.",
        f"--output={out}",
        f"--pathprefix={path_prefix}",
        "--quiet",
    ]


def pagefind_argv(site: Path) -> list[str]:
    # The same package and options as catalogue/search/pagefind.py.
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind"]


@dataclass
class EleventySite:
    """A converted Eleventy site folder and the path prefix of the catalogue's base_url."""

    source: Path
    path_prefix: str


def one_round(
    catalogue: Catalogue,
    hugo_source: Path,
    hugo_plain_source: Path,
    eleventy: EleventySite | None,
    results: dict[str, Result],
    first: bool,
    peers: Sequence[str] = PEERS,
) -> None:
    """One cold run of each tool, each in a fresh folder that is removed afterwards."""
    for tool in ("ours", "ours+search"):
        if results[tool].runs and not results[tool].ok:
            continue
        with fresh_folder(tool) as work:
            run = run_measured(
                ours_argv(catalogue.path.resolve(), work / "site", tool == "ours+search"), work
            )
            record(results[tool], run, work / "site", first)
    if "hugo" in peers:
        hugo_round("hugo", hugo_source, results, first)
    if "hugo-plain" in peers:
        hugo_round("hugo-plain", hugo_plain_source, results, first)
    if (
        "eleventy" in peers
        and eleventy is not None
        and not (results["eleventy"].runs and not results["eleventy"].ok)
    ):
        with fresh_folder("eleventy") as work:
            run = run_measured(eleventy_argv(work / "site", eleventy.path_prefix), eleventy.source)
            record(results["eleventy"], run, work / "site", first)


def hugo_round(tool: str, hugo_source: Path, results: dict[str, Result], first: bool) -> None:
    """One Hugo build of `tool` ("hugo" or "hugo-plain"), then Pagefind over its output."""
    with_pagefind = f"{tool}+pagefind"
    pagefind_alone = "pagefind" + tool.removeprefix("hugo")
    if results[tool].runs and not results[with_pagefind].ok:
        return
    with fresh_folder(tool) as work:
        hugo = run_measured(hugo_argv(hugo_source, work / "site", work / "cache"), work)
        record(results[tool], hugo, work / "site", first)
        if hugo.exit_code != 0:
            results[with_pagefind].runs.append(hugo)
            return
        pagefind = run_measured(pagefind_argv(work / "site"), work)
        record(results[pagefind_alone], pagefind, None, first)
        record(results[with_pagefind], hugo + pagefind, work / "site", first)


@contextmanager
def fresh_folder(tool: str) -> Iterator[Path]:
    """A new empty folder under bench/out/peer-runs/, removed (untimed) afterwards."""
    RUNS.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f"{re.sub(r'[^a-z]+', '-', tool)}-", dir=RUNS))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def record(result: Result, run: Run, site: Path | None, first: bool) -> None:
    result.runs.append(run)
    if run.exit_code != 0:
        tail = "\n".join(run.output.rstrip().splitlines()[-20:])
        print(
            f"{result.tool} on {result.offers} offers failed (exit {run.exit_code}):\n{tail}", file=sys.stderr
        )
    else:
        print(f"    {result.tool}: {run.seconds:.2f} s, cpu {run.cpu_seconds:.2f} s", file=sys.stderr)
        if first and site is not None and site.is_dir():
            result.html_pages, result.files, result.megabytes = output_size(site)


# --- the Hugo content tree ---------------------------------------------------------------


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def page(front_matter: dict[str, Any], body: str = "") -> str:
    """A Markdown page with YAML front matter (values YAML could misread are quoted by the dumper)."""
    fields = {key: value for key, value in front_matter.items() if value is not None}
    dumped = yaml.dump(fields, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{dumped}---\n{body}"


class Tree:
    """Writes files under one folder, each modification time copied from its source file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, text: str, source: Path | None = None) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if source is not None:
            modified = source.stat().st_mtime
            os.utime(path, (modified, modified))


def convert(content: Path, out: Path) -> None:
    """Write a Hugo site for the catalogue in `content`: config, one page per offer, supplier and term."""
    site = load(content / "site.yaml")
    tree = Tree(out)
    tree.write("config.toml", hugo_config(site, HUGO_SITE))
    for kind, title in [
        ("offers", "All offers"),
        ("suppliers", "Suppliers"),
        ("organisations", "Organisations"),
    ]:
        tree.write(f"content/{kind}/_index.md", page({"title": title}))
    tree.write("content/_index.md", page({"title": site["title"]}))
    tree.write("content/search.md", page({"title": "Search", "layout": "search"}))
    tree.write("content/print.md", page({"title": "The whole menu", "layout": "print"}))
    tree.write("content/online.md", page({"title": "Online offers", "layout": "online"}))
    write_terms(site, tree)
    write_content(content, tree, HUGO_LAYOUT)


def write_terms(site: dict[str, Any], tree: Tree) -> None:
    """An _index.md per category, area and audience (its label, description and parent area),
    and one per taxonomy, so that Hugo's term pages have the catalogue's labels."""
    terms = {"categories": "Categories", "areas": "Areas", "audiences": "Audiences"}
    for plural, title in terms.items():
        tree.write(f"content/{plural}/_index.md", page({"title": title}))
        for term in site.get(plural, []):
            fields = {
                "title": term["label"],
                "description": term.get("description"),
                "parent": term.get("parent"),
            }
            tree.write(f"content/{plural}/{term['id']}/_index.md", page(fields))


def hugo_config(site: dict[str, Any], layouts: Path) -> str:
    """config.toml: the catalogue's address and title, then `layouts`/site.toml (its theme), then params."""
    top = {"baseURL": site["base_url"], "title": site["title"], "themesDir": str(layouts.parent)}
    params = {
        "tagline": site.get("tagline", ""),
        "contact_email": site.get("contact_email", ""),
        "repository": site.get("repository", ""),
        "today": TODAY,
    }
    lines = [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in top.items()]
    lines += ["", (layouts / "site.toml").read_text(encoding="utf-8").rstrip(), "", "[params]"]
    lines += [f"  {key} = {json.dumps(value, ensure_ascii=False)}" for key, value in params.items()]
    return "\n".join(lines) + "\n"


def supplier_fields(supplier: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": supplier["name"],
        "summary": supplier.get("summary"),
        **{
            key: supplier.get(key)
            for key in ("legal_form", "registration_number", "website", "email", "phone")
        },
        "locality": supplier.get("locality"),
        "works_in": supplier.get("areas"),  # not "areas": that would tag the supplier page itself
        "logo": supplier.get("logo"),
        "logo_alt": supplier.get("logo_alt"),
    }


@dataclass(frozen=True)
class Layout:
    """Where a peer site keeps each converted file ({supplier}, {offer}, {organisation}, {name}),
    and how it writes an offer page from the supplier's id and the offer file."""

    supplier: str
    image: str
    offer: str
    organisation: str
    asset: str
    offer_page: Callable[[str, Path], str]


def write_content(content: Path, tree: Tree, layout: Layout) -> None:
    """The suppliers (with their images and offers), organisations and our static files, as `layout` says."""
    for folder in sorted((content / "suppliers").iterdir()):
        supplier_id = folder.name
        supplier = load(folder / "supplier.yaml")
        tree.write(
            layout.supplier.format(supplier=supplier_id),
            page(supplier_fields(supplier), supplier.get("description", "")),
            folder / "supplier.yaml",
        )
        for image in sorted((folder / "images").glob("*")) if (folder / "images").is_dir() else []:
            tree.write(
                layout.image.format(supplier=supplier_id, name=image.name), image.read_text(encoding="utf-8")
            )
        for path in sorted((folder / "offers").glob("*.yaml")):
            target = layout.offer.format(supplier=supplier_id, offer=path.stem)
            tree.write(target, layout.offer_page(supplier_id, path), path)
    for path in sorted((content / "organisations").glob("*.yaml")):
        organisation = load(path)
        tree.write(
            layout.organisation.format(organisation=path.stem),
            page(organisation_fields(organisation), organisation.get("description", "")),
            path,
        )
    for asset in sorted((ROOT / "static").iterdir()):
        if asset.is_file():
            tree.write(layout.asset.format(name=asset.name), asset.read_text(encoding="utf-8"))


def offer_page(supplier_id: str, offer: dict[str, Any]) -> str:
    fields = {
        "title": offer["title"],
        "summary": offer.get("summary"),
        "draft": True if offer.get("status") == "draft" else None,
        "supplier": supplier_id,
        # Taxonomies: Hugo builds a listing page per supplier, category, area and audience.
        "suppliers": [supplier_id],
        "categories": [offer["category"]],
        "areas": offer.get("areas"),
        "audiences": offer.get("audiences"),
        "delivery": offer.get("delivery"),
        "prices": offer.get("prices"),
    }
    return offer_with_other_fields(fields, offer, {"category"})


def offer_with_other_fields(fields: dict[str, Any], offer: dict[str, Any], renamed: set[str]) -> str:
    """The page: `fields`, then the offer's other fields as they are (dates as text), the description
    as its body. `renamed`: fields `fields` carries under another name, left out."""
    skip = {*fields, *renamed, "description", "status"}
    for key, value in offer.items():
        if key not in skip:
            fields[key] = value.isoformat() if isinstance(value, dt.date) else value
    return page(fields, offer.get("description", ""))


def organisation_fields(organisation: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": organisation["name"],
        "summary": organisation.get("summary"),
        "area": organisation.get("area"),
        "works_with": organisation.get("audiences"),  # not "audiences", a taxonomy
        "interests": organisation.get("interests"),
        "budget": organisation.get("budget"),
        "website": organisation.get("website"),
        "email": organisation.get("email"),
    }


HUGO_LAYOUT = Layout(
    supplier="content/suppliers/{supplier}/_index.md",
    image="static/media/{supplier}/images/{name}",
    offer="content/offers/{supplier}/{offer}.md",
    organisation="content/organisations/{organisation}.md",
    asset="static/static/{name}",
    offer_page=lambda supplier_id, path: offer_page(supplier_id, load(path)),
)


def converter_version(*sources: Path) -> str:
    digest = hashlib.sha256()
    for source in (Path(__file__), *sources):
        digest.update(source.relative_to(ROOT).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def ensure_converted(
    name: str, catalogue: Catalogue, seed: int, convert_to: Callable[[Path, Path], None], version: str
) -> tuple[Path, float, bool]:
    """bench/out/<name>-<N>/, converted again unless its stamp matches the catalogue and the converter."""
    folder = OUT / f"{name}-{catalogue.offers}"
    stamp_path = OUT / f"{name}-{catalogue.offers}.stamp.json"
    catalogue_stamp = json.loads((OUT / f"catalogue-{catalogue.offers}.stamp.json").read_text())
    wanted = {"catalogue": catalogue_stamp["generator"], "seed": seed, "converter": version}
    try:
        stamp = json.loads(stamp_path.read_text())
    except (OSError, ValueError):
        stamp = {}
    if folder.is_dir() and {key: stamp.get(key) for key in wanted} == wanted:
        return folder, stamp["convert_s"], True
    stamp_path.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    convert_to(catalogue.path, folder)
    seconds = time.perf_counter() - start
    stamp_path.write_text(json.dumps({**wanted, "convert_s": seconds}, indent=2) + "\n")
    return folder, seconds, False


def ensure_hugo_site(catalogue: Catalogue, seed: int) -> tuple[Path, float, bool]:
    return ensure_converted("hugo", catalogue, seed, convert, converter_version(HUGO_SITE / "site.toml"))


# --- the plain Hugo site -----------------------------------------------------------------


def convert_plain(content: Path, out: Path) -> None:
    """Write the plain Hugo site for the catalogue in `content`: config (bench/hugo-plain/site.toml),
    home page, the term pages and the offer pages as convert() writes them, each supplier's
    supplier.yaml as a data file (data/suppliers/<supplier>.yaml, for its name and contact
    details on the offer pages) and our static files."""
    site = load(content / "site.yaml")
    tree = Tree(out)
    tree.write("config.toml", hugo_config(site, HUGO_PLAIN_SITE))
    tree.write("content/_index.md", page({"title": site["title"]}))
    write_terms(site, tree)
    for folder in sorted((content / "suppliers").iterdir()):
        source = folder / "supplier.yaml"
        tree.write(f"data/suppliers/{folder.name}.yaml", source.read_text(encoding="utf-8"), source)
        for path in sorted((folder / "offers").glob("*.yaml")):
            target = HUGO_LAYOUT.offer.format(supplier=folder.name, offer=path.stem)
            tree.write(target, HUGO_LAYOUT.offer_page(folder.name, path), path)
    for asset in sorted((ROOT / "static").iterdir()):
        if asset.is_file():
            tree.write(HUGO_LAYOUT.asset.format(name=asset.name), asset.read_text(encoding="utf-8"))


def ensure_hugo_plain_site(catalogue: Catalogue, seed: int) -> tuple[Path, float, bool]:
    version = converter_version(HUGO_PLAIN_SITE / "site.toml")
    return ensure_converted("hugo-plain", catalogue, seed, convert_plain, version)


# --- the Eleventy site -------------------------------------------------------------------


def convert_eleventy(content: Path, out: Path) -> None:
    """Write an Eleventy site for the catalogue in `content`: a copy of bench/eleventy/site/ (templates,
    layouts, lookup tables), site.yaml as global data, and one Markdown page with YAML front matter
    per offer, supplier and organisation, at the path whose default permalink is the page's URL."""
    shutil.copytree(ELEVENTY / "site", out)
    tree = Tree(out)
    tree.write("_data/site.yaml", (content / "site.yaml").read_text(encoding="utf-8"), content / "site.yaml")
    tree.write("_data/build.json", json.dumps({"today": TODAY}) + "\n")
    write_content(content, tree, ELEVENTY_LAYOUT)


def eleventy_offer_page(supplier_id: str, path: Path) -> str:
    offer = load(path)
    modified = dt.datetime.fromtimestamp(int(path.stat().st_mtime), dt.UTC)
    fields = {
        "title": offer["title"],
        "summary": offer.get("summary"),
        "draft": True if offer.get("status") == "draft" else None,
        # Eleventy's page.date: "Last updated", the file's modification time as for Hugo and build.py
        # (Eleventy's own "Last Modified" date reads the inode change time, not the modification time).
        "date": modified,
        "supplier": supplier_id,
        "category": offer["category"],
        "areas": offer.get("areas"),
        "audiences": offer.get("audiences"),
        "delivery": offer.get("delivery"),
        "prices": offer.get("prices"),
        "keywords": offer.get("tags"),  # not "tags": Eleventy makes a collection of each tag
    }
    return offer_with_other_fields(fields, offer, {"tags"})


ELEVENTY_LAYOUT = Layout(
    supplier="suppliers/{supplier}.md",
    image="media/{supplier}/images/{name}",
    offer="offers/{supplier}/{offer}.md",
    organisation="organisations/{organisation}.md",
    asset="static/{name}",
    offer_page=eleventy_offer_page,
)


def ensure_eleventy_site(catalogue: Catalogue, seed: int) -> tuple[EleventySite, float, bool]:
    templates = sorted(path for path in (ELEVENTY / "site").rglob("*") if path.is_file())
    folder, seconds, reused = ensure_converted(
        "eleventy", catalogue, seed, convert_eleventy, converter_version(*templates)
    )
    base_url = load(catalogue.path / "site.yaml")["base_url"]
    return EleventySite(folder.resolve(), urlsplit(base_url).path or "/"), seconds, reused


# --- the peer ----------------------------------------------------------------------------


def run_commands(commands: list[list[str]], cwd: Path | None = None) -> bool:
    for command in commands:
        print("+ " + " ".join(command), file=sys.stderr)
        if subprocess.run(command, cwd=cwd, check=False).returncode != 0:
            print(f"peer: {' '.join(command)} failed", file=sys.stderr)
            return False
    return True


def install_hugo() -> bool:
    return run_commands([["apt-get", "update"], ["apt-get", "install", "-y", "hugo"]])


def install_eleventy() -> bool:
    """The node modules pinned in bench/eleventy/package-lock.json, into bench/eleventy/node_modules/."""
    if shutil.which("npm") is None:
        print("peer: npm is missing; install Node.js 20 and npm to get Eleventy", file=sys.stderr)
        return False
    return run_commands([["npm", "ci", "--no-audit", "--no-fund"]], cwd=ELEVENTY)


def eleventy_version() -> str:
    """Eleventy's version, or "" (with a hint) when it is not installed and so is skipped."""
    if shutil.which("node") is None or not ELEVENTY_CLI.is_file():
        print(ELEVENTY_HINT, file=sys.stderr)
        return ""
    return version(["node", str(ELEVENTY_CLI), "--version"])


def version(argv: list[str]) -> str:
    shown = subprocess.run(argv, capture_output=True, text=True, check=False)
    return (shown.stdout or shown.stderr).strip().splitlines()[0] if shown.returncode == 0 else ""


# --- reporting ---------------------------------------------------------------------------


HEADING = (
    f"{'offers':>7}  {'tool':<20} {'median s':>9} {'min s':>8} {'cpu s':>8} {'peak MB':>8}"
    f" {'HTML pages':>11} {'files':>7} {'MB':>7}"
)


def row(result: Result) -> str:
    head = f"{result.offers:>7}  {result.tool:<20}"
    if not result.ok:
        return f"{head} {result.status}"
    times = f"{result.median():>9.2f} {result.min_s:>8.2f} {result.median('cpu_seconds'):>8.2f}"
    size = (
        "" if result.files is None else f" {result.html_pages:>11} {result.files:>7} {result.megabytes:>7.1f}"
    )
    return f"{head} {times} {result.peak_mb:>8.0f}{size}"


def ratios(results: dict[str, Result]) -> list[dict[str, Any]]:
    found = []
    for (ours, peer), target in TARGETS.items():
        a, b = results[ours].median(), results[peer].median()
        cpu_a, cpu_b = results[ours].median("cpu_seconds"), results[peer].median("cpu_seconds")
        found.append(
            {
                "ratio": f"{ours} / {peer}",
                "wall": a / b if a and b else None,
                "cpu": cpu_a / cpu_b if cpu_a and cpu_b else None,
                "target": target,
            }
        )
    return found


def ratio_lines(offers: int, found: list[dict[str, Any]]) -> list[str]:
    lines = []
    for item in found:
        if item["wall"] is None:
            lines.append(f"{offers:>7}  {item['ratio']}: n/a")
            continue
        verdict = "meets" if item["wall"] <= item["target"] else "misses"
        lines.append(
            f"{offers:>7}  {item['ratio']:<34} {item['wall']:>5.2f} wall, {item['cpu']:>5.2f} cpu"
            f"  (target ≤ {item['target']:.1f}: {verdict})"
        )
    return lines


def load_text(averages: tuple[float, float, float]) -> str:
    return f"{averages[0]:.2f} {averages[1]:.2f} {averages[2]:.2f}"


def load_summary(before: tuple[float, float, float], after: tuple[float, float, float]) -> str:
    """Load averages around one size's runs, which themselves add about 2 (each build uses both cores)."""
    cpus = os.cpu_count() or 1
    busy = f"; busy before we started (1-minute load above {cpus} cores)" if before[0] > cpus else ""
    return f"load average (1, 5, 15 min) {load_text(before)} before, {load_text(after)} after{busy}"


# --- command line ------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Time build.py against Hugo (+ Pagefind) and Eleventy on generated catalogues."
    )
    parser.add_argument(
        "--sizes", type=sizes, default=[1000, 10000], help="offers per catalogue (1000,10000)"
    )
    parser.add_argument(
        "--repeat", type=positive, default=3, help="cold runs per tool; the median is reported (3)"
    )
    parser.add_argument(
        "--install",
        action="store_true",
        help="install Hugo (apt-get, as root) and Eleventy (npm ci in bench/eleventy) first",
    )
    parser.add_argument("--seed", type=int, default=42, help="generator seed (42)")
    parser.add_argument("--json", type=Path, default=OUT / "peer.json", help="where to write results")
    parser.add_argument(
        "--peers",
        type=peer_names,
        default=list(PEERS),
        help=f"the peers to run besides ours, comma-separated ({','.join(PEERS)})",
    )
    return parser


def peer_names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in PEERS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown peer {unknown[0]!r}; choose from {', '.join(PEERS)}")
    return names


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.install and not (install_hugo() and install_eleventy()):
        return 2
    if shutil.which("hugo") is None:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    hugo_version = version(["hugo", "version"])
    pagefind_version = version([sys.executable, "-m", "pagefind", "--version"])
    if not pagefind_version:
        print(
            "peer: Pagefind is missing; install the project's requirements (pagefind[bin]).", file=sys.stderr
        )
        return 2
    eleventy_shown = eleventy_version()
    OUT.mkdir(parents=True, exist_ok=True)
    sections, table, report_sizes = [], [HEADING], []
    for offers in args.sizes:
        catalogue = ensure_catalogue(offers, args.seed)
        source, convert_s, reused = ensure_hugo_site(catalogue, args.seed)
        plain, plain_convert_s, plain_reused = ensure_hugo_plain_site(catalogue, args.seed)
        eleventy, eleventy_convert_s, eleventy_reused = (
            ensure_eleventy_site(catalogue, args.seed) if eleventy_shown else (None, None, False)
        )
        done = [
            f"catalogue-{offers}: {'reused' if catalogue.reused else 'generated'}",
            f"hugo-{offers}: {'reused, converted' if reused else 'converted'} in {convert_s:.2f} s",
            f"hugo-plain-{offers}: {'reused, converted' if plain_reused else 'converted'}"
            f" in {plain_convert_s:.2f} s",
        ]
        if eleventy_convert_s is not None:
            how = "reused, converted" if eleventy_reused else "converted"
            done.append(f"eleventy-{offers}: {how} in {eleventy_convert_s:.2f} s")
        print("; ".join(done), file=sys.stderr)
        load_before = os.getloadavg()
        results = {tool: Result(offers, tool) for tool in TOOLS}
        for number in range(args.repeat):
            one_round(
                catalogue, source.resolve(), plain.resolve(), eleventy, results, number == 0, args.peers
            )
            print(
                f"  round {number + 1}/{args.repeat}: load average {load_text(os.getloadavg())}",
                file=sys.stderr,
            )
        load_after = os.getloadavg()
        table += [row(results[tool]) for tool in TOOLS]
        found = ratios(results)
        sections += ratio_lines(offers, found)
        sections.append(f"{offers:>7}  {load_summary(load_before, load_after)}")
        report_sizes.append(
            {
                "offers": offers,
                "catalogue": str(catalogue.path.relative_to(ROOT)),
                "hugo_site": str(source.relative_to(ROOT)),
                "convert_s": convert_s,
                "hugo_plain_site": str(plain.relative_to(ROOT)),
                "hugo_plain_convert_s": plain_convert_s,
                "eleventy_site": None if eleventy is None else str(eleventy.source.relative_to(ROOT)),
                "eleventy_convert_s": eleventy_convert_s,
                "load_before": load_before,
                "load_after": load_after,
                "results": [results[tool].as_json() for tool in TOOLS],
                "ratios": found,
            }
        )
    print("\n".join(table))
    print("\n".join(sections))
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "hugo": hugo_version,
        "pagefind": pagefind_version,
        "eleventy": eleventy_shown or None,
        "node": version(["node", "--version"]) if eleventy_shown else None,
        "seed": args.seed,
        "repeat": args.repeat,
        "today": TODAY,
        "sizes": report_sizes,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"results written to {args.json}", file=sys.stderr)
    failed = any(r["status"].startswith("failed") for size in report_sizes for r in size["results"])
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
