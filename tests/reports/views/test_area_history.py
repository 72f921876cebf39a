"""An area's page shows its whole record across both frameworks, and never an empty page; the
compare page sets the 2016 to 2022 result beside the latest outcome (issue 17)."""

import datetime
import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from reports.selectors.area import held_reports
from reports.vocabulary import OLDER_FRAMEWORK, Framework, Outcome, SourceKind
from tests.factories import (
    AreaFactory,
    DataNoteFactory,
    FindingFactory,
    InspectionFactory,
    RevisitFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

NOT_STATED = '<span class="not-stated">not stated</span>'


def statistics():
    return SourceFactory(kind=SourceKind.OFFICIAL_STATISTICS, title="Ofsted's test statistics")


def older_inspection(area, year=2018, **kwargs):
    """A 2016-framework inspection that required a written statement of action."""
    values = {
        "framework": Framework.LOCAL_AREA_2016,
        "outcome": Outcome.WSOA_REQUIRED,
        "significant_weaknesses": 3,
        "start_date": datetime.date(year, 3, 5),
        "published": datetime.date(year, 5, 16),
    }
    return InspectionFactory(area=area, **{**values, **kwargs})


def entry_html(response, inspection) -> str:
    """The history's list item for one inspection."""
    html = response.content.decode()
    found = re.search(
        rf'<li class="timeline__item" id="inspection-{inspection.pk}">(.*?)</li>', html, re.S
    )
    assert found, f"no history entry for {inspection}"
    return found.group(1)


@pytest.fixture
def northtestshire():
    """Inspected in 2018 as its predecessor, revisited in 2020, then in 2024 with findings from
    its report, which cites the 2018 inspection as the previous one."""
    area = AreaFactory(name="Northtestshire", slug="northtestshire")
    report = SourceFactory(
        kind=SourceKind.OFSTED_REPORT,
        title="Northtestshire's 2024 report",
        file="reports/northtestshire-2024.pdf",
        published=datetime.date(2024, 3, 1),
    )
    stats = statistics()
    latest = InspectionFactory(
        area=area,
        start_date=datetime.date(2024, 1, 8),
        end_date=datetime.date(2024, 1, 12),
        published=datetime.date(2024, 3, 1),
        report_url="https://files.ofsted.gov.uk/v1/file/northtestshire-2024",
    )
    latest.sources.add(report)
    FindingFactory(inspection=latest, source=report, text="Leaders know their area well.")
    earlier = older_inspection(area, inspected_as="Oldtestshire")
    earlier.sources.add(stats, report)
    RevisitFactory(
        inspection=earlier,
        source=stats,
        start_date=datetime.date(2020, 2, 3),
        end_date=datetime.date(2020, 2, 5),
        published=datetime.date(2020, 5, 11),
        result="some",
        progressed=2,
        not_progressed=1,
    )
    DataNoteFactory(
        inspection=earlier,
        field="report_previous",
        note="The 2024 report gives the previous inspection as “12 March 2018”; Ofsted's "
        "statistics give this inspection's first day as 5 March 2018.",
        source=report,
    )
    return area, latest, earlier, report


def test_the_history_lists_both_frameworks_with_the_2016_result_in_plain_words(
    client, northtestshire
):
    area, latest, earlier, _ = northtestshire
    response = client.get(reverse("reports:area", args=[area.slug]))
    assertContains(response, OLDER_FRAMEWORK.replace("'", "&#x27;"), count=1)
    assertContains(response, 'id="history-heading"', count=1)  # one history, not two
    older = entry_html(response, earlier)
    assert "Local area SEND inspection (2016 to 2022)" in older
    assert "<strong>inspected as Oldtestshire</strong>" in older
    assert "Written statement of action required" in older
    assert "3 significant weaknesses" in older
    assert "Began 5 March 2018" in older and "16 May 2018" in older
    assert (
        "Sufficient progress in addressing some significant weaknesses "
        "(sufficient progress in 2 of 3)" in older
    )
    assert "Revisit dates: 3 to 5 February 2020" in older
    assert "11 May 2020" in older


def test_an_inspection_links_only_to_its_own_report(client, northtestshire):
    area, latest, earlier, report = northtestshire
    response = client.get(reverse("reports:area", args=[area.slug]))
    # Its full report is not held; the 2024 report is cited only by its data note.
    older = entry_html(response, earlier).split("About this data")[0]
    assert "Report not held" in older
    assert report.get_absolute_url() not in older
    assert "Our copy of the report" not in older
    assert f"its address on Ofsted’s website is {NOT_STATED}" in older
    # The 2024 inspection's own section links its own report.
    latest_section = response.content.decode().split('id="latest"')[1].split("</section>")[0]
    assert f'href="{report.get_absolute_url()}">Our copy of the report' in latest_section


def test_where_sources_disagree_the_history_says_what_each_says(client, northtestshire):
    area, _, earlier, report = northtestshire
    response = client.get(reverse("reports:area", args=[area.slug]))
    older = entry_html(response, earlier)
    assert "gives the previous inspection as “12 March 2018”; Ofsted&#x27;s statistics" in older
    assert f'href="{report.get_absolute_url()}">report</a>' in older


def test_an_area_with_findings_leads_with_them_not_with_the_account_of_what_is_missing(
    client, northtestshire
):
    area, *_ = northtestshire
    response = client.get(reverse("reports:area", args=[area.slug]))
    assertContains(response, "What must improve")
    assertNotContains(response, "This site does not hold what inspectors found")


@pytest.fixture
def southtestshire():
    """Inspected in 2025 (the national table's row: outcome wording and Ofsted's link, no
    findings), and in 2019 under the 2016 framework with a revisit that found no progress."""
    area = AreaFactory(name="Southtestshire", slug="southtestshire")
    latest = InspectionFactory(
        area=area,
        start_date=datetime.date(2025, 6, 2),
        end_date=datetime.date(2025, 6, 6),
        published=datetime.date(2025, 8, 1),
        outcome_text="The local area partnership’s arrangements lead to inconsistent "
        "experiences and outcomes for Southtestshire’s children.",
        report_url="https://files.ofsted.gov.uk/v1/file/southtestshire-2025",
    )
    earlier = older_inspection(area, year=2019, significant_weaknesses=4)
    RevisitFactory(
        inspection=earlier,
        start_date=datetime.date(2022, 5, 23),
        published=datetime.date(2022, 7, 11),
        result="none",
        progressed=0,
        not_progressed=4,
    )
    return area, latest, earlier


def test_an_area_without_findings_leads_with_what_is_known(client, southtestshire):
    area, latest, earlier = southtestshire
    response = client.get(reverse("reports:area", args=[area.slug]))
    html = response.content.decode()
    lead = html[html.index("<h1") : html.index('id="contents-heading"')]
    assert "arrangements lead to inconsistent experiences and outcomes for Southtestshire" in lead
    assert (
        '<a class="govuk-link" id="report-link" '
        'href="https://files.ofsted.gov.uk/v1/file/southtestshire-2025">'
        "Read Ofsted’s report of this inspection (PDF)" in lead
    )
    assert "Before it: Local area SEND inspection (2016 to 2022), began 5 March 2019. " in lead
    assert (
        "This site does not hold what inspectors found at Southtestshire’s latest inspection "
        "(2 to 6 June 2025): it takes findings from the reports themselves" in lead
    )
    # The outcome wording is quoted once, in the lead, not again in the latest section.
    assert html.count("for Southtestshire’s children.") == 1
    assertNotContains(response, 'id="must-improve"')


def test_the_lead_gives_the_earlier_frameworks_result_with_its_revisit(client, southtestshire):
    area, *_ = southtestshire
    response = client.get(reverse("reports:area", args=[area.slug]))
    assertContains(
        response,
        "A written statement of action was required (4 significant weaknesses). Revisit (began "
        "23 May 2022): insufficient progress in addressing any significant weaknesses "
        "(sufficient progress in 0 of 4).",
        count=1,
    )


def test_an_area_inspected_only_before_2023_says_what_is_known_and_what_is_not(client):
    area = AreaFactory(name="Easttestshire", slug="easttestshire")
    inspection = older_inspection(area, outcome=Outcome.NO_WSOA, significant_weaknesses=None)
    DataNoteFactory(
        inspection=inspection,
        field="dates",
        note="The national table gives no date for this area's previous inspection; the dates "
        "here are from Ofsted's statistics.",
        source=statistics(),
    )
    response = client.get(reverse("reports:area", args=[area.slug]))
    assertContains(response, "has not yet been inspected under the framework that began in 2023")
    assertContains(response, "No written statement of action was required.")
    assertContains(response, f"Ofsted’s report of this inspection: its address is {NOT_STATED}")
    assertContains(response, "Ofsted’s statistics of the 2016 to 2022 inspections give each")
    assertNotContains(response, "Significant weaknesses")  # only a statement of action has them
    older = entry_html(response, inspection)
    assert "the dates here are from Ofsted&#x27;s statistics." in older
    assert '(<a class="govuk-link" href="/sources/' in older


def test_an_unstated_result_and_count_are_marked_not_stated(client):
    area = AreaFactory(name="Westtestshire", slug="westtestshire")
    inspection = older_inspection(area, significant_weaknesses=None, published=None)
    unknown = older_inspection(
        area, year=2016, outcome=Outcome.UNKNOWN, significant_weaknesses=None, published=None
    )
    response = client.get(reverse("reports:area", args=[area.slug]))
    assert (
        f'Significant weaknesses</dt>\n        <dd class="govuk-summary-list__value">{NOT_STATED}'
        in (entry_html(response, inspection))
    )
    assert "Our sources do not state the outcome of this inspection." in entry_html(
        response, unknown
    )


def test_the_held_report_count_counts_areas_with_a_report_pdf():
    held, areas = held_reports()
    report = SourceFactory(kind=SourceKind.OFSTED_REPORT, file="reports/new-2025.pdf")
    InspectionFactory().sources.add(report)
    InspectionFactory().sources.add(SourceFactory(kind=SourceKind.PRESS_RELEASE))
    assert held_reports() == (held + 1, areas + 2)


def build_history(area, count: int):
    stats = statistics()
    for n in range(count):
        inspection = older_inspection(area, year=2016 + n)
        inspection.sources.add(stats)
        RevisitFactory(inspection=inspection, source=stats)
        DataNoteFactory(inspection=inspection, field="dates", source=stats)


def test_area_page_queries_stay_the_same_however_long_the_history(
    client, django_assert_num_queries
):
    few, many = AreaFactory(), AreaFactory()
    build_history(few, 2)
    build_history(many, 6)
    # The page's 11, the data notes' sources and the count of reports held.
    with django_assert_num_queries(12):
        client.get(reverse("reports:area", args=[few.slug]))
    with django_assert_num_queries(12):
        response = client.get(reverse("reports:area", args=[many.slug]))
    assertContains(response, '<li class="timeline__item" id="inspection-', count=6)


def test_compare_shows_each_areas_earlier_framework_result_beside_its_latest(
    client, southtestshire
):
    area, *_ = southtestshire
    other = AreaFactory(name="Newtestshire", slug="newtestshire")
    InspectionFactory(area=other, published=datetime.date(2024, 2, 1))
    response = client.get(reverse("reports:compare"), {"area": [area.slug, other.slug]})
    html = response.content.decode()
    row = html[html.index("Result under the 2016 to 2022 framework") :].split("</tr>")[0]
    assert "insufficient progress in addressing any significant weaknesses" in row
    assert 'class="govuk-body-s">Began 5 March 2019</span>' in row
    assert row.count(">—</td>") == 1  # Newtestshire has no earlier inspection
    assert html.index("Latest outcome") < html.index("Result under the 2016 to 2022 framework")
