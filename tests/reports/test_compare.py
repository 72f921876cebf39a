"""Selectors for comparing areas, themes and England's outcomes (reports/compare.py), on
factory-built data: the shipped data is removed inside each test, so every number is known."""

import csv
import datetime
import io

import pytest
from django.core.paginator import InvalidPage

from areas.models import Area
from reports.models import Theme
from reports.selectors import national as national_selectors
from reports.selectors import themes as themes_selectors
from reports.selectors.area import area_context, nearest_in_region
from reports.selectors.compare import InvalidComparison, clean_area_choices, comparison
from reports.selectors.national import national_outcomes, national_overview
from reports.selectors.themes import theme_overview, theme_page
from reports.vocabulary import NOT_INSPECTED, FindingKind, Framework, Outcome, SourceKind
from reports.wording import duration_text, months_between
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    SourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

S, W, A, P = (
    FindingKind.STRENGTH,
    FindingKind.WEAKNESS,
    FindingKind.IMPROVEMENT,
    FindingKind.PRIORITY_ACTION,
)


@pytest.fixture
def world():
    """Four areas in two regions: inconsistent (with an older inspection), systemic (findings
    quoted in a press release), positive (no findings held) and never inspected."""
    Area.objects.all().delete()
    Theme.objects.all().delete()
    ehc = ThemeFactory(slug="ehc-plans", name="EHC plans", order=1)
    waits = ThemeFactory(slug="waits", name="Waiting times", order=2)
    quiet = ThemeFactory(slug="quiet", name="Quiet theme", order=3)
    alpha = AreaFactory(name="Alphashire", slug="alphashire", region="SW", ons_code="E06000052")
    beta = AreaFactory(name="Betashire", slug="betashire", region="SW", ons_code="E06000026")
    gamma = AreaFactory(name="Gammashire", slug="gammashire", region="E", ons_code="E06000033")
    delta = AreaFactory(name="Deltashire", slug="deltashire", region="E", ons_code="E10000003")
    older = InspectionFactory(
        area=alpha,
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.UNKNOWN,
        start_date=datetime.date(2017, 7, 3),
        end_date=datetime.date(2017, 7, 7),
    )
    latest = InspectionFactory(
        area=alpha,
        outcome=Outcome.INCONSISTENT,
        start_date=datetime.date(2023, 2, 6),
        end_date=datetime.date(2023, 2, 10),
        published=datetime.date(2023, 5, 5),
        next_full="within approximately three years",
        next_full_due=datetime.date(2026, 2, 6),
    )
    report = SourceFactory(kind=SourceKind.OFSTED_REPORT)
    for order, (kind, themes) in enumerate(
        [(S, [ehc]), (S, [ehc]), (W, [ehc, waits]), (A, [waits])], start=1
    ):
        FindingFactory(inspection=latest, kind=kind, order=order, source=report, themes=themes)
    systemic = InspectionFactory(
        area=beta,
        outcome=Outcome.SYSTEMIC,
        start_date=datetime.date(2024, 1, 8),
        end_date=datetime.date(2024, 1, 12),
        published=datetime.date(2024, 3, 1),
        next_monitoring_due=datetime.date(2025, 7, 8),
        next_full_due=datetime.date(2027, 1, 8),
    )
    press = SourceFactory(kind=SourceKind.PRESS_RELEASE, title="Council welcomes report")
    FindingFactory(inspection=systemic, kind=P, order=1, source=press, themes=[ehc])
    FindingFactory(inspection=systemic, kind=A, order=2, source=press, themes=[ehc])
    InspectionFactory(area=gamma, outcome=Outcome.POSITIVE, published=datetime.date(2025, 1, 10))
    return {
        "alpha": alpha,
        "beta": beta,
        "gamma": gamma,
        "delta": delta,
        "older": older,
        "latest": latest,
        "systemic": systemic,
        "themes": (ehc, waits, quiet),
        "press": press,
    }


def test_national_outcomes_give_each_area_its_latest_2023_outcome(world):
    InspectionFactory(
        area=world["gamma"], outcome=Outcome.SYSTEMIC, published=datetime.date(2023, 1, 1)
    )
    assert [(a.slug, a.outcome, a.region) for a in national_outcomes()] == [
        ("alphashire", "inconsistent", "SW"),
        ("betashire", "systemic", "SW"),
        ("deltashire", NOT_INSPECTED.value, "E"),
        ("gammashire", "positive", "E"),
    ]


def test_an_area_inspected_only_under_the_older_framework_counts_as_not_yet_inspected(world):
    InspectionFactory(
        area=world["delta"], framework=Framework.LOCAL_AREA_2016, outcome=Outcome.WSOA_REQUIRED
    )
    delta = next(a for a in national_outcomes() if a.slug == "deltashire")
    assert delta.outcome == NOT_INSPECTED.value
    assert delta.info.label == "Not yet inspected under the 2023 framework"


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
    assert len(tiles) == 153
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
        "Not in our data": 149,
    }
    assert page.map.unplaced == []


def test_an_area_with_no_or_an_unknown_code_is_listed_off_the_map(world):
    AreaFactory(name="Nowhere", ons_code="")
    page = national_overview()
    assert [a.name for a in page.map.unplaced] == ["Nowhere"]


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
    AreaFactory(name="Cambridgeshire", slug="cambridgeshire")
    assert comparison(slugs=None).chosen == ["cambridgeshire", "cornwall"]


def test_comparison_queries_do_not_grow_with_areas_or_findings(world, django_assert_num_queries):
    with django_assert_num_queries(7) as few:
        comparison(slugs=["alphashire", "betashire"])
    ehc = world["themes"][0]
    for area in [world["gamma"], world["delta"]]:
        inspection = InspectionFactory(area=area, published=datetime.date(2025, 6, 1))
        for order in range(1, 30):
            FindingFactory(
                inspection=inspection,
                kind=list(FindingKind)[order % 4],
                order=order,
                themes=[ehc, ThemeFactory()],
            )
    AreaFactory.create_batch(20)
    with django_assert_num_queries(len(few.captured_queries)):
        page = comparison(slugs=["alphashire", "betashire", "gammashire", "deltashire"])
    assert len(page.areas) == 4


def test_theme_overview_counts_areas_not_findings(world):
    overview = theme_overview()
    assert overview.held == 2
    counts = {s.theme.slug: [n for _, n in s.counts] for s in overview.themes}
    assert counts == {"ehc-plans": [1, 1, 1, 1], "waits": [0, 1, 1, 0], "quiet": [0, 0, 0, 0]}
    told = {s.theme.slug: s.told_to_improve for s in overview.themes}
    assert told == {"ehc-plans": 1, "waits": 1, "quiet": 0}
    assert overview.most_improve.theme.slug == "ehc-plans"


def test_theme_page_lists_the_areas_told_to_fix_it_with_their_words(world):
    page = theme_page(slug="ehc-plans")
    groups = {g.slug: g for g in page.groups}
    told = groups["told-to-improve"]
    assert [e.area.name for e in told.entries] == ["Betashire"]
    assert [f.kind for f in told.entries[0].findings] == [A, P]
    assert told.entries[0].second_hand
    assert told.url == "/findings/?theme=ehc-plans&kind=improvement&kind=priority_action"
    # The other groups name their areas; their words are on the findings list, not loaded.
    assert [a.area_name for a in groups["strengths"].areas] == ["Alphashire"]
    assert groups["strengths"].entries == []
    assert [a.area_name for a in groups["needs-to-do-better"].areas] == ["Alphashire"]
    assert [(b.label, b.held, b.counts) for b in page.by_outcome] == [
        ("Inconsistent", 1, [1, 1, 0, 0]),
        ("Systemic failings", 1, [0, 0, 1, 1]),
    ]
    assert [(b.label, b.held, b.counts) for b in page.by_region] == [
        ("South West", 2, [1, 1, 1, 1])
    ]
    assert [s.kind for s in page.sources] == ["press_release"]  # what the page quotes


def test_theme_page_counts_only_each_areas_latest_inspection_with_findings(world):
    newer = InspectionFactory(
        area=world["beta"], outcome=Outcome.POSITIVE, published=datetime.date(2026, 5, 1)
    )
    FindingFactory(inspection=newer, kind=S, order=1, themes=[world["themes"][0]])
    page = theme_page(slug="ehc-plans")
    groups = {g.slug: g for g in page.groups}
    assert groups["told-to-improve"].entries == []
    assert [a.area_name for a in groups["strengths"].areas] == ["Alphashire", "Betashire"]


def test_theme_queries_do_not_grow_with_findings(world, django_assert_num_queries):
    # The theme, the held inspections, (inspection, kind) pairs, and the page's quotes.
    with django_assert_num_queries(4):
        theme_page(slug="ehc-plans")
    with django_assert_num_queries(3):
        theme_overview()
    inspection = InspectionFactory(area=world["gamma"], published=datetime.date(2025, 6, 1))
    for order in range(1, 40):
        FindingFactory(inspection=inspection, order=order, themes=[world["themes"][0]])
    with django_assert_num_queries(4):
        page = theme_page(slug="ehc-plans")
    with django_assert_num_queries(3):
        theme_overview()
    assert len({g.slug: g for g in page.groups}["strengths"].areas) == 2


def told_to_improve(theme, count: int, region: str = "NW") -> list:
    """`count` areas, Improveshire 01 onwards, each told to improve `theme` once."""
    areas = []
    for n in range(1, count + 1):
        area = AreaFactory(name=f"Improveshire {n:02d}", region=region)
        inspection = InspectionFactory(area=area, published=datetime.date(2025, 1, 1))
        FindingFactory(
            inspection=inspection, kind=A, text=f"Improve number {n:02d}.", themes=[theme]
        )
        areas.append(area)
    return areas


def test_theme_page_quotes_one_page_of_areas_and_counts_them_all(world, django_assert_num_queries):
    ehc = world["themes"][0]
    told_to_improve(ehc, 44)  # with Betashire, 45 areas: pages of 20, 20 and 5
    with django_assert_num_queries(4):
        first = theme_page(slug="ehc-plans")
    with django_assert_num_queries(4):
        last = theme_page(slug="ehc-plans", page="3")
    for page in (first, last):
        told = page.groups[0]
        assert told.count == 45
        assert page.counts[2][1] == 45  # areas with an area for improvement, on every page
        assert [(b.label, b.held) for b in page.by_region] == [
            ("North West", 44),
            ("South West", 2),
        ]
    assert [e.area.name for e in first.groups[0].entries] == [
        "Betashire",
        *(f"Improveshire {n:02d}" for n in range(1, 20)),
    ]
    assert [e.area.name for e in last.groups[0].entries] == [
        f"Improveshire {n}" for n in range(40, 45)
    ]
    assert (last.page_obj.start_index(), last.page_obj.end_index()) == (41, 45)
    assert [f.text for f in last.groups[0].entries[0].findings] == ["Improve number 40."]
    # Sources of what each page quotes: Betashire's press release and 19 reports, then 5 reports.
    assert [s.kind for s in first.sources].count("press_release") == 1
    assert len(first.sources) == 20
    assert [s.kind for s in last.sources] == ["ofsted_report"] * 5


@pytest.mark.parametrize("number", ["0", "4", "-1", "two", "1.5", "99999999999999999999"])
def test_a_theme_page_that_is_not_one_is_refused(world, number):
    told_to_improve(world["themes"][0], 44)
    with pytest.raises(InvalidPage):
        theme_page(slug="ehc-plans", page=number)


def test_a_group_too_long_to_name_gives_its_count(world, monkeypatch):
    monkeypatch.setattr(themes_selectors, "MAX_NAMED", 1)
    told_to_improve(world["themes"][0], 1)
    groups = {g.slug: g for g in theme_page(slug="ehc-plans").groups}
    assert (groups["told-to-improve"].count, groups["told-to-improve"].named) == (2, False)
    assert (groups["strengths"].count, groups["strengths"].named) == (1, True)


def test_national_overview_counts_the_areas_not_inspected_by_region(world, monkeypatch):
    AreaFactory(name="Epsilonshire", region="E")
    AreaFactory(name="Zetashire", region="")
    overview = national_overview()
    assert [a.name for a in overview.not_inspected] == ["Deltashire", "Epsilonshire", "Zetashire"]
    assert overview.not_inspected_named
    assert overview.not_inspected_by_region == [
        ("East of England", "/regions/east-of-england/", 2),
        ("Region not stated", "/regions/not-stated/", 1),
    ]
    monkeypatch.setattr(national_selectors, "MAX_LISTED", 2)
    assert not overview.not_inspected_named


def test_national_overview_counts_by_region_and_year_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        overview = national_overview()
    assert [(info.short, n, share) for info, n, share in overview.england_rows] == [
        ("Positive", 1, 25.0),
        ("Inconsistent", 1, 25.0),
        ("Systemic failings", 1, 25.0),
        ("Not yet inspected", 1, 25.0),
    ]
    assert [a.name for a in overview.not_inspected] == ["Deltashire"]
    years = overview.charts["years"]
    assert years.rows == [
        ["2023", 0, 1, 0, 1],
        ["2024", 0, 0, 1, 1],
        ["2025", 1, 0, 0, 1],
    ]
    for n, dataset in enumerate(years.data["datasets"]):
        assert dataset["data"] == [row[n + 1] for row in years.rows]
    assert years.summary == (
        "The latest outcomes of 3 areas were published between 2023 and 2025; most in 2023 (1)."
    )
    assert overview.charts["regions"].rows[0] == ["England", 1, 1, 1, 1, 4]


def test_area_context_compares_with_region_and_england_in_one_query(
    world, django_assert_num_queries
):
    with django_assert_num_queries(1):
        context = area_context(area=world["alpha"])
    assert context.region.label == "South West"
    assert [(r.info.short, r.region, r.england, r.this_area) for r in context.rows] == [
        ("Positive", 0, 1, False),
        ("Inconsistent", 1, 1, True),
        ("Systemic failings", 1, 1, False),
        ("Not yet inspected", 0, 1, False),
    ]
    assert context.rows[1].region_percent == 50.0
    assert [n.name for n in context.neighbours] == ["Betashire"]
    assert context.compare_url == "/compare/?area=alphashire&area=betashire"


def test_neighbours_are_the_nearest_on_the_map_in_the_same_region(world):
    # Cornwall's tile (1, 1): Plymouth (2, 0) is next to it, Kent far away; Cambridgeshire is
    # in another region.
    for name, code in [("Farshire", "E10000016"), ("Nearshire", "E06000027")]:  # Kent, Torbay
        InspectionFactory(area=AreaFactory(name=name, region="SW", ons_code=code))
    AreaFactory(name="Codeless", region="SW", ons_code="")
    national = national_outcomes()
    alpha = next(a for a in national if a.slug == "alphashire")
    assert [n.name for n in nearest_in_region(area=alpha, national=national)] == [
        "Betashire",
        "Nearshire",
        "Farshire",
    ]


def test_an_area_without_a_region_has_england_only_and_no_neighbours(world):
    lone = AreaFactory(name="Loneshire", region="")
    context = area_context(area=lone)
    assert context.region is None
    assert context.neighbours == [] and context.compare_url == ""
    assert [r.this_area for r in context.rows][-1] is True


@pytest.mark.parametrize(
    ("earlier", "later", "text"),
    [
        (datetime.date(2017, 7, 7), datetime.date(2023, 2, 6), "5 years and 6 months"),
        (datetime.date(2020, 1, 1), datetime.date(2023, 1, 1), "3 years"),
        (datetime.date(2022, 3, 1), datetime.date(2023, 1, 31), "10 months"),
        (datetime.date(2022, 3, 1), datetime.date(2022, 3, 20), "0 months"),
        (datetime.date(2021, 1, 15), datetime.date(2022, 2, 15), "1 year and 1 month"),
    ],
)
def test_time_between_inspections_in_words(earlier, later, text):
    assert duration_text(months_between(earlier, later)) == text
