"""Comparing 2 to 4 areas side by side."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import capfirst

from areas.models import Area
from areas.selectors import UnknownArea, areas_named
from reports.charts import Chart, outcomes_by_region_chart, themes_chart, timeline_chart
from reports.models import Finding, Inspection, Source, Theme
from reports.outcome_map import EnglandMap, england_map
from reports.schedule import expected
from reports.selectors.common import findings_url
from reports.selectors.history import revisit_of, summary_text
from reports.selectors.national import (
    AreaOutcome,
    categories_used,
    national_outcomes,
    region_distributions,
)
from reports.vocabulary import EARLIER_FRAMEWORK_RESULT, INSPECTED_AS, KINDS, KindInfo, OutcomeInfo
from reports.wording import duration_text, listing, long_date, months_between

MIN_COMPARED, MAX_COMPARED = 2, 4


MAX_AREA_VALUES = 12  # a form sends 4; many more is not a person choosing areas


DEFAULT_AREAS = ("cambridgeshire", "cornwall", "southend-on-sea")


class InvalidComparison(ValueError):
    """The areas asked for cannot be compared; the message says why and is safe to show."""


# Comparing areas.
def clean_area_choices(values: list[str]) -> list[str]:
    """The area slugs that typed values mean (see `areas_named`); blank boxes are ignored."""
    if len(values) > MAX_AREA_VALUES:
        raise InvalidComparison(
            f"The address names an area {len(values)} times. Choose from {MIN_COMPARED} to "
            f"{MAX_COMPARED} areas to compare."
        )
    typed = [value.strip() for value in values if value.strip()]
    if len(typed) < MIN_COMPARED:
        raise InvalidComparison(
            f"Choose at least {MIN_COMPARED} areas to compare; the address names {len(typed)}."
        )
    if len(typed) > MAX_COMPARED:
        raise InvalidComparison(
            f"Choose at most {MAX_COMPARED} areas to compare; the address names {len(typed)}."
        )
    try:
        areas = areas_named(typed)
    except UnknownArea as error:
        raise InvalidComparison(str(error)) from error
    chosen = [area.slug for area in areas]
    repeated = [area.name for n, area in enumerate(areas) if chosen.index(area.slug) < n]
    if repeated:
        raise InvalidComparison(
            f"{listing(sorted(set(repeated)))} is chosen more than once. "
            "Choose each area only once."
        )
    return chosen


@dataclass
class KindCount:
    kind: KindInfo
    count: int
    url: str


@dataclass(frozen=True)
class Cell:
    """A cell of the side-by-side table: `text`, and `note` in small print under it. No text
    means the sources do not state it; `absent`, that there is no inspection to state it of."""

    text: str = ""
    note: str = ""
    absent: bool = False


NO_INSPECTION = Cell(absent=True)
# Under a due date already past: the data may simply be older than the inspection.
PASSED_NOTE = "already due at our data’s date; our data may not show it yet"
WORKED_OUT_NOTE = "worked out from the inspection’s first day"


def _due_cell(
    due: date | None, wording: str, start: date | None, as_of: date | None, monitoring: bool
) -> Cell:
    """The area page's reading of the timing (reports/schedule.py), in a table cell's words."""
    timing = expected(
        wording=wording, due=due, start=start, as_of=as_of, note="", monitoring=monitoring
    )
    if not timing.due:
        return Cell(capfirst(wording))
    notes = [WORKED_OUT_NOTE] if due is None else []
    notes += [PASSED_NOTE] if timing.passed else []
    return Cell(f"Due by {long_date(timing.due)}", "; ".join(notes))


@dataclass
class ComparedArea:
    area: Area
    summary: AreaOutcome
    latest: Inspection | None  # the latest inspection under the 2023 framework
    previous: Inspection | None  # the inspection before it, under either framework
    previous_text: str
    since_previous: str
    findings_from: Inspection | None  # the latest inspection whose findings we hold
    findings: list[Finding]
    counts: list[KindCount]
    second_hand: list[Source]  # press releases or news our findings for it are quoted from
    history: list[Inspection]  # latest first, both frameworks

    @property
    def outcome(self) -> OutcomeInfo:
        return self.summary.info

    @property
    def quoted_in(self) -> str:
        """What its second-hand findings are quoted in: "a news report and a council or
        partnership press release" (each kind once)."""
        kinds = dict.fromkeys(source.get_kind_display().lower() for source in self.second_hand)
        return listing([f"a {kind}" for kind in kinds]) if kinds else ""

    @property
    def findings_are_latest(self) -> bool:
        return self.findings_from is not None and self.findings_from == self.latest

    @property
    def has_older_framework(self) -> bool:
        return any(not i.is_2023_framework for i in self.history)

    @property
    def earlier_framework_cell(self) -> Cell:
        """The latest 2016-framework inspection's result, beside the latest outcome; the two
        cannot be compared, which the page's warning says."""
        earlier = next((i for i in self.history if not i.is_2023_framework), None)
        if earlier is None:
            return NO_INSPECTION
        when = capfirst(earlier.dates_display) or earlier.get_framework_display()
        if earlier.inspected_as:
            when += f" ({INSPECTED_AS.format(name=earlier.inspected_as)})"
        return Cell(summary_text(earlier, revisit_of(earlier)), when)

    @property
    def dates_cell(self) -> Cell:
        return Cell(self.latest.dates_display) if self.latest else NO_INSPECTION

    @property
    def published_cell(self) -> Cell:
        return Cell(long_date(self.latest.published)) if self.latest else NO_INSPECTION

    @property
    def previous_cell(self) -> Cell:
        if not self.latest:
            return NO_INSPECTION
        since = f"{self.since_previous} before the latest" if self.since_previous else ""
        return Cell(self.previous_text, since if self.previous_text else "")

    def monitoring_cell(self, as_of: date | None) -> Cell:
        """Only systemic failings bring a monitoring inspection: for the others, say so."""
        latest = self.latest
        if not latest:
            return NO_INSPECTION
        cell = _due_cell(
            latest.next_monitoring_due, latest.next_monitoring, latest.start_date, as_of, True
        )
        if cell.text or latest.is_systemic:
            return cell
        return Cell("None: only after systemic failings")

    def full_cell(self, as_of: date | None) -> Cell:
        if not self.latest:
            return NO_INSPECTION
        latest = self.latest
        return _due_cell(latest.next_full_due, latest.next_full, latest.start_date, as_of, False)


def compared_area(
    *, area: Area, summary: AreaOutcome, inspections: list[Inspection], findings: list[Finding]
) -> ComparedArea:
    latest = next((i for i in inspections if i.is_2023_framework), None)
    after = inspections[inspections.index(latest) + 1 :] if latest else []
    previous = after[0] if after else None
    since = ""
    if latest and previous:
        later = latest.start_date or latest.end_date
        earlier = previous.end_date or previous.start_date
        if later and earlier and earlier < later:
            since = duration_text(months_between(earlier, later))
    held = {f.inspection_id for f in findings}
    findings_from = next(
        (i for i in inspections if i.pk in held and i.is_2023_framework), None
    ) or next((i for i in inspections if i.pk in held), None)
    chosen = [f for f in findings if findings_from and f.inspection_id == findings_from.pk]
    counted = Counter(f.kind for f in chosen)
    second_hand = {f.source.pk: f.source for f in chosen if f.source.is_second_hand}
    return ComparedArea(
        area=area,
        summary=summary,
        latest=latest,
        previous=previous,
        previous_text=(latest.previous_as_stated if latest else "")
        or (previous.dates_display if previous else ""),
        since_previous=since,
        findings_from=findings_from,
        findings=chosen,
        counts=[
            KindCount(kind, counted[value], findings_url(area=[area.slug], kind=[value]))
            for value, kind in KINDS.items()
        ],
        second_hand=sorted(second_hand.values(), key=lambda s: s.title),
        history=inspections,
    )


@dataclass
class MatrixCell:
    area: ComparedArea
    counts: list[KindCount]  # only the kinds it has in the theme


@dataclass
class MatrixRow:
    theme: Theme
    cells: list[MatrixCell]

    @property
    def total(self) -> int:
        return sum(c.count for cell in self.cells for c in cell.counts)


def theme_matrix(*, compared: list[ComparedArea], themes: list[Theme]) -> list[MatrixRow]:
    """A row per theme, a cell per area: how many of each kind of finding, linked to the list."""
    counts: dict[tuple[int, int, str], int] = Counter(
        (c.area.pk, theme.pk, f.kind)
        for c in compared
        for f in c.findings
        for theme in f.themes.all()
    )
    return [
        MatrixRow(
            theme=theme,
            cells=[
                MatrixCell(
                    area=c,
                    counts=[
                        KindCount(
                            kind,
                            counts[(c.area.pk, theme.pk, value)],
                            findings_url(area=[c.area.slug], theme=[theme.slug], kind=[value]),
                        )
                        for value, kind in KINDS.items()
                        if counts[(c.area.pk, theme.pk, value)]
                    ],
                )
                for c in compared
            ],
        )
        for theme in themes
    ]


@dataclass
class Comparison:
    chosen: list[str]  # slugs, in the order asked for
    areas: list[ComparedArea]
    matrix: list[MatrixRow]
    charts: dict[str, Chart]
    map: EnglandMap
    sources: list[Source]
    earlier_framework_label = EARLIER_FRAMEWORK_RESULT  # the side-by-side table's row

    @property
    def names(self) -> str:
        return listing([c.area.name for c in self.areas]) if self.areas else ""

    @property
    def boxes(self) -> list[tuple[int, str, str]]:
        """The form's text boxes: (number, label, the name of the area chosen in it or "")."""
        names = [c.area.name for c in self.areas]
        return area_boxes(names)

    @property
    def has_older_framework(self) -> bool:
        return any(c.has_older_framework for c in self.areas)

    @property
    def kind_rows(self) -> list[tuple[KindInfo, list[tuple[ComparedArea, KindCount]]]]:
        """The side-by-side table's rows of counts: a kind, then each area's count."""
        return [
            (kind, [(c, c.counts[n]) for c in self.areas]) for n, kind in enumerate(KINDS.values())
        ]


def area_boxes(values: list[str]) -> list[tuple[int, str, str]]:
    """The compare form's text boxes, (number, label, value), filled with `values` in order."""
    labels = ["First area", "Second area", "Third area (optional)", "Fourth area (optional)"]
    return [(n + 1, labels[n], values[n] if n < len(values) else "") for n in range(MAX_COMPARED)]


def compare_query(slugs: list[str]) -> str:
    return urlencode([("area", slug) for slug in slugs])


def _chosen(slugs: list[str] | None, by_slug: dict[str, AreaOutcome]) -> list[str]:
    if slugs is None:
        chosen = [slug for slug in DEFAULT_AREAS if slug in by_slug]
        return chosen if len(chosen) >= MIN_COMPARED else []
    unknown = [slug for slug in slugs if slug not in by_slug]
    if unknown:
        raise InvalidComparison(f"We hold no area called {listing(unknown)}.")
    return slugs


def _compared_areas(chosen: list[str], by_slug: dict[str, AreaOutcome]) -> list[ComparedArea]:
    """The chosen areas with their inspections and findings, in three queries."""
    pks = [by_slug[slug].pk for slug in chosen]
    areas = {a.pk: a for a in Area.objects.filter(pk__in=pks)}
    inspections: dict[int, list[Inspection]] = defaultdict(list)
    for inspection in (
        Inspection.objects.filter(area__in=pks)
        .latest_first()
        .select_related("revisit")
        .prefetch_related("sources")
    ):
        inspection.area = areas[inspection.area_id]
        inspections[inspection.area_id].append(inspection)
    findings: dict[int, list[Finding]] = defaultdict(list)
    for finding in (
        Finding.objects.filter(inspection__area__in=pks)
        .select_related("source", "inspection")
        .prefetch_related("themes")
    ):
        findings[finding.inspection.area_id].append(finding)
    return [
        compared_area(
            area=areas[pk],
            summary=by_slug[slug],
            inspections=inspections[pk],
            findings=findings[pk],
        )
        for slug, pk in zip(chosen, pks, strict=True)
    ]


def _comparison_charts(
    compared: list[ComparedArea], matrix: list[MatrixRow], national: list[AreaOutcome], query: str
) -> dict[str, Chart]:
    if not compared:
        return {}
    categories = categories_used(national)
    return {
        "themes": themes_chart(
            compared=compared,
            matrix=matrix,
            csv_url=f"{reverse('reports:compare-csv', args=['themes'])}?{query}",
        ),
        "regions": outcomes_by_region_chart(
            groups=region_distributions(national=national, categories=categories),
            categories=categories,
            marked=[c.summary for c in compared],
            csv_url=f"{reverse('reports:compare-csv', args=['regions'])}?{query}",
        ),
        "timeline": timeline_chart(
            compared=compared,
            csv_url=f"{reverse('reports:compare-csv', args=['timeline'])}?{query}",
        ),
    }


def comparison(*, slugs: list[str] | None) -> Comparison:
    """Everything the compare page shows, in seven queries however many areas or findings.

    `slugs` None means the default areas (those of them we hold); otherwise they are the address
    names `clean_area_choices` gives. Raises InvalidComparison for an area we do not hold.
    """
    national = national_outcomes()
    by_slug = {a.slug: a for a in national}
    chosen = _chosen(slugs, by_slug)
    compared = _compared_areas(chosen, by_slug)
    matrix = theme_matrix(compared=compared, themes=list(Theme.objects.all()))
    sources = {
        s.pk: s
        for c in compared
        for s in [*(s for i in c.history for s in i.sources.all()), *(f.source for f in c.findings)]
    }
    return Comparison(
        chosen=chosen,
        areas=compared,
        matrix=matrix,
        charts=_comparison_charts(compared, matrix, national, compare_query(chosen)),
        map=england_map(national=national, highlighted=chosen),
        sources=sorted(sources.values(), key=lambda s: (s.kind, s.title)),
    )
