"""The reviewed themes of ingested findings (fixtures/theme_review.json), and how far two sets of
themes agree.

Each entry is keyed by the report's JSON file name, the finding's kind and its order, the same key
docs/theme-sample.json uses, so the review survives re-ingesting the reports. Its themes are the
primary theme first; [] means no theme fits. `load_reports` applies the review to the findings it
names; the others keep the keyword rules' themes (reports/themes.py).
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from reports.vocabulary import FindingKind

REVIEW_FILE = Path(settings.BASE_DIR) / "fixtures" / "theme_review.json"
THEMES_FILE = REVIEW_FILE.parent / "themes.json"
# The independent second review of a random sample, which gives the agreement figure.
SECOND_PASS_FILE = Path(settings.BASE_DIR) / "docs" / "theme-second-pass.json"
# Blind reviews of 150 other findings each, the site's themes judged against them
# (docs/themes.md); each drawn from the findings no earlier sample holds.
HELD_OUT_FILES = (
    SECOND_PASS_FILE.parent / "theme-heldout.json",
    SECOND_PASS_FILE.parent / "theme-heldout-2.json",
)
REQUIRED = {"report", "kind", "order", "themes"}
# `added_after_review`: themes given after the review, from its note (a theme added later).
OPTIONAL = {"note", "added_after_review"}

Key = tuple[str, str, int]  # (report file, kind, order)


class ReviewRejected(ValueError):
    """The review file is malformed; the message names the entry."""


def parse_review(data: bytes | str, known: set[str]) -> dict[Key, list[str]]:
    """Themes by finding key, checked whole: any bad entry rejects the file."""
    try:
        document = json.loads(data)
    except ValueError as error:
        raise ReviewRejected(f"not JSON: {error}") from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise ReviewRejected("it has no 'findings' list")
    reviewed: dict[Key, list[str]] = {}
    for number, entry in enumerate(document["findings"], 1):
        key = _key(number, entry)
        name = f"entry {number} ({' '.join(map(str, key))})"
        reason = _problem(entry, known)
        if reason is None and key in reviewed:
            reason = "the finding is reviewed twice"
        if reason:
            raise ReviewRejected(f"{name}: {reason}")
        reviewed[key] = list(entry["themes"])
    return reviewed


def _key(number: int, entry) -> Key:
    if not isinstance(entry, dict) or not REQUIRED <= entry.keys():
        raise ReviewRejected(f"entry {number}: it needs {sorted(REQUIRED)}")
    return (entry["report"], entry["kind"], entry["order"])


def _problem(entry: dict, known: set[str]) -> str | None:
    """Why the entry is malformed, or None. Checked in order, each assuming the ones before."""
    themes = entry["themes"]
    extra = sorted(map(str, entry.keys() - REQUIRED - OPTIONAL))
    checks = [
        (lambda: not extra, f"unknown keys {extra}"),
        (
            lambda: isinstance(entry["report"], str) and entry["report"].endswith(".json"),
            "report is not a .json file name",
        ),
        (
            lambda: isinstance(entry["kind"], str) and entry["kind"] in FindingKind.values,
            f"kind {entry['kind']!r} is not known",
        ),
        (
            lambda: type(entry["order"]) is int and entry["order"] > 0,
            "order is not a positive whole number",
        ),
        (
            lambda: isinstance(themes, list) and all(isinstance(s, str) for s in themes),
            "themes is not a list of slugs",
        ),
        (lambda: len(set(themes)) == len(themes), "a theme is given twice"),
        (lambda: isinstance(entry.get("note", ""), str), "note is not text"),
        (
            lambda: _slugs(entry.get("added_after_review", [])) <= set(themes),
            "added_after_review is not among its themes",
        ),
    ]
    for ok, reason in checks:
        if not ok():
            return reason
    unknown = [slug for slug in themes if slug not in known]
    return f"unknown theme {unknown[0]!r}" if unknown else None


def _slugs(value) -> set:
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        return set(value)
    return {None}  # never a subset of a list of slugs


def read_review(path: Path, known: set[str] | None = None) -> dict[Key, list[str]]:
    return parse_review(Path(path).read_bytes(), theme_slugs() if known is None else known)


def theme_slugs() -> list[str]:
    """The shipped themes' slugs, in their order: what a review may name. (A database that
    lacks one of them loads the finding without it, with a warning, as for the rules' themes.)"""
    themes = json.loads(THEMES_FILE.read_text(encoding="utf-8"))
    return [t["fields"]["slug"] for t in sorted(themes, key=lambda t: t["fields"]["order"])]


# -- agreement ------------------------------------------------------------------------------


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def kappa(a: set, b: set, n: int) -> float | None:
    """Cohen's kappa of two raters' yes/no over n items, given the items each said yes to; None
    where chance agreement is total (both say no, or both yes, to every item)."""
    both = len(a & b)
    neither = n - len(a | b)
    observed = (both + neither) / n
    pa, pb = len(a) / n, len(b) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    return None if chance == 1 else (observed - chance) / (1 - chance)


@dataclass
class Agreement:
    """How far `other`'s themes agree with `reference`'s over the same findings."""

    findings: int = 0
    same_primary: int = 0  # the same first theme (two findings with no theme agree)
    same_set: int = 0
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)  # other gives it, reference does not
    fn: Counter = field(default_factory=Counter)  # reference gives it, other does not
    tagged: dict = field(default_factory=dict)  # slug -> (reference's keys, other's keys)

    def micro(self) -> tuple[float, float, float]:
        return prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def kappa(self, slug: str) -> float | None:
        reference, other = self.tagged.get(slug, (set(), set()))
        return kappa(reference, other, self.findings)


def compare(reference: dict[Key, list[str]], other: dict[Key, list[str]]) -> Agreement:
    """Over the findings both hold."""
    agreement = Agreement()
    for key in reference.keys() & other.keys():
        truth, guess = reference[key], other[key]
        agreement.findings += 1
        agreement.same_primary += truth[:1] == guess[:1]
        agreement.same_set += set(truth) == set(guess)
        for slug in set(truth) | set(guess):
            in_reference, in_other = slug in truth, slug in guess
            agreement.tp[slug] += in_reference and in_other
            agreement.fp[slug] += in_other and not in_reference
            agreement.fn[slug] += in_reference and not in_other
            pair = agreement.tagged.setdefault(slug, (set(), set()))
            if in_reference:
                pair[0].add(key)
            if in_other:
                pair[1].add(key)
    return agreement
