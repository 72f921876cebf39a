"""The researchers' lists and downloads: filters narrow, exports hold exactly the view."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports.vocabulary import FindingKind, Outcome, SourceKind
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    SourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher_data():
    """Two areas: one inconsistent with an EHC-plan improvement, one positive with a strength."""
    ehc, other = ThemeFactory(slug="t-ehc", name="T EHC"), ThemeFactory(slug="t-other")
    report = SourceFactory(kind=SourceKind.OFSTED_REPORT)
    press = SourceFactory(kind=SourceKind.PRESS_RELEASE)
    north = InspectionFactory(
        area=AreaFactory(name="Northtestshire", slug="northtestshire", region="NE"),
        outcome=Outcome.INCONSISTENT,
        published=datetime.date(2024, 3, 1),
    )
    south = InspectionFactory(
        area=AreaFactory(name="Southtestshire", slug="southtestshire", region="SW"),
        outcome=Outcome.POSITIVE,
        published=datetime.date(2022, 3, 1),
    )
    return {
        "wanted": FindingFactory(
            inspection=north,
            kind=FindingKind.IMPROVEMENT,
            text="Leaders should improve the timeliness of EHC plans for zebrafinches.",
            source=report,
            themes=[ehc],
        ),
        "strength": FindingFactory(
            inspection=south,
            kind=FindingKind.STRENGTH,
            text="The annual review process for zebrafinches works well.",
            source=press,
            themes=[other],
        ),
        "weakness": FindingFactory(
            inspection=north,
            kind=FindingKind.WEAKNESS,
            text="Zebrafinches wait for an annual health review.",
            source=report,
            themes=[other],
        ),
    }


@pytest.mark.parametrize(
    "params, kept",
    [
        ({"kind": "improvement"}, ["wanted"]),
        ({"kind": ["improvement", "strength"]}, ["wanted", "strength"]),
        ({"theme": "t-ehc"}, ["wanted"]),
        ({"theme": ["t-ehc", "t-other"]}, ["wanted", "strength", "weakness"]),
        ({"area": "southtestshire"}, ["strength"]),
        ({"area": "South testshire"}, ["strength"]),  # typed as a name, in any case or spacing
        ({"area": ["northtestshire", "southtestshire"]}, ["wanted", "strength", "weakness"]),
        ({"region": "NE"}, ["wanted", "weakness"]),
        ({"outcome": "inconsistent"}, ["wanted", "weakness"]),
        ({"year": "2022"}, ["strength"]),
        ({"published_after": "2023-01-01"}, ["wanted", "weakness"]),
        ({"published_before": "2023-01-01"}, ["strength"]),
        ({"source_kind": "second_hand"}, ["strength"]),
        ({"source_kind": "report"}, ["wanted", "weakness"]),
        ({"q": "zebrafinches", "kind": "weakness"}, ["weakness"]),
    ],
)
def test_each_filter_narrows_the_findings(client, researcher_data, params, kept):
    response = client.get("/findings/", {**params, "q": params.get("q", "zebrafinches")})
    assertTemplateUsed(response, "reports/finding_list.html")
    for name, finding in researcher_data.items():
        if name in kept:
            assertContains(response, finding.text.split()[1])
        else:
            assertNotContains(response, finding.text)


def test_search_stems_words(client, researcher_data):
    # "plan" finds "plans"; "reviews" finds "review".
    response = client.get("/findings/", {"q": "zebrafinches plan"})
    assertContains(response, "<strong>1</strong> finding")
    assertContains(response, "<mark>plans</mark>")
    response = client.get("/findings/", {"q": "zebrafinches reviews"})
    assertContains(response, "<strong>2</strong> finding")


def test_search_takes_quoted_phrases(client, researcher_data):
    response = client.get("/findings/", {"q": '"annual review process" zebrafinches'})
    assertContains(response, "<strong>1</strong> finding")
    assertContains(response, "works well")
    response = client.get("/findings/", {"q": '"review annual process" zebrafinches'})
    assertContains(response, "<strong>0</strong> findings")


def test_matches_are_highlighted_without_letting_html_through(client):
    FindingFactory(text="Zebrafinches <script>alert(1)</script> & <b>plans</b>.")
    response = client.get("/findings/", {"q": "zebrafinches"})
    assertContains(response, "<mark>Zebrafinches</mark>")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)")
    response = client.get("/findings/", {"q": "<mark>zebrafinches</mark>"})
    assertNotContains(response, 'value="<mark>')


def rows_of_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


def test_csv_and_json_hold_exactly_the_rows_of_the_filtered_view(client, researcher_data):
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


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_is_neutralised(client, start):
    FindingFactory(text=f"{start}HYPERLINK(zebrafinch)")
    rows = rows_of_csv(client.get("/findings/", {"q": "zebrafinch", "format": "csv"}))
    assert [row["text"] for row in rows] == [f"'{start}HYPERLINK(zebrafinch)"]


@pytest.mark.parametrize(
    "query",
    [
        "outcome=bogus",
        "theme=no-such-theme",
        "published_after=yesterday",
        "year=99999",
        "area=atlantis",
        "area=testshire",  # names both areas: which is meant?
        "area=north%00testshire",
        "area=x" + "&area=x" * 20,
        "published_after=2025-01-01&published_before=2024-01-01",
        "q=%22%22",
    ],
)
def test_invalid_filters_are_a_400_with_an_error_summary_never_unfiltered(client, query):
    response = client.get(f"/findings/?{query}")
    assertContains(response, "There is a problem with the filters", status_code=400)
    assertNotContains(response, "Download these", status_code=400)
    export = client.get(f"/findings/?{query}&format=csv")
    assert export.status_code == 400
    assert export["Content-Type"].startswith("text/plain")
    assert b"nothing exported" in export.content


def test_areas_are_typed_in_text_boxes_that_show_their_names(client, researcher_data):
    response = client.get("/findings/", {"area": ["northtestshire", "SOUTHTESTSHIRE"]})
    html = response.content.decode()
    assert 'id="area" name="area" type="text" value="Northtestshire"' in html
    assert 'id="area-2" name="area" type="text" value="Southtestshire"' in html
    assert 'for="area-3">Add another area</label>' in html
    assert 'value="northtestshire"' not in html  # no list of every area to choose from
    response = client.get("/inspections/", {"area": "Nothtestshire"})
    assertContains(
        response,
        "We hold no area called “Nothtestshire”. Did you mean Northtestshire",
        status_code=400,
    )
    assertContains(response, 'value="Nothtestshire"', status_code=400)  # kept to correct
    response = client.get("/inspections/", {"area": "North\x00testshire"})
    assertContains(response, "cannot contain control characters", status_code=400)
    assertNotContains(response, "\x00", status_code=400)


def test_a_repeated_single_valued_parameter_is_a_400_and_repeated_multi_values_are_fine(client):
    assertContains(client.get("/findings/?region=NE&region=SW"), "more than once", status_code=400)
    assert client.get("/findings/?theme=ehc-plans&theme=workforce").status_code == 200
    assert client.get("/findings/?format=xml").status_code == 400
    assert client.get("/findings/?page=99999").status_code == 404


def test_pagination_keeps_every_filter(client):
    inspection = InspectionFactory()
    for n in range(30):
        FindingFactory(inspection=inspection, order=n + 1, text=f"Zebrafinch finding {n}.")
    response = client.get("/findings/", {"q": "zebrafinch", "kind": "strength"})
    assertContains(response, "?q=zebrafinch&amp;kind=strength&amp;page=2")


def test_list_and_export_query_counts_do_not_grow_with_rows(
    client, django_assert_num_queries, researcher_data
):
    url = "/findings/?q=zebrafinches&theme=t-ehc&theme=t-other"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with CaptureQueriesContext(connection) as few_csv:
        b"".join(client.get(url + "&format=csv").streaming_content)
    inspection = InspectionFactory()
    themes = [ThemeFactory(), ThemeFactory()]
    for n in range(40):
        FindingFactory(
            inspection=inspection, order=n + 1, text=f"Zebrafinches again {n}.", themes=themes
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    with django_assert_num_queries(len(few_csv.captured_queries)):
        b"".join(client.get(url + "&format=csv").streaming_content)
    assert response.status_code == 200


def test_inspections_tracker_filters_by_due_date_and_kind(client):
    area = AreaFactory(name="Duetestshire")
    overdue = InspectionFactory(
        area=area,
        outcome=Outcome.SYSTEMIC,
        published=datetime.date(2024, 1, 1),
        next_monitoring="within approximately 18 months",
        next_monitoring_due=datetime.date(2025, 6, 1),
        next_full_due=datetime.date(2026, 12, 1),
    )
    later = InspectionFactory(
        area=AreaFactory(name="Latertestshire"),
        published=datetime.date(2025, 1, 1),
        next_full_due=datetime.date(2028, 1, 1),
    )
    response = client.get("/inspections/", {"due": "already", "area": [area.slug, later.area.slug]})
    assertContains(response, f'href="{reverse("reports:area", args=[area.slug])}')
    assertNotContains(response, f'href="{reverse("reports:area", args=[later.area.slug])}')
    response = client.get(
        "/inspections/", {"next_kind": "monitoring", "area": [area.slug, later.area.slug]}
    )
    assertContains(response, "<strong>1</strong> inspection")
    response = client.get(
        "/inspections/",
        {"due_before": "2027-06-01", "next_kind": "full", "area": [area.slug, later.area.slug]},
    )
    assertContains(response, f'href="{reverse("reports:area", args=[area.slug])}')
    assertNotContains(response, f'href="{reverse("reports:area", args=[later.area.slug])}')
    assert overdue.pk


def test_inspections_sort_by_a_column(client):
    a = InspectionFactory(area=AreaFactory(name="Aatestshire"), published=datetime.date(2024, 1, 1))
    b = InspectionFactory(area=AreaFactory(name="Bbtestshire"), published=datetime.date(2025, 1, 1))
    params = {"area": [a.area.slug, b.area.slug]}
    first, second = f'href="{a.get_absolute_url()}', f'href="{b.get_absolute_url()}'
    html = client.get("/inspections/", {**params, "sort": "-published"}).content.decode()
    assert html.index(second) < html.index(first)
    html = client.get("/inspections/", {**params, "sort": "area"}).content.decode()
    assert html.index(first) < html.index(second)
    assert client.get("/inspections/", {"sort": "password"}).status_code == 400


def test_the_data_page_offers_every_table_and_a_dictionary(client):
    response = client.get("/data/")
    for name in ["areas", "inspections", "findings", "themes", "sources"]:
        assertContains(response, f'href="/data/{name}.csv"')
        assertContains(response, f'href="/data/{name}.json"')
    assertContains(response, "<code>outcome</code>")
    assertContains(response, "pd.read_csv")
    assertContains(response, "read.csv")
    assert client.get("/data/nothing.csv").status_code == 404


def test_the_data_package_is_valid_frictionless(client, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    descriptor = client.get("/data/datapackage.json").json()
    for resource in descriptor["resources"]:  # paths are relative to the descriptor's address
        body = b"".join(client.get("/data/" + resource["path"]).streaming_content)
        (tmp_path / resource["path"]).write_bytes(body)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:10]


@pytest.mark.parametrize("query", ["kind=%00", "q=%00", "region=a%00b", "published_after=%00"])
@pytest.mark.parametrize("export", ["", "&format=csv", "&format=json"])
def test_a_nul_in_a_filter_is_refused_and_never_echoed(client, query, export):
    response = client.get(f"/findings/?{query}{export}")
    assert response.status_code == 400
    assert b"\x00" not in response.content
