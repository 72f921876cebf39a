"""How well the theme rules (reports/themes.py) agree with themes chosen by hand.

Two sets of hand-chosen themes: the curated findings (fixtures/findings.json) and a hand-checked
sample of ingested findings (docs/theme-sample.json, where each finding's first theme is its main
subject, and `round` says when it was checked: the rules were tuned on round 1, and round 2 was
checked after they were frozen). Reads the JSON files directly; needs no database.
"""

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.themes import assign_themes

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SAMPLE_FILE = Path(settings.BASE_DIR) / "docs" / "theme-sample.json"
REPORTS_DIR = FIXTURES / "reports"
# Each round of the sample: its random seed and how many findings of each kind it draws. A later
# round uses seed 2025 + its number and round 2's quota.
DRAWS = {
    1: (2026, {"strength": 22, "weakness": 22, "improvement": 14, "priority_action": 8}),
    2: (2027, {"strength": 13, "weakness": 13, "improvement": 9, "priority_action": 5}),
}
ROUNDS = {
    1: "the rules were tuned on these",
    2: "held out: checked after the rules were frozen",
}


@dataclass
class Item:
    label: str
    text: str
    themes: list[str]  # the hand-chosen themes, main subject first
    round: int | None = None


@dataclass
class Agreement:
    findings: int = 0
    primary_agree: int = 0
    exact: int = 0
    untagged: int = 0  # findings the rules give no theme
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    disagreements: list = field(default_factory=list)

    def add(self, item: Item, predicted: list[str]):
        truth, guess = set(item.themes), set(predicted)
        self.findings += 1
        self.primary_agree += bool(predicted) and predicted[0] == item.themes[0]
        self.exact += truth == guess
        self.untagged += not predicted
        for slug in truth & guess:
            self.tp[slug] += 1
        for slug in guess - truth:
            self.fp[slug] += 1
        for slug in truth - guess:
            self.fn[slug] += 1
        if truth != guess or predicted[:1] != item.themes[:1]:
            self.disagreements.append((item, predicted))

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def micro(self) -> tuple[float, float, float]:
        return self.prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))


def theme_slugs() -> list[str]:
    themes = json.loads((FIXTURES / "themes.json").read_text(encoding="utf-8"))
    return [t["fields"]["slug"] for t in sorted(themes, key=lambda t: t["fields"]["order"])]


def curated_items() -> list[Item]:
    themes = json.loads((FIXTURES / "themes.json").read_text(encoding="utf-8"))
    slug = {t["pk"]: t["fields"]["slug"] for t in themes}
    items = []
    for finding in json.loads((FIXTURES / "findings.json").read_text(encoding="utf-8")):
        fields = finding["fields"]
        primary = fields["primary_theme"]
        ordered = [primary] + [pk for pk in fields["themes"] if pk != primary]
        items.append(Item(f"finding {finding['pk']}", fields["text"], [slug[pk] for pk in ordered]))
    return items


def sample_items(path: Path = SAMPLE_FILE) -> list[Item]:
    if not path.exists():
        return []
    return [
        Item(
            f"{row['report']} {row['kind']} {row['order']}",
            row["text"],
            row["themes"],
            row.get("round"),
        )
        for row in json.loads(path.read_text(encoding="utf-8"))
        if row["themes"]
    ]


def draw_sample(seed: int, quota: dict[str, int], exclude: set = frozenset()) -> list[dict]:
    """A reproducible sample of ingested findings to check by hand, without themes.

    For each kind in turn, shuffle that kind's findings (one random generator for all kinds) and
    take them in that order, at most one from each report, until the quota is met.
    """
    rows = [
        {"report": path.name, "kind": f["kind"], "order": f["order"], "text": f["text"]}
        for path in sorted(REPORTS_DIR.glob("*.json"))
        for f in json.loads(path.read_text(encoding="utf-8"))["findings"]
        if (path.name, f["kind"], f["order"]) not in exclude
    ]
    rng = random.Random(seed)
    sample = []
    for kind, wanted in quota.items():
        pool = [row for row in rows if row["kind"] == kind]
        rng.shuffle(pool)
        reports = set()
        for row in pool:
            if len(reports) == wanted:
                break
            if row["report"] not in reports:
                reports.add(row["report"])
                sample.append(row)
    kinds = list(quota)
    return sorted(sample, key=lambda r: (r["report"], kinds.index(r["kind"]), r["order"]))


def measure(items: list[Item]) -> Agreement:
    agreement = Agreement()
    for item in items:
        agreement.add(item, assign_themes(item.text))
    return agreement


class Command(BaseCommand):
    help = "Print how well the theme rules agree with the hand-chosen themes."
    requires_system_checks = []  # reads JSON files only

    def add_arguments(self, parser):
        parser.add_argument(
            "--sample", default=str(SAMPLE_FILE), help="The hand-checked sample (JSON)."
        )
        parser.add_argument(
            "--disagreements", action="store_true", help="Also list each finding they differ on."
        )
        parser.add_argument(
            "--draw",
            type=int,
            metavar="ROUND",
            help="Print, as JSON, the findings a new round of the sample would check (without "
            "themes: decide them before looking at what the rules say), and stop.",
        )

    def handle(self, *args, sample, disagreements, draw, **options):
        if draw:
            self.draw(draw, Path(sample))
            return
        sets = [("Curated findings (fixtures/findings.json)", curated_items())]
        sets.append((f"Hand-checked sample ({Path(sample).name})", sample_items(Path(sample))))
        for title, items in sets:
            self.report(title, items, theme_slugs(), disagreements)

    def draw(self, number: int, sample: Path):
        earlier = json.loads(sample.read_text(encoding="utf-8")) if sample.exists() else []
        exclude = {(r["report"], r["kind"], r["order"]) for r in earlier if r["round"] < number}
        seed, quota = DRAWS.get(number, (2025 + number, DRAWS[2][1]))
        rows = draw_sample(seed, quota, exclude)
        self.stdout.write(json.dumps([{**r, "round": number} for r in rows], indent=2))

    @staticmethod
    def summary(a: Agreement) -> str:
        precision, recall, f1 = a.micro()
        return (
            f"micro precision {precision:.2f}, recall {recall:.2f}, F1 {f1:.2f}; "
            f"primary theme agrees {a.primary_agree}/{a.findings} "
            f"({a.primary_agree / a.findings:.0%}); exact same themes {a.exact}/{a.findings}; "
            f"no theme {a.untagged}"
        )

    def report(self, title: str, items: list[Item], slugs: list[str], disagreements: bool):
        write = self.stdout.write
        write(f"\n{title}")
        if not items:
            write("  no findings to measure")
            return
        a = measure(items)
        write(f"  findings: {a.findings}; hand-chosen tags: {sum(len(i.themes) for i in items)}")
        write(f"  {self.summary(a)}")
        rounds = sorted({i.round for i in items if i.round is not None})
        for number in rounds if len(rounds) > 1 else []:
            part = measure([i for i in items if i.round == number])
            write(f"  round {number}, {part.findings} findings ({ROUNDS.get(number, '')}):")
            write(f"    {self.summary(part)}")
        write(f"  {'theme':<34}{'hand':>5}{'rules':>6}{'both':>5}{'prec':>6}{'rec':>6}{'F1':>6}")
        for slug in slugs:
            tp, fp, fn = a.tp[slug], a.fp[slug], a.fn[slug]
            if not tp + fp + fn:
                continue
            p, r, f = a.prf(tp, fp, fn)
            write(f"  {slug:<34}{tp + fn:>5}{tp + fp:>6}{tp:>5}{p:>6.2f}{r:>6.2f}{f:>6.2f}")
        if disagreements:
            for item, predicted in a.disagreements:
                write(f"\n  {item.label}: hand {item.themes}; rules {predicted}\n    {item.text}")
