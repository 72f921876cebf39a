import datetime
import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from pytest_django.asserts import assertContains, assertNotContains

from reports.vocabulary import SourceKind
from tests.factories import DataNoteFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_table():
    return SourceFactory(
        kind=SourceKind.DATA_TABLE,
        title="National outcomes (as of 3 March 2025)",
        published=datetime.date(2025, 3, 3),
        licence="Open Government Licence v3.0",
    )


def test_glossary_defines_every_term_parents_meet(client, national_table):
    response = client.get("/glossary/")
    for slug in ["send", "ehc-plan", "annual-review", "sendiass", "outcome-systemic"]:
        assertContains(response, f'id="{slug}"')
    assertContains(response, "National outcomes table of 3 March 2025")


def test_about_cites_the_tables_and_counts_the_sources(client, national_table):
    SourceFactory.create_batch(3, kind=SourceKind.NEWS_REPORT)
    response = client.get("/about/")
    assertContains(response, "How findings are curated")
    assertContains(response, "Open Government Licence v3.0")
    assertContains(response, "National outcomes (as of 3 March 2025)")
    assertContains(
        response,
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">News report</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">3</td></tr>',
        html=True,
    )
    assertNotContains(response, "Council or partnership press release</th>")  # none held
    assertContains(response, 'href="/sources/">See every source')
    assertContains(response, 'href="/about/data-quality/">list every gap by area')


def test_every_source_is_listed_a_page_at_a_time(client):
    sources = SourceFactory.create_batch(51, kind=SourceKind.NEWS_REPORT)
    sources.sort(key=lambda source: source.title)
    response = client.get("/sources/")
    assertContains(response, "Showing sources 1 to 50 of 51")
    assertContains(response, sources[0].get_absolute_url())
    assertNotContains(response, sources[-1].get_absolute_url())
    assertContains(response, 'href="?page=2"')
    assertContains(client.get("/sources/", {"page": 2}), sources[-1].get_absolute_url())


def test_data_quality_notes_are_listed_by_area(client):
    notes = [
        DataNoteFactory(inspection__area__name=f"Area {n:02}", note=f"Note {n}") for n in range(51)
    ]
    DataNoteFactory(field="next_full_due", note="Shown beside the date, not in this list.")
    response = client.get("/about/data-quality/")
    assertContains(response, "Known data-quality issues")
    assertContains(response, "Data-quality notes by area: 1 to 50 of 51")
    area = notes[0].inspection.area
    assertContains(response, f'href="/areas/{area.slug}/">{area.name}</a>')
    assertNotContains(response, "Note 50<")
    page = client.get("/about/data-quality/", {"page": 2})
    assertContains(page, "Note 50<")
    assertNotContains(page, "Shown beside the date")


@pytest.mark.parametrize("path", ["/sources/", "/about/data-quality/"])
@pytest.mark.parametrize(("page", "status"), [("0", 404), ("x", 404), ("99999", 404)])
def test_a_page_number_that_is_not_a_page_is_not_found(client, path, page, status):
    assert client.get(path, {"page": page}).status_code == status
    assert client.get(f"{path}?page=1&page=2").status_code == 400


@pytest.mark.parametrize("path", ["/about/", "/sources/", "/about/data-quality/"])
def test_long_lists_cost_the_same_queries_however_many_rows(
    client, django_assert_max_num_queries, path
):
    for n in range(60):
        DataNoteFactory(note=f"Note {n}")  # each with a source and an inspection of its own
    with django_assert_max_num_queries(5):  # data version, currency, count, page, kinds
        assert client.get(path).status_code == 200


def test_accessibility_statement_says_how_pages_are_tested(client):
    assertContains(client.get("/accessibility/"), "WCAG 2.2 level A and AA")


def test_pagination_keeps_the_other_query_parameters():
    page = Paginator(list(range(100)), 25).page(2)
    request = RequestFactory().get("/", {"outcome": "systemic", "region": "SW", "page": "2"})
    html = render_to_string("includes/pagination.html", {"page_obj": page}, request=request)
    assert 'href="?outcome=systemic&amp;region=SW&amp;page=3"' in html
    assert 'href="?outcome=systemic&amp;region=SW&amp;page=1"' in html
    assert 'aria-current="page">2</a>' in html


def test_pagination_links_stay_few_however_many_pages():
    page = Paginator(list(range(10_000)), 25).page(200)
    request = RequestFactory().get("/", {"page": "200"})
    html = render_to_string("includes/pagination.html", {"page_obj": page}, request=request)
    linked = [int(n) for n in re.findall(r'aria-label="Page (\d+)"', html)]
    assert linked == [1, 198, 199, 200, 201, 202, 400]
    assert html.count("govuk-pagination__item--ellipses") == 2


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/findings/",
        "/inspections/",
        "/compare/",
        "/themes/",
        "/outcomes/",
        "/outcomes/regions.csv",
        "/data/",
        "/about/",
        "/sources/",
        "/about/data-quality/",
        "/glossary/",
    ],
)
def test_every_page_works_before_any_data_is_loaded(client, path):
    # The outcomes chart once failed to find the region with most systemic failings in none.
    assert client.get(path).status_code == 200
