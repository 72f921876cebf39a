"""An area's whole record: every inspection under both frameworks, for pages to show as history."""

from dataclasses import dataclass

from areas.models import Area
from reports.models import DataNote, Inspection, Revisit, Source
from reports.vocabulary import OLDER_FRAMEWORK, SourceKind


@dataclass(frozen=True)
class HistoryEntry:
    inspection: Inspection
    report: Source | None  # the project's copy of this inspection's own report, if it holds one
    report_url: str  # Ofsted's address for the report, where a source gives it
    revisit: Revisit | None  # 2016 framework only
    inspected_as: str  # the predecessor's name, where the area has since replaced it
    sources: list[Source]  # everything cited for the inspection, by title
    notes: list[DataNote]

    @property
    def report_held(self) -> bool:
        return self.report is not None


@dataclass(frozen=True)
class AreaHistory:
    area: Area
    entries: list[HistoryEntry]  # latest first

    @property
    def spans_both_frameworks(self) -> bool:
        """Whether the page needs the warning that the two frameworks cannot be compared."""
        return len({e.inspection.framework for e in self.entries}) > 1

    @property
    def comparability_warning(self) -> str:
        return OLDER_FRAMEWORK if self.spans_both_frameworks else ""


def own_report(inspection: Inspection, sources: list[Source]) -> Source | None:
    """The inspection's own report among its sources. A later report that mentions it as "the
    previous inspection" is cited too, but is not its report: the publication dates tell."""
    return next(
        (
            s
            for s in sources
            if s.kind == SourceKind.OFSTED_REPORT
            and s.published is not None
            and s.published == inspection.published
        ),
        None,
    )


def _revisit(inspection: Inspection) -> Revisit | None:
    try:
        return inspection.revisit
    except Revisit.DoesNotExist:
        return None


def area_history(*, area: Area) -> AreaHistory:
    """Every inspection of the area, latest first, in four queries however many there are."""
    inspections = (
        Inspection.objects.for_area(area)
        .latest_first()
        .select_related("revisit__source")
        .prefetch_related("sources", "data_notes__source")
    )
    entries = []
    for inspection in inspections:
        sources = sorted(inspection.sources.all(), key=lambda s: s.title)
        entries.append(
            HistoryEntry(
                inspection=inspection,
                report=own_report(inspection, sources),
                report_url=inspection.report_url,
                revisit=_revisit(inspection),
                inspected_as=inspection.inspected_as,
                sources=sources,
                notes=list(inspection.data_notes.all()),
            )
        )
    return AreaHistory(area=area, entries=entries)
