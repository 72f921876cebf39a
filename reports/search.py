"""Full-text search of findings, real on both databases.

PostgreSQL: `django.contrib.postgres.search` with the English configuration, an expression GIN
index on to_tsvector('english', text) (migration 0002_finding_search), websearch syntax, ranked,
highlighted. SQLite: an FTS5 table with the Porter stemmer, kept in step by triggers (the same
migration) and rebuilt when data loads. Both stem ("plans" finds "plan") and take "quoted phrases".

Highlights come back marked with control characters, escaped, then turned into <mark>, so no
HTML in a finding (or a query) reaches the page unescaped.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

START, STOP = "\x02", "\x03"
TOKENS = re.compile(r'"([^"]*)"|(\S+)')
WORD = re.compile(r"\w+", re.UNICODE)
FTS_TABLE = "reports_finding_fts"


def _terms(query: str) -> list[str]:
    """Phrases and words of a query: '"annual review" plans' -> ['annual review', 'plans']."""
    terms = []
    for phrase, word in TOKENS.findall(query):
        words = WORD.findall(phrase if phrase else word)
        if words:
            terms.append(" ".join(words))
    return terms


def fts5_expression(query: str) -> str:
    """A safe FTS5 MATCH expression: every term quoted, so user input is never FTS syntax."""
    return " ".join(f'"{term}"' for term in _terms(query))


def has_terms(query: str) -> bool:
    return bool(_terms(query))


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Findings matching the query, ranked best first, each with a `headline` annotation."""
    if connection.vendor == "postgresql":
        vector = SearchVector("text", config="english")
        search_query = SearchQuery(query, search_type="websearch", config="english")
        return (
            queryset.annotate(search=vector)
            .filter(search=search_query)
            .annotate(
                rank=SearchRank(vector, search_query),
                headline=SearchHeadline(
                    "text",
                    search_query,
                    config="english",
                    start_sel=START,
                    stop_sel=STOP,
                    highlight_all=True,
                ),
            )
            .order_by(F("rank").desc(), "pk")
        )
    # One join with the FTS5 table: MATCH drives the query and each finding is fetched by its
    # key (a correlated subquery per row would run the full-text match once per finding).
    # The SQL is fixed; the words searched for are a bound parameter.
    return queryset.extra(
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = reports_finding.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts5_expression(query)],
        select={
            "rank": f"-{FTS_TABLE}.rank",
            "headline": f"highlight({FTS_TABLE}, 0, %s, %s)",
        },
        select_params=[START, STOP],
    ).order_by("-rank", "pk")


def highlighted(headline: str) -> SafeString:
    """The headline as HTML: the text escaped, only our markers turned into <mark>."""
    html = escape(headline).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)


def rebuild_index() -> None:
    """Make the SQLite index match the findings table (after a bulk load); PostgreSQL needs none."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
