"""England's outcomes page and its CSV downloads, as a reader meets them."""

import csv
import io

import pytest
from django.urls import resolve, reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports.selectors.national import MAX_LISTED
from reports.views.national import OutcomesCSVView, OutcomesView
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "args", "path", "view"),
    [
        ("reports:outcomes", [], "/outcomes/", OutcomesView),
        ("reports:outcomes-csv", ["years"], "/outcomes/years.csv", OutcomesCSVView),
    ],
)
def test_urls_round_trip(name, args, path, view):
    assert reverse(name, args=args) == path
    assert resolve(path).func.view_class is view


def test_outcomes_page_counts_every_area_of_england(client, default_areas):
    AreaFactory(name="Uninspectedshire", region="NE")
    response = client.get("/outcomes/")
    assertTemplateUsed(response, "reports/outcomes.html")
    assertContains(response, "Latest outcomes by region")
    assertContains(response, "Latest outcomes by year of publication")
    # North Somerset, North Yorkshire and Uninspectedshire.
    assertContains(response, "Not yet inspected under the 2023 framework (3)")
    assertContains(response, ">Uninspectedshire</a></li>")
    assertContains(response, 'href="/outcomes/regions.csv"')
    assertContains(response, 'role="group"')  # the map


@pytest.mark.parametrize("path", ["/outcomes/", "/outcomes/regions.csv", "/outcomes/years.csv"])
def test_before_any_data_is_loaded_the_outcomes_are_there_to_read(client, path):
    assert client.get(path).status_code == 200


def test_outcomes_page_counts_long_lists_by_region_instead_of_naming_them(client):
    # Just enough areas, never inspected and with no tile on the map, to pass the limit.
    count = MAX_LISTED + 1
    AreaFactory.create_batch(count, region="NE")
    response = client.get("/outcomes/")
    assertContains(response, f"Not yet inspected under the 2023 framework ({count:,})")
    assertContains(response, "Too many to name here. See each region’s page")
    assertContains(response, 'href="/regions/north-east/">North East</a>')
    assertContains(response, f"{count} areas are not on the map")
    assertContains(response, 'href="/#all-areas">its region’s page</a>')
    assertNotContains(response, ">Testshire")
    before = len(response.content)
    AreaFactory.create_batch(count, region="NE")
    with_more = client.get("/outcomes/")
    assertContains(with_more, f"Not yet inspected under the 2023 framework ({2 * count:,})")
    assert len(with_more.content) < before + 100  # only numbers change


@pytest.mark.parametrize(
    ("chart", "first_row"),
    [
        ("regions", ["Region", "Positive", "Inconsistent"]),
        ("years", ["Year published", "Positive", "Inconsistent"]),
    ],
)
def test_csv_downloads(client, default_areas, chart, first_row):
    response = client.get(f"/outcomes/{chart}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][: len(first_row)] == first_row
    assert len(rows) > 1


def test_an_unknown_chart_is_not_found(client):
    assert client.get("/outcomes/pie.csv").status_code == 404


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/outcomes/years.csv", 2),  # the overview's 1, and the data version
        ("/outcomes/", 4),  # how current the data is, and the 2016 to 2022 results
    ],
)
def test_page_queries_do_not_grow_with_areas(
    client, grow, path, queries, django_assert_num_queries
):
    grow(20)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
    grow(20)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
