"""The JSON twin of every page: one envelope (the data's date, the licence, how to cite, the API
version and the twin's and the page's addresses) around the page's own fields.

Each page family's fields come from one function in this package (reports/api/<family>.py),
given the context the page's view built, so the twin reads exactly what the page shows and no
selector runs twice. Views answer `?format=json` through JsonTwinMixin (reports/views/base.py);
/data/api/ documents the convention, and API_VERSION and CHANGELOG say what changed when.
"""

from datetime import date

from django.http import QueryDict

from reports.datapackage import ATTRIBUTION, LICENCE, SOURCES
from reports.selectors.common import Currency
from reports.wording import long_date

API_VERSION = 1
FORMAT = "format"  # the query parameter; its one value for a twin is "json"
JSON = "json"
# (version, date, what changed), newest first: shown on /data/api/.
CHANGELOG = [
    (
        1,
        date(2026, 12, 3),
        "First version: every page with data answers ?format=json in one envelope. The "
        "findings and inspections lists' JSON downloads take the same envelope: their "
        "“licence” is now an object (name, title, path, attribution), no longer a sentence.",
    ),
]
# The envelope's keys, first in every twin, with what each means (as /data/api/ lists them).
ENVELOPE_KEYS = [
    ("data_as_of", "The national outcomes table's date (ISO 8601), as every page's footer gives "
     "it; null if not stated."),
    ("licence", "The licence: name, title, path (its address) and attribution."),
    ("citation", "How to cite: “site”, a sentence naming this page's address and the data's "
     "date; “sources”, the documents the page draws on, each with a title and a path."),
    ("api_version", "The version of these fields (an integer); see the changelog."),
    ("url", "This JSON's own address."),
    ("html_url", "The address of the page it is the twin of."),
]  # fmt: skip
CITATION = (
    "Area SEND inspection findings, data as of {as_of}, from Ofsted and CQC area SEND inspection "
    "reports. {url}"
)


def without_format(query: QueryDict) -> str:
    """The query string with no `format`: the HTML page's own."""
    query = query.copy()
    query.pop(FORMAT, None)
    return query.urlencode()


def with_format(query: QueryDict) -> str:
    """The query string of the twin: the page's parameters and format=json last."""
    query = query.copy()
    query.pop(FORMAT, None)
    query[FORMAT] = JSON
    return query.urlencode()


def page_address(request) -> str:
    query = without_format(request.GET)
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


def twin_address(request) -> str:
    return request.build_absolute_uri(f"{request.path}?{with_format(request.GET)}")


def licence() -> dict:
    return {**LICENCE, "attribution": ATTRIBUTION}


def citation(request, html_url: str, as_of: date | None, sources: list[dict] | None) -> dict:
    """How to cite the page ("site", as the data page words it) and what it is drawn from
    ("sources", each at a full address)."""
    when = long_date(as_of) if as_of else "(date not stated)"
    cited = [
        {**s, "path": request.build_absolute_uri(s["path"])} if "path" in s else s
        for s in sources or SOURCES
    ]
    return {"site": CITATION.format(as_of=when, url=html_url), "sources": cited}


def envelope(request, *, currency: Currency, fields: dict, sources=None) -> dict:
    """The page's fields in the envelope every twin shares; the envelope's keys come first and a
    page field may not replace one."""
    html_url = page_address(request)
    head = {
        "data_as_of": currency.as_of.isoformat() if currency.as_of else None,
        "licence": licence(),
        "citation": citation(request, html_url, currency.as_of, sources),
        "api_version": API_VERSION,
        "url": twin_address(request),
        "html_url": html_url,
    }
    if clash := head.keys() & fields.keys():
        raise ValueError(f"A page's fields may not replace the envelope's {sorted(clash)}.")
    return {**head, **fields}


# Each page with a twin, as /data/api/ documents it: (URL name, address pattern, example address,
# what the twin holds besides the envelope). The lists' twins are their filtered JSON downloads.
PAGES = [
    ("reports:home", "/", "/?q=cornwall&format=json",
     "The regions with their numbers of areas; with ?q=, the search's matches and suggestions."),
    ("reports:region", "/regions/<slug>/", "/regions/london/?format=json",
     "A page of the region's areas, each with its latest outcome; ?page= for the next."),
    ("reports:area", "/areas/<slug>/", "/areas/cornwall/?format=json",
     "The area's identifiers, partnership, latest inspection with its findings by theme, every "
     "inspection in its history, how its outcome compares with its region's and England's, "
     "and its sources."),
    ("reports:compare", "/compare/?area=<slug>&area=<slug>",
     "/compare/?area=cornwall&area=devon&format=json",
     "The areas side by side, their findings' counts by theme and the charts' numbers."),
    ("reports:outcomes", "/outcomes/", "/outcomes/?format=json",
     "Every area's latest outcome, England's and each region's counts, the charts' numbers and "
     "the table of areas by earlier result and latest outcome."),
    ("reports:themes", "/themes/", "/themes/?format=json",
     "Each theme with how many areas have each kind of finding in it."),
    ("reports:theme", "/themes/<slug>/", "/themes/ehc-plans/?format=json",
     "The theme's counts by kind, outcome and region, its groups of areas, and the findings "
     "this page of it quotes; ?page= for the next."),
    ("reports:sources", "/sources/", "/sources/?format=json",
     "A page of the source documents, with how many of each kind; ?page= for the next."),
    ("reports:source", "/sources/<slug>/", "/sources/<slug>/?format=json",
     "The document's details, how many findings and responses are quoted from it, and the "
     "inspections it is about."),
    ("reports:data-quality", "/about/data-quality/", "/about/data-quality/?format=json",
     "A page of the known gaps and disagreements in the data, by area; ?page= for the next."),
    ("reports:about", "/about/", "/about/?format=json",
     "The data tables the site is built from, and how many sources of each kind it holds."),
    ("reports:glossary", "/glossary/", "/glossary/?format=json", "Every term and its definition."),
    ("reports:data", "/data/", "/data/?format=json",
     "The downloads and each table's data dictionary."),
    ("reports:finding", "/findings/<id>/", "/findings/<id>/?format=json",
     "The finding's row as the findings download gives it, with its kind's label, its themes "
     "and whether they were reviewed, its inspection's dates, its area's page and how to cite it."),
    ("reports:releases", "/data/releases/", "/data/releases/?format=json",
     "A page of the data releases, newest first, each with what it added, changed and removed."),
    ("reports:findings", "/findings/?<filters>", "/findings/?theme=ehc-plans&format=json",
     "Every finding the filters select (not only the page's 25), with the filters applied and "
     "their count; the same rows as the CSV download."),
    ("reports:inspections", "/inspections/?<filters>", "/inspections/?region=SW&format=json",
     "Every inspection the filters select, with the filters applied and their count."),
]  # fmt: skip
# Pages with no twin, and why (/data/api/ says so too).
NO_TWIN = {
    "reports:accessibility": "A statement about the service, with no data.",
    "reports:api": "This documentation, with no data.",
    "reports:feedback": "How to report a problem, with no data.",
}
