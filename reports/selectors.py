"""Page-shaped reads: each returns everything one page shows, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from areas.models import Area, District, Region

from .glossary import Term, terms_used_in
from .models import DataNote, Finding, FindingKind, Framework, Inspection, Source, SourceKind
from .outcomes import OUTCOMES, OutcomeInfo

# Notes shown beside the fact they explain, not in the general "about this data" list.
PREVIOUS_NOTE = "previous"
DUE_NOTES = {"next_monitoring_due", "next_full_due"}


@dataclass
class Currency:
    """How current the data is: the national table's date and the newest other source."""

    national: date | None
    curated: date | None

    @property
    def as_of(self) -> date | None:
        return self.national


def data_currency() -> Currency:
    dates = Source.objects.aggregate(
        national=Max("published", filter=Q(kind=SourceKind.DATA_TABLE)),
        curated=Max("published", filter=~Q(kind=SourceKind.DATA_TABLE)),
    )
    return Currency(**dates)


def areas_with_latest(queryset=None) -> list[Area]:
    """Areas with `latest` set to their latest inspection (or None), in two queries."""
    queryset = Area.objects.all() if queryset is None else queryset
    areas = list(
        queryset.prefetch_related(
            Prefetch("inspections", queryset=Inspection.objects.latest_first(), to_attr="by_date")
        )
    )
    for area in areas:
        area.latest = area.by_date[0] if area.by_date else None
    return areas


def districts() -> list[District]:
    return list(District.objects.all())


NO_REGION = "not-stated"


def region_slug(code: str) -> str:
    return slugify(Region(code).label) if code else NO_REGION


@dataclass
class RegionGroup:
    code: str
    name: str
    areas: list[Area]

    @property
    def anchor(self) -> str:
        return f"region-{self.code or 'not-stated'}".lower()

    @property
    def slug(self) -> str:
        return region_slug(self.code)


def area_directory(*, areas: list[Area]) -> list[RegionGroup]:
    """Areas grouped by region, in the order of the Region choices; areas with no region last."""
    groups = [
        RegionGroup(code=code, name=label, areas=[a for a in areas if a.region == code])
        for code, label in Region.choices
    ]
    groups.append(
        RegionGroup(
            code="",
            name="Region not stated in our sources",
            areas=[a for a in areas if not a.region],
        )
    )
    return [group for group in groups if group.areas]


@dataclass
class RegionSummary:
    code: str
    name: str
    slug: str
    areas: int
    inspected: int  # areas with an inspection under the 2023 framework


def region_summaries() -> list[RegionSummary]:
    """Each region with its number of areas, in one query: the home page stays small."""
    counts = {
        row["region"]: row
        for row in Area.objects.values("region").annotate(
            areas=Count("pk", distinct=True),
            inspected=Count(
                "pk", filter=Q(inspections__framework=Framework.AREA_SEND_2023), distinct=True
            ),
        )
    }
    codes = [*Region.values, ""]
    return [
        RegionSummary(
            code=code,
            name=Region(code).label if code else "Region not stated in our sources",
            slug=region_slug(code),
            areas=counts[code]["areas"],
            inspected=counts[code]["inspected"],
        )
        for code in codes
        if code in counts
    ]


AREAS_PER_REGION_PAGE = 50  # more than any real region has


@dataclass
class RegionPage:
    code: str
    name: str
    page_obj: Page  # of the region's areas by name, each with `latest`

    @property
    def areas(self) -> list[Area]:
        return self.page_obj.object_list

    @property
    def count(self) -> int:
        return self.page_obj.paginator.count


def region_page(*, slug: str, page: int | str = 1) -> RegionPage:
    """One page of a region's areas with their latest inspection, in three queries.

    Raises Http404 for an unknown region and InvalidPage for a page that is not one.
    """
    codes = {region_slug(code): code for code in [*Region.values, ""]}
    if slug not in codes:
        raise Http404("No such region.")
    code = codes[slug]
    areas = Area.objects.filter(region=code).order_by("name", "pk")
    page_obj = Paginator(areas, AREAS_PER_REGION_PAGE).page(page)
    page_obj.object_list = areas_with_latest(page_obj.object_list)
    return RegionPage(
        code=code,
        name=Region(code).label if code else "Region not stated in our sources",
        page_obj=page_obj,
    )


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
    wording: str
    due: date | None
    basis: str  # where the due date comes from, in plain English
    passed: bool  # due before the data's date


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


def inspection_page(
    *, inspection: Inspection, earlier: list[Inspection], as_of: date | None
) -> InspectionPage:
    findings = list(inspection.findings.all())
    by_kind = {kind: [f for f in findings if f.kind == kind] for kind in FindingKind.values}
    notes = list(inspection.data_notes.all())
    due_basis = {note.field: note.note for note in notes if note.field in DUE_NOTES}
    previous = inspection.previous_as_stated or (
        earlier[0].dates_display if earlier and earlier[0].dates_display else ""
    )
    next_inspections = [
        NextInspection(
            name=name,
            glossary_slug=slug,
            wording=wording,
            due=due,
            basis=due_basis.get(basis_field, ""),
            passed=bool(due and as_of and due < as_of),
        )
        for name, slug, wording, due, basis_field in [
            (
                "Monitoring inspection",
                "monitoring-inspection",
                inspection.next_monitoring,
                inspection.next_monitoring_due,
                "next_monitoring_due",
            ),
            (
                "Next full inspection",
                "full-inspection",
                inspection.next_full,
                inspection.next_full_due,
                "next_full_due",
            ),
        ]
        if wording or due
    ]
    reports = [s for s in inspection.sources.all() if s.kind == SourceKind.OFSTED_REPORT]
    return InspectionPage(
        inspection=inspection,
        outcome=OUTCOMES[inspection.outcome],
        strengths=findings_by_theme(findings=by_kind[FindingKind.STRENGTH]),
        weaknesses=findings_by_theme(findings=by_kind[FindingKind.WEAKNESS]),
        # Reports put priority actions (the urgent ones) before the areas for improvement.
        must_improve=by_kind[FindingKind.PRIORITY_ACTION] + by_kind[FindingKind.IMPROVEMENT],
        has_findings=bool(findings),
        second_hand=any(f.source.kind != SourceKind.OFSTED_REPORT for f in findings),
        next_inspections=next_inspections,
        previous=previous,
        previous_note=next((n.note for n in notes if n.field == PREVIOUS_NOTE), "")
        if not previous
        else "",
        notes=[n for n in notes if n.field not in DUE_NOTES and n.field != PREVIOUS_NOTE],
        report=reports[0] if reports else None,
    )


@dataclass
class AreaPage:
    area: Area
    inspections: list[Inspection]  # latest first
    latest: InspectionPage | None
    earlier: list[InspectionPage]
    sources: list[Source]
    glossary_terms: list[Term]
    currency: Currency


def area_page(*, slug: str) -> AreaPage:
    """Everything an area's page shows, in a fixed number of queries however many findings."""
    area = get_object_or_404(Area.objects.select_related("members_source"), slug=slug)
    inspections = list(Inspection.objects.for_area(area).for_area_page())
    currency = data_currency()
    pages = [
        inspection_page(inspection=i, earlier=inspections[n + 1 :], as_of=currency.as_of)
        for n, i in enumerate(inspections)
    ]
    sources = {s.pk: s for i in inspections for s in i.sources.all()}
    for i in inspections:
        for quoted in [*i.findings.all(), *i.responses.all()]:
            sources.setdefault(quoted.source.pk, quoted.source)
    if area.members_source:
        sources.setdefault(area.members_source.pk, area.members_source)
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
        inspections=inspections,
        latest=pages[0] if pages else None,
        earlier=pages[1:],
        sources=sorted(sources.values(), key=lambda s: s.title),
        glossary_terms=terms_used_in(quoted),
        currency=currency,
    )


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
    """The tables the data comes from (the national table, the reports' manifest): a handful,
    however many reports there are."""
    return list(Source.objects.filter(kind=SourceKind.DATA_TABLE).order_by("title"))


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
