"""nginx in front of gunicorn, with deploy/nginx.conf.template as rendered for production."""

import json
import os
import time

import pytest

from tests.send_inspections.test_gunicorn import slow_clients
from tests.servers import AREA_PATH, get, start_gunicorn, start_nginx

SECURITY_HEADERS = [
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
]


@pytest.fixture(scope="module")
def baked_root(servers_dir):
    """A bake as reports/baking.py leaves one: `current` links to the latest folder."""
    root = servers_dir / "baked"
    build = root / "build-1" / "areas" / "cornwall"
    build.mkdir(parents=True)
    (build / "index.html").write_text("<!doctype html><title>Baked Cornwall</title>")
    (build / "index.json").write_text('{"baked": true}')
    os.symlink("build-1", root / "current")
    return root


@pytest.fixture(scope="module")
def site(servers_dir, sqlite_site, baked_root):
    gunicorn = start_gunicorn(servers_dir, sqlite_site)
    nginx = start_nginx(servers_dir, sqlite_site, gunicorn, baked_root)
    get(gunicorn.url, "/")  # the first page of a process builds its templates
    yield gunicorn, nginx
    nginx.stop()
    gunicorn.stop()


def csp_directives(value: str) -> set[str]:
    return {directive.strip() for directive in value.split(";")}


@pytest.mark.parametrize("path", ["/", "/about/", "/areas/nowhere/", "/findings/?kind=x"])
def test_a_page_through_nginx_is_the_page_from_gunicorn(site, path):
    gunicorn, nginx = site
    direct, proxied = get(gunicorn.url, path), get(nginx.url, path)
    assert proxied[0] == direct[0]
    assert proxied[1]["ETag"] == direct[1]["ETag"]
    assert proxied[1]["Content-Security-Policy"] == direct[1]["Content-Security-Policy"]
    for name in ["Content-Security-Policy", *SECURITY_HEADERS]:  # not added twice
        assert len(proxied[1].get_all(name) or []) == len(direct[1].get_all(name) or []), name
    assert proxied[2] == direct[2]


def test_a_baked_page_is_served_by_nginx_with_djangos_headers(site):
    gunicorn, nginx = site
    status, headers, body = get(nginx.url, AREA_PATH)
    assert status == 200 and b"Baked Cornwall" in body
    assert headers["Content-Type"].startswith("text/html")
    _, django_headers, _ = get(gunicorn.url, AREA_PATH)
    assert csp_directives(headers["Content-Security-Policy"]) == csp_directives(
        django_headers["Content-Security-Policy"]
    )
    for name in SECURITY_HEADERS:
        assert headers[name] == django_headers[name], name
    assert headers["Cache-Control"] == django_headers["Cache-Control"]
    assert headers["ETag"] and headers["Last-Modified"]


def test_a_baked_pages_json_twin_is_served_for_exactly_format_json(site):
    _, nginx = site
    status, headers, body = get(nginx.url, AREA_PATH + "?format=json")
    assert status == 200 and json.loads(body) == {"baked": True}
    assert headers["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("query", ["?format=json&x=1", "?cb=1", "?format=csv"])
def test_any_other_query_goes_to_django(site, query):
    _, nginx = site
    status, _, body = get(nginx.url, AREA_PATH + query)
    assert b"Baked Cornwall" not in body and b'"baked"' not in body
    assert status in (200, 400, 404)


def test_a_baked_files_own_name_is_not_served(site):
    _, nginx = site
    status, _, body = get(nginx.url, AREA_PATH + "index.html")
    assert status == 404 and b"Baked" not in body


def test_static_files_are_served_by_nginx_with_long_caching(site, static_root):
    gunicorn, nginx = site
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["favicon.svg"]
    status, headers, body = get(nginx.url, f"/static/{hashed}")
    assert status == 200 and body == (static_root / hashed).read_bytes()
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, headers, _ = get(nginx.url, f"/static/{hashed}", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"  # WhiteNoise's .gz
    status, headers, _ = get(nginx.url, "/static/favicon.svg")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=60"
    # gunicorn never saw them.
    assert "/static/" not in gunicorn.log.read_text()


def test_fifty_slow_clients_leave_nginx_answering(site):
    _, nginx = site
    with slow_clients(nginx.port):
        for path in (AREA_PATH, "/about/"):
            started = time.monotonic()
            status, _, _ = get(nginx.url, path, timeout=5)
            assert status == 200
            assert time.monotonic() - started < 1


def test_a_path_nginx_cannot_take_unquoted_is_refused():
    from send_inspections.nginx import render

    with pytest.raises(ValueError, match="run_dir"):
        render(listen="80", upstreams=["127.0.0.1:8000"], run_dir="/var/lib/my nginx")


def test_a_compressed_pages_weak_etag_gets_a_304_through_nginx(site):
    # nginx's gzip turns the page's ETag weak (W/"…"); a browser sends that back, and RFC
    # 9110's weak comparison for If-None-Match must still match it.
    _, nginx = site
    gzip = {"Accept-Encoding": "gzip"}
    status, headers, _ = get(nginx.url, "/about/", gzip)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["ETag"].startswith('W/"')
    status, _, body = get(nginx.url, "/about/", {**gzip, "If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
