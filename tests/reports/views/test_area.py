"""Finding an area, a region's areas and an area's page, as a reader meets them."""

import datetime

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports.selectors.regions import AREAS_PER_REGION_PAGE
from reports.vocabulary import FindingKind, Framework, Outcome, SourceKind
from tests.factories import (
    AreaFactory,
    DataNoteFactory,
    DistrictFactory,
    FindingFactory,
    InspectionFactory,
    PartnershipFactory,
    SourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_home_links_each_region_and_the_region_lists_its_areas(client):
    area = AreaFactory(name="Testshire Jump", region="SW")
    InspectionFactory(area=area, outcome=Outcome.SYSTEMIC)
    response = client.get("/")
    assertTemplateUsed(response, "reports/area_index.html")
    assertContains(response, 'href="/regions/south-west/">South West</a>')
    assertNotContains(response, 'href="/regions/london/"')  # no areas there
    assertContains(response, "<title>Find your area – Area SEND inspection findings</title>")
    response = client.get("/regions/south-west/")
    assertContains(response, f'href="{reverse("reports:area", args=[area.slug])}"')
    assertContains(response, "Widespread and/or systemic failings")
    assert client.get("/regions/atlantis/").status_code == 404


def test_a_region_of_a_page_of_areas_shows_no_pages(client):
    AreaFactory.create_batch(AREAS_PER_REGION_PAGE, region="GL")
    response = client.get("/regions/london/")
    assertContains(response, ">London</h1>")
    assertContains(response, f"{AREAS_PER_REGION_PAGE} areas, each with the latest outcome")
    assertNotContains(response, "Showing areas")
    assertNotContains(response, 'class="govuk-pagination"')


def test_a_long_region_lists_fifty_areas_a_page_and_says_which(client):
    AreaFactory.create_batch(60, region="NE")
    first = client.get("/regions/north-east/")
    assertContains(first, "60 areas, each with the latest outcome")
    assertContains(first, "Showing areas 1 to 50 of 60, by name.")
    assertContains(first, 'href="?page=2" rel="next"')
    assert len(first.context["region"].areas) == 50
    last = client.get("/regions/north-east/", {"page": "2"})
    assertContains(last, "Showing areas 51 to 60 of 60, by name.")
    assert len(last.context["region"].areas) == 10
    names = [a.name for page in (first, last) for a in page.context["region"].areas]
    assert names == sorted(names)


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("?page=3", 404, "Page not found"),
        ("?page=0", 404, "Page not found"),
        ("?page=last", 404, "Page not found"),
        ("?page=99999999999999999999", 404, "Page not found"),
        ("?page=1&page=2", 400, "was given more than once"),
    ],
)
def test_a_region_page_that_is_not_one_gets_the_error_page(client, query, status, says):
    AreaFactory.create_batch(60, region="NE")
    assertContains(client.get(f"/regions/north-east/{query}"), says, status_code=status)


def inspected_areas(count: int, region: str) -> None:
    for area in AreaFactory.create_batch(count, region=region):
        InspectionFactory(area=area)


def test_region_page_queries_and_size_stay_the_same_as_areas_grow(
    client, django_assert_num_queries
):
    inspected_areas(60, "NE")
    with django_assert_num_queries(5):  # data version, currency, count, areas, latest
        before = client.get("/regions/north-east/")
    inspected_areas(60, "NE")
    with django_assert_num_queries(5):
        after = client.get("/regions/north-east/")
    assertContains(after, "Showing areas 1 to 50 of 120, by name.")
    assert len(after.content) < len(before.content) + 1000  # a few more page links


def test_home_stays_small_as_areas_grow(client, django_assert_num_queries):
    inspected_areas(150, "NW")
    with django_assert_num_queries(3):  # data version, currency, regions
        before = client.get("/")
    inspected_areas(150, "NW")
    with django_assert_num_queries(3):
        after = client.get("/")
    assertContains(after, 'href="/regions/north-west/">North West</a>')
    assert len(after.content) < len(before.content) + 200


def test_home_search_queries_do_not_grow_with_areas(client, django_assert_num_queries):
    def add(count: int) -> None:
        for area in AreaFactory.create_batch(count, name=factory.Sequence(lambda n: f"North {n}")):
            InspectionFactory(area=area)
            DistrictFactory(area=area)

    add(20)
    # Data version, currency, regions, areas and their inspections, districts.
    with django_assert_num_queries(6):
        client.get("/", {"q": "north"})
    add(20)
    with django_assert_num_queries(6):
        response = client.get("/", {"q": "north"})
    assertContains(response, "40 areas found")


def test_a_search_that_matches_many_areas_lists_the_first_fifty(client):
    AreaFactory.create_batch(60, name=factory.Sequence(lambda n: f"Zedtown {n:03}"))
    response = client.get("/", {"q": "zedtown"})
    assertContains(response, "60 areas found")
    assert response.content.decode().count(">Zedtown ") == 50
    assertContains(response, "These are the first 50, by name. Type more of the name")


def test_an_area_never_inspected_says_so_with_the_datas_date(client, national_table):
    area = AreaFactory(name="Quietshire")
    response = client.get(reverse("reports:area", args=[area.slug]))
    assertContains(response, "has not yet been inspected under the framework that began in 2023")
    assertContains(response, "as of 29 June 2026")
    assertNotContains(response, "What must improve")


def test_a_repeated_search_parameter_is_a_bad_request(client):
    response = client.get("/?q=cornwall&q=slough")
    assertContains(response, "was given more than once", status_code=400)
    assertTemplateUsed(response, "400.html")


@pytest.mark.parametrize("query", ["!!!", "x" * 5000, "%ff", "😀", "<script>alert(1)</script>"])
def test_odd_search_input_gets_a_helpful_answer(client, query):
    AreaFactory(name="Southend-on-Sea")
    response = client.get("/", {"q": query})
    assert response.status_code == 200
    assertNotContains(response, "<script>alert(1)</script>")
    assertNotContains(response, "\x00")


def test_an_over_long_search_is_explained(client):
    response = client.get("/", {"q": "x" * 500})
    assertContains(response, "Enter 100 characters or fewer", count=2)


def test_a_control_character_in_a_search_is_explained_and_never_echoed(client):
    # Refused for every page alike (send_inspections/middleware.py), before the form sees it.
    response = client.get("/", {"q": "south\x00end\x1b"})
    assertContains(response, "The “q” parameter contains a control character", status_code=400)
    assertNotContains(response, "\x00", status_code=400)
    assertNotContains(response, "\x1b", status_code=400)


@pytest.fixture
def systemic_area(national_table):
    """An area whose latest inspection found systemic failings, with every kind of finding."""
    area = AreaFactory(name="Failshire", ons_code="E06000999", urn="123456", la_code="998")
    report = SourceFactory(kind=SourceKind.OFSTED_REPORT, file="reports/failshire.pdf")
    theme = ThemeFactory(name="Waiting for help")
    inspection = InspectionFactory(
        area=area,
        outcome=Outcome.SYSTEMIC,
        start_date=datetime.date(2025, 1, 6),
        end_date=datetime.date(2025, 1, 10),
        published=datetime.date(2025, 3, 1),
        next_monitoring="within approximately 18 months",
        next_monitoring_due=datetime.date(2026, 7, 6),
        next_full="within approximately three years",
        next_full_due=datetime.date(2028, 1, 6),
    )
    inspection.sources.add(report)
    DataNoteFactory(inspection=inspection, field="previous", note="The table does not say.")
    for kind, order, text in [
        (FindingKind.STRENGTH, 1, "Leaders know the area well."),
        (FindingKind.WEAKNESS, 1, "Families wait too long for assessments."),
        (FindingKind.IMPROVEMENT, 1, "Leaders should reduce waiting times."),
        (FindingKind.PRIORITY_ACTION, 1, "The council must fix EHC plan timeliness."),
    ]:
        FindingFactory(
            inspection=inspection,
            kind=kind,
            order=order,
            text=text,
            source=report,
            location=f"{kind}, bullet {order}",
            page=4,
            themes=[theme],
        )
    return area


def test_area_page_shows_what_happens_next_then_what_must_improve_priority_actions_leading(
    client, systemic_area
):
    response = client.get(reverse("reports:area", args=[systemic_area.slug]))
    html = response.content.decode()
    assert html.index('id="next-heading"') < html.index('id="must-improve-heading"')
    assert html.index('id="must-improve-heading"') < html.index('id="latest-heading"')
    assert html.index("The council must fix EHC plan timeliness.") < html.index(
        "Leaders should reduce waiting times."
    )
    assertContains(response, "Priority action</strong>")
    assertContains(response, "On this page")


def test_systemic_failings_show_the_monitoring_and_the_full_inspection(client, systemic_area):
    response = client.get(reverse("reports:area", args=[systemic_area.slug]))
    assertContains(response, "Monitoring inspection</a>")
    assertContains(response, "Within approximately 18 months, in the report’s words:")
    assertContains(response, "Next full inspection</a>")
    assertContains(response, "Within approximately three years, in the report’s words:")
    # Due 6 July 2026 is after the data's date (29 June 2026): not overdue.
    assertContains(response, "by about <strong>6 July 2026</strong>")
    assertContains(response, "Not yet due at our data’s date, 29 June 2026.")
    assertNotContains(response, "Already due")


def test_a_due_date_before_the_datas_date_says_it_may_have_happened(client, systemic_area):
    systemic_area.inspections.update(next_monitoring_due=datetime.date(2026, 1, 6))
    response = client.get(reverse("reports:area", args=[systemic_area.slug]))
    assertContains(
        response,
        "Already due at our data’s date, 29 June 2026. This site holds no monitoring "
        "inspections, so our data may not show it yet.",
    )


def test_citations_are_short_links_to_the_source_page_and_pdf_page(client, systemic_area):
    response = client.get(reverse("reports:area", args=[systemic_area.slug]))
    report = systemic_area.inspections.get().sources.get()
    assertContains(response, f'href="{report.get_absolute_url()}">Report<span')
    assertContains(response, "strength, bullet 1")
    assertContains(response, f'href="/sources/{report.slug}/file/#page=4">page 4')


def test_an_unstated_previous_inspection_is_said_with_its_note(client, systemic_area):
    response = client.get(reverse("reports:area", args=[systemic_area.slug]))
    assertContains(response, "Previous inspection")
    assertContains(response, "The table does not say.")


def test_area_page_shows_the_identifiers(client, systemic_area):
    response = client.get(reverse("reports:area", args=[systemic_area.slug]))
    for text in ["ONS code", "E06000999", "Ofsted URN", "123456", "Local authority code", "998"]:
        assertContains(response, text)


def test_a_long_quote_shows_each_word_once(client):
    words = [f"word{n}" for n in range(80)]
    finding = FindingFactory(text=" ".join(words), kind=FindingKind.WEAKNESS)
    response = client.get(reverse("reports:area", args=[finding.inspection.area.slug]))
    assertContains(response, "word0 ", count=1)
    assertContains(response, "word79", count=1)
    assertContains(response, "Read the rest of this finding")


def test_earlier_inspections_are_listed_in_the_history_with_a_warning(client):
    area = AreaFactory()
    InspectionFactory(area=area, published=datetime.date(2024, 1, 1))
    InspectionFactory(
        area=area,
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.UNKNOWN,
        end_date=datetime.date(2018, 10, 6),
    )
    response = client.get(reverse("reports:area", args=[area.slug]))
    assertContains(response, "Results under the two frameworks cannot be compared")
    assertContains(response, '<li class="timeline__item" id="inspection-')


def test_area_page_shows_its_region_and_england_with_a_compare_link(client, default_areas):
    response = client.get("/areas/cornwall/")
    assertContains(response, "In its region and England")
    assertContains(response, "South West")
    assertContains(response, "(this area)")
    assertContains(response, 'href="/compare/?area=cornwall&amp;area=plymouth&amp;area=')


def test_area_page_query_count_does_not_grow_with_findings(client, django_assert_num_queries):
    inspection = InspectionFactory(outcome=Outcome.SYSTEMIC)
    url = reverse("reports:area", args=[inspection.area.slug])
    kinds = list(FindingKind)

    def add(count: int) -> None:
        for n in range(count):
            FindingFactory(
                inspection=inspection,
                source=SourceFactory(),
                kind=kinds[n % 4],
                themes=[ThemeFactory()],
            )

    add(20)
    with django_assert_num_queries(11):
        client.get(url)
    add(20)
    with django_assert_num_queries(11):
        response = client.get(url)
    assertContains(response, "Finding number", count=40)


def summary_row(key: str, value: str) -> str:
    return (
        f'<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{key}</dt>'
        f'<dd class="govuk-summary-list__value">{value}</dd></div>'
    )


NOT_STATED = '<span class="not-stated">not stated</span>'
ICB_KEY = '<a class="govuk-link" href="/glossary/#integrated-care-board">Integrated care board</a>'


def test_area_page_names_the_partnership_and_cites_the_source_that_names_it(client):
    partnership = PartnershipFactory(
        council="Testshire County Council",
        integrated_care_board="NHS Testshire Integrated Care Board",
        source__title="Testshire's local offer",
    )
    response = client.get(reverse("reports:area", args=[partnership.area.slug]))
    assertContains(response, summary_row("Council", "Testshire County Council"), html=True)
    assertContains(response, summary_row(ICB_KEY, "NHS Testshire Integrated Care Board"), html=True)
    assertContains(
        response,
        f'Partnership members as named in <a class="govuk-link" '
        f'href="{partnership.source.get_absolute_url()}">Testshire&#x27;s local offer</a>',
    )
    # The citing source is listed with the page's other sources.
    assert partnership.source in response.context["page"].sources


def test_an_area_with_no_named_partnership_says_its_members_are_not_stated(client):
    area = AreaFactory()
    response = client.get(reverse("reports:area", args=[area.slug]))
    assertContains(response, summary_row("Council", NOT_STATED), html=True)
    assertContains(response, summary_row(ICB_KEY, NOT_STATED), html=True)
    assertNotContains(response, "Partnership members as named in")


def test_area_page_query_count_is_the_same_with_or_without_a_partnership(
    client, django_assert_num_queries
):
    inspection = InspectionFactory()
    url = reverse("reports:area", args=[inspection.area.slug])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    PartnershipFactory(area=inspection.area)
    with django_assert_num_queries(len(few.captured_queries)):
        assertContains(client.get(url), "Partnership members as named in")


@pytest.fixture
def tiny_postcodes(tmp_path, monkeypatch):
    """A postcode index of three postcodes, in place of the full directory."""
    from areas import postcodes

    path = tmp_path / "postcodes.bin"
    area = AreaFactory(name="Postcodeshire")
    district = DistrictFactory(area=area, code="E07999999", name="Testtown")
    postcodes.build_index(
        [("ZZ1 1AA", district.code), ("CF10 1AA", "W06000015"), ("EH1 1AA", "S12000036")],
        path=path,
    )
    monkeypatch.setattr(postcodes, "index_path", lambda: path)
    return area


def test_a_postcode_takes_a_parent_straight_to_their_area(client, tiny_postcodes):
    response = client.get("/", {"q": " zz11aa "})
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:area", args=[tiny_postcodes.slug])


@pytest.mark.parametrize(
    "postcode, message",
    [
        ("ZZ1 1AB", "is not in the ONS Postcode Directory"),
        ("CF10 1AA", "is outside England"),
        ("eh1 1aa", "is outside England"),
    ],
)
def test_an_unknown_or_foreign_postcode_gets_a_clear_message(
    client, tiny_postcodes, postcode, message
):
    response = client.get("/", {"q": postcode})
    assertContains(response, message)


def test_a_town_finds_its_county(client, tiny_postcodes):
    response = client.get("/", {"q": "testtown"})
    assertContains(response, 'Postcodeshire</a> <span class="govuk-body-s">(includes Testtown)')
