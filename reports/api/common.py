"""The pieces several pages show, each serialised one way: an area, an inspection, a finding, a
source, a chart, a page of a list. Every reader takes what the selectors already fetched and
makes no query of its own (the twin's query count is its page's)."""

from datetime import date

from django.core.paginator import Page
from django.urls import reverse

from reports.vocabulary import category_info


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def area(area) -> dict:
    """An area by its identifiers (an Area, or an AreaOutcome with the fields it has)."""
    fields = {
        "name": area.name,
        "slug": area.slug,
        "ons_code": area.ons_code,
        "region": area.region,
        "url": reverse("reports:area", args=[area.slug]),
    }
    for code in ("la_code", "urn"):  # an AreaOutcome has neither
        if hasattr(area, code):
            fields[code] = getattr(area, code)
    return fields


def outcome(value: str) -> dict:
    """An outcome's code and its label as the page shows it."""
    return {"code": value, "label": category_info(value).label}


def outcome_short(value: str) -> dict:
    """An outcome as tables and charts head it: its code and short name."""
    return {"code": value, "short": category_info(value).short}


def source(source) -> dict:
    return {
        "slug": source.slug,
        "title": source.title,
        "kind": source.kind,
        "kind_label": source.get_kind_display(),
        "publisher": source.publisher,
        "published": iso(source.published),
        "date_as_stated": source.date_as_stated,
        "url": source.url,
        "page": source.get_absolute_url(),
        "licence": source.licence,
    }


def sources(found) -> list[dict]:
    return [source(s) for s in found]


def cited(found) -> list[dict] | None:
    """The sources a page cites, in the citation's shape (None: the site's own sources)."""
    return [{"title": s.title, "path": s.url or s.get_absolute_url()} for s in found] or None


def inspection(inspection) -> dict:
    return {
        "id": inspection.pk,
        "framework": inspection.framework,
        "framework_label": inspection.get_framework_display(),
        "start_date": iso(inspection.start_date),
        "end_date": iso(inspection.end_date),
        "dates": inspection.dates_display,
        "published": iso(inspection.published),
        "outcome": outcome(inspection.outcome),
        "outcome_text": inspection.outcome_text,
        "report_url": inspection.report_url,
    }


def finding(finding) -> dict:
    """A finding as the pages quote it; its themes are those the page's query prefetched."""
    return {
        "id": finding.pk,
        "kind": finding.kind,
        "kind_label": finding.get_kind_display(),
        "label": finding.label,
        "text": finding.text,
        "order": finding.order,
        "location": finding.location,
        "page": finding.page,
        "responsible_body": finding.responsible_body,
        "source": finding.source.slug,
    }


def chart(chart) -> dict:
    """A chart's numbers: the same rows as the table beside it and its CSV."""
    return {
        "slug": chart.slug,
        "title": chart.title,
        "summary": chart.summary,
        "source": chart.source,
        "columns": chart.columns,
        "rows": chart.rows,
        "csv_url": chart.csv_url,
    }


def charts(found: dict) -> list[dict]:
    return [chart(c) for c in found.values()]


def pagination(page_obj: Page) -> dict:
    """Where this page of a list sits: ?page= of the twin asks for another, as of the page."""
    return {
        "number": page_obj.number,
        "pages": page_obj.paginator.num_pages,
        "per_page": page_obj.paginator.per_page,
        "count": page_obj.paginator.count,
    }
