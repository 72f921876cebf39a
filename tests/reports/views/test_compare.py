"""The compare page and its CSV downloads, as a reader meets them."""

import csv
import io

import pytest
from django.urls import resolve, reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports.views.compare import CompareCSVView, CompareView

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "args", "path", "view"),
    [
        ("reports:compare", [], "/compare/", CompareView),
        ("reports:compare-csv", ["themes"], "/compare/themes.csv", CompareCSVView),
    ],
)
def test_urls_round_trip(name, args, path, view):
    assert reverse(name, args=args) == path
    assert resolve(path).func.view_class is view


def test_compare_page_shows_the_default_areas_side_by_side(client, default_areas):
    response = client.get("/compare/")
    assertTemplateUsed(response, "reports/compare.html")
    assertContains(response, "<title>Compare areas: Cambridgeshire, Cornwall and Southend-on-Sea")
    for text in [
        "Side by side",
        "Findings by theme",
        "Inspections over time",
        "Latest outcomes by region",
        "Results under the two frameworks cannot be compared",
        "Where this data comes from",
        "3 years and 1 month before the latest",  # Cornwall: February 2023 to March 2026
    ]:
        assertContains(response, text)
    # Cambridgeshire's findings are quoted in a press release, and the page says so.
    assertContains(response, "Cambridgeshire: we hold the findings only as")
    assertContains(
        response, 'href="/findings/?area=cornwall&amp;theme=ehc-plans&amp;kind=weakness"'
    )
    assertContains(response, 'id="area-2" name="area" type="text" value="Cornwall"')
    # Side by side, the theme matrix, three charts' tables and the map's table.
    assertContains(response, 'role="region"', count=6)
    assertContains(response, 'id="chart-themes-data" type="application/json"')
    assertContains(
        response, 'aria-label="Cornwall (compared): inconsistent experiences and outcomes"'
    )
    assertNotContains(response, "<script>")  # data goes through json_script only
    assertNotContains(response, "style=")


def test_with_fewer_than_two_default_areas_the_page_offers_the_form_alone(client):
    response = client.get("/compare/")
    assertContains(response, 'name="area" type="text"', count=4)
    assertNotContains(response, "Side by side")


def test_compare_page_takes_any_two_to_four_areas_from_the_address(client, default_areas):
    response = client.get("/compare/", {"area": ["southend-on-sea", "slough"]})
    assertContains(response, "Comparing <strong>Southend-on-Sea and Slough</strong>")
    assertContains(response, 'id="area-2" name="area" type="text" value="Slough"')
    assertNotContains(response, "Cambridgeshire: we hold the findings")


def test_the_form_offers_text_boxes_not_a_list_of_every_area(client, default_areas):
    response = client.get("/compare/")
    assertNotContains(response, "<option")
    assertContains(response, 'name="area" type="text"', count=4)


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        # As the form sends them: names in any case, a code, unused boxes left blank.
        (["Southend", "slough", "908", ""], "?area=southend-on-sea&area=slough&area=cornwall"),
        (["  CORNWALL ", "E10000003"], "?area=cornwall&area=cambridgeshire"),
    ],
)
def test_typed_names_and_codes_redirect_to_the_address_of_their_areas(
    client, default_areas, typed, address
):
    response = client.get("/compare/", {"area": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/compare/{address}"
    assertContains(client.get(response["Location"]), "Comparing <strong>")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("area=atlantis&area=cornwall", "We hold no area called “atlantis”."),
        ("area=cornwell&area=slough", "We hold no area called “cornwell”. Did you mean Cornwall"),
        ("area=north&area=slough", "“north” could mean North Somerset, North Yorkshire."),
        ("area=cornwall", "Choose at least 2 areas to compare; the address names 1."),
        ("area=&area=", "Choose at least 2 areas to compare; the address names 0."),
        (
            "area=cornwall&area=slough&area=medway&area=southend-on-sea&area=cambridgeshire",
            "Choose at most 4 areas to compare; the address names 5.",
        ),
        ("area=cornwall&area=Cornwall", "Cornwall is chosen more than once"),
        ("area=cornwall&area=%3Cscript%3E", "We hold no area called “&lt;script&gt;”."),
        ("area=cornwall&area=" + "x" * 101, "at most 100 characters long"),
        ("area=x" + "&area=x" * 40, "The address names an area 41 times."),
    ],
)
def test_bad_choices_of_areas_show_the_form_again_with_the_problem(
    client, default_areas, query, message
):
    response = client.get(f"/compare/?{query}")
    assertContains(response, message, status_code=400)
    assertTemplateUsed(response, "reports/compare.html")
    assertContains(response, "govuk-error-summary", status_code=400)
    assertContains(response, 'name="area" type="text"', count=4, status_code=400)
    assertNotContains(response, "<script>", status_code=400)
    assertNotContains(response, "\x00", status_code=400)


def test_typed_names_go_back_in_the_boxes_to_correct(client, default_areas):
    response = client.get("/compare/", {"area": ["Cornwell", "Slough"]})
    assertContains(
        response, 'id="area-1" name="area" type="text" value="Cornwell"', status_code=400
    )
    assertContains(response, 'id="area-2" name="area" type="text" value="Slough"', status_code=400)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("area=atlantis&area=cornwall", "We hold no area called “atlantis”."),
        ("area=cornwall", "Choose at least 2 areas to compare; the address names 1."),
    ],
)
def test_bad_choices_of_areas_for_a_chart_csv_get_a_400_page(client, default_areas, query, message):
    response = client.get(f"/compare/themes.csv?{query}")
    assertContains(response, message, status_code=400)
    assertTemplateUsed(response, "400.html")


@pytest.mark.parametrize(
    ("chart", "first_row"),
    [
        ("themes", ["Theme", "Area", "Strengths"]),
        ("regions", ["Region", "Positive", "Inconsistent"]),
        ("timeline", ["Area", "Event", "Date", "Outcome or event"]),
    ],
)
def test_csv_downloads(client, default_areas, chart, first_row):
    response = client.get(f"/compare/{chart}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][: len(first_row)] == first_row
    assert len(rows) > 1


def test_the_page_and_its_csv_give_the_same_numbers(client, default_areas):
    page = client.get("/compare/", {"area": ["cornwall", "southend-on-sea"]})
    chart = page.context["page"].charts["themes"]
    response = client.get(chart.csv_url)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1:] == chart.table_rows
    assert ["EHC plan timeliness and quality", "Cornwall", "0", "1", "1", "0", "2"] in rows
    for row in chart.table_rows:
        assertContains(page, f'<th scope="row" class="govuk-table__header">{row[0]}</th>')


def test_an_unknown_chart_is_not_found(client, default_areas):
    assert client.get("/compare/pie.csv").status_code == 404


def test_without_areas_to_compare_there_is_no_chart(client):
    assert client.get("/compare/themes.csv").status_code == 404


def test_compare_csv_refuses_post(client):
    assert client.post("/compare/themes.csv").status_code == 405


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # The comparison's 7, 1 to look up the areas the address names, and the data version.
        ("/compare/themes.csv?area=cornwall&area=slough", 9),
        # A page also reads how current the data is.
        ("/compare/?area=cornwall&area=southend-on-sea", 10),
        ("/compare/?area=cornwall&area=southend-on-sea&area=cambridgeshire&area=slough", 10),
    ],
)
def test_page_queries_do_not_grow_with_areas_or_findings(
    client, grow, path, queries, django_assert_num_queries
):
    grow(10)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
    grow(10)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
