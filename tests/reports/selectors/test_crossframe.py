"""The outcomes page's comparison of the two frameworks: each area's 2016 to 2022 result (and its
revisit's) against its latest 2023-framework outcome, as a table, a chart and CSV; and the page's
shares, England's and each region's on one basis."""

import csv
import datetime
import html as markup
import io
import json
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from reports.selectors import crossframe
from reports.selectors.common import data_currency
from reports.selectors.crossframe import cross_framework
from reports.selectors.national import national_outcomes, national_overview
from reports.vocabulary import Framework, Outcome, SourceKind
from tests.factories import AreaFactory, InspectionFactory, RevisitFactory, SourceFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Result from 2016 to 2022",
    "Positive",
    "Inconsistent",
    "Systemic failings",
    "Not yet inspected",
    "All areas",
]
WSOA = "Written statement of action required"
ALL = "Revisit: sufficient progress in addressing all significant weaknesses"
SOME = "Revisit: sufficient progress in addressing some significant weaknesses"
NONE = "Revisit: insufficient progress in addressing any significant weaknesses"
NO_REVISIT = "No revisit in Ofsted's statistics (to August 2022)"
NO_WSOA = "No written statement of action required"
NO_RESULT = "No result from 2016 to 2022 on record"


@pytest.fixture
def empty(db):
    """Nothing but what the test builds: every count on the page is of it."""


def earlier(area, *, wsoa=True, revisit=None, inspected_as="", published=datetime.date(2018, 5, 1)):
    """A 2016-framework inspection of `area`, with a revisit whose result is `revisit`."""
    inspection = InspectionFactory(
        area=area,
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.WSOA_REQUIRED if wsoa else Outcome.NO_WSOA,
        significant_weaknesses=2 if wsoa else None,
        inspected_as=inspected_as,
        published=published,
    )
    counts = {"all": (2, 0), "some": (1, 1), "none": (0, 2)}
    if revisit:
        progressed, not_progressed = counts[revisit]
        RevisitFactory(
            inspection=inspection,
            result=revisit,
            progressed=progressed,
            not_progressed=not_progressed,
        )
    return inspection


def latest(area, outcome, published=datetime.date(2024, 6, 1)):
    return InspectionFactory(area=area, outcome=outcome, published=published)


def area(name, region="SW"):
    return AreaFactory(name=name, slug=name.lower().replace(" ", "-"), region=region)


@pytest.fixture
def counties(empty):
    """Five areas, one in each kind of row."""
    north, south, east, west, middle = (
        area(n)
        for n in [
            "Northtestshire",
            "Southtestshire",
            "Easttestshire",
            "Westtestshire",
            "Midtestshire",
        ]
    )
    earlier(north, revisit="all")
    latest(north, Outcome.POSITIVE)
    earlier(south, revisit="some")
    latest(south, Outcome.SYSTEMIC)
    earlier(east)  # a statement of action, and no revisit in the statistics
    earlier(west, wsoa=False)
    latest(west, Outcome.INCONSISTENT)
    latest(middle, Outcome.POSITIVE)  # no result from 2016 to 2022
    return {"north": north, "south": south, "east": east, "west": west, "middle": middle}


def test_each_area_counts_in_its_earlier_results_rows_under_its_latest_outcome(counties):
    chart = cross_framework(national=national_outcomes(), currency=data_currency()).chart
    assert chart.columns == HEADER
    assert chart.rows == [
        [WSOA, 1, 0, 1, 1, 3],
        [ALL, 1, 0, 0, 0, 1],
        [SOME, 0, 0, 1, 0, 1],
        [NONE, 0, 0, 0, 0, 0],
        [NO_REVISIT, 0, 0, 0, 1, 1],
        [NO_WSOA, 0, 1, 0, 0, 1],
        [NO_RESULT, 1, 0, 0, 0, 1],
    ]
    # The chart draws the table's numbers: a dataset per column, a bar per row.
    assert chart.data["labels"] == [row[0] for row in chart.rows]
    assert chart.data["totals"] == [row[-1] for row in chart.rows]
    for n, dataset in enumerate(chart.data["datasets"], start=1):
        assert dataset["label"] == HEADER[n]
        assert dataset["data"] == [row[n] for row in chart.rows]


def test_the_rows_for_no_revisit_and_no_result_appear_only_when_used(empty):
    north = area("Northtestshire")
    earlier(north, revisit="none")
    earlier(area("Southtestshire"), wsoa=False)
    chart = cross_framework(national=national_outcomes(), currency=data_currency()).chart
    assert [row[0] for row in chart.rows] == [WSOA, ALL, SOME, NONE, NO_WSOA]


def test_an_area_counts_with_its_latest_result_and_an_inspection_without_one_is_passed_over(
    empty,
):
    north = area("Northtestshire")
    earlier(north, revisit="some", published=datetime.date(2017, 3, 1))
    earlier(north, wsoa=False, published=datetime.date(2021, 3, 1))
    InspectionFactory(
        area=north,
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.UNKNOWN,
        published=datetime.date(2022, 3, 1),
    )
    chart = cross_framework(national=national_outcomes(), currency=data_currency()).chart
    rows = {row[0]: row[-1] for row in chart.rows}
    assert (rows[WSOA], rows[SOME], rows[NO_WSOA]) == (0, 0, 1)


def test_successors_count_once_as_the_authority_inspected(empty):
    north, west = area("North Oldshire"), area("West Oldshire")
    for successor in (north, west):
        earlier(successor, revisit="none", inspected_as="Oldshire")
        latest(successor, Outcome.INCONSISTENT)
    cross = cross_framework(national=national_outcomes(), currency=data_currency())
    rows = {row[0]: row for row in cross.chart.rows}
    assert rows[NONE] == [NONE, 0, 1, 0, 0, 1]
    assert rows[WSOA][-1] == 1
    assert "Successors differ" not in cross.chart.columns
    assert cross.successor_rule.startswith(
        "An authority replaced since its inspection from 2016 to 2022 counts once, as the "
        "authority then inspected (Oldshire, replaced by North Oldshire and by West Oldshire): "
        "under its successors' latest outcome where they agree"
    )


def test_successors_whose_outcomes_differ_count_once_in_a_column_of_their_own(empty):
    north, west = area("North Oldshire"), area("West Oldshire")
    for successor in (north, west):
        earlier(successor, wsoa=False, inspected_as="Oldshire")
    latest(north, Outcome.SYSTEMIC)
    cross = cross_framework(national=national_outcomes(), currency=data_currency())
    assert cross.chart.columns == [*HEADER[:4], "Successors differ", *HEADER[4:]]
    assert {row[0]: row for row in cross.chart.rows}[NO_WSOA] == [NO_WSOA, 0, 0, 0, 1, 0, 1]


def test_small_rows_are_said_to_be_small(counties):
    cross = cross_framework(national=national_outcomes(), currency=data_currency())
    assert cross.small_counts.startswith(f"“{WSOA}” (3 areas), “{ALL}” (1 area), “{SOME}” (1 area)")
    assert cross.small_counts.endswith(
        "have fewer than 10 areas: a difference of one or two areas there is not a pattern."
    )


def test_the_summary_is_written_from_the_counts(counties):
    assert cross_framework(
        national=national_outcomes(), currency=data_currency()
    ).chart.summary == (
        "Of the 3 areas that needed a written statement of action from 2016 to 2022 and the 1 "
        "that did not, 1 and 0 have had widespread or systemic failings at their latest "
        "inspection under the 2023 framework, and 1 and 0 are not yet inspected under it."
    )
    latest(counties["east"], Outcome.SYSTEMIC)
    assert "2 and 0 have had widespread or systemic failings" in (
        cross_framework(national=national_outcomes(), currency=data_currency()).chart.summary
    )


def test_without_earlier_results_the_summary_says_so(empty):
    latest(area("Northtestshire"), Outcome.POSITIVE)
    summary = cross_framework(national=national_outcomes(), currency=data_currency()).chart.summary
    assert summary == "We hold no results of inspections from 2016 to 2022."


def table_rows(html: str, chart: str) -> list[list[str]]:
    """The rows of the table beside a chart, as the page shows them."""
    table = html.split(f'id="chart-{chart}-caption"')[1].split("</table>")[0]
    return [
        [
            markup.unescape(re.sub(r"<[^>]+>|\s+", " ", cell).strip())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


def test_the_page_shows_the_table_the_chart_and_the_areas_behind_each_count(client, counties):
    SourceFactory(kind=SourceKind.OFFICIAL_STATISTICS, published=datetime.date(2022, 11, 17))
    SourceFactory(kind=SourceKind.DATA_TABLE, published=datetime.date(2026, 6, 29))
    response = client.get("/outcomes/")
    html = response.content.decode()
    chart = response.context["cross"].chart
    assert table_rows(html, "frameworks") == [HEADER, *chart.table_rows]
    assertContains(response, 'data-chart="outcomes" data-source="chart-frameworks-data"')
    data = json.loads(
        html.split('id="chart-frameworks-data" type="application/json">')[1].split("<")[0]
    )
    assert data == chart.data
    assertContains(response, chart.summary)
    assertContains(response, "It shows what followed, not why")
    assertContains(response, "a difference of one or two areas there is not a pattern")
    assertContains(
        response,
        "Sources: Ofsted&#x27;s official statistics, Area SEND inspection and revisit outcomes, "
        "May 2016 to August 2022 (published 17 November 2022), for the results from 2016 to "
        "2022; the national outcomes table of 29 June 2026",
    )
    # Each count's areas, each linked to its page, folded under the count without JavaScript.
    cell = html.split('id="frameworks-revisit-some-systemic"')[1].split("</details>")[0]
    assert "Systemic failings: 1 area<" in cell
    assert '<a class="govuk-link" href="/areas/southtestshire/">Southtestshire</a>' in cell
    assert "Northtestshire" not in cell
    assertContains(response, 'id="frameworks-no-revisit-none"')  # Easttestshire, not inspected
    assertNotContains(response, 'id="frameworks-revisit-none-')  # an empty row lists nothing


def test_the_page_names_successors_under_the_authority_inspected(client, empty):
    for name in ("North Oldshire", "West Oldshire"):
        successor = area(name)
        earlier(successor, revisit="all", inspected_as="Oldshire")
        latest(successor, Outcome.POSITIVE)
    response = client.get("/outcomes/")
    cell = response.content.decode().split('id="frameworks-revisit-all-positive"')[1]
    assert "Positive: 1 area<" in cell
    assert re.sub(r"\s+", " ", cell.split("</li>")[0]).endswith(
        'Oldshire, replaced by <a class="govuk-link" href="/areas/north-oldshire/">'
        'North Oldshire</a> and by <a class="govuk-link" href="/areas/west-oldshire/">'
        "West Oldshire</a>"
    )


def test_the_csv_has_the_same_rows_as_the_table(client, counties):
    page = client.get("/outcomes/")
    response = client.get("/outcomes/frameworks.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="outcomes-by-2016-to-2022-result.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == table_rows(page.content.decode(), "frameworks")
    assertContains(page, 'href="/outcomes/frameworks.csv"')


def build(count: int) -> None:
    for n in range(count):
        place = area(f"Growshire {n}", region=["SW", "NE"][n % 2])
        earlier(place, revisit=["all", "some", "none"][n % 3], inspected_as=f"Oldgrow {n // 2}")
        latest(place, [Outcome.POSITIVE, Outcome.SYSTEMIC][n % 2])


@pytest.mark.parametrize("count", [2, 6])
def test_the_outcomes_page_makes_as_many_queries_however_many_areas(
    client, empty, django_assert_num_queries, count
):
    build(count)
    # The data version, the currency (with the sources' dates), England's latest outcomes and
    # the 2016 to 2022 results.
    with django_assert_num_queries(4):
        response = client.get("/outcomes/")
    assert response.status_code == 200
    assert response.context["cross"].rows[0].total == count // 2 + count % 2


def test_england_and_region_shares_are_of_the_same_set_and_say_so(client, empty):
    """Both count every area, the not yet inspected among them: the region's shares add up to
    100% of its areas as England's do, and the page says which areas they are of."""
    latest(area("Northtestshire", region="NE"), Outcome.SYSTEMIC)
    latest(area("Southtestshire", region="SW"), Outcome.POSITIVE)
    area("Westtestshire", region="SW")
    overview = national_overview()
    assert [(info.short, n, share) for info, n, share in overview.england_rows] == [
        ("Positive", 1, 33.3),
        ("Inconsistent", 0, 0.0),
        ("Systemic failings", 1, 33.3),
        ("Not yet inspected", 1, 33.3),
    ]
    regions = overview.charts["regions"]
    shares = {
        dataset["label"]: dict(zip(regions.data["labels"], dataset["data"], strict=True))
        for dataset in regions.data["datasets"]
    }
    assert shares["Positive"]["South West"] == 50.0
    assert shares["Not yet inspected"]["South West"] == 50.0
    assert shares["Systemic failings"]["North East"] == 100.0
    assert shares["Positive"]["England"] == 33.3
    assert sum(g.total for g in overview.regions) == overview.england.total == 3
    response = client.get("/outcomes/")
    basis = (
        "Every share here is of all the areas counted, those not yet inspected under the 2023 "
        "framework among them: of England&#x27;s 3 areas (1 not yet inspected), and of all of "
        "each region&#x27;s."
    )
    assertContains(response, basis, count=2)  # beside England's table and the regions' chart


def test_a_long_cell_counts_its_areas_instead_of_naming_them(client, empty, monkeypatch):
    for name in ("Northtestshire", "Southtestshire", "Easttestshire"):
        earlier(area(name), wsoa=False)
    monkeypatch.setattr(crossframe, "MAX_LISTED", 2)
    response = client.get("/outcomes/")
    cell = response.content.decode().split('id="frameworks-no-wsoa-none"')[1].split("</details>")[0]
    assert "Not yet inspected: 3 areas<" in cell
    assert "Too many to name here" in cell
    assert "Northtestshire" not in cell
