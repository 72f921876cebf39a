"""'What you can do' on an area's page (issue 18): the report, the council, the forum a source
names, independent advice and national guidance, each saying who runs it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports.selectors.help import (
    FIND_COUNCIL,
    IASS_NETWORK,
    OFSTED_REPORTS,
    SEND_GUIDANCE,
    named_forum,
)
from tests.factories import AreaFactory, FindingFactory, InspectionFactory, SourceFactory

pytestmark = pytest.mark.django_db
QUERIES = 11  # the area page's, unchanged by the section: it reads what the page already holds


def page(area):
    return reverse("reports:area", args=[area.slug])


def test_every_area_page_has_the_section_with_the_national_routes(client):
    area = AreaFactory(name="Quiettestshire")  # never inspected
    response = client.get(page(area))
    assertTemplateUsed(response, "reports/includes/what_you_can_do.html")
    assertContains(
        response, '<h2 class="govuk-heading-l" id="what-you-can-do-heading">What you can do</h2>'
    )
    for url, runner in [
        (FIND_COUNCIL, "GOV.UK"),
        (SEND_GUIDANCE, "GOV.UK, for the Department for Education"),
        (IASS_NETWORK, "the Information, Advice and Support Services Network"),
    ]:
        assertContains(response, f'href="{url}"')
        assertContains(response, f"(run by {runner}")
    assertContains(response, "section 32 of the Children and Families Act 2014")
    assertContains(response, "the council for Quiettestshire")
    # No report link held: Ofsted's own search, said plainly.
    assertContains(response, f'href="{OFSTED_REPORTS}"')
    assertContains(response, "we hold no link to its report")
    # No source names its forum, so none is shown.
    assertNotContains(response, "Talk to other parents and carers")


def test_the_report_link_is_the_areas_own_where_known(client):
    inspection = InspectionFactory(
        area=AreaFactory(name="Readtestshire"), report_url="https://files.ofsted.gov.uk/v1/file/1"
    )
    response = client.get(page(inspection.area))
    assertContains(response, 'href="https://files.ofsted.gov.uk/v1/file/1"')
    assertContains(response, "Read Readtestshire’s latest inspection report</a> (run by Ofsted)")
    assertNotContains(response, "we hold no link to its report")


def test_a_forum_is_shown_only_where_a_held_source_names_it(client):
    inspection = InspectionFactory(area=AreaFactory(name="Forumtestshire"))
    source = SourceFactory(title="Forumtestshire area SEND inspection report")
    FindingFactory(inspection=inspection, text="Leaders listen to the parent carer forum.")
    sentence = "Leaders work well with the Forumtestshire Parent Carer Forum (FPCF)."
    FindingFactory(inspection=inspection, source=source, text=f"Plans are clear. {sentence}")
    response = client.get(page(inspection.area))
    assertContains(response, "Talk to other parents and carers")
    assertContains(response, "forum as “Forumtestshire Parent Carer Forum (FPCF)”")
    assertContains(response, f"“{sentence}”")  # the source's own sentence
    assertContains(response, f'href="{source.get_absolute_url()}"')

    unnamed = InspectionFactory(area=AreaFactory(name="Plaintestshire"))
    FindingFactory(inspection=unnamed, text="The parent carer forum (PCF) is involved.")
    assertNotContains(client.get(page(unnamed.area)), "Talk to other parents and carers")


@pytest.mark.parametrize(
    "text, name",
    [
        ("including the Suffolk Parent Carer Forum", "Suffolk Parent Carer Forum"),
        (
            "The Nottinghamshire Parent Carer Forum (NPCF) take",
            "Nottinghamshire Parent Carer Forum (NPCF)",
        ),
        (
            "the Darlington Parent and Carer Forum (PCF), believe",
            "Darlington Parent and Carer Forum (PCF)",
        ),
        (
            "experienced Medway Parents and Carers Forum (PCF).",
            "Medway Parents and Carers Forum (PCF)",
        ),
        (
            "with the Hertfordshire Parent Carer Involvement (HPCI, the Hertfordshire parent carer "
            "forum) to co-produce",
            "Hertfordshire Parent Carer Involvement (HPCI)",
        ),
        (
            "the PCC (Parent and Carers Cornwall, which is Cornwall’s parent carer forum)",
            "Parent and Carers Cornwall",
        ),
        ("The Parent Carer Forum (PCF) said", ""),
        ("which is Cornwall’s parent carer forum", ""),
        ("work with the local parent carer forum", ""),
    ],
)
def test_a_forum_is_named_only_by_its_own_name(text, name):
    assert named_forum(text)[0] == name


@pytest.mark.parametrize("count", [2, 6])
def test_the_section_costs_no_query_of_its_own(client, django_assert_num_queries, count):
    inspection = InspectionFactory(area=AreaFactory(name="Manytestshire"))
    for n in range(count):
        FindingFactory(inspection=inspection, text=f"The Manytestshire Parent Carer Forum met {n}.")
    client.get(page(inspection.area))  # fills the per-process caches
    with django_assert_num_queries(QUERIES):
        response = client.get(page(inspection.area))
    assertContains(response, "“Manytestshire Parent Carer Forum”")
