"""The researchers' lists and their downloads: an export holds exactly the rows of the view."""

import csv
import io
import json

import pytest
from pytest_django.asserts import assertContains, assertTemplateUsed

from tests.factories import FindingFactory, InspectionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def rows_of_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_inspections_list_compares_due_dates_with_the_datas_date(client, national_table):
    InspectionFactory()
    response = client.get("/inspections/")
    assertTemplateUsed(response, "reports/inspection_list.html")
    assertContains(response, "compared with our data’s date (29 June 2026), not today’s")


def test_csv_and_json_hold_exactly_the_rows_of_the_filtered_view(
    client, researcher_data, national_table
):
    params = {"q": "zebrafinches", "theme": ["t-ehc", "t-other"], "region": "NE"}
    page = client.get("/findings/", params)
    assertContains(page, "Download these 2 rows as CSV")
    csv_response = client.get("/findings/", {**params, "format": "csv"})
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = csv_response["Content-Disposition"]
    assert (
        "findings-q-zebrafinches-theme-t-ehc-t-other-region-ne-data-2026-06-29.csv" in disposition
    )
    rows = rows_of_csv(csv_response)
    expected = {researcher_data["wanted"].text, researcher_data["weakness"].text}
    assert {row["text"] for row in rows} == expected
    assert rows[0]["area_name"] == "Northtestshire"
    assert rows[0]["published"] == "2024-03-01"
    json_response = client.get("/findings/", {**params, "format": "json"})
    payload = json.loads(b"".join(json_response.streaming_content))
    assert payload["count"] == 2
    assert payload["data_as_of"] == "2026-06-29"
    assert payload["filters"] == {
        "q": "zebrafinches",
        "theme": ["t-ehc", "t-other"],
        "region": "NE",
    }
    assert {row["text"] for row in payload["rows"]} == expected
    assert {row["themes"] for row in payload["rows"]} == {"t-ehc", "t-other"}


def test_without_a_national_table_a_download_has_no_data_date(client, researcher_data):
    response = client.get("/findings/", {"region": "NE", "format": "json"})
    assert json.loads(b"".join(response.streaming_content))["data_as_of"] is None
    assert "-data-" not in response["Content-Disposition"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_is_neutralised(client, start):
    FindingFactory(text=f"{start}HYPERLINK(zebrafinch)")
    rows = rows_of_csv(client.get("/findings/", {"q": "zebrafinch", "format": "csv"}))
    assert [row["text"] for row in rows] == [f"'{start}HYPERLINK(zebrafinch)"]


def test_pagination_keeps_every_filter(client):
    inspection = InspectionFactory()
    for n in range(30):
        FindingFactory(inspection=inspection, text=f"Zebrafinch finding {n}.")
    response = client.get("/findings/", {"q": "zebrafinch", "kind": "strength"})
    assertContains(response, "?kind=strength&amp;q=zebrafinch&amp;page=2")


def test_list_and_export_query_counts_do_not_grow_with_rows(client, django_assert_num_queries):
    url = "/findings/?q=zebrafinches&theme=t-ehc&theme=t-other"
    themes = [ThemeFactory(slug="t-ehc"), ThemeFactory(slug="t-other")]
    inspection = InspectionFactory()

    def add(count: int) -> None:
        FindingFactory.create_batch(
            count, inspection=inspection, text="Zebrafinches again.", themes=themes
        )

    add(20)
    # Data version, currency, the themes asked for, count, page, the page's rows' themes,
    # every theme for the form's boxes, the theme facet's count, one count for the other
    # facets together, and each inspection's, source's and theme's values for them (kept
    # per data version in production, read every time here; tests/reports/views/test_facets.py
    # counts both).
    with django_assert_num_queries(12):
        response = client.get(url)
    with django_assert_num_queries(4):  # the rows in one query, and no count
        b"".join(client.get(url + "&format=csv").streaming_content)
    assertContains(response, "<strong>20</strong> findings")
    add(20)
    with django_assert_num_queries(12):
        response = client.get(url)
    with django_assert_num_queries(4):
        b"".join(client.get(url + "&format=csv").streaming_content)
    assertContains(response, "<strong>40</strong> findings")
