"""A two-language build beside a one-language build of the same generated catalogue.

    .venv/bin/python bench/languages.py                      # 1,000 offers, 3 runs of each, alternating
    .venv/bin/python bench/languages.py --offers 300 --repeat 5 --no-search

It generates a catalogue (bench/generate.py), then a copy of it in two languages: site.yaml
lists English and Welsh, and every offer, supplier and vocabulary entry has a Welsh
translation of the same length as its English (each word of it with a Welsh word in its place,
so that the Welsh pages and the Welsh search index are as big as the English). Then it builds
each from nothing, alternately, and prints the median wall and CPU seconds of each and their
ratio. Everything is written under bench/out/, which git ignores.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

from catalogue.content.translations import TRANSLATABLE

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
TODAY = "2026-11-23"
# Welsh words cycled in place of each English word of a translated text: the pages and the
# index get as much text in Welsh as in English, in words Pagefind has not seen in English.
WELSH = [
    "mae",
    "cynnig",
    "llesiant",
    "cymunedol",
    "grŵp",
    "sesiwn",
    "wythnos",
    "pobl",
    "lleol",
    "am",
    "ddim",
    "gweithgaredd",
    "cerdded",
    "canu",
    "coginio",
    "celf",
    "sgwrs",
    "cefnogaeth",
    "gyda",
    "chi",
    "ni",
    "nhw",
    "heddiw",
    "yfory",
    "hefyd",
    "iawn",
]


def welsh(text: str) -> str:
    """A text of the same shape in Welsh words: each word replaced, Markdown marks kept."""
    words = itertools.cycle(WELSH)
    return "".join(next(words) if part.isalpha() else part for part in _split(text))


def _split(text: str) -> list[str]:
    parts: list[str] = []
    for char in text:
        if parts and parts[-1].isalpha() == char.isalpha():
            parts[-1] += char
        else:
            parts.append(char)
    return parts


def translate_file(path: Path, fields: tuple[str, ...]) -> None:
    """Append a Welsh translations block holding the file's translatable fields."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    block: dict[str, object] = {}
    for name in fields:
        value = data.get(name)
        if isinstance(value, str):
            block[name] = welsh(value)
        elif isinstance(value, list) and name != "prices":
            block[name] = [welsh(str(v)) for v in value]
    if "prices" in fields and isinstance(data.get("prices"), list):
        block["prices"] = [{k: welsh(p[k]) for k in ("label", "notes") if p.get(k)} for p in data["prices"]]
    text = yaml.safe_dump({"translations": {"cy": block}}, allow_unicode=True, sort_keys=False, width=1000)
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def bilingual_copy(source: Path, target: Path) -> None:
    """The catalogue in English and Welsh, every file translated."""
    shutil.copytree(source, target)
    site = target / "site.yaml"
    data = yaml.safe_load(site.read_text(encoding="utf-8"))
    data["languages"] = [{"code": "en", "label": "English"}, {"code": "cy", "label": "Cymraeg"}]
    data["translations"] = {"cy": {"title": welsh(data["title"])}}
    for section in ("categories", "areas", "audiences"):
        for item in data[section]:
            item["translations"] = {"cy": {"label": welsh(item["label"])}}
    site.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for offer in target.glob("suppliers/*/offers/*.yaml"):
        translate_file(offer, TRANSLATABLE["offer"])
    for supplier in target.glob("suppliers/*/supplier.yaml"):
        translate_file(supplier, TRANSLATABLE["supplier"])


def build(content: Path, run: Path, search: bool) -> tuple[float, float]:
    """One cold build in a new folder: its wall and CPU seconds."""
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content)]
    command += ["--out", str(run / "site"), "--today", TODAY, "--quiet"] + ([] if search else ["--no-search"])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=run, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-search", dest="search", action="store_false")
    args = parser.parse_args(argv)
    one = OUT / f"catalogue-{args.offers}"
    two = OUT / f"catalogue-{args.offers}-cy"
    if not one.exists():
        generate = [sys.executable, str(ROOT / "bench/generate.py"), "--offers", str(args.offers)]
        subprocess.run([*generate, "--out", str(one)], check=True, stdout=subprocess.DEVNULL)
    if not two.exists():
        bilingual_copy(one, two)
    times: dict[str, list[tuple[float, float]]] = {"one language": [], "two languages": []}
    for index in range(args.repeat):
        for name, content in (("one language", one), ("two languages", two)):
            times[name].append(
                build(content, OUT / f"languages-{name.split()[0]}" / f"run-{index}", args.search)
            )
    medians = {
        name: tuple(statistics.median(t[i] for t in runs) for i in (0, 1)) for name, runs in times.items()
    }
    search = "with search" if args.search else "without search"
    print(f"{args.offers} offers, {search}, {args.repeat} runs each (median wall s / median cpu s):")
    for name, (wall, cpu) in medians.items():
        print(f"  {name:14} {wall:6.2f} s  {cpu:6.2f} cpu s")
    wall_ratio = medians["two languages"][0] / medians["one language"][0]
    cpu_ratio = medians["two languages"][1] / medians["one language"][1]
    print(f"  ratio          {wall_ratio:6.2f}x   {cpu_ratio:6.2f}x cpu (target: at most 2.2x)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
