"""Feedback that works with no setting (issue 18): the banner's link, the feedback page and the
accessibility statement each give a way to report a problem, and the set address when there is
one."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports.views.pages import EASS_URL, OFSTED_CONTACT_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_address(settings):
    settings.FEEDBACK_URL = ""


@pytest.fixture
def address(settings):
    settings.FEEDBACK_URL = "mailto:team@example.org"
    return settings.FEEDBACK_URL


def test_without_a_setting_the_banner_leads_to_a_page_that_says_what_works(client, no_address):
    home = client.get(reverse("reports:home"))
    assertContains(home, f'href="{reverse("reports:feedback")}">How to give feedback</a>')
    response = client.get(reverse("reports:feedback"))
    assertTemplateUsed(response, "reports/feedback.html")
    assertContains(response, '<h1 class="govuk-heading-xl">Give feedback or report a problem</h1>')
    assertContains(response, "has not given it a contact address, so it cannot take messages")
    for url in [reverse("reports:sources"), OFSTED_CONTACT_URL, EASS_URL]:
        assertContains(response, f'href="{url}"')
    # Neither a setting's name nor an address made up for it.
    assertNotContains(response, "DJANGO_FEEDBACK_URL")
    assertNotContains(response, "mailto:")


def test_the_accessibility_statement_gives_the_same_route(client, no_address):
    response = client.get(reverse("reports:accessibility"))
    assertContains(response, "has not given it a contact address")
    assertContains(
        response, f'href="{reverse("reports:feedback")}">All the ways to give feedback</a>'
    )
    assertContains(response, f'href="{EASS_URL}"')
    assertNotContains(response, "DJANGO_FEEDBACK_URL")


def test_a_set_address_is_where_every_route_points(client, address):
    home = client.get(reverse("reports:home"))
    assertContains(home, f'href="{address}">Tell us what you think or report a mistake</a>')
    for name in ["reports:feedback", "reports:accessibility"]:
        response = client.get(reverse(name))
        assertContains(response, f'href="{address}">Contact the team that runs this service</a>')
        assertNotContains(response, "has not given it a contact address")


def test_the_feedback_page_answers_get_only_in_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    client.get(reverse("reports:feedback"))
    with django_assert_num_queries(2):  # the data version, the data's date
        assert client.get(reverse("reports:feedback")).status_code == 200
    assert client.post(reverse("reports:feedback")).status_code == 405
