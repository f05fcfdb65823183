"""The build: the one orchestrator that lists the stages in order.

check -> model -> render pages and exports (in memory) -> write into a fresh folder
beside the output -> index for search -> swap the new folder in. Nothing is written
until everything has been read and checked, and the old site stays until the new one
is complete.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .exports import atom_feed, offers_csv, offers_json, robots, sitemap
from .model import Catalogue, build_catalogue
from .pages import list_pages
from .problems import ContentError
from .render import make_environment
from .schemas import SCHEMA_FILES, schema_text
from .validate import CheckResult, check_content

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


class BuildError(Exception):
    """The build could not finish for a reason other than content (disk, Pagefind...)."""


@dataclass
class BuildOptions:
    content: Path
    out: Path
    content_display: str = "content"
    base_url: str | None = None
    drafts: bool = False
    today: dt.date = field(default_factory=dt.date.today)
    search: bool = True
    templates: Path = PROJECT_DIR / "templates"
    static: Path = PROJECT_DIR / "static"
    preview: bool = False
    quiet: bool = False


@dataclass
class BuildResult:
    check: CheckResult
    pages: int
    offers: int
    files: int
    seconds: float


def build_site(options: BuildOptions) -> BuildResult:
    """Check, render and publish the whole site into options.out."""
    started = time.perf_counter()
    check = check_content(options.content, options.content_display, options.today)
    if check.errors:
        raise ContentError(check.problems)
    catalogue = build_catalogue(check, options.today, options.drafts)
    base_url = site_base_url(options.base_url or catalogue.site.base_url)
    files = render_site(catalogue, options, base_url)
    _progress(options, f"writing {len(files)} files")
    publish(files, catalogue, options)
    pages = sum(name.endswith(".html") for name in files)
    return BuildResult(check, pages, len(catalogue.current_offers), len(files), time.perf_counter() - started)


def site_base_url(url: str) -> str:
    """The absolute URL of the site root, always ending in a slash ('/' when unknown)."""
    return url.rstrip("/") + "/" if url else "/"


def base_path(base_url: str) -> str:
    return urlsplit(base_url).path or "/"


def render_site(catalogue: Catalogue, options: BuildOptions, base_url: str) -> dict[str, bytes]:
    """Every output file, in memory: pages, exports, schemas."""
    environment = make_environment([options.templates], catalogue.site)
    pages = list(list_pages(catalogue, base_path(base_url)))
    _progress(options, f"rendering {len(pages)} pages")
    files: dict[str, bytes] = {}
    common = {
        "base_url": base_url,
        "base_path": base_path(base_url),
        "today": catalogue.today,
        "drafts": options.drafts,
        "preview": options.preview,
    }
    for page in pages:
        template = environment.get_template(page.template)
        context = {**common, **page.context, "page": page, "root": page.root_prefix()}
        files[page.path] = template.render(context).encode()
    current = catalogue.current_offers
    files["offers.json"] = offers_json(catalogue, current, base_url)
    files["offers.csv"] = offers_csv(current, base_url)
    files["feed.xml"] = atom_feed(catalogue, current, base_url)
    files["sitemap.xml"] = sitemap(pages, base_url)
    files["robots.txt"] = robots(base_url)
    for name in SCHEMA_FILES:
        files[f"schema/{name}.schema.json"] = schema_text(name).encode()
    return files


def publish(files: dict[str, bytes], catalogue: Catalogue, options: BuildOptions) -> None:
    """Write into a fresh folder beside the output, index it, then swap it in."""
    out = options.out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted(out)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    try:
        _write_files(staging, files)
        _copy_static(options.static, staging / "static")
        _copy_images(catalogue, options.content, staging)
        if options.search:
            _progress(options, "indexing for search")
            index_search(staging)
        swap_in(staging, out)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(
            f"could not write the site: {error.strerror or error} ({error.filename or out})"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def recover_interrupted(out: Path) -> None:
    """Undo what a killed build left: restore a moved-away site, remove stale staging folders."""
    for leftover in out.parent.glob(f".{out.name}.*-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
            continue
        if ".previous-" in leftover.name and not out.exists():
            leftover.rename(out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(staging: Path, out: Path) -> None:
    previous = out.parent / f".{out.name}.previous-{os.getpid()}"
    if out.exists():
        out.rename(previous)
    staging.rename(out)
    shutil.rmtree(previous, ignore_errors=True)


def _write_files(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _copy_static(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, symlinks=False, ignore=shutil.ignore_patterns(".*"))


def _copy_images(catalogue: Catalogue, content: Path, staging: Path) -> None:
    """Copy only the images content refers to; their paths were checked by validation."""
    for supplier in catalogue.suppliers.values():
        folder = content / "suppliers" / supplier.id
        wanted = [supplier.logo, *(o.image for o in supplier.offers)]
        for name in filter(None, wanted):
            target = staging / "media" / supplier.id / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / name, target, follow_symlinks=False)
    for organisation in catalogue.organisations.values():
        if organisation.logo:
            target = staging / "media" / "organisations" / organisation.logo
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(content / "organisations" / organisation.logo, target, follow_symlinks=False)


def index_search(folder: Path) -> None:
    """Run the Pagefind CLI over the staged site."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-subdir", "pagefind"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BuildError(f"search indexing could not run: {error}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BuildError("search indexing failed (Pagefind): " + " / ".join(detail))


def _progress(options: BuildOptions, message: str) -> None:
    if not options.quiet:
        print(f"  {message}…", file=sys.stderr, flush=True)
