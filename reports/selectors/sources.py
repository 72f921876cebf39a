"""The sources: each document's page, the list of them all, and the data-quality notes."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404

from reports.models import DataNote, Inspection, Source
from reports.selectors.area import DUE_NOTES
from reports.vocabulary import SourceKind


@dataclass
class SourcePage:
    source: Source
    inspections: list[Inspection]
    findings: int
    responses: int


def source_page(*, slug: str) -> SourcePage:
    source = get_object_or_404(
        Source.objects.annotate(
            finding_count=Count("findings", distinct=True),
            response_count=Count("responses", distinct=True),
        ),
        slug=slug,
    )
    inspections = list(
        source.inspections.select_related("area").order_by("area__name", "-published")
    )
    return SourcePage(
        source=source,
        inspections=inspections,
        findings=source.finding_count,
        responses=source.response_count,
    )


SOURCES_PER_PAGE = 50


NOTES_PER_PAGE = 50


def sources_by_kind() -> list[tuple[str, int]]:
    """How many source documents of each kind we hold, in the vocabulary's order. One query."""
    counts = dict(Source.objects.order_by().values_list("kind").annotate(n=Count("pk")))
    return [(label, counts[value]) for value, label in SourceKind.choices if counts.get(value)]


def data_tables() -> list[Source]:
    """The tables the data comes from (the national table, the reports' manifest, Ofsted's
    statistics): a handful, however many reports there are."""
    kinds = [SourceKind.DATA_TABLE, SourceKind.OFFICIAL_STATISTICS]
    return list(Source.objects.filter(kind__in=kinds).order_by("title"))


def sources_page(*, page: int | str = 1) -> Page:
    """One page of every source, by kind then title. Raises InvalidPage for a page not there."""
    sources = Source.objects.order_by("kind", "title", "pk")
    return Paginator(sources, SOURCES_PER_PAGE).page(page)


def data_notes_page(*, page: int | str = 1) -> Page:
    """One page of data-quality notes by area (where a due date comes from is shown beside the
    date instead). Raises InvalidPage for a page not there."""
    notes = (
        DataNote.objects.exclude(field__in=DUE_NOTES)
        .select_related("inspection__area", "source")
        .order_by("inspection__area__name", "inspection__published", "field", "pk")
    )
    return Paginator(notes, NOTES_PER_PAGE).page(page)
