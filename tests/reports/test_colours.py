"""Colour carries one meaning and keeps WCAG 2.2 AA contrast, computed from the colours where
they are defined: reports/vocabulary.py (chart fills, pattern marks, outlines, which tag each
outcome and kind takes), GOV.UK Frontend's CSS (its tags) and site.css's custom properties."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from reports.charts import POINT_STYLES, TIMELINE_DUE, outcome_dataset
from reports.vocabulary import (
    CATEGORIES,
    CHART_BORDER,
    KINDS,
    NOT_HELD,
    NOT_INSPECTED,
    OUTCOMES,
    SUCCESSORS_DIFFER,
    category_info,
)

STATIC = Path(settings.BASE_DIR) / "static"
GOVUK_CSS = STATIC / "vendor" / "govuk-frontend-6.6.0.min.css"
SITE_CSS = STATIC / "css" / "site.css"
WHITE = "#ffffff"
FOCUS = "#ffdd00"  # GOV.UK's focus yellow: a state, not a meaning, and kept apart from both
TEXT, NON_TEXT = 4.5, 3.0  # WCAG 2.2 SC 1.4.3 and 1.4.11
APART = 15  # CIE76 distance below which two tag colours read as the same colour

OUTCOME_INFOS = [*OUTCOMES.values(), NOT_INSPECTED, SUCCESSORS_DIFFER, NOT_HELD]
# The outcome bars as they stack, left to right (the cross-framework chart puts "successors
# differ" before "not yet inspected").
OUTCOME_STACK = [category_info(c) for c in CATEGORIES if c != NOT_INSPECTED.value] + [
    SUCCESSORS_DIFFER,
    NOT_INSPECTED,
]


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def lab(colour: str) -> tuple[float, float, float]:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    x, y, z = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * y - 16, 500 * (x - y), 200 * (y - z)


def distance(a: str, b: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(lab(a), lab(b), strict=True)) ** 0.5


def _rules(css: str) -> dict[str, dict[str, str]]:
    """Each simple selector's colour declarations, later rules adding to earlier ones."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    custom = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    rules: dict[str, dict[str, str]] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for prop, value in re.findall(r"(?<![\w-])(color|background-color)\s*:\s*([^;}]+)", body):
            value = value.strip()
            if found := re.fullmatch(r"var\((--[\w-]+)\)", value):
                value = custom.get(found[1], value)  # GOV.UK sets some at run time
            rules.setdefault(selector.strip(), {})[prop] = value.lower()
    return rules


GOVUK = _rules(GOVUK_CSS.read_text())
SITE = _rules(SITE_CSS.read_text())


def tag_colours(modifier: str) -> tuple[str, str]:
    """A tag's text and background colour: GOV.UK's tag, then its modifier's, then the site's."""
    colours = dict(GOVUK[".govuk-tag"])
    if modifier:
        found = GOVUK.get(f".{modifier}") or SITE.get(f".{modifier}")
        assert found, f"{modifier} is defined in neither GOV.UK Frontend's CSS nor site.css"
        colours.update(found)
    return colours["color"], colours["background-color"]


OUTCOME_TAGS = {info.value: tag_colours(info.tag) for info in OUTCOME_INFOS}
KIND_TAGS = {kind.value: tag_colours(kind.tag) for kind in KINDS.values()}


@pytest.mark.parametrize("name", [*OUTCOME_TAGS, *KIND_TAGS])
def test_every_tags_text_stands_4_5_to_1_from_its_background(name):
    text, background = {**OUTCOME_TAGS, **KIND_TAGS}[name]
    assert contrast(text, background) >= TEXT, (name, text, background)


def test_finding_kinds_are_tagged_in_colours_no_outcome_uses():
    backgrounds = {background for _, background in OUTCOME_TAGS.values()}
    for kind, (_, background) in KIND_TAGS.items():
        nearest = min(distance(background, other) for other in backgrounds)
        assert nearest >= APART, (kind, background, nearest)
    kinds = [background for _, background in KIND_TAGS.values()]
    assert len(set(kinds)) == len(kinds)  # and each kind its own


def test_each_finding_kinds_tag_is_in_its_chart_colour():
    for kind in KINDS.values():
        assert KIND_TAGS[kind.value][1] == kind.colour.lower(), kind.value


def test_search_highlights_are_in_a_colour_no_tag_uses_and_readable():
    highlight = SITE["mark"]
    text, background = highlight["color"], highlight["background-color"]
    assert contrast(text, background) >= TEXT
    tags = [colour for pair in [*OUTCOME_TAGS.values(), *KIND_TAGS.values()] for colour in pair]
    for other in [*tags, FOCUS]:
        assert distance(background, other) >= APART, (background, other)


def _fill_is_seen(fill: str, border: str) -> bool:
    """A fill stands out on the white page, or its outline does (WCAG technique G209)."""
    if contrast(fill, WHITE) >= NON_TEXT:
        return True
    return contrast(border, fill) >= NON_TEXT and contrast(border, WHITE) >= NON_TEXT


def _neighbours_are_apart(a: str, b: str, border: str) -> bool:
    """Two fills side by side are 3:1 apart, or the outline between them is from both."""
    if contrast(a, b) >= NON_TEXT:
        return True
    return contrast(border, a) >= NON_TEXT and contrast(border, b) >= NON_TEXT


# Each family of bars as the charts hand it to Chart.js: fill, pattern, marks and outline.
FAMILIES = {
    "outcomes": [
        (o.value, d["backgroundColor"], d["pattern"], d["patternColor"], d["borderColor"])
        for o in OUTCOME_STACK
        for d in [outcome_dataset(o, [], [])]
    ],
    "finding kinds": [(k.value, k.colour, k.pattern, k.mark, CHART_BORDER) for k in KINDS.values()],
}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_chart_fills_stand_3_to_1_from_the_page_and_from_their_neighbours(family):
    bars = FAMILIES[family]
    for name, fill, _, _, border in bars:
        assert _fill_is_seen(fill, border), (name, fill, border)
    for (one, a, _, _, border), (other, b, _, _, _) in zip(bars, bars[1:], strict=False):
        assert _neighbours_are_apart(a, b, border), (one, a, other, b, border)


@pytest.mark.parametrize("family", list(FAMILIES))
def test_chart_fills_have_a_second_cue_beside_colour(family):
    """Each pattern's marks stand 3:1 from their fill, and two fills that share a pattern (or
    are both solid) are told apart by lightness, 3:1, not by hue alone."""
    bars = FAMILIES[family]
    for name, fill, pattern, mark, _ in bars:
        if pattern:
            assert contrast(mark, fill) >= NON_TEXT, (name, fill, mark)
    for index, (one, a, pattern, _, _) in enumerate(bars):
        for other, b, same, _, _ in bars[index + 1 :]:
            if pattern == same:
                assert contrast(a, b) >= NON_TEXT, (one, a, other, b)


def test_the_kinds_of_finding_are_coloured_apart_from_the_outcomes():
    """The themes chart and the outcomes' charts share a page (/compare/)."""
    outcomes = [info.colour for info in OUTCOME_INFOS]
    for kind in KINDS.values():
        nearest = min(distance(kind.colour, colour) for colour in outcomes)
        assert nearest >= APART, (kind.value, kind.colour, nearest)


def test_every_point_on_the_timeline_has_a_shape_of_its_own():
    shapes = [*POINT_STYLES.values(), *(style for _, _, style, _ in TIMELINE_DUE)]
    assert len(set(shapes)) == len(shapes)
    assert set(POINT_STYLES) == set(OUTCOMES)
    for info in OUTCOMES.values():
        assert _fill_is_seen(info.colour, CHART_BORDER), info.value


def _hex_edge() -> str:
    css = re.sub(r"/\*.*?\*/", "", SITE_CSS.read_text(), flags=re.DOTALL)
    body = re.search(r"(?m)^\.hexmap__hex\s*\{([^}]*)\}", css)[1]
    return re.search(r"stroke:\s*(#[0-9a-fA-F]{6})", body)[1].lower()


def test_the_hex_maps_tiles_stand_apart_from_the_page_and_from_every_neighbour():
    fills = [info.colour for info in OUTCOME_INFOS]
    edge = _hex_edge()
    for fill in fills:
        assert _fill_is_seen(fill, edge), (fill, edge)
        for other in fills:
            assert _neighbours_are_apart(fill, other, edge), (fill, other, edge)
