import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db


def test_glossary_defines_every_term_parents_meet(client):
    response = client.get("/glossary/")
    for slug in ["send", "ehc-plan", "annual-review", "sendiass", "outcome-systemic"]:
        assertContains(response, f'id="{slug}"')
    assertContains(response, "National outcomes table of 29 June 2026")


def test_about_lists_sources_and_data_quality_notes_per_area(client):
    response = client.get("/about/")
    assertContains(response, "How findings are curated")
    assertContains(response, "Open Government Licence v3.0")
    assertContains(response, "Area SEND inspection outcomes (national table, as of 29 June 2026)")
    assertContains(response, 'href="/areas/slough/">Slough</a>')
    assertContains(response, "The national table gives no region for this area.")


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
