"""An area's page: its inspections with their findings, what happens next, and its region."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse

from areas import hexmap
from areas.models import Area, Region
from reports.glossary import Term, terms_used_in
from reports.models import DataNote, Finding, Inspection, Partnership, Source
from reports.schedule import expected
from reports.selectors.common import Currency, data_currency
from reports.selectors.compare import MAX_COMPARED, compare_query
from reports.selectors.history import AreaHistory, HistoryEntry, history_of, own_report
from reports.selectors.national import (
    AreaOutcome,
    Distribution,
    categories_used,
    distribution,
    national_outcomes,
)
from reports.vocabulary import (
    FINDINGS_HELD_EARLIER,
    FINDINGS_NOT_HELD,
    FINDINGS_NOT_HELD_2016,
    OUTCOMES,
    FindingKind,
    Framework,
    OutcomeInfo,
    SourceKind,
    category_info,
)
from reports.wording import listing

# Notes shown beside the fact they explain, not in the general "about this data" list.
PREVIOUS_NOTE = "previous"


DUE_NOTES = {"next_monitoring_due", "next_full_due"}


@dataclass
class ThemeGroup:
    name: str
    slug: str
    findings: list[Finding] = field(default_factory=list)


def findings_by_theme(*, findings: list[Finding]) -> list[ThemeGroup]:
    """Findings under their primary theme, themes in vocabulary order, "Other" last."""
    groups: dict[str, ThemeGroup] = {}
    for finding in findings:
        theme = finding.primary_theme
        key = theme.slug if theme else ""
        group = groups.setdefault(key, ThemeGroup(name=theme.name if theme else "Other", slug=key))
        group.findings.append(finding)
    order = {
        f.primary_theme.slug: (f.primary_theme.order, f.primary_theme.name)
        for f in findings
        if f.primary_theme
    }
    return sorted(groups.values(), key=lambda g: (g.slug == "", order.get(g.slug, (0, ""))))


@dataclass
class NextInspection:
    name: str  # "Monitoring inspection" or "Next full inspection"
    glossary_slug: str
    wording: str  # as its source words it
    due: date | None  # given or worked out (reports/schedule.py)
    basis: str  # how the due date was worked out, in plain English
    passed: bool  # due before the data's date
    status: str  # the date against the data's date, or why there is none
    said: str  # "Within approximately 18 months, in the report’s words"; "" if unstated


@dataclass
class InspectionPage:
    inspection: Inspection
    outcome: OutcomeInfo
    strengths: list[ThemeGroup]
    weaknesses: list[ThemeGroup]
    must_improve: list[Finding]  # priority actions, then areas for improvement, in report order
    has_findings: bool
    second_hand: bool  # findings quoted from a press release or news, not the report
    next_inspections: list[NextInspection]
    previous: str  # the previous inspection, as stated or from our records; "" if not stated
    previous_note: str
    notes: list[DataNote]
    report: Source | None  # the report itself, where the project holds it

    # The page shows this many of what must improve and folds the rest, so that what happens
    # next stays on a phone's first screens (tests/browser/test_area_length.py).
    MUST_IMPROVE_SHOWN = 3

    @property
    def must_improve_first(self) -> list[Finding]:
        return self.must_improve[: self.MUST_IMPROVE_SHOWN]

    @property
    def must_improve_rest(self) -> list[Finding]:
        return self.must_improve[self.MUST_IMPROVE_SHOWN :]

    @property
    def found_count(self) -> int:
        """How many strengths and weaknesses, for the fold that holds them."""
        return sum(len(g.findings) for g in [*self.strengths, *self.weaknesses])


# (name, glossary entry, inspection field with the wording, field with the due date)
NEXT_INSPECTIONS = [
    ("Monitoring inspection", "monitoring-inspection", "next_monitoring", "next_monitoring_due"),
    ("Next full inspection", "full-inspection", "next_full", "next_full_due"),
]


def next_inspections(
    inspection: Inspection, notes: list[DataNote], as_of: date | None, worded_in: str
) -> list[NextInspection]:
    """The inspections to come, each through reports/schedule.py's one reading of its timing.
    Widespread or systemic failings always bring a monitoring inspection, stated or not."""
    due_basis = {note.field: note.note for note in notes if note.field in DUE_NOTES}
    found = []
    for name, slug, wording_field, due_field in NEXT_INSPECTIONS:
        wording, due = getattr(inspection, wording_field), getattr(inspection, due_field)
        monitoring = due_field == "next_monitoring_due"
        if not (wording or due or (monitoring and inspection.is_systemic)):
            continue
        timing = expected(
            wording=wording,
            due=due,
            start=inspection.start_date,
            as_of=as_of,
            note=due_basis.get(due_field, ""),
            monitoring=monitoring,
        )
        found.append(
            NextInspection(
                name=name,
                glossary_slug=slug,
                wording=wording,
                due=timing.due,
                basis=timing.how,
                passed=timing.passed,
                status=timing.status,
                said=f"{wording[:1].upper()}{wording[1:]}, in {worded_in} words" if wording else "",
            )
        )
    return found


def inspection_page(
    *, inspection: Inspection, earlier: list[Inspection], as_of: date | None
) -> InspectionPage:
    findings = list(inspection.findings.all())
    by_kind = {kind: [f for f in findings if f.kind == kind] for kind in FindingKind.values}
    notes = list(inspection.data_notes.all())
    from_report = any(s.kind == SourceKind.OFSTED_REPORT for s in inspection.sources.all())
    worded_in = "the report’s" if from_report else "the national table’s"
    previous = inspection.previous_as_stated or (
        earlier[0].dates_display if earlier and earlier[0].dates_display else ""
    )
    return InspectionPage(
        inspection=inspection,
        outcome=OUTCOMES[inspection.outcome],
        strengths=findings_by_theme(findings=by_kind[FindingKind.STRENGTH]),
        weaknesses=findings_by_theme(findings=by_kind[FindingKind.WEAKNESS]),
        # Reports put priority actions (the urgent ones) before the areas for improvement.
        must_improve=by_kind[FindingKind.PRIORITY_ACTION] + by_kind[FindingKind.IMPROVEMENT],
        has_findings=bool(findings),
        second_hand=any(f.source.kind != SourceKind.OFSTED_REPORT for f in findings),
        next_inspections=next_inspections(inspection, notes, as_of, worded_in),
        previous=previous,
        previous_note=next((n.note for n in notes if n.field == PREVIOUS_NOTE), "")
        if not previous
        else "",
        notes=[n for n in notes if n.field not in DUE_NOTES and n.field != PREVIOUS_NOTE],
        # Its own report only: a later report that names it as the previous inspection is not.
        report=own_report(inspection, list(inspection.sources.all())),
    )


@dataclass
class HistoryItem:
    """One inspection in the area's history, as the page lists it."""

    entry: HistoryEntry
    anchor: str  # "" for the latest inspection, whose own section above has the anchor
    notes: list[DataNote]  # about its dates and sources; the latest's are in its section
    findings: InspectionPage | None  # an earlier inspection whose findings we hold, to unfold


def history_items(history: AreaHistory, pages: list[InspectionPage]) -> list[HistoryItem]:
    items = []
    for n, (entry, page) in enumerate(zip(history.entries, pages, strict=True)):
        shown_above = n == 0 and entry.inspection.is_2023_framework
        items.append(
            HistoryItem(
                entry=entry,
                anchor="" if shown_above else f"inspection-{entry.inspection.pk}",
                notes=[] if shown_above else page.notes,
                findings=page if n and page.has_findings else None,
            )
        )
    return items


def held_reports() -> tuple[int, int]:
    """How many areas the site holds a report PDF of (the only findings it takes first-hand),
    and how many areas there are, in one query."""
    pdf = Q(
        inspections__sources__kind=SourceKind.OFSTED_REPORT,
        inspections__sources__file__iendswith=".pdf",
    )
    counts = Area.objects.aggregate(
        held=Count("pk", filter=pdf, distinct=True), areas=Count("pk", distinct=True)
    )
    return counts["held"], counts["areas"]


def findings_gap(area: Area, pages: list[InspectionPage]) -> str:
    """Why the page cannot say what inspectors found at the latest inspection ("" if it can),
    and where the findings of an earlier one are, if it holds them."""
    latest = pages[0] if pages else None
    if latest is None or latest.has_findings:
        return ""
    inspection = latest.inspection
    what = f"{area.name}’s latest inspection"
    if inspection.dates_display:
        what += f" ({inspection.dates_display})"
    held, areas = held_reports()
    text = FINDINGS_NOT_HELD.format(what=what, held=held, areas=areas)
    if inspection.framework == Framework.LOCAL_AREA_2016:
        text += FINDINGS_NOT_HELD_2016
    earlier = next((p for p in pages[1:] if p.has_findings), None)
    if earlier:
        when = earlier.inspection.dates_display or earlier.inspection.get_framework_display()
        text += FINDINGS_HELD_EARLIER.format(when=when)
    return text


@dataclass
class KnownOutcome:
    """What the page leads with where it holds no findings of the latest inspection."""

    latest: HistoryEntry
    earlier: HistoryEntry | None  # the 2016-framework result, where the latest is a 2023 one
    gap: str  # which findings the site does not hold, and why

    @property
    def has_earlier_framework(self) -> bool:
        return self.latest.inspection.is_2023_framework


def known_outcome(
    area: Area, history: AreaHistory, pages: list[InspectionPage]
) -> KnownOutcome | None:
    gap = findings_gap(area, pages)
    if not gap:
        return None
    latest = history.entries[0]
    earlier = next((e for e in history.entries if not e.inspection.is_2023_framework), None)
    return KnownOutcome(
        latest=latest, earlier=earlier if latest.inspection.is_2023_framework else None, gap=gap
    )


@dataclass
class AreaPage:
    area: Area
    partnership: Partnership | None  # who the partnership is, where a source names them
    inspections: list[Inspection]  # latest first
    latest: InspectionPage | None
    earlier: list[InspectionPage]
    history: list[HistoryItem]  # every inspection, latest first, across both frameworks
    comparability_warning: str  # where both frameworks appear
    known: KnownOutcome | None  # where the latest inspection's findings are not held
    sources: list[Source]
    glossary_terms: list[Term]
    currency: Currency

    @property
    def current(self) -> InspectionPage | None:
        """The latest inspection, if it is under the 2023 framework (and so has an outcome)."""
        return self.latest if self.latest and self.latest.inspection.is_2023_framework else None


def area_page(*, slug: str) -> AreaPage:
    """Everything an area's page shows, in a fixed number of queries however many findings."""
    area = get_object_or_404(Area.objects.select_related("partnership__source"), slug=slug)
    # An area with no Partnership row raises on the reverse one-to-one (an AttributeError).
    partnership = getattr(area, "partnership", None)
    inspections = list(Inspection.objects.for_area(area).for_area_page())
    currency = data_currency()
    pages = [
        inspection_page(inspection=i, earlier=inspections[n + 1 :], as_of=currency.as_of)
        for n, i in enumerate(inspections)
    ]
    history = history_of(area=area, inspections=inspections)
    sources = {s.pk: s for i in inspections for s in i.sources.all()}
    for i in inspections:
        for quoted in [*i.findings.all(), *i.responses.all()]:
            sources.setdefault(quoted.source.pk, quoted.source)
    if partnership:
        sources.setdefault(partnership.source.pk, partnership.source)
    quoted = [
        text
        for i in inspections
        for text in [
            i.outcome_text,
            *(f.text for f in i.findings.all()),
            *(f.label for f in i.findings.all()),
            *(r.text for r in i.responses.all()),
        ]
    ]
    return AreaPage(
        area=area,
        partnership=partnership,
        inspections=inspections,
        latest=pages[0] if pages else None,
        earlier=pages[1:],
        history=history_items(history, pages),
        comparability_warning=history.comparability_warning,
        known=known_outcome(area, history, pages),
        sources=sorted(sources.values(), key=lambda s: s.title),
        glossary_terms=terms_used_in(quoted),
        currency=currency,
    )


# The area page's context: its region and England, and its neighbours to compare with.
@dataclass
class ContextRow:
    info: OutcomeInfo
    region: int
    region_percent: float
    england: int
    england_percent: float
    this_area: bool


@dataclass
class AreaContext:
    area: AreaOutcome
    region: Distribution | None
    england: Distribution
    rows: list[ContextRow]
    neighbours: list[AreaOutcome]

    @property
    def neighbour_names(self) -> str:
        return listing([n.name for n in self.neighbours]) if self.neighbours else ""

    @property
    def compare_url(self) -> str:
        if not self.neighbours:
            return ""
        slugs = [self.area.slug, *(n.slug for n in self.neighbours)]
        return f"{reverse('reports:compare')}?{compare_query(slugs)}"


def nearest_in_region(
    *, area: AreaOutcome, national: list[AreaOutcome], count: int = MAX_COMPARED - 1
) -> list[AreaOutcome]:
    """Up to `count` other areas of the region, nearest on the hex map first, then by name."""
    if area.region not in Region.values:
        return []
    layout = hexmap.england()
    here = layout.tile_for(area.ons_code, area.name) if area.ons_code else None
    others = [a for a in national if a.region == area.region and a.pk != area.pk]

    def key(other: AreaOutcome) -> tuple:
        tile = layout.tile_for(other.ons_code, other.name) if other.ons_code else None
        steps = hexmap.distance(here.position, tile.position) if here and tile else 10**6
        return (steps, other.name)

    return sorted(others, key=key)[:count]


def area_context(*, area: Area) -> AreaContext:
    """How an area's latest outcome sits among its region's and England's, in one query."""
    national = national_outcomes()
    this = next(a for a in national if a.pk == area.pk)
    categories = categories_used(national)
    england = distribution(label="England", code="england", areas=national, categories=categories)
    region = None
    if this.region in Region.values:
        region = distribution(
            label=this.region_name,
            code=this.region,
            areas=[a for a in national if a.region == this.region],
            categories=categories,
        )
    return AreaContext(
        area=this,
        region=region,
        england=england,
        rows=[
            ContextRow(
                info=category_info(c),
                region=region.counts[c] if region else 0,
                region_percent=region.percent(c) if region else 0.0,
                england=england.counts[c],
                england_percent=england.percent(c),
                this_area=this.outcome == c,
            )
            for c in categories
        ],
        neighbours=nearest_in_region(area=this, national=national),
    )
