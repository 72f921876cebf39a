"""Baked pages served in front of Django: the live page's body and headers, or Django itself."""

import datetime
import io
import os
import uuid
from email.utils import formatdate

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils.timezone import now

from reports.models import DataVersion
from send_inspections import baked
from tests.factories import AreaFactory, ThemeFactory, new_data

pytestmark = pytest.mark.django_db
# Headers the live page has that a plain static server would not send.
SECURITY = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
]


def django_stub(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("X-From", "django")])
    return [b"rendered by Django"]


@pytest.fixture
def root(tmp_path):
    with override_settings(BAKE=True, BAKED_ROOT=tmp_path / "baked", BAKE_HOST="testserver"):
        yield tmp_path / "baked"


@pytest.fixture
def area():
    area = AreaFactory(region="SW")
    ThemeFactory()
    DataVersion.record()
    return area


@pytest.fixture
def app(root, area):
    call_command("bake", verbosity=0)
    return baked.BakedPages(django_stub)


def get(app, path, query="", method="GET", **headers):
    """(status, headers, body) of a request straight to the WSGI application."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **{f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def from_bake(response) -> bool:
    return "X-From" not in response[1]


def test_a_baked_page_has_the_live_body_and_headers(app, area, client):
    for query in ("", "format=json"):
        status, headers, body = get(app, f"/areas/{area.slug}/", query)
        live = client.get(f"/areas/{area.slug}/", {"format": "json"} if query else {})
        assert status == 200 and from_bake((status, headers))
        assert body == live.content
        for name in [*SECURITY, "Content-Type", "Cache-Control", "Last-Modified"]:
            assert headers[name] == live[name], name
        assert headers["Content-Length"] == str(len(body))


def test_the_etag_is_mtime_and_size_as_nginx_makes_it(app, area, root):
    status, headers, body = get(app, "/")
    mtime = int(DataVersion.objects.get().loaded_at.timestamp())
    assert os.stat(root / "current" / "index.html").st_mtime == mtime
    assert headers["ETag"] == f'"{mtime:x}-{len(body):x}"'
    assert headers["Last-Modified"] == formatdate(mtime, usegmt=True)


def test_the_etag_is_the_same_in_summer_time(root, area):
    # WhiteNoise's own ETag reads the mtime back through the local time zone (the site's is
    # Europe/London): an hour out from nginx's in summer.
    summer = datetime.datetime(2027, 7, 1, 12, tzinfo=datetime.UTC)
    DataVersion.objects.create(version=uuid.uuid4().hex, loaded_at=summer)
    call_command("bake", verbosity=0)
    status, headers, body = get(baked.BakedPages(django_stub), "/")
    assert headers["ETag"] == f'"{int(summer.timestamp()):x}-{len(body):x}"'


def test_a_matching_if_none_match_is_a_304_with_the_live_headers(app, area):
    etag = get(app, "/about/")[1]["ETag"]
    for given in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        status, headers, body = get(app, "/about/", if_none_match=given)
        assert status == 304 and body == b"", given
        assert headers["ETag"] == etag
        assert "Last-Modified" in headers and "Content-Type" not in headers
        for name in SECURITY:
            assert name in headers, name
    assert get(app, "/about/", if_none_match='"other"')[0] == 200


def test_if_modified_since_is_a_304_unless_the_date_is_in_the_future(app, area):
    last_modified = get(app, "/about/")[1]["Last-Modified"]
    assert get(app, "/about/", if_modified_since=last_modified)[0] == 304
    assert get(app, "/about/", if_modified_since="Fri, 01 Jan 2100 00:00:00 GMT")[0] == 200


def test_a_head_request_is_the_headers_alone(app, area):
    status, headers, body = get(app, "/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize(
    "path, query, method, headers",
    [
        ("/sources/", "page=2", "GET", {}),
        ("/", "q=cornwall", "GET", {}),
        ("/", "format=json&format=json", "GET", {}),
        ("/", "format=csv", "GET", {}),
        ("/", "", "POST", {}),
        ("/index.html", "", "GET", {}),
        ("/manifest.json", "", "GET", {}),
        ("/findings/", "", "GET", {}),  # a list, not baked
        ("/", "", "GET", {"host": "elsewhere.example"}),  # its JSON names another host
        ("/", "", "GET", {"range": "bytes=0-10"}),
        ("/", "", "GET", {"if_match": '"x"'}),
    ],
)
def test_anything_else_goes_to_django(app, area, path, query, method, headers):
    assert not from_bake(get(app, path, query, method, **headers))


def test_after_a_new_data_version_the_stale_bake_is_not_served(app, area):
    assert from_bake(get(app, f"/areas/{area.slug}/"))
    new_data()  # inside the load's transaction, before it commits
    assert not from_bake(get(app, f"/areas/{area.slug}/"))
    call_command("bake", verbosity=0)
    assert from_bake(get(app, f"/areas/{area.slug}/"))


def test_a_version_recorded_on_another_machine_stops_the_bake_within_a_second(
    app, area, root, monkeypatch
):
    assert from_bake(get(app, "/"))
    # Recorded elsewhere: no signal here removes this machine's bake.
    DataVersion.objects.bulk_create([DataVersion(version=uuid.uuid4().hex, loaded_at=now())])
    assert (root / "current").exists()
    monkeypatch.setattr(baked, "CHECK_SECONDS", 0)  # a second later
    assert not from_bake(get(app, "/"))


def test_a_bake_of_another_code_release_is_not_served(app, area, monkeypatch):
    monkeypatch.setattr(baked, "release", lambda: "a-newer-release")
    assert not from_bake(get(app, "/"))


def test_a_baked_file_removed_by_hand_goes_to_django(app, area, root):
    assert from_bake(get(app, "/about/"))
    (root / "current" / "about" / "index.html").unlink()
    assert not from_bake(get(app, "/about/"))


def test_no_bake_at_all_goes_to_django(root, area):
    assert not from_bake(get(baked.BakedPages(django_stub), "/"))


def test_the_site_serves_baked_pages_only_when_baking_is_on(root, area):
    with override_settings(BAKE=False):
        assert not isinstance(baked.with_baked_pages(django_stub), baked.BakedPages)
    assert isinstance(baked.with_baked_pages(django_stub), baked.BakedPages)
