"""Data releases: what a load changed since the data it started from.

Before loading, `snapshot()` reads a fingerprint of every inspection, finding and source: its
natural key (area slug and inspection date; the inspection's key, kind and order; the source's
slug) and a hash of its own fields (not its many-to-many links: a finding's themes, an
inspection's sources). After loading, `record()` compares the two and saves a DataRelease, or
none when nothing changed. Natural keys, not primary keys, because a load may
delete and recreate rows that are the same facts.

Every command that writes data runs inside `load()`, which does both and records the data
version (DataVersion.record: a fingerprint of the content, so an unchanged load keeps every
ETag). Inside another load (load_data's) it leaves that to the outermost, so one `load_data`
is one version and at most one release.
"""

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F

from reports.models import DataRelease, DataVersion, Finding, Inspection, Source
from reports.selectors.common import data_currency
from reports.vocabulary import ComparedWith

SUBJECTS = ("inspections", "findings", "sources")
CHANGES = ("added", "changed", "removed")
# The primary key and relations, which a load may renumber without changing a fact: the keys
# and the related slugs stand for them.
LEFT_OUT = {"id", "area", "inspection", "source", "primary_theme"}


_loading: ContextVar[bool] = ContextVar("loading", default=False)


@dataclass
class Loaded:
    """What `load()` recorded: both None when nested in another load, which records them."""

    version: DataVersion | None = None
    release: "DataRelease | None" = None

    @property
    def changed(self) -> bool:
        return self.version is not None and self.version.created


@contextmanager
def load():
    """Around a command's writes: one transaction, then the data version and the release."""
    if _loading.get():
        yield Loaded()
        return
    token = _loading.set(True)
    try:
        loaded = Loaded()
        with transaction.atomic():
            before = snapshot()
            yield loaded
            loaded.version = DataVersion.record()
            if loaded.version.created:
                loaded.release = record(before=before, version=loaded.version)
    finally:
        _loading.reset(token)


@dataclass
class Snapshot:
    inspections: dict[tuple, str] = field(default_factory=dict)
    findings: dict[tuple, str] = field(default_factory=dict)
    sources: dict[tuple, str] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        whole = json.dumps([sorted(getattr(self, s).items()) for s in SUBJECTS], default=str)
        return hashlib.sha256(whole.encode()).hexdigest()


def inspection_date(start, published, as_stated) -> str:
    """The date that names an inspection among its area's: its first day, else its
    publication, else the dates in a source's words."""
    day = start or published
    return day.isoformat() if day else as_stated


def _fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in LEFT_OUT]


def _hash(row: dict) -> str:
    return hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _fingerprints(queryset, fields: list[str], key, **related) -> dict[tuple, str]:
    rows = queryset.order_by().values(*fields, **{n: F(lookup) for n, lookup in related.items()})
    return {key(row): _hash(row) for row in rows}


def snapshot() -> Snapshot:
    """Every inspection, finding and source as keys and hashes, in three queries."""

    def of_inspection(row, prefix=""):
        return (
            row[f"{prefix}area_slug"],
            inspection_date(
                row[f"{prefix}start_date"], row[f"{prefix}published"], row[f"{prefix}as_stated"]
            ),
        )

    inspections = _fingerprints(
        Inspection.objects,
        _fields(Inspection),
        of_inspection,
        area_slug="area__slug",
        as_stated="dates_as_stated",
    )
    findings = _fingerprints(
        Finding.objects,
        _fields(Finding),
        lambda row: (*of_inspection(row, "i_"), row["kind"], row["order"]),
        i_area_slug="inspection__area__slug",
        i_start_date="inspection__start_date",
        i_published="inspection__published",
        i_as_stated="inspection__dates_as_stated",
        source_slug="source__slug",
        primary_theme_slug="primary_theme__slug",
    )
    sources = _fingerprints(Source.objects, _fields(Source), lambda row: (row["slug"],))
    return Snapshot(inspections=inspections, findings=findings, sources=sources)


def compare(before: dict[tuple, str], after: dict[tuple, str]) -> dict[str, list[tuple]]:
    common = before.keys() & after.keys()
    found = {
        "added": sorted(after.keys() - before.keys()),
        "changed": sorted(k for k in common if before[k] != after[k]),
        "removed": sorted(before.keys() - after.keys()),
    }
    return {change: keys for change, keys in found.items() if keys}


def _by_inspection(keys: list[tuple]) -> list[dict]:
    counts: dict[tuple, int] = {}
    for area, date, *_ in keys:
        counts[area, date] = counts.get((area, date), 0) + 1
    return [{"area": a, "date": d, "count": n} for (a, d), n in counts.items()]


def changes_between(before: Snapshot, after: Snapshot) -> dict:
    """The JSON a DataRelease keeps (its docstring gives the shape); {} if nothing changed."""
    shaped = {
        "inspections": lambda keys: [{"area": a, "date": d} for a, d in keys],
        "findings": _by_inspection,
        "sources": lambda keys: [slug for (slug,) in keys],
    }
    changes = {}
    for subject in SUBJECTS:
        found = compare(getattr(before, subject), getattr(after, subject))
        if found:
            changes[subject] = {change: shaped[subject](keys) for change, keys in found.items()}
    return changes


def record(*, before: Snapshot, version: DataVersion) -> DataRelease | None:
    """After a load: its release, or None if it changed no inspection, finding or source.

    The first release is counted against nothing; a later one against the data the load
    started from. That is the previous release's data unless something changed it in between
    (an import run on its own): those changes cannot be itemised, as a release keeps only a
    digest of its data, but the release says they happened, and is made even if the load
    itself changed nothing more."""
    if DataRelease.objects.filter(version=version).exists():
        return None  # the data is as that version's load left it: its release says so
    after = snapshot()
    previous = DataRelease.objects.order_by("-id").first()
    if previous is None:
        compared_with, before = ComparedWith.NOTHING, Snapshot()
    elif before.digest == previous.fingerprint:
        compared_with = ComparedWith.PREVIOUS
    else:
        compared_with = ComparedWith.CHANGED_SINCE
    changes = changes_between(before, after)
    if compared_with == ComparedWith.PREVIOUS and not changes:
        return None
    currency = data_currency()
    return DataRelease.objects.create(
        version=version,
        previous=previous,
        compared_with=compared_with,
        data_as_of=currency.national or currency.curated,
        changes=changes,
        fingerprint=after.digest,
    )


def counted(changes: dict) -> dict[str, dict[str, int]]:
    """How many of each subject each change touched: {"findings": {"added": 14}, …}."""
    return {
        subject: {
            change: sum(item.get("count", 1) if isinstance(item, dict) else 1 for item in items)
            for change, items in found.items()
        }
        for subject, found in changes.items()
    }


def count_lines(changes: dict) -> list[str]:
    """['3 inspections added', '14 findings added', '1 source changed']."""
    return [
        f"{n} {subject if n != 1 else subject[:-1]} {change}"
        for subject, found in counted(changes).items()
        for change, n in found.items()
    ]


def summary(changes: dict) -> str:
    return ", ".join(count_lines(changes)) or "nothing"


def described(release: DataRelease | None) -> str:
    """What a load says of its release."""
    if release is None:
        return "No inspection, finding or source changed, so no new release was recorded."
    if release.is_first:
        return f"First release: {summary(release.changes)}."
    between = " (the data had changed since the previous release)" * release.changed_in_between
    return f"New release: {summary(release.changes)}{between}."
