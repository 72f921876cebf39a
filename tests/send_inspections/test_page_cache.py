"""The page cache's canonical key (the parameters a view reads, sorted) and its one render per
miss; no control or text-direction character in a parameter reaches a page."""

import threading
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from reports.models import DataVersion
from reports.views.area import HomeView
from reports.views.compare import CompareView
from reports.views.data import DataTableView
from reports.views.lists import FindingListView
from send_inspections import middleware
from tests.factories import AreaFactory, InspectionFactory

pytestmark = pytest.mark.django_db
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def version():
    return DataVersion.record()


@pytest.fixture
def page_cache():
    with override_settings(CACHES=LOCMEM):
        cache.clear()
        yield cache
        cache.clear()


def pages_kept(page_cache) -> int:
    return sum(1 for key in page_cache._cache if ":page:" in key and "rendering" not in key)


@pytest.fixture
def two_areas():
    for name in ("Cornwall", "Slough"):
        InspectionFactory(area=AreaFactory(name=name, slug=name.lower()))


# The canonical key


def test_each_view_declares_the_parameters_it_reads():
    assert HomeView.known_parameters() == {"q", "format"}
    assert CompareView.known_parameters() == {"area", "format"}
    assert {"q", "kind", "theme", "page", "format"} <= FindingListView.known_parameters()
    assert DataTableView.known_parameters() is None  # it refuses every parameter itself


def test_unknown_parameters_never_make_a_new_cache_entry(client, version, page_cache):
    client.get("/about/")
    kept = pages_kept(page_cache)
    for n in range(5):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/about/?cb={n}")
        assert response.status_code == 200
        assert len(queries) == 1  # the data version: the page came from the cache
    assert pages_kept(page_cache) == kept


def test_a_cache_busting_comparison_is_the_comparisons_own_page(
    client, version, page_cache, two_areas
):
    address = "/compare/?area=cornwall&area=slough"
    page = client.get(address)
    assert page.status_code == 200
    busted = client.get(f"{address}&cb=12345")
    assert busted.content == page.content
    assert busted["ETag"] == page["ETag"]
    assertNotContains(busted, "12345")  # the view never saw it: no link carries it


def test_equivalent_addresses_share_an_etag_and_a_page(client, version, page_cache, two_areas):
    first = client.get("/findings/?kind=strength&q=plans")
    second = client.get("/findings/?q=plans&utm_source=x&kind=strength")
    assert first["ETag"] == second["ETag"]
    assert pages_kept(page_cache) == 1
    # The order of a parameter's own values matters (a comparison's areas are in order).
    one = client.get("/compare/?area=cornwall&area=slough")
    other = client.get("/compare/?area=slough&area=cornwall")
    assert one["ETag"] != other["ETag"]


def test_a_whole_table_download_still_refuses_an_unknown_parameter(client, version, page_cache):
    response = client.get("/data/themes.csv?cb=1")
    assertContains(response, "cannot apply “cb”", status_code=400)


# One render per miss


def test_a_request_that_finds_the_page_being_rendered_waits_for_it(
    client, version, page_cache, monkeypatch
):
    """While one worker renders a page, another asking for it reads the page it keeps."""
    client.get("/about/")  # rendered and kept, to copy
    (key,) = [k.split(":", 2)[2] for k in page_cache._cache if ":page:" in k]
    page = page_cache.get(key)
    page_cache.delete(key)
    page_cache.add(f"{key}:rendering", 1, 10)  # the other worker's lock

    def the_other_worker_finishes():
        time.sleep(0.3)
        page_cache.set(key, page)
        page_cache.delete(f"{key}:rendering")

    renders = []
    monkeypatch.setattr(
        middleware.DataVersionCacheMiddleware, "_render", lambda *a: renders.append(a)
    )
    threading.Thread(target=the_other_worker_finishes).start()
    started = time.monotonic()
    response = client.get("/about/")
    assert response.status_code == 200
    assert response.content == page[0]
    assert renders == []
    assert time.monotonic() - started < 2


def test_a_lock_never_released_delays_the_page_only_briefly(
    client, version, page_cache, monkeypatch
):
    monkeypatch.setattr(middleware, "WAIT_SECONDS", 0.3)
    client.get("/glossary/")
    (key,) = [k.split(":", 2)[2] for k in page_cache._cache if ":page:" in k]
    page_cache.delete(key)
    page_cache.add(f"{key}:rendering", 1, 60)  # a worker that died while rendering
    response = client.get("/glossary/")
    assert response.status_code == 200
    assert page_cache.get(key) is not None  # rendered after the wait, and kept


def test_fifty_simultaneous_misses_render_the_page_once(version, page_cache, monkeypatch):
    renders = []
    started = threading.Event()

    def slow_view(request):
        renders.append(request)
        started.wait(0.5)
        return HttpResponse("the page", content_type="text/html")

    cached_page = middleware.DataVersionCacheMiddleware(slow_view)
    monkeypatch.setattr(middleware, "canonicalise", lambda request: "/compare/")
    # The threads have no test database: they read the version from here.
    monkeypatch.setattr(
        middleware.DataVersion.objects, "only", lambda *a: SimpleNamespace(first=lambda: version)
    )
    results = []

    def client_request():
        results.append(cached_page(RequestFactory().get("/compare/")))

    threads = [threading.Thread(target=client_request) for _ in range(50)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    started.set()
    for thread in threads:
        thread.join()
    assert len(renders) == 1
    assert [r.content for r in results] == [b"the page"] * 50


# No control or text-direction character reaches a page


UNPRINTABLE = ["%00", "%1B", "%7F", "%C2%85", "%E2%80%AE", "%E2%81%A6"]  # NUL ESC DEL NEL RLO LRI
PAGES = [
    "/?q=corn{c}wall",
    "/compare/?area=cornwall&area=slo{c}ugh",
    "/findings/?q=plans{c}",
    "/findings/?q=plans{c}&format=csv",
    "/inspections/?area=x{c}",
    "/areas/cornwall/?format=json{c}",
    "/themes/?format={c}",
]


@pytest.mark.parametrize("character", UNPRINTABLE)
@pytest.mark.parametrize("page", PAGES)
def test_a_control_or_bidi_character_in_a_parameter_is_a_400_naming_it(
    client, version, two_areas, page, character
):
    response = client.get(page.format(c=character))
    assertContains(response, "contains a control character", status_code=400)
    assertContains(response, "parameter", status_code=400)
    html = response.content.decode()
    for raw in ["\x00", "\x1b", "\x7f", "\x85", "\u202e", "\u2066"]:
        assert raw not in html
    title = html.split("<title>")[1].split("</title>")[0]
    assert "There is a problem with the address" in title


def test_the_refusal_names_the_parameter(client, version):
    response = client.get("/?q=a%E2%80%AEb")
    assertContains(response, "The “q” parameter contains a control character", status_code=400)
    response = client.get("/data/themes.csv?%1Bkind=strength")
    assertContains(response, "The “kind” parameter contains", status_code=400)


def test_an_unknown_parameter_with_a_control_character_is_dropped_unread(client, version):
    response = client.get("/about/?x%00=%1B")
    assert response.status_code == 200
    assert b"\x00" not in response.content and b"\x1b" not in response.content
