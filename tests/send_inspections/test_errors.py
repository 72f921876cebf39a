"""Every error has its own page in the site's shell, with the right status and no stack trace."""

import pytest
from django.test import RequestFactory
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from send_inspections import errors
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db
FAILING = "tests.send_inspections.failing_urls"


def test_an_unknown_address_shows_the_not_found_page(client):
    response = client.get("/no/such/page/")
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, "Area SEND inspection findings", status_code=404)  # the shell
    assertTemplateUsed(response, "404.html")


@pytest.mark.parametrize("url", ["/", "/areas/{slug}/", "/about/", "/glossary/"])
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_changing_a_page_is_not_allowed(client, url, method):
    response = getattr(client, method)(url.format(slug=AreaFactory().slug))
    assertContains(response, "This page cannot do that", status_code=405)
    assert response["Allow"] == "GET, HEAD"


def test_head_is_answered(client):
    assert client.head(f"/areas/{AreaFactory().slug}/").status_code == 200


@pytest.mark.urls(FAILING)
def test_a_server_error_shows_the_error_page_without_internals(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assertContains(response, "Sorry, there is a problem with the service", status_code=500)
    assertNotContains(response, "secret internals", status_code=500)
    assertNotContains(response, "Traceback", status_code=500)


@pytest.mark.urls(FAILING)
def test_an_unreachable_database_shows_the_unavailable_page(client):
    response = client.get("/database-down/")
    assertContains(response, "Sorry, the service is unavailable", status_code=503)
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assertNotContains(response, "could not connect", status_code=503)


@pytest.mark.urls(FAILING)
def test_a_bad_request_shows_only_our_own_message(client):
    response = client.get("/refused/")
    assertContains(response, "There is a problem with the address", status_code=400)
    assertNotContains(response, "secret reason", status_code=400)


def test_a_bad_host_header_is_a_bad_request_without_details(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assertContains(response, "There is a problem with the address", status_code=400)
    assertNotContains(response, "evil.example", status_code=400)


@pytest.mark.parametrize(
    "page",
    [
        lambda request: errors.bad_request(request, ValueError("x")),
        lambda request: errors.page_not_found(request, ValueError("x")),
        errors.server_error,
        lambda request: errors.service_unavailable(request, ValueError("x")),
    ],
    ids=["400", "404", "500", "503"],
)
def test_error_pages_render_without_the_database(page, django_assert_num_queries):
    # The database may be what failed: the page must not need it.
    with django_assert_num_queries(0):
        response = page(RequestFactory().get("/"))
    assert b"Area SEND inspection findings" in response.content


@pytest.mark.parametrize(
    "url, status, says",
    [
        ("/areas/%ff%fe/", 404, "Page not found"),
        ("/areas/cornwall%00/", 404, "Page not found"),
        ("/areas/" + "x" * 3000 + "/", 404, "Page not found"),
        ("/?q=%C0%AF", 200, "No areas found"),
        ("/?page=99999999999999999999", 200, "Find your area"),
        ("/?q=corn&q=wall", 400, "was given more than once"),
        ("/about/?junk[]=1&junk[]=2", 200, "About the data"),
        ("/findings/?page=99999999999999999999", 404, "Page not found"),
        ("/findings/?year=99999999999999999999", 400, "There is a problem with the filters"),
    ],
)
def test_odd_addresses_get_a_clear_answer_never_a_500(client, url, status, says):
    client.raise_request_exception = False
    response = client.get(url)
    assertContains(response, says, status_code=status)
    assertNotContains(response, "Traceback", status_code=status)
