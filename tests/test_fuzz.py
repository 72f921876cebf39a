"""Property-based fuzzing: whatever the path, query string or headers, no 5xx and no traceback."""

from urllib.parse import quote

import pytest
from django.urls import get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import sample_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """Pages with something on them: a path or filter naming an area or theme finds it."""
    sample_site.build()


PARAMETERS = [
    "q", "page", "format", "kind", "theme", "area", "region", "outcome", "framework", "year",
    "published_after", "published_before", "source_kind", "next_kind", "due_before", "due",
    "sort",
]  # fmt: skip
ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
            "%00",
            "\x00",
            "../..",
            "é",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "%ff%fe",
            sample_site.THEME,
            sample_site.WITH_HISTORY,
            sample_site.SYSTEMIC,
            sample_site.REPORT_SOURCE,
            sample_site.REGION,
            "improvement",
            "csv",
            "json",
            "2024-02-30",
            "<script>",
            "'; DROP TABLE",
            '"quoted phrase"',
            "-published",
            " " * 3,
        ]
    ),  # fmt: skip
    st.text(min_size=500, max_size=3000, alphabet="ab%"),
)


def url_patterns() -> list[str]:
    """Every route, with its converters filled by a placeholder hypothesis replaces."""
    routes = []
    for pattern in get_resolver().url_patterns:
        for inner in getattr(pattern, "url_patterns", [pattern]):
            routes.append(str(inner.pattern))
    return routes


ROUTES = url_patterns()


def fill(route: str, values: list[str]) -> str:
    parts = route.split("<")
    path = parts[0]
    for n, part in enumerate(parts[1:]):
        _, rest = part.split(">", 1)
        path += quote(values[n % len(values)], safe="") + rest
    return "/" + path


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(ROUTES),
    values=st.lists(ODD_TEXT, min_size=1, max_size=3),
    query=st.lists(st.tuples(st.sampled_from(PARAMETERS), ODD_TEXT), max_size=6),
    raw_suffix=st.sampled_from(["", "%", "%zz", "?&&=&", "?q=%C3%28", "?page=1&page=2"]),
    accept=st.sampled_from(["text/html", "*/*", "application/json", "\x00", "é" * 200]),
)
def test_no_request_gets_a_server_error(site, client, route, values, query, raw_suffix, accept):
    path = fill(route, values)
    querystring = "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in query)
    url = path + (("?" + querystring) if querystring else "") + raw_suffix
    response = client.get(url, headers={"Accept": accept, "If-None-Match": '"junk"'})
    assert response.status_code < 500, (url, response.status_code)
    body = b"" if response.streaming else response.content
    if response.streaming:
        body = b"".join(response.streaming_content)
    assert b"Traceback" not in body
    if response.get("Content-Type") != "application/zip":  # the data set's zip is binary
        assert b"\x00" not in body
