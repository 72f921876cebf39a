"""Downloads: one definition per table (columns, types, meanings, allowed values) drives the CSV
and JSON exports, the data dictionary on /data/ and the Frictionless descriptor.

Exports stream from one query with constant memory: theme slugs are aggregated in SQL rather than
prefetched, so a million rows cost the same number of queries as ten.
"""

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import StreamingHttpResponse
from django.urls import reverse

from areas.models import Area, Region

from .models import Finding, FindingKind, Framework, Inspection, Outcome, Source, SourceKind, Theme

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, date
    description: str
    get: Callable
    enum: list[str] = field(default_factory=list)
    source: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: list[Column]
    queryset: Callable[[], QuerySet]

    shape: Callable[[QuerySet], QuerySet] = field(default=lambda queryset: queryset)

    def queryset_for(self, queryset: QuerySet) -> QuerySet:
        """The queryset shaped for export (joins and aggregates), ready to stream."""
        return self.shape(queryset)

    def rows(self, queryset: QuerySet) -> Iterator[list]:
        for obj in queryset.iterator(chunk_size=2000):
            yield [column.get(obj) for column in self.columns]


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


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


def export_findings(queryset: QuerySet) -> QuerySet:
    """A findings queryset shaped for export: one query, no prefetches."""
    return queryset.select_related("inspection__area", "source").annotate(theme_slugs=_themes_sql())


def export_inspections(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("area")


def _area_columns(get_area: Callable, prefix: str = "area_") -> list[Column]:
    return [
        Column(f"{prefix}name", "string", "The local area's name.", lambda o: get_area(o).name),
        Column(
            f"{prefix}slug",
            "string",
            "The area's address on this site.",
            lambda o: get_area(o).slug,
        ),
        Column(
            "la_code",
            "string",
            "The Department for Education's three-digit local authority code.",
            lambda o: get_area(o).la_code,
            source="National outcomes table",
        ),
        Column(
            "ons_code",
            "string",
            "The ONS code of the upper-tier local authority (E06, E08, E09 or E10 and six digits).",
            lambda o: get_area(o).ons_code,
            source="ONS lookups; national outcomes table",
        ),
        Column(
            "urn",
            "string",
            "Ofsted's unique reference number for the local area.",
            lambda o: get_area(o).urn,
        ),
        Column(
            "region",
            "string",
            "The English region's code.",
            lambda o: get_area(o).region,
            enum=Region.values,
        ),
    ]


def _inspection_columns(get: Callable) -> list[Column]:
    return [
        Column("framework", "string", "2016: local area SEND inspection (2016 to 2022); 2023: area SEND inspection.", lambda o: get(o).framework, enum=Framework.values),
        Column("start_date", "date", "First day of the inspection (ISO 8601); empty if not stated.", lambda o: _iso(get(o).start_date)),
        Column("end_date", "date", "Last day of the inspection; empty if not stated.", lambda o: _iso(get(o).end_date)),
        Column("dates_as_stated", "string", "The inspection dates in a source's words, where exact dates are not given.", lambda o: get(o).dates_as_stated),
        Column("published", "date", "Date the report was published; empty if not stated.", lambda o: _iso(get(o).published)),
        Column("outcome", "string", "The outcome's code ('unknown' where not stated).", lambda o: get(o).outcome, enum=Outcome.values),
        Column("outcome_label", "string", "The outcome in Ofsted's words.", lambda o: get(o).get_outcome_display()),
    ]  # fmt: skip


def _source_columns(get: Callable) -> list[Column]:
    return [
        Column("source_title", "string", "The document the row is quoted from.", lambda o: get(o).title),
        Column("source_kind", "string", "What kind of document it is.", lambda o: get(o).kind, enum=SourceKind.values),
        Column("source_url", "string", "The document's public address, where known.", lambda o: get(o).url),
        Column("source_page", "string", "The document's page on this site.", lambda o: get(o).get_absolute_url()),
    ]  # fmt: skip


FINDINGS = Table(
    name="findings",
    title="Findings",
    description="Every finding: strengths, weaknesses, areas for improvement and priority actions, "
    "verbatim from their source.",
    columns=[
        *_area_columns(lambda f: f.inspection.area),
        *[c for c in _inspection_columns(lambda f: f.inspection) if c.name != "dates_as_stated"],
        Column(
            "kind",
            "string",
            "strength, weakness (needs to do better), improvement (area for improvement) or priority_action.",
            lambda f: f.kind,
            enum=FindingKind.values,
        ),
        Column("label", "string", "The source's own word for the finding.", lambda f: f.label),
        Column(
            "order",
            "integer",
            "Position in its list in the source (1 is first).",
            lambda f: f.order,
        ),
        Column(
            "themes",
            "string",
            "Theme slugs, space-separated (see themes).",
            lambda f: f.theme_slugs or "",
        ),
        Column(
            "text", "string", "The finding, word for word as the source gives it.", lambda f: f.text
        ),
        Column(
            "responsible_body",
            "string",
            "For a priority action: the body the report names.",
            lambda f: f.responsible_body,
        ),
        Column(
            "location", "string", "Where in the source: section and item.", lambda f: f.location
        ),
        Column(
            "page",
            "integer",
            "Page of the source PDF, where known.",
            lambda f: f.page if f.page is not None else "",
        ),
        *_source_columns(lambda f: f.source),
    ],  # fmt: skip
    queryset=lambda: Finding.objects.order_by(
        "inspection__area__name", "-inspection__published", "kind", "order"
    ),
    shape=export_findings,
)
INSPECTIONS = Table(
    name="inspections",
    title="Inspections",
    description="Every inspection we hold, latest and earlier, under both frameworks.",
    columns=[
        *_area_columns(lambda i: i.area),
        *_inspection_columns(lambda i: i),
        Column(
            "previous_as_stated",
            "string",
            "The previous inspection as the report prints it.",
            lambda i: i.previous_as_stated,
        ),
        Column(
            "next_monitoring",
            "string",
            "When a monitoring inspection is due, in the source's words.",
            lambda i: i.next_monitoring,
        ),
        Column(
            "next_monitoring_due",
            "date",
            "Monitoring inspection due by (ISO 8601).",
            lambda i: _iso(i.next_monitoring_due),
        ),
        Column(
            "next_full",
            "string",
            "When the next full inspection is due, in the source's words.",
            lambda i: i.next_full,
        ),
        Column(
            "next_full_due",
            "date",
            "Next full inspection due by (ISO 8601).",
            lambda i: _iso(i.next_full_due),
        ),
        Column(
            "report_url",
            "string",
            "The report on Ofsted's website, where known.",
            lambda i: i.report_url,
        ),
        Column(
            "area_page", "string", "The area's page on this site.", lambda i: i.get_absolute_url()
        ),
    ],  # fmt: skip
    queryset=lambda: Inspection.objects.order_by("area__name", "-published", "-start_date", "pk"),
    shape=export_inspections,
)
AREAS = Table(
    name="areas",
    title="Areas",
    description="Every upper-tier local authority area of England.",
    columns=[
        *_area_columns(lambda a: a, prefix=""),
        Column("council", "string", "The council, as a source names it.", lambda a: a.council),
        Column(
            "integrated_care_board",
            "string",
            "The NHS integrated care board, as a source names it.",
            lambda a: a.integrated_care_board,
        ),
        Column("page", "string", "The area's page on this site.", lambda a: a.get_absolute_url()),
    ],  # fmt: skip
    queryset=lambda: Area.objects.order_by("name"),
)
THEMES = Table(
    name="themes",
    title="Themes",
    description="The controlled words that make findings comparable across areas.",
    columns=[
        Column("slug", "string", "The theme's code, as used in findings.themes.", lambda t: t.slug),
        Column("name", "string", "The theme's name.", lambda t: t.name),
        Column("description", "string", "What the theme covers.", lambda t: t.description),
    ],
    queryset=lambda: Theme.objects.order_by("order", "name"),
)
SOURCES = Table(
    name="sources",
    title="Sources",
    description="Every document a fact on this site comes from.",
    columns=[
        Column("slug", "string", "The source's code on this site.", lambda s: s.slug),
        Column("title", "string", "The document's title.", lambda s: s.title),
        Column(
            "kind",
            "string",
            "What kind of document it is.",
            lambda s: s.kind,
            enum=SourceKind.values,
        ),
        Column("publisher", "string", "Who published it, where stated.", lambda s: s.publisher),
        Column(
            "published", "date", "When it was published, where stated.", lambda s: _iso(s.published)
        ),
        Column("url", "string", "Its public address, where known.", lambda s: s.url),
        Column(
            "licence",
            "string",
            "The licence it is reused under, where stated.",
            lambda s: s.licence,
        ),
        Column("page", "string", "Its page on this site.", lambda s: s.get_absolute_url()),
    ],  # fmt: skip
    queryset=lambda: Source.objects.order_by("slug"),
)
TABLES = {table.name: table for table in [AREAS, INSPECTIONS, FINDINGS, THEMES, SOURCES]}


def excel_safe(value) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_lines(table: Table, queryset: QuerySet) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([column.name for column in table.columns])
    for row in table.rows(queryset):
        yield writer.writerow([excel_safe(value) for value in row])


def json_chunks(table: Table, queryset: QuerySet, *, meta: dict) -> Iterator[str]:
    """{"...meta", "rows": [...]} streamed row by row."""
    head = json.dumps(meta, ensure_ascii=False)[:-1]
    yield head + (", " if meta else "") + '"rows": ['
    names = [column.name for column in table.columns]
    for n, row in enumerate(table.rows(queryset)):
        yield (
            ("," if n else "")
            + "\n"
            + json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
        )
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


def datapackage(*, as_of: date | None) -> dict:
    """A Frictionless Data Package descriptor for the full downloads on /data/."""
    resources = []
    for table in TABLES.values():
        fields = []
        for column in table.columns:
            spec = {"name": column.name, "type": column.type, "description": column.description}
            if column.enum:
                spec["constraints"] = {"enum": [*column.enum, ""]}
            fields.append(spec)
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "path": reverse("reports:data-table", args=[table.name, "csv"]).lstrip("/"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "missingValues": [""]},
            }
        )
    return {
        "name": "area-send-inspections",
        "title": "Area SEND inspection findings (England)",
        "description": "Outcomes and findings of Ofsted and CQC area SEND inspections, each "
        "finding verbatim and linked to its source.",
        "version": as_of.isoformat() if as_of else "unknown",
        "licenses": [
            {
                "name": "OGL-UK-3.0",
                "title": "Open Government Licence v3.0",
                "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            }
        ],
        "resources": resources,
    }
