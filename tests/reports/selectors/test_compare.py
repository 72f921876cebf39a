"""Comparing areas side by side (reports/selectors/compare.py), on the `world` of four areas."""

import csv
import datetime
import io
import itertools

import pytest

from areas import hexmap
from reports.selectors.compare import InvalidComparison, clean_area_choices, comparison
from reports.vocabulary import FindingKind, Outcome
from tests.factories import AreaFactory, FindingFactory, InspectionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

S, W, A, P = (
    FindingKind.STRENGTH,
    FindingKind.WEAKNESS,
    FindingKind.IMPROVEMENT,
    FindingKind.PRIORITY_ACTION,
)


def test_comparison_sets_the_areas_side_by_side(world):
    page = comparison(slugs=["alphashire", "betashire"])
    alpha, beta = page.areas
    assert page.names == "Alphashire and Betashire"
    assert alpha.latest == world["latest"]
    assert alpha.previous == world["older"]
    assert alpha.previous_text == "3 to 7 July 2017"
    assert alpha.since_previous == "5 years and 6 months"
    assert alpha.outcome.value == Outcome.INCONSISTENT
    assert [(c.kind.value, c.count) for c in alpha.counts] == [(S, 2), (W, 1), (A, 1), (P, 0)]
    assert alpha.counts[0].url == "/findings/?area=alphashire&kind=strength"
    assert alpha.second_hand == []
    assert alpha.has_older_framework
    assert beta.previous is None and beta.since_previous == ""
    assert [(c.kind.value, c.count) for c in beta.counts] == [(S, 0), (W, 0), (A, 1), (P, 1)]
    assert beta.second_hand == [world["press"]]
    assert beta.latest.next_monitoring_due == datetime.date(2025, 7, 8)


def test_findings_come_from_the_latest_inspection_that_has_them(world):
    newer = InspectionFactory(
        area=world["alpha"], outcome=Outcome.POSITIVE, published=datetime.date(2026, 5, 1)
    )
    alpha = comparison(slugs=["alphashire", "betashire"]).areas[0]
    assert alpha.latest == newer
    assert alpha.findings_from == world["latest"]
    assert not alpha.findings_are_latest
    assert alpha.outcome.value == Outcome.POSITIVE


def test_the_theme_matrix_links_each_cell_to_the_filtered_findings_list(world):
    page = comparison(slugs=["alphashire", "betashire"])
    rows = {row.theme.slug: row for row in page.matrix}
    assert list(rows) == ["ehc-plans", "waits", "quiet"]
    alpha, beta = rows["ehc-plans"].cells
    assert [(c.kind.value, c.count, c.url) for c in alpha.counts] == [
        ("strength", 2, "/findings/?area=alphashire&theme=ehc-plans&kind=strength"),
        ("weakness", 1, "/findings/?area=alphashire&theme=ehc-plans&kind=weakness"),
    ]
    assert [(c.kind.value, c.count, c.url) for c in beta.counts] == [
        ("improvement", 1, "/findings/?area=betashire&theme=ehc-plans&kind=improvement"),
        ("priority_action", 1, "/findings/?area=betashire&theme=ehc-plans&kind=priority_action"),
    ]
    assert [c.counts for c in rows["quiet"].cells] == [[], []]
    assert rows["ehc-plans"].total == 5


def test_themes_chart_data_table_and_csv_match(world, client):
    chart = comparison(slugs=["alphashire", "betashire"]).charts["themes"]
    assert chart.columns == [
        "Theme",
        "Area",
        "Strengths",
        "Needs to do better",
        "Areas for improvement",
        "Priority actions",
        "All findings",
    ]
    assert chart.rows == [
        ["EHC plans", "Alphashire", 2, 1, 0, 0, 3],
        ["EHC plans", "Betashire", 0, 0, 1, 1, 2],
        ["Waiting times", "Alphashire", 0, 1, 1, 0, 2],
        ["Waiting times", "Betashire", 0, 0, 0, 0, 0],
    ]
    assert chart.table_rows == [[str(v) for v in row] for row in chart.rows]
    # Chart.js gets one dataset per area and kind; its numbers are the table's columns.
    assert chart.data["labels"] == ["EHC plans", "Waiting times"]
    for dataset in chart.data["datasets"]:
        column = chart.columns.index(dataset["label"])
        expected = [row[column] for row in chart.rows if row[1] == dataset["area"]]
        assert dataset["data"] == expected
    assert len(chart.data["datasets"]) == 2 * 4
    assert chart.summary == (
        "Across Alphashire and Betashire, EHC plans has the most findings (5 findings), and "
        "Betashire has the most areas for improvement and priority actions (2)."
    )
    response = client.get(chart.csv_url)
    assert chart.csv_url == "/compare/themes.csv?area=alphashire&area=betashire"
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        chart.columns,
        *([str(v) for v in row] for row in chart.rows),
    ]


def test_region_chart_shares_come_from_the_table_counts(world, client):
    chart = comparison(slugs=["alphashire", "gammashire"]).charts["regions"]
    assert chart.columns == [
        "Region",
        "Positive",
        "Inconsistent",
        "Systemic failings",
        "Not yet inspected",
        "All areas",
        "Compared areas",
    ]
    by_region = {row[0]: row for row in chart.rows}
    assert by_region["England"] == ["England", 1, 1, 1, 1, 4, ""]
    assert by_region["South West"] == ["South West", 0, 1, 1, 0, 2, "Alphashire"]
    assert by_region["East of England"] == ["East of England", 1, 0, 0, 1, 2, "Gammashire"]
    assert by_region["London"] == ["London", 0, 0, 0, 0, 0, ""]
    assert "Region not stated" not in by_region
    labels = chart.data["labels"]
    assert labels[0] == "England"
    assert "South West (compared)" in labels and "London" in labels
    for n, dataset in enumerate(chart.data["datasets"]):
        assert dataset["counts"] == [row[n + 1] for row in chart.rows]
        assert dataset["data"] == [
            round(100 * row[n + 1] / row[5], 1) if row[5] else 0.0 for row in chart.rows
        ]
    assert chart.table_rows[0][1:6] == ["1 (25%)", "1 (25%)", "1 (25%)", "1 (25%)", "4"]
    assert chart.summary.startswith(
        "Of England's 4 areas, 3 have been inspected under the 2023 framework: 1 typically "
        "positive, 1 inconsistent and 1 with widespread or systemic failings"
    )
    response = client.get(chart.csv_url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [chart.columns, *([str(v) for v in row] for row in chart.rows)]


def test_timeline_lists_every_inspection_and_when_the_next_are_due(world, client):
    chart = comparison(slugs=["alphashire", "betashire"]).charts["timeline"]
    assert chart.rows == [
        [
            "Alphashire",
            "Inspection (older framework)",
            "2017-07-03",
            "Not stated (2016 to 2022 framework)",
        ],
        ["Alphashire", "Inspection", "2023-02-06", "Inconsistent"],
        ["Alphashire", "Next full inspection due by", "2026-02-06", "Next full inspection due by"],
        ["Betashire", "Inspection", "2024-01-08", "Systemic failings"],
        ["Betashire", "Monitoring inspection due by", "2025-07-08", "Monitoring inspection due by"],
        ["Betashire", "Next full inspection due by", "2027-01-08", "Next full inspection due by"],
    ]
    assert chart.table_rows[1] == [
        "Alphashire",
        "Inspection",
        "6 to 10 February 2023",
        "Inconsistent",
    ]
    points = sorted(
        (point["y"], point["date"], dataset["label"])
        for dataset in chart.data["datasets"]
        for point in dataset["data"]
    )
    assert points == sorted((row[0], row[2], row[3]) for row in chart.rows)
    assert chart.data["labels"] == ["Alphashire", "Betashire"]
    response = client.get(chart.csv_url)
    assert list(csv.reader(io.StringIO(response.content.decode())))[1:] == chart.rows


def test_an_inspection_without_dates_is_placed_at_its_publication(world):
    InspectionFactory(
        area=world["delta"],
        dates_as_stated="January 2025",
        published=datetime.date(2025, 5, 13),
    )
    chart = comparison(slugs=["deltashire", "betashire"]).charts["timeline"]
    assert chart.rows[0] == ["Deltashire", "Inspection", "2025-05-13", "Inconsistent"]
    assert chart.table_rows[0][2] == "January 2025; report published 13 May 2025"


def test_the_map_colours_each_tile_by_its_areas_latest_outcome(world):
    page = comparison(slugs=["alphashire", "betashire"])
    tiles = {tile.code: tile for tile in page.map.tiles}
    layout = hexmap.england().tiles
    assert set(tiles) == {tile.code for tile in layout}  # one tile per authority
    cornwall = tiles["E06000052"]
    assert cornwall.name == "Alphashire"
    assert cornwall.url == "/areas/alphashire/"
    assert cornwall.info.value == Outcome.INCONSISTENT
    assert (
        cornwall.accessible_name == "Alphashire (compared): inconsistent experiences and outcomes"
    )
    assert [t.name for t in page.map.highlighted] == ["Alphashire", "Betashire"]
    assert tiles["E10000003"].accessible_name == (
        "Deltashire: not yet inspected under the 2023 framework"
    )
    # Tiles for authorities we hold no area for say so, and link nowhere.
    assert tiles["E09000001"].url == "" and tiles["E09000001"].info.label == "Not in our data"
    assert {info.short: n for info, n in page.map.legend} == {
        "Positive": 1,
        "Inconsistent": 1,
        "Systemic failings": 1,
        "Not yet inspected": 1,
        "Not in our data": len(layout) - 4,
    }
    assert page.map.unplaced == []


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["alphashire"], "Choose at least 2 areas to compare; the address names 1."),
        (["alphashire", "", ""], "Choose at least 2 areas to compare; the address names 1."),
        ([], "Choose at least 2 areas"),
        (["a", "b", "c", "d", "e"], "Choose at most 4 areas to compare; the address names 5."),
        (["alphashire", "Alphashire"], "Alphashire is chosen more than once"),
        (["alphashire", "<script>"], "We hold no area called “<script>”."),
        (["x"] * 50, "The address names an area 50 times."),
        (["alphashire", "atlantis"], "We hold no area called “atlantis”."),
        (
            ["alphashire", "shire"],
            "“shire” could mean Alphashire, Betashire, Deltashire, Gammashire",
        ),
        (
            ["alphashire", "Gamashire"],
            "We hold no area called “Gamashire”. Did you mean Gammashire?",
        ),
    ],
)
def test_bad_choices_of_areas_are_explained(world, values, message):
    with pytest.raises(InvalidComparison, match=message):
        clean_area_choices(values)


def test_choices_are_typed_names_or_codes_and_blank_boxes_are_ignored(world):
    assert clean_area_choices(["", "GAMMA SHIRE", "", "E06000052"]) == [
        "gammashire",
        "alphashire",
    ]
    page = comparison(slugs=["gammashire", "alphashire"])
    assert page.boxes == [
        (1, "First area", "Gammashire"),
        (2, "Second area", "Alphashire"),
        (3, "Third area (optional)", ""),
        (4, "Fourth area (optional)", ""),
    ]


def test_an_area_we_do_not_hold_cannot_be_compared(world):
    with pytest.raises(InvalidComparison, match="We hold no area called atlantis."):
        comparison(slugs=["alphashire", "atlantis"])


def test_the_default_comparison_needs_two_of_the_default_areas(world):
    assert comparison(slugs=None).areas == []
    AreaFactory(name="Cornwall", slug="cornwall")
    assert comparison(slugs=None).areas == []
    AreaFactory(name="Cambridgeshire", slug="cambridgeshire")
    assert comparison(slugs=None).chosen == ["cambridgeshire", "cornwall"]


def test_comparison_queries_do_not_grow_with_areas_or_findings(world, django_assert_num_queries):
    inspections = [
        InspectionFactory(area=area, published=datetime.date(2025, 6, 1))
        for area in [world["gamma"], world["delta"]]
    ]
    kinds = itertools.cycle(FindingKind)

    def add(count: int):
        """`count` more findings for each of two areas, each in a theme of its own too, and
        `count` more areas."""
        for inspection in inspections:
            for _ in range(count):
                themes = [world["themes"][0], ThemeFactory()]
                FindingFactory(inspection=inspection, kind=next(kinds), themes=themes)
        AreaFactory.create_batch(count)

    four = ["alphashire", "betashire", "gammashire", "deltashire"]
    add(12)
    with django_assert_num_queries(7) as few:  # the number comparison's docstring gives
        comparison(slugs=four[:2])
    with django_assert_num_queries(len(few.captured_queries)):
        comparison(slugs=four)
    add(12)
    with django_assert_num_queries(len(few.captured_queries)):
        page = comparison(slugs=four)
    assert [sum(c.count for c in area.counts) for area in page.areas] == [4, 2, 24, 24]


def test_a_monitoring_date_the_table_lacks_is_worked_out_as_on_the_area_page():
    first, second = AreaFactory.create_batch(2)
    for area in (first, second):
        InspectionFactory(
            area=area,
            outcome=Outcome.SYSTEMIC,
            start_date=datetime.date(2024, 9, 23),
            next_monitoring="within approximately 18 months",
            next_monitoring_due=None,
        )
    page = comparison(slugs=[first.slug, second.slug])
    cell = page.areas[0].monitoring_cell(datetime.date(2026, 6, 29))
    assert cell.text == "Due by 23 March 2026"
    assert cell.note == (
        "worked out from the inspection’s first day; "
        "already due at our data’s date; our data may not show it yet"
    )
