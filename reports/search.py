"""Full-text search of findings, real on both databases, and read the same way on both.

PostgreSQL: `django.contrib.postgres.search` with the English configuration, an expression GIN
index on to_tsvector('english', text) (migration 0002_finding_search), ranked, highlighted.
SQLite: an FTS5 table with the Porter stemmer, kept in step by triggers (the same migration) and
rebuilt when data loads. Both stem ("plans" finds "plan").

A query is parsed here, once, and the same reading is written out for each database: words and
"quoted phrases" are all required, `-word` (or `-"phrase"`) excludes, `a or b` needs either,
as PostgreSQL's websearch syntax reads them. FTS5 would otherwise drop the minus and require the
word (`plans -ehc` found plans *with* EHC), so neither database's own query syntax is used. A
term in SEARCH_SYNONYMS (reports/vocabulary.py) is any of its group. PostgreSQL's English stop
words are ignored on both (it indexes none of them), except inside a phrase, where PostgreSQL
allows any word in their place and FTS5 needs that very word.

Highlights come back marked with control characters, escaped, then turned into <mark>, so no
HTML in a finding (or a query) reaches the page unescaped.
"""

import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .vocabulary import SEARCH_SYNONYMS

START, STOP = "\x02", "\x03"
TOKENS = re.compile(r'(-?)"([^"]*)"|(\S+)')
WORD = re.compile(r"[^\W_]+")  # what FTS5's unicode61 and PostgreSQL's parser take as a word
FTS_TABLE = "reports_finding_fts"
# PostgreSQL's english.stop (the Snowball list), which its English configuration never indexes.
STOP_WORDS = frozenset(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself "
    "she her hers herself it its itself they them their theirs themselves what which who whom "
    "this that these those am is are was were be been being have has had having do does did "
    "doing a an the and but if or because as until while of at by for with about against "
    "between into through during before after above below to from up down in out on off over "
    "under again further then once here there when where why how all any both each few more "
    "most other some such no nor not only own same so than too very s t can will just don "
    "should now".split()
)

Phrase = tuple[str, ...]  # lower-case words, in order


def _words(text: str) -> Phrase:
    return tuple(word.lower() for word in WORD.findall(text))


SYNONYMS: dict[Phrase, tuple[Phrase, ...]] = {
    _words(variant): tuple(dict.fromkeys(map(_words, group)))
    for group in SEARCH_SYNONYMS
    for variant in group
}
LONGEST_SYNONYM = max(map(len, SYNONYMS))


@dataclass(frozen=True)
class Token:
    words: Phrase
    quoted: bool = False
    negated: bool = False

    @property
    def is_or(self) -> bool:
        return not (self.quoted or self.negated) and self.words == ("or",)


@dataclass(frozen=True)
class Parsed:
    """A finding matches if, for every group, it has one of the group's phrases, and it has
    none of the excluded phrases."""

    required: tuple[tuple[Phrase, ...], ...]
    excluded: tuple[Phrase, ...]


def _tokens(query: str) -> list[Token]:
    tokens = []
    for minus, phrase, bare in TOKENS.findall(query):
        quoted = not bare
        negated = bool(minus) or (bare.startswith("-") and len(bare) > 1)
        words = _words(phrase if quoted else bare)
        if words:
            tokens.append(Token(words, quoted=quoted, negated=negated))
    return tokens


def _synonyms_at(tokens: list[Token], start: int) -> tuple[int, tuple[Phrase, ...]]:
    """How many tokens from `start` make one term, and the phrases any of which it means: a
    quoted or excluded token is a term by itself; plain words run together into the longest
    synonym they spell ("EHC plans" is one term, as "EHCP" is)."""
    token = tokens[start]
    if token.quoted or token.negated:
        return 1, SYNONYMS.get(token.words, (token.words,))
    found, words = (1, (token.words,)), ()
    for end in range(start, min(len(tokens), start + LONGEST_SYNONYM)):
        if tokens[end].quoted or tokens[end].negated or tokens[end].is_or:
            break
        words += tokens[end].words
        if words in SYNONYMS:
            found = end - start + 1, SYNONYMS[words]
    return found


def _trimmed(phrase: Phrase) -> Phrase:
    """The phrase without stop words at either end (PostgreSQL ignores them there)."""
    start, end = 0, len(phrase)
    while start < end and phrase[start] in STOP_WORDS:
        start += 1
    while end > start and phrase[end - 1] in STOP_WORDS:
        end -= 1
    return phrase[start:end]


def parse(query: str) -> Parsed:
    tokens = _tokens(query)
    required: list[tuple[Phrase, ...]] = []
    excluded: list[Phrase] = []
    position, either = 0, False
    while position < len(tokens):
        token = tokens[position]
        if token.is_or:
            either, position = bool(required), position + 1
            continue
        span, phrases = _synonyms_at(tokens, position)
        position += span
        phrases = tuple(p for p in dict.fromkeys(map(_trimmed, phrases)) if p)
        if not phrases:
            continue
        if token.negated:
            excluded.extend(phrases)
        elif either:
            required[-1] = (*required[-1], *phrases)
        else:
            required.append(phrases)
        either = False
    return Parsed(tuple(required), tuple(dict.fromkeys(excluded)))


def has_terms(query: str) -> bool:
    """Whether the query asks for anything: only exclusions, or only stop words, is not."""
    return bool(parse(query).required)


def fts5_expression(query: str) -> str:
    """The query as an FTS5 MATCH expression: every phrase quoted, so input is never syntax."""
    parsed = parse(query)

    def any_of(phrases: tuple[Phrase, ...]) -> str:
        return "(" + " OR ".join('"' + " ".join(phrase) + '"' for phrase in phrases) + ")"

    expression = " AND ".join(map(any_of, parsed.required))
    if parsed.excluded:
        expression = f"({expression}) NOT {any_of(parsed.excluded)}"
    return expression


def tsquery(query: str) -> SearchQuery:
    """The query as a PostgreSQL tsquery, phrase by phrase in the English configuration."""
    parsed = parse(query)

    def phrase(words: Phrase) -> SearchQuery:
        return SearchQuery(" ".join(words), search_type="phrase", config="english")

    def any_of(phrases: tuple[Phrase, ...]) -> SearchQuery:
        return reduce(operator.or_, map(phrase, phrases))

    combined = reduce(operator.and_, map(any_of, parsed.required))
    for words in parsed.excluded:  # a combined query cannot be negated as a whole
        combined &= ~phrase(words)
    return combined


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Findings matching the query, ranked best first, each with a `headline` annotation."""
    if connection.vendor == "postgresql":
        vector = SearchVector("text", config="english")
        search_query = tsquery(query)
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


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """The findings search() finds, unranked, as a condition that still holds inside another
    query (a facet's count): search()'s join names reports_finding, which a subquery renames."""
    if connection.vendor == "postgresql":
        return queryset.annotate(search=SearchVector("text", config="english")).filter(
            search=tsquery(query)
        )
    matched = RawSQL(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts5_expression(query)]
    )
    return queryset.filter(pk__in=matched)


def highlighted(headline: str) -> SafeString:
    """The headline as HTML: the text escaped, only our markers turned into <mark>."""
    html = escape(headline).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)


def rebuild_index() -> None:
    """Make the SQLite index match the findings table (after a bulk load); PostgreSQL needs none."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
