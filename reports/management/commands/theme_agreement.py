"""How far the reviews of findings' themes agree: the second review against the first, on its
random sample, and the keyword rules against the first review, on every reviewed finding.

Reads the JSON files directly (fixtures/theme_review.json, docs/theme-second-pass.json, the
reports' texts in fixtures/reports/); needs no database. docs/themes.md pastes its output.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from reports.importers.reports import FIXTURES_FOLDER
from reports.theme_review import (
    HELD_OUT_FILES,
    REVIEW_FILE,
    SECOND_PASS_FILE,
    Agreement,
    Key,
    compare,
    parse_review,
    prf,
    theme_slugs,
)
from reports.themes import assign_themes

# The earlier hand-checked sample (manage.py measure_themes), made by the rules' author.
SAMPLE_FILE = SECOND_PASS_FILE.parent / "theme-sample.json"


def added_after_review(path: Path = REVIEW_FILE) -> dict[Key, set[str]]:
    """Themes given after the review, by finding: the second reviewer never saw them."""
    entries = json.loads(path.read_text(encoding="utf-8"))["findings"]
    return {
        (e["report"], e["kind"], e["order"]): set(e["added_after_review"])
        for e in entries
        if e.get("added_after_review")
    }


def as_reviewed(reviewed: dict[Key, list[str]], added: dict[Key, set[str]]) -> dict:
    """The first review as its reviewers made it, without the themes added afterwards."""
    return {
        key: [slug for slug in themes if slug not in added.get(key, ())]
        for key, themes in reviewed.items()
    }


def rules_themes(folder: Path = FIXTURES_FOLDER) -> dict[Key, list[str]]:
    """What the keyword rules give each ingested finding's text today."""
    return {
        (path.name, f["kind"], f["order"]): assign_themes(f["text"])
        for path in sorted(folder.glob("*.json"))
        for f in json.loads(path.read_text(encoding="utf-8"))["findings"]
    }


def summary(a: Agreement) -> dict:
    """The headline figures, as fixtures/theme_review.json's `about` records them."""
    precision, recall, f1 = a.micro()
    kappas = [k for k in (a.kappa(slug) for slug in a.tagged) if k is not None]
    return {
        "findings": a.findings,
        "precision": round(precision, 2),
        "recall": round(recall, 2),
        "f1": round(f1, 2),
        "same_primary_theme": a.same_primary,
        "same_set_of_themes": a.same_set,
        "mean_kappa": round(sum(kappas) / len(kappas), 2) if kappas else None,
    }


def second_pass_agreement(review=REVIEW_FILE, second=SECOND_PASS_FILE) -> Agreement:
    known = set(theme_slugs())
    first = parse_review(Path(review).read_bytes(), known)
    return compare(
        as_reviewed(first, added_after_review(Path(review))),
        parse_review(Path(second).read_bytes(), known),
    )


def held_out_agreement(*, held_out: Path, review=REVIEW_FILE) -> Agreement:
    """The themes the site gives (the review, with the themes added after it) on the held-out
    findings, against the blind review: its precision is the share of the site's tags that
    reader also gave, its recall the share of the reader's tags the site has."""
    known = set(theme_slugs())
    reader = parse_review(Path(held_out).read_bytes(), known)
    site = parse_review(Path(review).read_bytes(), known)
    return compare(reader, {key: site[key] for key in reader})


class Command(BaseCommand):
    help = "Print how far the second theme review, and the keyword rules, agree with the first."
    requires_system_checks = []  # reads JSON files only

    def handle(self, *args, **options):
        slugs = theme_slugs()
        second = second_pass_agreement()
        self.report(
            "Second review against the first, on its random sample "
            f"({SECOND_PASS_FILE.name}; the first review taken as the reference)",
            second,
            slugs,
            kappa=True,
        )
        reviewed = parse_review(REVIEW_FILE.read_bytes(), set(slugs))
        rules = compare(reviewed, rules_themes())
        self.report(
            f"Keyword rules against the reviewed themes ({REVIEW_FILE.name}, every finding)",
            rules,
            slugs,
            kappa=False,
        )
        untagged = sum(not themes for themes in reviewed.values())
        self.stdout.write(f"  reviewed findings with no theme: {untagged}")
        for held_out in HELD_OUT_FILES:
            self.report(
                f"The site's themes against a blind review of findings it never saw "
                f"({held_out.name}; that review taken as the reference)",
                held_out_agreement(held_out=held_out),
                slugs,
                kappa=True,
            )
        sample = {
            (row["report"], row["kind"], row["order"]): row["themes"]
            for row in json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
        }
        self.report(
            f"The earlier hand-checked sample ({SAMPLE_FILE.name}) against the review",
            compare(as_reviewed(reviewed, added_after_review()), sample),
            slugs,
            kappa=True,
        )

    def report(self, title: str, a: Agreement, slugs: list[str], kappa: bool):
        write = self.stdout.write
        figures = summary(a)
        write(f"\n{title}")
        write(
            f"  findings: {a.findings}; tags: reference {sum(a.tp.values()) + sum(a.fn.values())}"
            f", other {sum(a.tp.values()) + sum(a.fp.values())}, both {sum(a.tp.values())}"
        )
        write(
            f"  micro precision {figures['precision']:.2f}, recall {figures['recall']:.2f}, "
            f"F1 {figures['f1']:.2f}; same primary theme {a.same_primary}/{a.findings} "
            f"({a.same_primary / a.findings:.0%}); same set of themes {a.same_set}/{a.findings} "
            f"({a.same_set / a.findings:.0%})"
            + (f"; mean kappa {figures['mean_kappa']:.2f}" if kappa else "")
        )
        header = f"  {'theme':<34}{'ref':>5}{'other':>6}{'both':>5}{'prec':>6}{'rec':>6}{'F1':>6}"
        write(header + (f"{'kappa':>7}" if kappa else ""))
        for slug in slugs:
            tp, fp, fn = a.tp[slug], a.fp[slug], a.fn[slug]
            p, r, f = prf(tp, fp, fn)
            row = f"  {slug:<34}{tp + fn:>5}{tp + fp:>6}{tp:>5}{p:>6.2f}{r:>6.2f}{f:>6.2f}"
            if kappa:
                k = a.kappa(slug)
                row += f"{k:>7.2f}" if k is not None else f"{'-':>7}"
            write(row)
