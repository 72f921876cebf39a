"""A finding's own page (/findings/<identifier>/), its JSON twin, and the links to it."""

import csv
import datetime
import io
import json

import pytest
from django.urls import resolve, reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports.vocabulary import FindingKind, Outcome, SourceKind, ThemesFrom
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    SourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def finding(national_table):
    source = SourceFactory(
        slug="ofsted-report-testshire-2024-05-01",
        title="Testshire: area SEND inspection report",
        publisher="Ofsted and CQC",
        published=datetime.date(2024, 5, 1),
        file="reports/testshire.pdf",
    )
    inspection = InspectionFactory(
        area=AreaFactory(name="Testshire", slug="testshire"),
        start_date=datetime.date(2024, 3, 4),
        end_date=datetime.date(2024, 3, 8),
        published=datetime.date(2024, 5, 1),
        outcome=Outcome.SYSTEMIC,
    )
    return FindingFactory(
        inspection=inspection,
        source=source,
        kind=FindingKind.PRIORITY_ACTION,
        order=2,
        text="Leaders should make sure that wombats get their plans on time.",
        location="priority actions, row 2",
        page=4,
        responsible_body="Testshire Council",
        themes=[ThemeFactory(slug="ehc-plans", name="EHC plans")],
        themes_from=ThemesFrom.REVIEWED,
    )


def test_a_finding_is_identified_by_its_source_kind_and_place(finding):
    assert finding.identifier == "ofsted-report-testshire-2024-05-01-priority-action-2"
    url = "/findings/ofsted-report-testshire-2024-05-01-priority-action-2/"
    assert finding.get_absolute_url() == url
    assert resolve(url).view_name == "reports:finding"


def test_the_finding_page_shows_the_finding_and_where_it_comes_from(client, finding):
    response = client.get(finding.get_absolute_url())
    assertTemplateUsed(response, "reports/finding_detail.html")
    assertContains(response, "Leaders should make sure that wombats get their plans on time.")
    assertContains(response, "Priority action")
    assertContains(response, "Testshire Council")
    assertContains(response, f'href="{reverse("reports:theme", args=["ehc-plans"])}">EHC plans</a>')
    assertContains(response, "Reviewed, finding by finding.")
    assertContains(response, 'href="/areas/testshire/">Testshire</a>')
    assertContains(response, "4 to 8 March 2024")
    assertContains(response, "Widespread and/or systemic failings")
    assertContains(response, "priority actions, row 2")
    assertContains(response, "/sources/ofsted-report-testshire-2024-05-01/file/#page=4")
    assertContains(response, "Testshire: area SEND inspection report")


def test_a_finding_whose_themes_came_from_the_rules_says_so(client, national_table):
    finding = FindingFactory(themes=[ThemeFactory()], themes_from=ThemesFrom.RULES)
    response = client.get(finding.get_absolute_url())
    assertContains(response, "Themes tagged by keyword rules, not yet reviewed.")
    assertNotContains(response, "Reviewed, finding by finding.")


def test_the_cite_this_line_names_the_site_finding_address_date_and_source(client, finding):
    response = client.get(finding.get_absolute_url())
    assertContains(
        response,
        "Area SEND inspection findings. Finding ofsted-report-testshire-2024-05-01-priority-"
        "action-2. http://testserver/findings/ofsted-report-testshire-2024-05-01-priority-action-2/"
        ". Data as of 29 June 2026. Source: Testshire: area SEND inspection report (Ofsted and "
        "CQC inspection report, Ofsted and CQC, 1 May 2024), priority actions, row 2, page 4.",
    )


def test_an_unknown_finding_is_a_404_page(client, finding):
    response = client.get("/findings/no-such-finding-1/")
    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")
    assert client.get("/findings/no-such-finding-1/?format=json").status_code == 404


def test_the_json_twin_holds_what_the_page_shows(client, finding):
    response = client.get(finding.get_absolute_url(), {"format": "json"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    payload = json.loads(response.content)
    assert payload["data_as_of"] == "2026-06-29"
    row = payload["finding"]
    assert row["finding_id"] == finding.identifier
    assert row["finding_page"] == finding.get_absolute_url()
    assert row["text"] == finding.text
    assert (row["kind"], row["kind_label"]) == ("priority_action", "Priority action")
    assert (row["themes"], row["theme_names"], row["themes_reviewed"]) == (
        "ehc-plans",
        ["EHC plans"],
        True,
    )
    assert (row["area_name"], row["area_page"]) == ("Testshire", "/areas/testshire/")
    assert (row["inspection_dates"], row["outcome"]) == ("4 to 8 March 2024", "systemic")
    assert (row["location"], row["page"]) == ("priority actions, row 2", 4)
    page = client.get(finding.get_absolute_url())
    assertContains(page, row["citation"])


def test_the_json_twin_refuses_other_formats(client, finding):
    assert client.get(finding.get_absolute_url(), {"format": "xml"}).status_code == 400


def test_the_finding_page_query_count(client, finding, django_assert_num_queries):
    # Data version, currency, the finding with its area, inspection and source, its themes.
    with django_assert_num_queries(4):
        client.get(finding.get_absolute_url())
    with django_assert_num_queries(5):  # and its row as the downloads give it
        client.get(finding.get_absolute_url(), {"format": "json"})


@pytest.mark.parametrize(
    "path",
    ["/findings/", "/areas/testshire/", "/themes/ehc-plans/"],
)
def test_each_finding_shown_links_to_its_page(client, finding, path):
    assertContains(client.get(path), f'href="{finding.get_absolute_url()}"')


def test_every_export_carries_the_identifier(client, finding):
    body = b"".join(client.get("/findings/", {"format": "csv"}).streaming_content)
    (row,) = csv.DictReader(io.StringIO(body.decode("utf-8")))
    assert (row["finding_id"], row["finding_page"]) == (
        finding.identifier,
        finding.get_absolute_url(),
    )
    body = b"".join(client.get("/findings/", {"format": "json"}).streaming_content)
    assert [r["finding_id"] for r in json.loads(body)["rows"]] == [finding.identifier]
    body = b"".join(client.get("/data/findings.csv").streaming_content)
    (row,) = csv.DictReader(io.StringIO(body.decode("utf-8")))
    assert row["finding_id"] == finding.identifier
    descriptor = json.loads(client.get("/data/datapackage.json").content)
    (findings,) = [r for r in descriptor["resources"] if r["name"] == "findings"]
    (field,) = [f for f in findings["schema"]["fields"] if f["name"] == "finding_id"]
    assert "permanent identifier" in field["description"]
    assert findings["schema"]["primaryKey"] == ["finding_id"]


def test_a_second_hand_source_keeps_its_kind_in_the_citation(client, national_table):
    press = SourceFactory(kind=SourceKind.PRESS_RELEASE, title="Council welcomes report")
    finding = FindingFactory(source=press)
    assertContains(client.get(finding.get_absolute_url()), "Council welcomes report (Council or")
