"""Assign themes to a finding's text with the readable rules in fixtures/theme_rules.json.

Each theme has a list of rules (regular expressions, matched case-insensitively as whole words)
and optionally `except` phrases: a rule match that overlaps an exception (e.g. "in education"
overlapping "education, health and care plan") does not count. A theme's score is its number of
matches, counting a match in the first sentence three times, because a finding's first sentence
usually says what it is about. Themes come back highest score first, ties going to the earlier
first match; the first is the finding's primary theme. A theme with a `min_score` (one that
findings often name in passing, such as social care) is kept after the first only if it scores
at least that. No match at all gives [] ("other").

Pure Python: no database, so it can tag findings before they are loaded.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "theme_rules.json"

# Straight quotes and hyphens, so rules need not spell out every typographic variant.
TRANSLATE = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "‐": "-", "‑": "-", "–": "-"})
FIRST_SENTENCE = 3  # how many times a match in the first sentence counts
# The end of the first sentence: a full stop, question or exclamation mark before a space and
# a capital letter or a digit (so "e.g. the" does not end it).
SENTENCE_END = re.compile(r"[.?!]\s+(?=[A-Z0-9‘'\"(])")


@dataclass(frozen=True)
class ThemeRules:
    slug: str
    patterns: tuple[re.Pattern, ...]
    exceptions: tuple[re.Pattern, ...]
    min_score: int = 1


def compile_rule(rule: str) -> re.Pattern:
    """One rule as a whole-word, case-insensitive pattern."""
    return re.compile(rf"(?<!\w)(?:{rule})(?!\w)", re.IGNORECASE)


@cache
def load_rules(path: Path | str | None = None) -> tuple[ThemeRules, ...]:
    """The themes' compiled rules, in the file's order (cached: the file is read once)."""
    data = json.loads(Path(path or RULES_FILE).read_text(encoding="utf-8"))
    return tuple(
        ThemeRules(
            slug=slug,
            patterns=tuple(compile_rule(rule) for rule in theme["rules"]),
            exceptions=tuple(compile_rule(rule) for rule in theme.get("except", [])),
            min_score=theme.get("min_score", 1),
        )
        for slug, theme in data["themes"].items()
    )


def _first_sentence_end(text: str) -> int:
    match = SENTENCE_END.search(text)
    return match.end() if match else len(text)


def score_themes(text: str) -> dict[str, tuple[int, int]]:
    """Each matched theme's (score, position of its first match)."""
    text = text.translate(TRANSLATE)
    first_end = _first_sentence_end(text)
    scores = {}
    for theme in load_rules():
        excluded = [m.span() for pattern in theme.exceptions for m in pattern.finditer(text)]
        seen = set()  # one count per stretch of text, however many rules match it
        for pattern in theme.patterns:
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(start < e and s < end for s, e in excluded):
                    continue
                if any(start < e and s < end for s, e in seen):
                    continue
                seen.add((start, end))
        if seen:
            first = min(start for start, _ in seen)
            score = sum(FIRST_SENTENCE if start < first_end else 1 for start, _ in seen)
            scores[theme.slug] = (score, first)
    return scores


def assign_themes(text: str) -> list[str]:
    """Slugs of the themes the text matches, most relevant first; [] when none match."""
    scores = score_themes(text)
    ranked = sorted(scores, key=lambda slug: (-scores[slug][0], scores[slug][1]))
    min_score = {theme.slug: theme.min_score for theme in load_rules()}
    return ranked[:1] + [slug for slug in ranked[1:] if scores[slug][0] >= min_score[slug]]
