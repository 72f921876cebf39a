"""The researchers' filters (reports/filters.py), through the lists they narrow: each filter
narrows, a bad value is a 400 naming the problem (never an unfiltered list), and a parameter
that takes one value refuses two."""

import datetime

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports.vocabulary import Outcome
from tests.factories import AreaFactory, InspectionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "params, kept",
    [
        ({}, ["wanted", "strength", "weakness", "older"]),
        ({"kind": "improvement"}, ["wanted"]),
        ({"kind": ["improvement", "strength"]}, ["wanted", "strength"]),
        ({"theme": "t-ehc"}, ["wanted"]),
        ({"theme": ["t-ehc", "t-other"]}, ["wanted", "strength", "weakness", "older"]),
        ({"area": "southtestshire"}, ["strength"]),
        ({"area": "South testshire"}, ["strength"]),  # typed as a name, in any case or spacing
        ({"area": ["northtestshire", "southtestshire"]}, ["wanted", "strength", "weakness"]),
        ({"region": "NE"}, ["wanted", "weakness"]),
        ({"outcome": "inconsistent"}, ["wanted", "weakness"]),
        ({"outcome": ["inconsistent", "wsoa_required"]}, ["wanted", "weakness", "older"]),
        ({"framework": "2016"}, ["older"]),
        ({"year": "2022"}, ["strength"]),
        ({"published_after": "2023-01-01"}, ["wanted", "weakness"]),
        ({"published_before": "2023-01-01"}, ["strength", "older"]),
        ({"published_after": "2022-03-01", "published_before": "2022-03-01"}, ["strength"]),
        ({"source_kind": "second_hand"}, ["strength"]),
        ({"source_kind": "report"}, ["wanted", "weakness", "older"]),
        ({"kind": "weakness", "region": "NW"}, ["older"]),
    ],
)
def test_each_filter_narrows_the_findings(client, researcher_data, params, kept):
    response = client.get("/findings/", params)
    assertTemplateUsed(response, "reports/finding_list.html")
    assert {f.text for f in response.context["rows"]} == {researcher_data[k].text for k in kept}
    for name, finding in researcher_data.items():
        if name not in kept:
            assertNotContains(response, finding.text)
    assertContains(response, f"<strong>{len(kept)}</strong> finding")


@pytest.fixture
def tracked(national_table):
    """Two inspections of two areas: one whose monitoring inspection is overdue on the data's
    date, one whose next full inspection is years away."""
    return {
        "overdue": InspectionFactory(
            area=AreaFactory(name="Duetestshire", region="NE"),
            outcome=Outcome.SYSTEMIC,
            published=datetime.date(2024, 1, 1),
            next_monitoring="within approximately 18 months",
            next_monitoring_due=datetime.date(2025, 6, 1),
            next_full_due=datetime.date(2026, 12, 1),
        ),
        "later": InspectionFactory(
            area=AreaFactory(name="Latertestshire", region="SW"),
            outcome=Outcome.POSITIVE,
            published=datetime.date(2025, 1, 1),
            next_full_due=datetime.date(2028, 1, 1),
        ),
    }


@pytest.mark.parametrize(
    "params, kept",
    [
        ({}, ["overdue", "later"]),
        ({"due": "already"}, ["overdue"]),  # before the data's date, 29 June 2026
        ({"next_kind": "monitoring"}, ["overdue"]),
        ({"next_kind": "full"}, ["overdue", "later"]),
        ({"due_before": "2027-06-01"}, ["overdue"]),
        ({"due_before": "2027-06-01", "next_kind": "full"}, ["overdue"]),
        ({"due_before": "2026-01-01", "next_kind": "full"}, []),
        ({"region": "SW"}, ["later"]),
        ({"outcome": "systemic"}, ["overdue"]),
        ({"year": "2025"}, ["later"]),
        ({"area": "Latertestshire"}, ["later"]),
    ],
)
def test_each_filter_narrows_the_inspections(client, tracked, params, kept):
    response = client.get("/inspections/", params)
    assertTemplateUsed(response, "reports/inspection_list.html")
    assert {i.pk for i in response.context["rows"]} == {tracked[k].pk for k in kept}
    for name, inspection in tracked.items():
        link = f'href="{inspection.get_absolute_url()}'
        if name in kept:
            assertContains(response, link)
        else:
            assertNotContains(response, link)


def test_inspections_sort_by_a_column(client, tracked):
    first, second = (f'href="{tracked[k].get_absolute_url()}' for k in ["overdue", "later"])
    html = client.get("/inspections/", {"sort": "-published"}).content.decode()
    assert html.index(second) < html.index(first)
    html = client.get("/inspections/", {"sort": "area"}).content.decode()
    assert html.index(first) < html.index(second)
    html = client.get("/inspections/", {"sort": "-area"}).content.decode()
    assert html.index(second) < html.index(first)


@pytest.mark.parametrize(
    "query",
    [
        "outcome=bogus",
        "kind=bogus",
        "framework=2019",
        "region=XX",
        "source_kind=rumour",
        "theme=no-such-theme",
        "published_after=yesterday",
        "year=99999",
        "year=2015",
        "area=atlantis",
        "area=testshire",  # names all three areas: which is meant?
        "area=x" + "&area=x" * 20,
        "published_after=2025-01-01&published_before=2024-01-01",
        "q=%22%22",
    ],
)
def test_invalid_findings_filters_are_a_400_with_an_error_summary_never_unfiltered(
    client, researcher_data, query
):
    response = client.get(f"/findings/?{query}")
    assertContains(response, "There is a problem with the filters", status_code=400)
    assertNotContains(response, "Download these", status_code=400)
    assertNotContains(response, researcher_data["wanted"].text, status_code=400)
    export = client.get(f"/findings/?{query}&format=csv")
    assert export.status_code == 400
    assert export["Content-Type"].startswith("text/plain")
    assert b"nothing exported" in export.content


@pytest.mark.parametrize(
    "query",
    ["due=sometimes", "next_kind=annual", "due_before=soon", "sort=password", "outcome=bogus"],
)
def test_invalid_inspections_filters_are_a_400_never_unfiltered(client, tracked, query):
    response = client.get(f"/inspections/?{query}")
    assertContains(response, "There is a problem with the filters", status_code=400)
    assertNotContains(response, tracked["later"].get_absolute_url(), status_code=400)


def test_dates_in_the_wrong_order_say_which_to_change(client):
    response = client.get(
        "/findings/", {"published_after": "2025-01-01", "published_before": "2024-01-01"}
    )
    assertContains(response, "Enter a date on or after the first date", status_code=400)


def test_areas_are_typed_in_text_boxes_that_show_their_names(client, researcher_data):
    response = client.get("/findings/", {"area": ["northtestshire", "SOUTHTESTSHIRE"]})
    html = response.content.decode()
    assert 'id="area" name="area" type="text" value="Northtestshire"' in html
    assert 'id="area-2" name="area" type="text" value="Southtestshire"' in html
    assert 'for="area-3">Add another area</label>' in html
    assert 'value="westtestshire"' not in html  # no list of every area to choose from
    response = client.get("/inspections/", {"area": "Nothtestshire"})
    assertContains(
        response,
        "We hold no area called “Nothtestshire”. Did you mean Northtestshire",
        status_code=400,
    )
    assertContains(response, 'value="Nothtestshire"', status_code=400)  # kept to correct
    response = client.get("/inspections/", {"area": "North\x00testshire"})
    assertContains(response, "The “area” parameter contains a control", status_code=400)
    assertNotContains(response, "\x00", status_code=400)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        *(("/findings/", name) for name in ["q", "region", "year", "source_kind", "format"]),
        *(("/inspections/", name) for name in ["region", "due", "due_before", "sort", "page"]),
    ],
)
def test_a_parameter_that_takes_one_value_refuses_two(client, path, name):
    response = client.get(f"{path}?{name}=1&{name}=2")
    assertContains(response, "was given more than once", status_code=400)


def test_repeated_multi_valued_parameters_are_fine(client, researcher_data):
    response = client.get("/findings/?theme=t-ehc&theme=t-other&kind=strength&kind=weakness")
    assertContains(response, "<strong>3</strong> findings")


def test_an_unknown_format_or_a_page_not_there_is_refused(client, researcher_data):
    assert client.get("/findings/?format=xml").status_code == 400
    assert client.get("/findings/?page=99999").status_code == 404


@pytest.mark.parametrize("query", ["kind=%00", "q=%00", "region=a%00b", "published_after=%00"])
@pytest.mark.parametrize("export", ["", "&format=csv", "&format=json"])
def test_a_nul_in_a_filter_is_refused_and_never_echoed(client, query, export):
    response = client.get(f"/findings/?{query}{export}")
    assert response.status_code == 400
    assert b"\x00" not in response.content
