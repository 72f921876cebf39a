"""Site-wide request handling: caching on the data version, conditional GETs, headers, the 503."""

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from reports.models import DataVersion
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
FAILING = "tests.send_inspections.failing_urls"


@pytest.fixture
def version():
    """A data load, newer than any other: what ETags, Last-Modified and the cache key on."""
    return DataVersion.record()


@pytest.fixture
def area_url():
    return f"/areas/{AreaFactory().slug}/"


@pytest.fixture
def page_cache():
    with override_settings(CACHES=LOCMEM):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def database_down(monkeypatch):
    """The first query of a request, the data version's, cannot reach the database."""

    def fail(*args, **kwargs):
        raise OperationalError("could not connect to server: timeout expired")

    monkeypatch.setattr("send_inspections.middleware.DataVersion.objects.only", fail)


# Conditional GETs


def test_pages_carry_validators_from_the_data_version(client, version):
    response = client.get("/about/")
    assert version.version[:16] in response["ETag"]
    assert response["Last-Modified"] == http_date(version.loaded_at.timestamp())
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]


def test_a_matching_if_none_match_is_a_304_without_rendering(
    client, version, area_url, django_assert_num_queries
):
    first = client.get(area_url)
    with django_assert_num_queries(1):  # the data version, nothing else
        response = client.get(area_url, headers={"If-None-Match": first["ETag"]})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    assert response["Last-Modified"] == first["Last-Modified"]
    assert "max-age=300" in response["Cache-Control"]


@pytest.mark.parametrize(
    "if_none_match",
    ["{etag}", "W/{etag}", '"other", {etag}', "*"],
    ids=["strong", "weak", "one-of-several", "any"],
)
def test_if_none_match_compares_weakly(client, version, area_url, if_none_match):
    # A proxy that compresses a page may weaken its ETag; it is still the same page.
    etag = client.get(area_url)["ETag"]
    response = client.get(area_url, headers={"If-None-Match": if_none_match.format(etag=etag)})
    assert response.status_code == 304


def test_an_etag_of_another_page_is_a_full_page(client, version, area_url):
    etag = client.get("/about/")["ETag"]
    response = client.get(area_url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_if_modified_since_the_load_is_a_304_and_before_it_a_full_page(client, version):
    since = client.get("/about/")["Last-Modified"]
    assert client.get("/about/", headers={"If-Modified-Since": since}).status_code == 304
    before = http_date(version.loaded_at.timestamp() - 60)
    assert client.get("/about/", headers={"If-Modified-Since": before}).status_code == 200


def test_if_none_match_wins_over_if_modified_since(client, version):
    since = client.get("/about/")["Last-Modified"]
    headers = {"If-None-Match": '"other"', "If-Modified-Since": since}
    assert client.get("/about/", headers=headers).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{"If-None-Match": "*"}, {"If-Modified-Since": http_date(4_000_000_000)}],
    ids=["any", "future"],
)
def test_preconditions_never_turn_a_missing_page_into_a_304(client, version, headers):
    assert client.get("/areas/nowhere/", headers=headers).status_code == 404
    assert client.get("/no/such/page/", headers=headers).status_code == 404


def test_an_if_modified_since_later_than_now_is_ignored(client, version):
    future = http_date(4_000_000_000)  # 2096
    response = client.get("/about/", headers={"If-Modified-Since": future})
    assert response.status_code == 200
    assert response["ETag"]


@pytest.mark.parametrize("weakened", ["W/{etag}", '"x", W/{etag}', 'W/{etag},W/"y"'])
def test_a_weak_etag_from_a_compressing_proxy_is_a_304_from_the_cache_too(
    client, version, area_url, page_cache, weakened
):
    etag = client.get(area_url)["ETag"]
    headers = {"If-None-Match": weakened.format(etag=etag)}
    response = client.get(area_url, headers=headers)
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_if_match_is_compared_strongly(client, version):
    etag = client.get("/about/")["ETag"]
    assert client.get("/about/", headers={"If-Match": etag}).status_code == 200
    assert client.get("/about/", headers={"If-Match": f"W/{etag}"}).status_code == 412


def test_a_failed_if_match_is_a_precondition_failure(client, version):
    assert client.get("/about/", headers={"If-Match": '"other"'}).status_code == 412


def test_loading_new_data_changes_the_etag(client, version, area_url):
    etag = client.get(area_url)["ETag"]
    AreaFactory(name="Newshire")
    DataVersion.record()
    response = client.get(area_url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_etag_names_the_release(client, version):
    with override_settings(RELEASE="release-1"):
        etag = client.get("/about/")["ETag"]
    assert etag.startswith('"release-1-')
    with override_settings(RELEASE="release-2"):
        assert client.get("/about/", headers={"If-None-Match": etag}).status_code == 200


def test_before_any_load_pages_have_no_validators(client):
    DataVersion.objects.all().delete()
    response = client.get("/about/")
    assert response.status_code == 200
    assert "ETag" not in response


def test_head_answers_without_a_body(client, version, area_url):
    response = client.head(area_url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]


# The page cache


def test_a_repeat_view_is_served_from_the_cache(client, version, area_url, page_cache):
    first = client.get(area_url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(area_url)
    assert len(queries) == 1
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_loading_new_data_serves_nothing_stale(client, version, page_cache):
    AreaFactory(name="Oldshire", region="NW")
    assert b"Oldshire" in client.get("/regions/north-west/").content
    AreaFactory(name="Brandnewshire", region="NW")
    assert b"Brandnewshire" not in client.get("/regions/north-west/").content  # cached
    DataVersion.record()
    assert b"Brandnewshire" in client.get("/regions/north-west/").content


def test_an_error_page_is_not_kept(client, version, page_cache):
    assert client.get("/areas/nowhere/").status_code == 404
    AreaFactory(slug="nowhere")
    assert client.get("/areas/nowhere/").status_code == 200


# An unreachable database


def test_an_unreachable_database_is_a_503_with_retry_after(client, area_url, database_down):
    response = client.get(area_url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert b"Try again in 30 seconds" in response.content
    assert b"timeout expired" not in response.content


# Security headers, on every kind of response


def security_headers_of(response) -> None:
    csp = response["Content-Security-Policy"]
    for directive in ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"]:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("get", "/", 200),
        ("get", "/data/inspections.csv", 200),
        ("get", "/no/such/page/", 404),
        ("get", "/?q=a&q=b", 400),
        ("post", "/", 405),
        ("get", "/broken/", 500),
        ("get", "/database-down/", 503),
    ],
)
@pytest.mark.urls(FAILING)
def test_security_headers_are_sent_on_every_response(client, version, method, url, status):
    client.raise_request_exception = False
    response = getattr(client, method)(url)
    assert response.status_code == status
    security_headers_of(response)


def test_security_headers_are_sent_on_a_cached_page(client, version, page_cache):
    client.get("/about/")
    security_headers_of(client.get("/about/"))


def test_security_headers_are_sent_when_the_database_is_unreachable(client, database_down):
    response = client.get("/about/")
    assert response.status_code == 503
    security_headers_of(response)


def test_no_page_has_inline_script_or_style(client, area_url):
    # The policy allows no inline script or style: a page that had some would break.
    for url in ["/", area_url, "/findings/", "/inspections/", "/data/", "/about/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and '<script type="module">' not in html, url
        assert "<style" not in html and ' style="' not in html, url


def test_a_repeat_read_of_a_feed_is_served_from_the_cache(client, version, page_cache):
    first = client.get("/data/releases/feed.atom")
    assert first["Content-Type"].startswith("application/atom+xml")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/data/releases/feed.atom")
    assert len(queries) == 1
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
