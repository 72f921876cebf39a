"""An area's whole record: every inspection under both frameworks, for pages to show as history."""

from dataclasses import dataclass

from areas.models import Area
from reports.models import DataNote, Inspection, Revisit, Source
from reports.vocabulary import (
    INSPECTED_AS,
    OLDER_FRAMEWORK,
    REPORT_NOT_HELD,
    REVISIT_COUNTS,
    SIGNIFICANT_WEAKNESS,
    WSOA_RESULT,
    Outcome,
    OutcomeInfo,
    SourceKind,
)
from reports.wording import date_range, plural


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

    @property
    def not_held(self) -> str:
        return "" if self.report_held else REPORT_NOT_HELD

    @property
    def outcome(self) -> OutcomeInfo:
        return self.inspection.outcome_info

    @property
    def result(self) -> str:
        return result_text(self.inspection)

    @property
    def weaknesses(self) -> str:
        return weaknesses_text(self.inspection)

    @property
    def asks_weaknesses(self) -> bool:
        """A written statement of action: its number of weaknesses is a fact to state or mark."""
        return self.inspection.outcome == Outcome.WSOA_REQUIRED

    @property
    def inspected_as_text(self) -> str:
        return INSPECTED_AS.format(name=self.inspected_as) if self.inspected_as else ""

    @property
    def revisit_dates(self) -> str:
        return revisit_dates_text(self.revisit)

    @property
    def revisit_result(self) -> str:
        return revisit_result_text(self.revisit)

    @property
    def summary(self) -> str:
        return summary_text(self.inspection, self.revisit)


def result_text(inspection: Inspection) -> str:
    """The outcome in plain words: under the 2016 framework whether a written statement of
    action was required; under the 2023 one, the outcome. "" where no source states it."""
    if inspection.outcome == Outcome.UNKNOWN:
        return ""
    return WSOA_RESULT.get(inspection.outcome, inspection.outcome_info.label)


def weaknesses_text(inspection: Inspection) -> str:
    """'4 significant weaknesses', where a written statement of action addressed them."""
    count = inspection.significant_weaknesses
    return plural(count, SIGNIFICANT_WEAKNESS, SIGNIFICANT_WEAKNESS + "es") if count else ""


def revisit_dates_text(visit: Revisit | None) -> str:
    return (date_range(visit.start_date, visit.end_date) or visit.dates_as_stated) if visit else ""


def revisit_result_text(visit: Revisit | None) -> str:
    """Ofsted's words for what the revisit found, with its counts where they are given."""
    if visit is None:
        return ""
    if visit.progressed is None or visit.not_progressed is None:
        return visit.get_result_display()
    counts = REVISIT_COUNTS.format(
        progressed=visit.progressed, total=visit.progressed + visit.not_progressed
    )
    return f"{visit.get_result_display()} ({counts})"


def summary_text(inspection: Inspection, visit: Revisit | None) -> str:
    """The result in a sentence or two, for the compare page and an area with no findings
    held: "A written statement of action was required (4 significant weaknesses). Revisit
    (23 to 27 May 2022): insufficient progress in … (sufficient progress in 0 of 4)."."""
    result = result_text(inspection)
    if not result:
        return ""
    weaknesses = weaknesses_text(inspection)
    text = f"{result} ({weaknesses})." if weaknesses else f"{result}."
    if visit:
        dates = revisit_dates_text(visit)
        when = f" ({dates})" if dates else ""
        found = revisit_result_text(visit)
        text += f" Revisit{when}: {found[:1].lower()}{found[1:]}."
    return text


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


def revisit_of(inspection: Inspection) -> Revisit | None:
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
    return history_of(area=area, inspections=inspections)


def history_of(*, area: Area, inspections) -> AreaHistory:
    """The history of inspections already read, latest first, with their revisits (selected),
    sources and data notes (prefetched), so a page that reads them for more asks once."""
    entries = []
    for inspection in inspections:
        sources = sorted(inspection.sources.all(), key=lambda s: s.title)
        entries.append(
            HistoryEntry(
                inspection=inspection,
                report=own_report(inspection, sources),
                report_url=inspection.report_url,
                revisit=revisit_of(inspection),
                inspected_as=inspection.inspected_as,
                sources=sources,
                notes=list(inspection.data_notes.all()),
            )
        )
    return AreaHistory(area=area, entries=entries)
