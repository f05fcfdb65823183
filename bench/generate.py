"""Generate a large, realistic content tree for benchmarks and tests.

    python bench/generate.py --offers 10000 --out bench/out/catalogue-10000 [--seed 42]

The same offers count and seed always give byte-identical files. Every file passes
`build.py check --today 2026-11-23` with no errors and no warnings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import zip_longest
from pathlib import Path
from typing import Any

import yaml

CORPUS_FILE = Path(__file__).with_name("corpus.yaml")
OFFERS_PER_SUPPLIER = 5
OFFERS_PER_ORGANISATION = 50
MIN_ORGANISATIONS = 2
ID_MAX = 60
WRAP_AT = 88
DESCRIPTION_WORDS = (100, 250)

# Dates are fixed, not taken from the clock, so that `check --today 2026-11-23` finds nothing
# to warn about however long after generation it runs.
TODAY = dt.date(2026, 11, 23)
EARLIEST_UPDATE = dt.date(2025, 12, 1)
LATEST_UPDATE = dt.date(2026, 11, 20)
EARLIEST_UNTIL = dt.date(2027, 1, 15)


def generator_version() -> str:
    """A digest of the generator and its corpus: equal digests make equal catalogues."""
    digest = hashlib.sha256()
    for source in (Path(__file__), CORPUS_FILE):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def supplier_count(offers: int) -> int:
    return max(1, math.ceil(offers / OFFERS_PER_SUPPLIER))


def organisation_count(offers: int) -> int:
    return max(MIN_ORGANISATIONS, offers // OFFERS_PER_ORGANISATION)


# --- YAML text ---------------------------------------------------------------------------


class Plain(str):
    """Text written without quotes: numbers and dates already formatted as the schema wants."""


class Quoted(str):
    """Text always written in quotes, as the contributor guide asks for phone and registration numbers."""


_YAML_WORDS = ("y", "n", "yes", "no", "on", "off", "true", "false", "null")
_NEEDS_QUOTES = re.compile(r"^[^A-Za-z]|[#\n]|: |:$|\s$")


@cache
def _text_scalar(text: str) -> str:
    """Plain when YAML reads it unquoted as the same text (a conservative test), else quoted."""
    if text.lower() in _YAML_WORDS or _NEEDS_QUOTES.search(text):
        return json.dumps(text, ensure_ascii=False)
    return text


def scalar(value: Any) -> str:
    """One value as YAML, quoted whenever YAML could read the text as anything but text."""
    if type(value) is str:
        return _text_scalar(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Plain):
        return str(value)
    if isinstance(value, Quoted):
        return json.dumps(str(value), ensure_ascii=False)
    return _text_scalar(str(value))


def to_yaml(document: dict[str, Any]) -> str:
    lines: list[str] = []
    _mapping_lines(document, 0, lines)
    return "\n".join(lines) + "\n"


def _mapping_lines(mapping: dict[str, Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            _mapping_lines(value, indent + 2, lines)
        elif isinstance(value, list):
            lines.append(f"{pad}{key}:")
            _sequence_lines(value, indent + 2, lines)
        elif isinstance(value, str) and "\n" in value:
            lines.append(f"{pad}{key}: |")
            lines.extend(f"{pad}  {line}" if line else "" for line in value.rstrip("\n").split("\n"))
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")


def _sequence_lines(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            nested: list[str] = []
            _mapping_lines(item, indent + 2, nested)
            nested[0] = f"{pad}- {nested[0].lstrip()}"
            lines.extend(nested)
        else:
            lines.append(f"{pad}- {scalar(item)}")


def present(**fields: Any) -> dict[str, Any]:
    """The fields that have a value, in the order given."""
    return {name: value for name, value in fields.items() if value is not None}


# --- text --------------------------------------------------------------------------------


def slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    while len("-".join(words)) > ID_MAX and len(words) > 1:
        words.pop()
    return "-".join(words)[:ID_MAX]


_LINE = re.compile(rf"\S.{{0,{WRAP_AT - 2}}}\S(?= |$)|\S+")
_LINK_TEXT = re.compile(r"\[[^\]]*\]")
_UNBREAKABLE_SPACE = "\x00"


def wrap(text: str) -> str:
    """Lines of at most WRAP_AT characters (unless one word is longer); link text is never split."""
    if "[" in text:
        text = _LINK_TEXT.sub(lambda link: link.group().replace(" ", _UNBREAKABLE_SPACE), text)
    return "\n".join(_LINE.findall(text)).replace(_UNBREAKABLE_SPACE, " ")


def word_count(blocks: Sequence[Sequence[str]]) -> int:
    return sum(len(sentence.split()) for block in blocks for sentence in block)


def markdown(paragraphs: list[list[str]], bullets: list[str], bullets_after: int) -> str:
    """Paragraphs of wrapped sentences, then for some a lead line and bullet list after one of them."""
    blocks = [wrap(" ".join(sentences)) for sentences in paragraphs]
    if bullets:
        lead, *items = bullets
        blocks[bullets_after:bullets_after] = [lead, "\n".join(f"- {item}" for item in items)]
    return "\n\n".join(blocks) + "\n"


# --- the catalogue's shape ----------------------------------------------------------------


@dataclass
class Category:
    id: str
    label: str
    words: dict[str, Any]


@dataclass
class Region:
    id: str
    label: str
    children: list[dict[str, str]]


@dataclass
class Supplier:
    id: str
    name: str
    website: str
    region: Region
    categories: list[Category]
    areas: list[str]
    has_images: bool
    offer_ids: list[str] = field(default_factory=list)


@dataclass
class Corpus:
    """The vocabulary and sentence pools in corpus.yaml."""

    raw: dict[str, Any]
    categories: list[Category]
    regions: list[Region]

    @classmethod
    def load(cls) -> Corpus:
        raw = yaml.load(CORPUS_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        categories = [Category(c["id"], c["label"], c) for c in raw["categories"]]
        regions = [Region(r["id"], r["label"], r["children"]) for r in raw["regions"]]
        return cls(raw, categories, regions)

    @property
    def offer(self) -> dict[str, Any]:
        return self.raw["offer"]

    @property
    def audience_ids(self) -> list[str]:
        return [audience["id"] for audience in self.raw["audiences"]]

    def audience_phrase(self, audience_id: str) -> str:
        return next(a["phrase"] for a in self.raw["audiences"] if a["id"] == audience_id)

    @cached_property
    def user_names(self) -> list[str]:
        people = self.raw["people"]
        return [f"{first}-{last}" for first in people["first"] for last in people["last"]]

    @cached_property
    def child_areas(self) -> list[dict[str, str]]:
        return [child for region in self.regions for child in region.children]


class Catalogue:
    """Composes every document of a catalogue from one seeded random stream."""

    def __init__(self, corpus: Corpus, seed: int) -> None:
        self.corpus = corpus
        self.rng = random.Random(seed)
        self.used_ids: set[str] = set()

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    # random.choice and random.sample draw bits in Python loops; one float is several times faster.
    def pick(self, items: Sequence[Any]) -> Any:
        return items[int(self.rng.random() * len(items))]

    def shuffled(self, items: Sequence[Any]) -> list[Any]:
        return sorted(items, key=lambda _: self.rng.random())

    def some(self, items: Sequence[Any], low: int, high: int) -> list[Any]:
        return self.rng.sample(items, self.number(low, min(high, len(items))))

    def number(self, low: int, high: int, step: int = 1) -> int:
        return low + step * int(self.rng.random() * ((high - low) // step + 1))

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.number(0, (last - first).days))

    def unique_id(self, make_name: Callable[[], str]) -> tuple[str, str]:
        """A fresh (id, name); after a few clashes the name gets a number."""
        for _ in range(5):
            name = make_name()
            if slug(name) not in self.used_ids:
                break
        base, number = name, 2
        while slug(name) in self.used_ids:
            name, number = f"{base} {number}", number + 1
        self.used_ids.add(slug(name))
        return slug(name), name

    # --- site -----------------------------------------------------------------------------

    def site(self) -> dict[str, Any]:
        raw = self.corpus.raw
        return {
            **raw["site"],
            "categories": [
                {"id": c.id, "label": c.label, "description": c.words["description"]}
                for c in self.corpus.categories
            ],
            "areas": self.site_areas(),
            "audiences": [{"id": a["id"], "label": a["label"]} for a in raw["audiences"]],
        }

    def site_areas(self) -> list[dict[str, str]]:
        areas = []
        for region in self.corpus.regions:
            areas.append({"id": region.id, "label": region.label})
            areas += [{"id": c["id"], "label": c["label"], "parent": region.id} for c in region.children]
        return areas

    # --- suppliers ------------------------------------------------------------------------

    def new_supplier(self) -> Supplier:
        categories = self.some(self.corpus.categories, 1, 2)
        words = self.corpus.raw["supplier"]
        supplier_id, name = self.unique_id(
            lambda: " ".join(
                [
                    self.pick(words["places"]),
                    self.pick(categories[0].words["name_words"]),
                    self.pick(words["kinds"]),
                ]
            )
        )
        region = self.pick(self.corpus.regions)
        return Supplier(
            id=supplier_id,
            name=name,
            website=f"https://{supplier_id}.example.org",
            region=region,
            categories=categories,
            areas=self.supplier_areas(region),
            has_images=self.chance(0.3),
        )

    def supplier_areas(self, region: Region) -> list[str]:
        children = [child["id"] for child in region.children]
        if self.chance(0.3):
            return [region.id]
        areas = self.some(children, 2, 4)
        if self.chance(0.2):
            other = self.pick([r for r in self.corpus.regions if r is not region])
            areas.append(other.id)
        return areas

    def supplier(self, supplier: Supplier) -> dict[str, Any]:
        words = self.corpus.raw["supplier"]
        topic = self.pick(supplier.categories[0].words["topics"])
        summary = self.pick(words["summaries"]).format(
            kind=self.pick(["social enterprise", "co-operative", "charity"]),
            topic=topic,
            region=supplier.region.label,
        )
        return present(
            name=supplier.name,
            summary=summary,
            description=self.supplier_description(supplier) if self.chance(0.6) else None,
            legal_form=self.pick(words["legal_forms"]),
            registration_number=self.registration_number() if self.chance(0.6) else None,
            website=supplier.website if self.chance(0.7) else None,
            email=f"hello@{supplier.id}.example.org",
            phone=self.phone() if self.chance(0.6) else None,
            locality=self.pick(supplier.region.children)["label"] if self.chance(0.7) else None,
            areas=supplier.areas if self.chance(0.85) else None,
            logo="images/logo.svg" if supplier.has_images else None,
            logo_alt=f"{supplier.name} logo" if supplier.has_images else None,
            maintainers=self.some(self.corpus.user_names, 1, 3),
        )

    def supplier_description(self, supplier: Supplier) -> str:
        about = self.some(self.corpus.raw["supplier"]["about"], 2, 4)
        opening = self.pick(supplier.categories[0].words["opening"])
        paragraphs = [[opening, *about[:2]]] + ([about[2:]] if len(about) > 2 else [])
        # Some suppliers head their story, at whatever level they like: the page fits it in.
        heading = "### How we work\n\n" if len(about) == 4 else ""
        return heading + markdown(paragraphs, [], 0)

    def registration_number(self) -> Quoted:
        if self.chance(0.7):
            return Quoted(f"SC{self.number(0, 999999):06d}")
        return Quoted(str(self.number(1000000, 1199999)))

    def phone(self) -> Quoted:
        return Quoted(f"0141 496 {self.number(0, 999):04d}")

    # --- offers ---------------------------------------------------------------------------

    def offer_title(self, supplier: Supplier, category: Category) -> tuple[str, str]:
        for _ in range(20):
            title = self.pick(category.words["titles"])
            if self.chance(0.35):
                title += self.pick(self.corpus.offer["title_suffixes"])
            offer_id = slug(title)
            if offer_id not in supplier.offer_ids:
                return offer_id, title
        number = len(supplier.offer_ids) + 1
        return f"{slug(title)}-{number}", f"{title} ({number})"

    def offer(self, supplier: Supplier) -> tuple[str, dict[str, Any]]:
        category = self.pick(supplier.categories)
        offer_id, title = self.offer_title(supplier, category)
        supplier.offer_ids.append(offer_id)
        delivery = self.delivery()
        audiences = self.some(self.corpus.audience_ids, 1, 4) if self.chance(0.75) else None
        available_from = self.available_from() if self.chance(0.1) else None
        image_alt = self.image_alt(supplier)
        return offer_id, present(
            title=title,
            summary=self.offer_summary(title, category, audiences, delivery),
            description=self.offer_description(category, supplier.website),
            category=category.id,
            tags=self.tags(category) if self.chance(0.85) else None,
            prices=self.prices(),
            includes_vat=self.chance(0.3) if self.chance(0.4) else None,
            delivery=delivery,
            areas=self.some(supplier.areas, 1, 3) if "in_person" in delivery else None,
            audiences=audiences,
            group_size=self.group_size() if self.chance(0.7) else None,
            duration=self.pick(self.corpus.offer["durations"]) if self.chance(0.8) else None,
            languages=self.languages() if self.chance(0.55) else None,
            accessibility=self.maybe_choice("accessibility", 0.55),
            safeguarding=self.maybe_choice("safeguarding", 0.65),
            outcomes=self.some(category.words["outcomes"], 1, 3) if self.chance(0.7) else None,
            lead_time_days=self.pick([0, 2, 3, 7, 14, 21, 28, 42, 56]) if self.chance(0.6) else None,
            available_from=Plain(available_from.isoformat()) if available_from else None,
            available_until=self.available_until(available_from) if self.chance(0.08) else None,
            contact=self.contact(supplier) if self.chance(0.12) else None,
            image="images/activity.svg" if image_alt else None,
            image_alt=image_alt,
            status=self.status(),
        )

    def image_alt(self, supplier: Supplier) -> str | None:
        """The text alternative of the offer's image, for some offers of suppliers that have images."""
        return self.maybe_choice("image_alts", 0.3) if supplier.has_images else None

    def maybe_choice(self, pool: str, share: float) -> str | None:
        return self.pick(self.corpus.offer[pool]) if self.chance(share) else None

    def delivery(self) -> list[str]:
        roll = self.rng.random()
        if roll < 0.55:
            return ["in_person"]
        return ["online"] if roll < 0.75 else ["in_person", "online"]

    def status(self) -> str | None:
        roll = self.rng.random()
        if roll < 0.03:
            return "draft"
        return "published" if roll < 0.07 else None

    def offer_summary(
        self, title: str, category: Category, audiences: list[str] | None, delivery: list[str]
    ) -> str:
        words = self.corpus.offer
        how = "both" if len(delivery) == 2 else delivery[0]
        summary: str = self.pick(words["summaries"]).format(
            title=title,
            audience=self.corpus.audience_phrase(audiences[0]) if audiences else words["general_audience"],
            delivery=words["delivery_phrases"][how],
            tone=self.pick(words["tones"]),
            topic=self.pick(category.words["topics"]),
        )
        return summary if len(summary) <= 200 else f"{title}, {words['delivery_phrases'][how]}."

    def offer_description(self, category: Category, website: str) -> str:
        """100–250 words of Markdown: paragraphs, and for some offers a list, bold text and a link."""
        words = self.corpus.offer
        pools = [self.shuffled(category.words["opening"]), self.shuffled(category.words["activity"])]
        pools.append(self.shuffled(words["practical"]))
        paragraphs = [pool[:2] for pool in pools]
        if self.chance(0.3):
            paragraphs[2].append(self.pick(words["bold_sentences"]))
        if self.chance(0.25):
            paragraphs.append([self.pick(words["link_sentences"]).format(website=website)])
        bullets = self.bullets(category) if self.chance(0.4) else []
        spare = [
            (paragraph, sentence)
            for row in zip_longest(*(pool[2:] for pool in pools))
            for paragraph, sentence in enumerate(row)
            if sentence
        ]
        self.fill_to(paragraphs, bullets, spare, self.number(110, 235))
        return markdown(paragraphs, bullets, 2)

    def bullets(self, category: Category) -> list[str]:
        lead = self.pick(self.corpus.offer["list_leads"])
        return [lead, *self.some(category.words["included"], 3, 4)]

    def fill_to(
        self, paragraphs: list[list[str]], bullets: list[str], spare: list[tuple[int, str]], target: int
    ) -> None:
        """Add spare sentences until the description reaches the target length, never past the maximum."""
        # Counting each "- " marker as a word keeps the limit true however the words are counted.
        markers = max(len(bullets) - 1, 0)
        count = word_count(paragraphs) + word_count([bullets]) + markers
        for paragraph, sentence in spare:
            if count >= target:
                return
            if count + len(sentence.split()) <= DESCRIPTION_WORDS[1]:
                paragraphs[paragraph].append(sentence)
                count += len(sentence.split())

    def tags(self, category: Category) -> list[str]:
        tags = self.some(category.words["tags"], 2, 5)
        if self.chance(0.03):
            tags.append(self.pick(self.corpus.offer["tricky_tags"]))
        return tags

    def prices(self) -> list[dict[str, Any]]:
        roll = self.rng.random()
        count = 1 if roll < 0.55 else 2 if roll < 0.85 else 3
        labels = self.rng.sample(self.corpus.offer["price_labels"], count)
        prices = [self.price(labels[i] if count > 1 or self.chance(0.3) else None) for i in range(count)]
        if self.chance(0.07):
            prices[0] = self.free_price()
        return prices

    def price(self, label: str | None) -> dict[str, Any]:
        unit, low, high, step = self.pick(PRICE_RANGES)
        pence = self.number(low, high, step)
        if self.chance(0.1):
            pence += self.number(1, 99)
        notes = self.pick(self.corpus.offer["price_notes"]) if self.chance(0.5) else None
        return present(label=label, amount=amount(pence), unit=unit, notes=notes)

    def free_price(self) -> dict[str, Any]:
        words = self.corpus.offer
        notes = self.pick(words["free_notes"]) if self.chance(0.6) else None
        unit = self.pick(["per_session", "per_person", "fixed"])
        return present(label=self.pick(words["free_labels"]), amount=0, unit=unit, notes=notes)

    def group_size(self) -> dict[str, int]:
        low = self.number(1, 8)
        high = low + self.number(4, 22)
        roll = self.rng.random()
        if roll < 0.1:
            return {"min": low}
        return {"max": high} if roll < 0.4 else {"min": low, "max": high}

    def languages(self) -> list[str]:
        others = self.corpus.offer["languages"][1:]
        if self.chance(0.05):
            return self.some(others, 1, 2)
        return ["English", *self.some(others, 1, 2)] if self.chance(0.3) else ["English"]

    def available_from(self) -> dt.date:
        if self.chance(0.5):
            return self.day_between(dt.date(2025, 9, 1), dt.date(2026, 10, 31))
        return self.day_between(dt.date(2026, 12, 1), dt.date(2027, 4, 30))

    def available_until(self, available_from: dt.date | None) -> Plain:
        earliest = max(EARLIEST_UNTIL, (available_from or TODAY) + dt.timedelta(days=60))
        return Plain(self.day_between(earliest, earliest + dt.timedelta(days=330)).isoformat())

    def contact(self, supplier: Supplier) -> dict[str, Any]:
        name = self.pick(self.corpus.offer["contact_names"])
        first = name.split()[0].lower()
        return present(
            name=name if self.chance(0.8) else None,
            email=f"{first}@{supplier.id}.example.org",
            phone=self.phone() if self.chance(0.5) else None,
            url=f"{supplier.website}/book" if self.chance(0.4) else None,
        )

    # --- organisations --------------------------------------------------------------------

    def organisation(self, offer_keys: list[str]) -> tuple[str, dict[str, Any]]:
        words = self.corpus.raw["organisation"]
        area = self.pick(self.corpus.child_areas)
        kind = self.pick(words["kinds"])
        organisation_id, name = self.unique_id(lambda: f"{area['label']} {kind}")
        audiences = self.some(self.corpus.audience_ids, 1, 3) if self.chance(0.7) else None
        summary = self.pick(words["summaries"]).format(
            area=area["label"],
            kind=kind.lower(),
            audience=self.corpus.audience_phrase(audiences[0]) if audiences else "local people",
        )
        return organisation_id, present(
            name=name,
            summary=summary,
            description=markdown([self.some(words["about"], 2, 4)], [], 0) if self.chance(0.6) else None,
            area=area["id"],
            audiences=audiences,
            interests=self.some([c.id for c in self.corpus.categories], 1, 3) if self.chance(0.7) else None,
            budget={"amount": self.number(250, 5000, 50)} if self.chance(0.75) else None,
            website=f"https://{organisation_id}.example.org" if self.chance(0.4) else None,
            email=f"contact@{organisation_id}.example.org" if self.chance(0.7) else None,
            maintainers=self.some(self.corpus.user_names, 1, 2) if self.chance(0.5) else None,
            feedback=self.feedback(offer_keys) if offer_keys and self.chance(0.4) else None,
        )

    def feedback(self, offer_keys: list[str]) -> list[dict[str, Any]]:
        comments = self.corpus.raw["organisation"]["comments"]
        return [
            {
                "offer": offer,
                "date": Plain(self.day_between(EARLIEST_UPDATE, LATEST_UPDATE).isoformat()),
                "comment": self.pick(comments),
            }
            for offer in self.some(offer_keys, 1, 3)
        ]


PRICE_RANGES = [
    ("per_session", 4000, 40000, 500),
    ("per_block", 30000, 250000, 1000),
    ("per_person", 500, 6000, 50),
    ("per_hour", 2500, 8000, 250),
    ("per_day", 15000, 70000, 1000),
    ("per_group", 8000, 60000, 500),
    ("fixed", 10000, 300000, 1000),
]


def amount(pence: int) -> int | Plain:
    return pence // 100 if pence % 100 == 0 else Plain(f"{pence / 100:.2f}")


def offers_per_supplier(rng: random.Random, offers: int) -> list[int]:
    """About five offers each, varied in pairs (5+d, 5-d) so the total is exact."""
    counts = [OFFERS_PER_SUPPLIER] * supplier_count(offers)
    for index in range(0, len(counts) - 1, 2):
        shift = rng.randint(0, 3)
        counts[index] += shift
        counts[index + 1] -= shift
    counts[-1] += offers - sum(counts)
    if counts[-1] < 1:
        counts[0] += counts[-1] - 1
        counts[-1] = 1
    return counts


def is_listed(offer: dict[str, Any]) -> bool:
    """Published and already available: an offer an organisation could have taken up."""
    starts = offer.get("available_from")
    return offer.get("status") != "draft" and (starts is None or str(starts) <= TODAY.isoformat())


# --- writing ----------------------------------------------------------------------------


class TreeWriter:
    """Writes files under one folder, each with a modification time within the last year."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.folders: set[str] = set()

    def write(self, relative: str, text: str) -> None:
        folder, _, _ = relative.rpartition("/")
        if folder not in self.folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)
        descriptor = os.open(self.root / relative, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            unwritten = memoryview(text.encode("utf-8"))
            while unwritten:
                unwritten = unwritten[os.write(descriptor, unwritten) :]
            modified = self.modified()
            os.utime(descriptor, (modified, modified))
        finally:
            os.close(descriptor)

    def modified(self) -> float:
        """Outside git, "last updated" is a file's mtime: keep it recent so no offer looks stale."""
        return self.rng.randint(_timestamp(EARLIEST_UPDATE), _timestamp(LATEST_UPDATE))


def _timestamp(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp())


def image_svg(supplier: Supplier, kind: str) -> str:
    initials = "".join(word[0] for word in supplier.name.split()[:3])
    hue = int(hashlib.sha256(supplier.id.encode()).hexdigest()[:2], 16) * 360 // 256
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="200" viewBox="0 0 320 200">'
        f'<rect width="320" height="200" fill="hsl({hue}, 45%, 40%)"/>'
        f'<text x="160" y="115" font-family="sans-serif" font-size="48" fill="#fff" '
        f'text-anchor="middle">{initials}</text><desc>{kind}</desc></svg>\n'
    )


def generate(out: Path, offers: int, seed: int = 42) -> None:
    """Write a complete content tree with `offers` offers into out, which must be empty or absent."""
    if offers < 1:
        raise ValueError("offers must be at least 1")
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; choose a new folder or remove it first")
    catalogue = Catalogue(Corpus.load(), seed)
    writer = TreeWriter(out, random.Random(seed + 1))
    writer.write("site.yaml", to_yaml(catalogue.site()))
    listed = write_suppliers(catalogue, writer, offers_per_supplier(catalogue.rng, offers))
    for _ in range(organisation_count(offers)):
        organisation_id, data = catalogue.organisation(listed)
        writer.write(f"organisations/{organisation_id}.yaml", to_yaml(data))


def write_suppliers(catalogue: Catalogue, writer: TreeWriter, counts: list[int]) -> list[str]:
    """Write every supplier and its offers; return the keys of the listed offers."""
    listed = []
    for count in counts:
        supplier = catalogue.new_supplier()
        folder = f"suppliers/{supplier.id}"
        writer.write(f"{folder}/supplier.yaml", to_yaml(catalogue.supplier(supplier)))
        if supplier.has_images:
            writer.write(f"{folder}/images/logo.svg", image_svg(supplier, "logo"))
            writer.write(f"{folder}/images/activity.svg", image_svg(supplier, "activity"))
        for _ in range(count):
            offer_id, data = catalogue.offer(supplier)
            writer.write(f"{folder}/offers/{offer_id}.yaml", to_yaml(data))
            if is_listed(data):
                listed.append(f"{supplier.id}/{offer_id}")
    return listed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a benchmark content tree.")
    parser.add_argument("--offers", type=int, required=True, help="number of offers")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (must be empty or absent)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        generate(args.out, args.offers, args.seed)
    except (FileExistsError, ValueError) as error:
        print(f"generate: {error}", file=sys.stderr)
        return 2
    print(
        f"wrote {args.offers} offers, {supplier_count(args.offers)} suppliers and "
        f"{organisation_count(args.offers)} organisations to {args.out} "
        f"in {time.perf_counter() - start:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
