"""Downloads: one definition per table (columns, types, meanings, allowed values) drives the CSV
and JSON exports, the data dictionary on /data/ and the Frictionless descriptor.

Exports stream from one query with constant memory: each column names the field it is read from,
so rows come back as tuples of just those fields (joins and theme slugs done in SQL, no model
objects), and each batch of rows is formatted and written a column at a time, mostly in C
(str.join, map, json's string encoder) rather than a Python call per cell. A million rows cost the
same number of queries as ten.
"""

import csv
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice, repeat
from operator import getitem

from django.db import connection, connections
from django.db.models import CharField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.urls.converters import SlugConverter

from areas.models import Area, Region

from .models import Finding, Inspection, Source, Theme
from .vocabulary import FindingKind, Framework, Outcome, SourceKind

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FETCH_ROWS = 2000  # rows per database round trip
BATCH_ROWS = 1000  # rows per chunk of the response
JSON_LICENCE = "Open Government Licence v3.0 (reports); see /about/ for others"  # in every JSON

_FORMULA_CHARS = frozenset(FORMULA_STARTS)
_FIRST_CHAR = slice(0, 1)
_CSV_SPECIALS = (",", '"', "\n", "\r")  # what csv.writer quotes (QUOTE_MINIMAL, "\r\n" rows)
_SLUG = re.compile(SlugConverter.regex)
_SLUGS = re.compile(rf"{SlugConverter.regex}(?:/{SlugConverter.regex})*")  # joined with "/"


@dataclass(frozen=True)
class Page:
    """Addresses on this site from slugs (and, with an anchor, keys), exactly as reverse() and
    get_absolute_url() make them, but reversing once per export rather than once per row."""

    viewname: str
    anchor: str = ""

    def bind(self) -> Callable[..., list[str]]:
        placeholder = "slug"
        head, _, tail = reverse(self.viewname, args=[placeholder]).rpartition(placeholder)

        def addresses(slugs: Sequence[str]) -> list[str]:
            # A slug reverse() would neither quote nor refuse goes between head and tail; any
            # other goes to reverse() itself, which refuses it as get_absolute_url() would.
            if _SLUGS.fullmatch("/".join(slugs)):
                return [head + slug + tail for slug in slugs]
            return [
                head + slug + tail if _SLUG.fullmatch(slug) else reverse(self.viewname, args=[slug])
                for slug in slugs
            ]

        if not self.anchor:
            return addresses
        anchor = "#" + self.anchor
        return lambda slugs, keys: [
            f"{address}{anchor}{key}" for address, key in zip(addresses(slugs), keys, strict=True)
        ]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, date
    description: str
    # What the column is read from: a values_list() path or an annotation, or several.
    field: str | tuple[str, ...]
    # A batch of the field's values (one sequence per field) -> the exported values; None: as read.
    format: Callable[..., Sequence] | Page | None = None
    enum: list[str] = field(default_factory=list)
    source: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: list[Column]
    queryset: Callable[[], QuerySet]

    # SQL computed per row that columns read by name, e.g. {"theme_slugs": _themes_sql()}.
    annotations: Callable[[], dict] = dict
    primary_key: str = ""  # a column no two rows share, for the data package's schema

    def fields(self) -> list[str]:
        """What values_list() fetches: the primary key (so a DISTINCT never merges two rows whose
        columns happen to be equal), then each field the columns read, once."""
        fields = {"pk": None}
        for column in self.columns:
            fields.update(dict.fromkeys(_fields_of(column)))
        return list(fields)

    def queryset_for(self, queryset: QuerySet) -> QuerySet:
        """Tuples of exactly the fields the columns need, with the queryset's filters and order."""
        fields = self.fields()
        if connections[queryset.db].vendor == "sqlite":
            # SQLite keeps a date as its ISO 8601 text and Django parses every one in Python
            # (a second per million); read the text instead. PostgreSQL's driver parses in C.
            dates = {name for c in self.columns if c.type == "date" for name in _fields_of(c)}
            fields = [Cast(name, CharField()) if name in dates else name for name in fields]
        return queryset.annotate(**self.annotations()).values_list(*fields)

    def batches(self, values: QuerySet) -> Iterator[list[Sequence]]:
        """The exported values of up to BATCH_ROWS rows at a time, as one sequence per column."""
        index = {name: n for n, name in enumerate(self.fields())}
        plan = [
            (
                [index[name] for name in _fields_of(column)],
                column.format.bind() if isinstance(column.format, Page) else column.format,
            )
            for column in self.columns
        ]
        rows = values.iterator(chunk_size=FETCH_ROWS)
        while batch := list(islice(rows, BATCH_ROWS)):
            fields = list(zip(*batch, strict=True))
            yield [
                fields[positions[0]] if fmt is None else fmt(*[fields[n] for n in positions])
                for positions, fmt in plan
            ]


def _fields_of(column: Column) -> tuple[str, ...]:
    return column.field if isinstance(column.field, tuple) else (column.field,)


def _iso(dates: Sequence[date | str | None]) -> list[str]:
    """ISO 8601 dates, from dates or (on SQLite) the ISO 8601 text they are stored as."""
    return [
        "" if value is None else value if value.__class__ is str else value.isoformat()
        for value in dates
    ]


def _or_empty(values: Sequence) -> list:
    return ["" if value is None else value for value in values]


def _labels_of(choices) -> Callable[[Sequence[str]], list[str]]:
    """Each code's label, as get_FOO_display() gives it (the code itself if it has none)."""
    labels = {value: str(label) for value, label in choices.choices}
    return lambda codes: list(map(labels.get, codes, codes))


def _themes_sql() -> RawSQL:
    """A finding's theme slugs, space-separated in vocabulary order, computed in the query."""
    joined = (
        "FROM reports_finding_themes ft JOIN reports_theme t ON t.id = ft.theme_id "
        "WHERE ft.finding_id = reports_finding.id"
    )
    if connection.vendor == "postgresql":
        sql = f"SELECT string_agg(t.slug, ' ' ORDER BY t.\"order\", t.name) {joined}"
    else:
        sql = f"SELECT group_concat(slug, ' ') FROM (SELECT t.slug {joined} ORDER BY t.\"order\", t.name)"
    return RawSQL(sql, [])


def _area_columns(path: str, prefix: str = "area_") -> list[Column]:
    return [
        Column(f"{prefix}name", "string", "The local area's name.", f"{path}name"),
        Column(f"{prefix}slug", "string", "The area's address on this site.", f"{path}slug"),
        Column(
            "la_code",
            "string",
            "The Department for Education's three-digit local authority code.",
            f"{path}la_code",
            source="National outcomes table",
        ),
        Column(
            "ons_code",
            "string",
            "The ONS code of the upper-tier local authority (E06, E08, E09 or E10 and six digits).",
            f"{path}ons_code",
            source="ONS lookups; national outcomes table",
        ),
        Column(
            "urn", "string", "Ofsted's unique reference number for the local area.", f"{path}urn"
        ),
        Column(
            "region", "string", "The English region's code.", f"{path}region", enum=Region.values
        ),
    ]


def _inspection_columns(path: str) -> list[Column]:
    return [
        Column("framework", "string", "2016: local area SEND inspection (2016 to 2022); 2023: area SEND inspection.", f"{path}framework", enum=Framework.values),
        Column("start_date", "date", "First day of the inspection (ISO 8601); empty if not stated.", f"{path}start_date", _iso),
        Column("end_date", "date", "Last day of the inspection; empty if not stated.", f"{path}end_date", _iso),
        Column("dates_as_stated", "string", "The inspection dates in a source's words, where exact dates are not given.", f"{path}dates_as_stated"),
        Column("published", "date", "Date the report was published; empty if not stated.", f"{path}published", _iso),
        Column("outcome", "string", "The outcome's code ('unknown' where not stated).", f"{path}outcome", enum=Outcome.values),
        Column("outcome_label", "string", "The outcome in Ofsted's words.", f"{path}outcome", _labels_of(Outcome)),
    ]  # fmt: skip


def _source_columns(path: str) -> list[Column]:
    return [
        Column("source_title", "string", "The document the row is quoted from.", f"{path}title"),
        Column("source_kind", "string", "What kind of document it is.", f"{path}kind", enum=SourceKind.values),
        Column("source_url", "string", "The document's public address, where known.", f"{path}url"),
        Column("source_page", "string", "The document's page on this site.", f"{path}slug", Page("reports:source")),
    ]  # fmt: skip


FINDINGS = Table(
    name="findings",
    title="Findings",
    description="Every finding: strengths, weaknesses, areas for improvement and priority actions, "
    "verbatim from their source.",
    columns=[
        Column(
            "finding_id",
            "string",
            "The finding's permanent identifier: its source's slug, its kind and its position in "
            "the source's list, so it stays the same when the data is reloaded.",
            "identifier",
        ),
        Column(
            "finding_page",
            "string",
            "The finding's page on this site.",
            "identifier",
            Page("reports:finding"),
        ),
        *_area_columns("inspection__area__"),
        *[c for c in _inspection_columns("inspection__") if c.name != "dates_as_stated"],
        Column(
            "kind",
            "string",
            "strength, weakness (needs to do better), improvement (area for improvement) or priority_action.",
            "kind",
            enum=FindingKind.values,
        ),
        Column("label", "string", "The source's own word for the finding.", "label"),
        Column("order", "integer", "Position in its list in the source (1 is first).", "order"),
        Column(
            "themes",
            "string",
            "Theme slugs, space-separated (see themes).",
            "theme_slugs",
            _or_empty,
        ),
        Column("text", "string", "The finding, word for word as the source gives it.", "text"),
        Column(
            "responsible_body",
            "string",
            "For a priority action: the body the report names.",
            "responsible_body",
        ),
        Column("location", "string", "Where in the source: section and item.", "location"),
        Column("page", "integer", "Page of the source PDF, where known.", "page", _or_empty),
        *_source_columns("source__"),
    ],  # fmt: skip
    queryset=lambda: Finding.objects.order_by(
        "inspection__area__name", "-inspection__published", "kind", "order"
    ),
    annotations=lambda: {"theme_slugs": _themes_sql()},
    primary_key="finding_id",
)
INSPECTIONS = Table(
    name="inspections",
    title="Inspections",
    description="Every inspection we hold, latest and earlier, under both frameworks.",
    columns=[
        *_area_columns("area__"),
        *_inspection_columns(""),
        Column(
            "previous_as_stated",
            "string",
            "The previous inspection as the report prints it.",
            "previous_as_stated",
        ),
        Column(
            "next_monitoring",
            "string",
            "When a monitoring inspection is due, in the source's words.",
            "next_monitoring",
        ),
        Column(
            "next_monitoring_due",
            "date",
            "Monitoring inspection due by (ISO 8601).",
            "next_monitoring_due",
            _iso,
        ),
        Column(
            "next_full",
            "string",
            "When the next full inspection is due, in the source's words.",
            "next_full",
        ),
        Column(
            "next_full_due",
            "date",
            "Next full inspection due by (ISO 8601).",
            "next_full_due",
            _iso,
        ),
        Column(
            "report_url", "string", "The report on Ofsted's website, where known.", "report_url"
        ),
        Column(
            "area_page",
            "string",
            "The area's page on this site.",
            ("area__slug", "pk"),
            Page("reports:area", anchor="inspection-"),  # as Inspection.get_absolute_url()
        ),
    ],  # fmt: skip
    queryset=lambda: Inspection.objects.order_by("area__name", "-published", "-start_date", "pk"),
)
AREAS = Table(
    name="areas",
    title="Areas",
    description="Every upper-tier local authority area of England.",
    columns=[
        *_area_columns("", prefix=""),
        # Partnerships are named for few areas; the others' cells are empty, not null.
        Column(
            "council",
            "string",
            "The council, as a source names it.",
            "partnership__council",
            _or_empty,
        ),
        Column(
            "integrated_care_board",
            "string",
            "The NHS integrated care board, as a source names it.",
            "partnership__integrated_care_board",
            _or_empty,
        ),
        Column("page", "string", "The area's page on this site.", "slug", Page("reports:area")),
    ],  # fmt: skip
    queryset=lambda: Area.objects.order_by("name"),
)
THEMES = Table(
    name="themes",
    title="Themes",
    description="The controlled words that make findings comparable across areas.",
    columns=[
        Column("slug", "string", "The theme's code, as used in findings.themes.", "slug"),
        Column("name", "string", "The theme's name.", "name"),
        Column("description", "string", "What the theme covers.", "description"),
    ],
    queryset=lambda: Theme.objects.order_by("order", "name"),
)
SOURCES = Table(
    name="sources",
    title="Sources",
    description="Every document a fact on this site comes from.",
    columns=[
        Column("slug", "string", "The source's code on this site.", "slug"),
        Column("title", "string", "The document's title.", "title"),
        Column("kind", "string", "What kind of document it is.", "kind", enum=SourceKind.values),
        Column("publisher", "string", "Who published it, where stated.", "publisher"),
        Column("published", "date", "When it was published, where stated.", "published", _iso),
        Column("url", "string", "Its public address, where known.", "url"),
        Column("licence", "string", "The licence it is reused under, where stated.", "licence"),
        Column("page", "string", "Its page on this site.", "slug", Page("reports:source")),
    ],  # fmt: skip
    queryset=lambda: Source.objects.order_by("slug"),
)
TABLES = {table.name: table for table in [AREAS, INSPECTIONS, FINDINGS, THEMES, SOURCES]}


def excel_safe(value) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in _FORMULA_CHARS else text


def _csv_cell(value) -> str:
    """A cell as csv.writer (QUOTE_MINIMAL) writes excel_safe(value)."""
    text = excel_safe(value)
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


def _csv_column(values: Sequence) -> Sequence[str]:
    """A column of a batch as CSV cells. Most columns hold no cell that needs neutralising or
    quoting, which a few scans in C find out without a Python call per cell."""
    try:
        joined = "".join(values)
    except TypeError:  # numbers or None, made text as excel_safe() makes them
        values = ["" if value is None else str(value) for value in values]
        joined = "".join(values)
    if any(special in joined for special in _CSV_SPECIALS) or not _FORMULA_CHARS.isdisjoint(
        map(getitem, values, repeat(_FIRST_CHAR))
    ):
        return [_csv_cell(value) for value in values]
    return values


def csv_rows(columns: list[Sequence]) -> str:
    """Rows given a column at a time, as csv.writer writes them with excel_safe() on every cell."""
    cells = [_csv_column(column) for column in columns]
    return "\r\n".join(map(",".join, zip(*cells, strict=True))) + "\r\n"


def csv_lines(table: Table, values: QuerySet) -> Iterator[str]:
    """The header, then the rows a batch at a time."""
    yield csv.writer(_Echo()).writerow([column.name for column in table.columns])
    for columns in table.batches(values):
        yield csv_rows(columns)


class _Echo:
    def write(self, value):
        return value


_json_encode = json.JSONEncoder(ensure_ascii=False).encode
_json_string = json.encoder.encode_basestring  # what the encoder above writes a str with


def _json_value(value) -> str:
    if value.__class__ is str:
        return _json_string(value)
    if value.__class__ is int:
        return int.__repr__(value)
    return _json_encode(value)


def _json_column(values: Sequence) -> list[str]:
    """A column of a batch as JSON, as json.dumps(..., ensure_ascii=False) writes each value."""
    try:
        return list(map(_json_string, values))
    except TypeError:  # numbers or None
        return list(map(_json_value, values))


def json_template(names: Sequence[str]) -> str:
    """A row as json.dumps(dict(zip(names, row)), ensure_ascii=False) writes it, to fill (with %)
    with the row's values already written as JSON."""
    keys = [json.dumps(name, ensure_ascii=False).replace("%", "%%") for name in names]
    return "{" + ", ".join(f"{key}: %s" for key in keys) + "}"


def json_rows(template: str, columns: list[Sequence]) -> Iterator[str]:
    """Rows given a column at a time, each as json.dumps() writes it as a dict."""
    encoded = [_json_column(column) for column in columns]
    return map(template.__mod__, zip(*encoded, strict=True))


def json_chunks(table: Table, values: QuerySet, *, meta: dict) -> Iterator[str]:
    """{"...meta", "rows": [...]} streamed a batch of rows at a time, a row to a line."""
    head = json.dumps(meta, ensure_ascii=False)[:-1]
    yield head + (", " if meta else "") + '"rows": ['
    template = json_template([column.name for column in table.columns])
    separator = "\n"
    for columns in table.batches(values):
        yield separator + ",\n".join(json_rows(template, columns))
        separator = ",\n"
    yield "\n]}\n"


def download(table: Table, queryset: QuerySet, *, extension: str, filename: str, meta: dict):
    """A streamed CSV or JSON download of the rows (JSON with `meta` before them)."""
    if extension == "csv":
        response = StreamingHttpResponse(
            csv_lines(table, queryset), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            json_chunks(table, queryset, meta=meta), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
