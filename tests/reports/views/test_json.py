"""Every page's JSON twin: each HTML page pattern has one, it says what the page shows, costs
the page's queries, and is cached apart from the page."""

import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import URLPattern, URLResolver, reverse

from reports import api
from reports import urls as reports_urls
from reports.selectors.common import data_currency
from tests import sample_site

pytestmark = pytest.mark.django_db

# Routes that are not HTML pages, so have no twin to check.
NOT_PAGES = {
    "source-file": "the document's own file, not a page",
    "datapackage": "already JSON: the data package descriptor",
    "data-zip": "a zip file of the whole data set",
    "data-table": "a whole table as CSV or JSON, by extension",
    "favicon": "a redirect to the icon",
    "compare-csv": "a chart's numbers as CSV",
    "outcomes-csv": "a chart's numbers as CSV",
    "releases-feed": "an Atom feed",
    "area-feed": "an Atom feed",
}
NO_TWIN = {name.removeprefix("reports:") for name in api.NO_TWIN}
# An address of each page with a twin on the sample site; the lists' twins are their downloads.
PAGES = {
    "home": "/?q=cambridge",
    "region": f"/regions/{sample_site.REGION}/",
    "area": f"/areas/{sample_site.WITH_REPORT}/",
    "compare": "/compare/?area=bexley&area=cornwall&area=cambridgeshire",
    "outcomes": "/outcomes/",
    "themes": "/themes/",
    "theme": f"/themes/{sample_site.THEME}/",
    "sources": "/sources/",
    "source": f"/sources/{sample_site.REPORT_SOURCE}/",
    "data-quality": "/about/data-quality/",
    "about": "/about/",
    "glossary": "/glossary/",
    "data": "/data/",
    "finding": f"/findings/{sample_site.REPORT_SOURCE}-priority-action-1/",
    "releases": "/data/releases/",
    "findings": f"/findings/?theme={sample_site.THEME}",
    "inspections": "/inspections/?region=NW",
}
LISTS = {"findings", "inspections"}  # their twin is every row selected, not the page's 25
# More pages of the same patterns: an area with a 2016 history, a systemic one, one known only
# from the table, one never inspected.
MORE = [
    f"/areas/{sample_site.WITH_HISTORY}/",
    f"/areas/{sample_site.SYSTEMIC}/",
    f"/areas/{sample_site.NATIONAL_ONLY}/",
    f"/areas/{sample_site.NEVER_INSPECTED}/",
    f"/areas/{sample_site.SECOND_HAND}/",
    "/",
    "/compare/",
    "/sources/?page=2",
]
# The values a reader checks the twin against the page by: names, titles, labels and counts.
ENVELOPE = ["data_as_of", "licence", "citation", "api_version", "url", "html_url"]
SHOWN_KEYS = {"name", "title", "label", "short", "term", "count", "total", "held"}


@pytest.fixture
def site():
    sample_site.build()


def routes(patterns=reports_urls.urlpatterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern.name, prefix + str(pattern.pattern)


def twin(address: str) -> str:
    return address + ("&" if "?" in address else "?") + "format=json"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def shown_values(data, key=None):
    """The twin's names, titles, labels and counts, wherever they are."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from shown_values(v, k)
    elif isinstance(data, list):
        for item in data:
            yield from shown_values(item, key)
    elif key in SHOWN_KEYS and isinstance(data, (str, int)) and not isinstance(data, bool):
        yield str(data)


def page_text(response) -> str:
    text = html.unescape(response.content.decode())
    return re.sub(r"\s+", " ", text.replace("\u2019", "'"))


def test_every_route_is_a_page_with_a_twin_or_says_why_not():
    names = {name for name, _ in routes()}
    assert names == PAGES.keys() | NOT_PAGES.keys() | NO_TWIN
    documented = {name.removeprefix("reports:") for name, *_ in api.PAGES}
    assert documented == PAGES.keys()


@pytest.mark.parametrize(("name", "address"), [*sorted(PAGES.items()), *(("", a) for a in MORE)])
def test_each_twin_is_json_with_the_envelope_and_what_the_page_shows(client, site, name, address):
    page, response = client.get(address), client.get(twin(address))
    assert page.status_code == response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(body(response))
    assert list(data)[: len(ENVELOPE)] == ENVELOPE
    assert data["data_as_of"] == sample_site.NATIONAL_TABLE_DATE.isoformat()
    assert data["api_version"] == api.API_VERSION
    assert data["html_url"] == f"http://testserver{address}"
    assert data["url"] == f"http://testserver{twin(address)}"
    assert "29 June 2026" in page_text(page)  # the footer's date is the envelope's
    assert data["licence"]["name"] == "OGL-UK-3.0"
    cited = "data as of 29 June 2026, from Ofsted and CQC area SEND inspection reports."
    assert data["citation"]["site"].endswith(f"{cited} {data['html_url']}")
    assert all(s["title"] for s in data["citation"]["sources"])
    text = page_text(page)
    if name in LISTS:
        assert str(data["count"]) in text
        return
    fields = {k: v for k, v in data.items() if k not in ENVELOPE}
    values = set(shown_values(fields))
    assert values, "a twin with nothing to check it by"
    missing = sorted(v for v in values if v.replace("\u2019", "'") not in text)
    assert not missing, f"the twin says what the page does not: {missing[:10]}"


@pytest.mark.parametrize("address", [*PAGES.values(), *MORE])
def test_a_twin_costs_its_page_queries(client, site, address):
    with CaptureQueriesContext(connection) as for_page:
        assert client.get(address).status_code == 200
    with CaptureQueriesContext(connection) as for_twin:
        response = client.get(twin(address))
        body(response)  # a list's twin streams: its queries run as it is read
    if address == PAGES["finding"]:
        # The finding's twin carries its row exactly as the findings download writes it.
        assert len(for_twin) == len(for_page) + 1
    elif address.startswith(("/findings/", "/inspections/")):
        # A list's twin is its download: every row selected, themes read in SQL, not prefetched.
        assert len(for_twin) <= len(for_page)
    else:
        assert len(for_twin) == len(for_page)


@pytest.mark.parametrize("address", [*PAGES.values(), *MORE])
def test_each_page_links_its_twin(client, site, address):
    page = client.get(address).content.decode()
    link = re.search(r'href="([^"]*)"[^>]*>This page as JSON</a>', page)
    assert link, "no link to the page's JSON"
    path = address.partition("?")[0]
    response = client.get(path + html.unescape(link[1]))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(body(response))["html_url"] == f"http://testserver{address}"


@pytest.mark.parametrize("name", sorted(NO_TWIN))
def test_a_page_without_data_has_no_twin_and_says_so(client, name):
    address = reverse(f"reports:{name}")
    assert "This page as JSON" not in client.get(address).content.decode()
    response = client.get(twin(address))
    assert response.status_code == 400
    assert "“format”" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["format=xml", "format=json&format=json", "format=&format=json", "format=JSON"]
)
@pytest.mark.parametrize("address", ["/themes/", "/areas/cornwall/", "/findings/"])
def test_another_format_or_a_repeated_one_is_a_400_naming_the_parameter(client, address, query):
    response = client.get(f"{address}?{query}")
    assert response.status_code == 400
    assert "“format”" in response.content.decode()


def test_a_comparison_that_cannot_be_made_is_a_400_twin_with_the_problem(client, site):
    response = client.get("/compare/?area=cornwall&area=nowhere-at-all&format=json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "nowhere-at-all" in json.loads(response.content)["error"]


def test_a_comparison_by_typed_names_redirects_to_the_twin_of_its_address(client, site):
    response = client.get("/compare/?area=Bexley&area=Cornwall&format=json")
    assert response.status_code == 302
    assert response["Location"] == "/compare/?area=bexley&area=cornwall&format=json"


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "twin"}
    }
)
def test_a_twin_has_its_own_etag_and_cache_entry(client, site):
    address = PAGES["area"]
    page, first = client.get(address), client.get(twin(address))
    assert page["ETag"] != first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again_page, again_twin = client.get(address), client.get(twin(address))
    assert len(queries) == 2  # each from the cache, under its own key: the data version only
    assert again_page["Content-Type"].startswith("text/html")
    assert again_page.content == page.content
    assert again_twin["Content-Type"] == "application/json; charset=utf-8"
    assert again_twin.content == first.content
    assert client.get(twin(address), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(twin(address), HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 200


def test_the_api_page_documents_the_envelope_examples_and_version(client, site):
    text = page_text(client.get("/data/api/"))
    for key in ENVELOPE:
        assert f"<code>{key}</code>" in text
    for _, pattern, example, _ in api.PAGES:
        assert html.unescape(pattern) in text and example in text
    for example in ("curl -s", "pd.json_normalize", "pd.read_json", "fromJSON"):
        assert example in text
    assert f"This is version {api.API_VERSION} of the API" in text
    assert 'id="changelog"' in text
    assert 'href="/data/api/"' in client.get("/data/").content.decode()


def test_a_page_that_cites_its_sources_cites_them_in_its_twin_at_full_addresses(client, site):
    data = json.loads(client.get(f"/areas/{sample_site.SYSTEMIC}/?format=json").content)
    report = f"http://testserver/sources/{sample_site.REPORT_SOURCE}/"
    assert report in [s["path"] for s in data["citation"]["sources"]]
    assert sample_site.REPORT_SOURCE in [s["slug"] for s in data["sources"]]


def test_a_page_field_may_not_replace_the_envelope(rf, national_table):
    with pytest.raises(ValueError, match="url"):
        api.envelope(rf.get("/themes/"), currency=data_currency(), fields={"url": "elsewhere"})
