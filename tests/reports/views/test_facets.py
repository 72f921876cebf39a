"""Facets on the lists: beside each filter option, how many rows it would give in the current
view (the other filters applied, its own not), and no option that nothing in the data has."""

import datetime

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from reports.models import DataVersion
from reports.vocabulary import Framework, Outcome
from tests.factories import AreaFactory, FindingFactory, InspectionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def page(client, path: str, params: dict) -> str:
    """The page's HTML with its white space run together, so a label reads as it is shown."""
    response = client.get(path, params)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def checkbox(label: str, count: int) -> str:
    return f'{label} <span class="facet-count">({count})</span></label>'


def test_each_findings_option_counts_its_rows_with_the_other_filters(client, researcher_data):
    html = page(client, "/findings/", {"region": "NE"})
    # Northtestshire's improvement and weakness; the strength is Southtestshire's.
    assert checkbox("Area for improvement", 1) in html
    assert checkbox("Needs to do better", 1) in html
    assert checkbox("Strength", 0) in html
    # The region's own filter is not applied to its counts.
    assert '<option value="NE" selected>North East (2)</option>' in html
    assert '<option value="SW">South West (1)</option>' in html
    assert '<option value="NW">North West (1)</option>' in html
    assert '<option value="2023">Area SEND inspection (from 2023) (2)</option>' in html
    assert '<option value="2016">Local area SEND inspection (2016 to 2022) (0)</option>' in html
    assert checkbox("Inconsistent experiences and outcomes", 2) in html
    assert checkbox("Typically positive experiences and outcomes", 0) in html
    assert '<option value="report">The inspection report (2)</option>' in html
    assert checkbox("T EHC", 1) in html


def test_options_nothing_in_the_data_has_are_not_offered(client, researcher_data):
    html = page(client, "/findings/", {})
    assert "Priority action" not in html  # no finding is one
    assert "Widespread and/or systemic failings" not in html
    assert '<option value="GL">' not in html  # no area in London
    assert checkbox("Strength", 1) in html


def test_an_option_chosen_that_nothing_has_stays_to_be_unticked(client, researcher_data):
    html = page(client, "/findings/", {"kind": "priority_action"})
    assert 'value="priority_action" checked>' in html
    assert checkbox("Priority action", 0) in html
    assert checkbox("Strength", 1) in html  # the kind's own filter is not applied


def test_facets_count_within_a_search(client, researcher_data):
    html = page(client, "/findings/", {"q": "annual", "kind": "weakness"})
    assert checkbox("Strength", 1) in html
    assert checkbox("Needs to do better", 1) in html
    assert checkbox("Area for improvement", 0) in html
    assert '<option value="NE">North East (1)</option>' in html
    assert '<option value="SW">South West (0)</option>' in html
    assert '<option value="NW">North West (0)</option>' in html  # its weakness is not "annual"


def test_a_select_offers_no_choice_in_words_never_dashes(client, researcher_data):
    findings = client.get("/findings/")
    for label in ["Any region", "Any framework", "Any source"]:
        assertContains(findings, f'<option value="" selected>{label}</option>')
    assertNotContains(findings, "---")
    inspections = client.get("/inspections/")
    for label in ["Any region", "Any framework", "Any next inspection", "Due or not"]:
        assertContains(inspections, f'<option value="" selected>{label}</option>')
    assertNotContains(inspections, "---")


@pytest.fixture
def tracked(national_table):
    """An overdue systemic inspection in the North East and a positive one in the South West
    with only its full reinspection to come."""
    InspectionFactory(
        area=AreaFactory(region="NE"),
        outcome=Outcome.SYSTEMIC,
        published=datetime.date(2024, 1, 1),
        next_monitoring_due=datetime.date(2025, 6, 1),
        next_full_due=datetime.date(2026, 12, 1),
    )
    InspectionFactory(
        area=AreaFactory(region="SW"),
        outcome=Outcome.POSITIVE,
        published=datetime.date(2025, 1, 1),
        next_full_due=datetime.date(2028, 1, 1),
    )


def test_each_inspections_option_counts_its_rows_with_the_other_filters(client, tracked):
    html = page(client, "/inspections/", {"region": "SW"})
    assert checkbox("Typically positive experiences and outcomes", 1) in html
    assert checkbox("Widespread and/or systemic failings", 0) in html
    assert '<option value="NE">North East (1)</option>' in html
    assert '<option value="monitoring">Monitoring inspection (0)</option>' in html
    assert '<option value="full">Full reinspection (1)</option>' in html
    assert '<option value="already">Already due as of the data’s date (0)</option>' in html
    html = page(client, "/inspections/", {"next_kind": "monitoring"})
    assert '<option value="full">Full reinspection (2)</option>' in html
    assert '<option value="already">Already due as of the data’s date (1)</option>' in html
    assert '<option value="2016">' not in html  # no inspection under the 2016 framework
    assert "Written statement of action required" not in html


def test_an_invalid_filter_page_shows_options_without_counts(client, researcher_data):
    response = client.get("/findings/", {"year": "soon"})
    assert response.status_code == 400
    assertContains(response, "Strength</label>", status_code=400)
    assertNotContains(response, "facet-count", status_code=400)


def add_findings(count: int, themes) -> None:
    for n in range(count):
        framework = [Framework.AREA_SEND_2023, Framework.LOCAL_AREA_2016][n % 2]
        outcome = [Outcome.INCONSISTENT, Outcome.WSOA_REQUIRED][n % 2]
        inspection = InspectionFactory(
            area=AreaFactory(region=["NE", "SW", "GL"][n % 3]),
            framework=framework,
            outcome=outcome,
            next_full_due=datetime.date(2026, 1, 1),
        )
        FindingFactory(inspection=inspection, text=f"Zebrafinches {n}.", themes=themes)


@pytest.fixture
def kept_per_version(keep_precomputed):
    """As in production: England's lookups and all the data's counts kept per data version."""
    return DataVersion.record


@pytest.mark.parametrize("rows", [2, 6])
def test_the_findings_facets_cost_at_most_one_query_each_whatever_the_rows(
    client, national_table, django_assert_num_queries, rows, kept_per_version
):
    themes = [ThemeFactory(slug="t-ehc")]
    add_findings(rows, themes)
    kept_per_version()
    params = {"q": "zebrafinches", "region": "NE", "kind": "strength", "theme": "t-ehc"}
    # Data version, currency, the theme asked for, count, page, the page's rows' themes,
    # every theme for the form's boxes, then a count per applied filter's facet (region, kind,
    # theme) and one for the facets of the filters not applied (outcome, framework, source);
    # the first time in a data version, also each inspection's, source's and theme's values.
    with django_assert_num_queries(14):
        assertContains(
            client.get("/findings/", params), f"<strong>{(rows + 2) // 3}</strong> finding"
        )
    with django_assert_num_queries(11):
        client.get("/findings/", params)
    # No theme asked for to look up, and no filter: every count is of all the data, known.
    with django_assert_num_queries(6):
        client.get("/findings/", {})


@pytest.mark.parametrize("rows", [2, 6])
def test_the_inspections_facets_cost_at_most_one_query_each_whatever_the_rows(
    client, national_table, django_assert_num_queries, rows, kept_per_version
):
    add_findings(rows, [])
    kept_per_version()
    params = {"region": "NE", "outcome": "inconsistent", "next_kind": "full", "due": "already"}
    # Data version, currency, count, page, then a count per facet: outcome, region, framework,
    # next inspection, already due.
    with django_assert_num_queries(9):
        assertContains(client.get("/inspections/", params), "<strong>1</strong> inspection")
    # With no filter, outcome, region and framework are all the data's, known.
    with django_assert_num_queries(6):
        client.get("/inspections/", {})


def test_counts_follow_a_new_data_version(client, researcher_data, kept_per_version):
    kept_per_version()
    assert checkbox("Strength", 1) in page(client, "/findings/", {})
    FindingFactory(kind="strength", inspection=InspectionFactory())
    kept_per_version()  # a load records a new version
    assert checkbox("Strength", 2) in page(client, "/findings/", {})
