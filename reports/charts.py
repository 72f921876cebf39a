"""The charts: what Chart.js draws, and the same numbers as a table and as CSV."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from reports.vocabulary import (
    CHART_BORDER,
    KINDS,
    NOT_INSPECTED,
    OUTCOME_MARK,
    FindingKind,
    Outcome,
    OutcomeInfo,
    category_info,
)
from reports.wording import decimal_year, listing, long_date, month_year, percent_text, plural

if TYPE_CHECKING:  # the selectors call the charts; the charts only read what they are given
    from reports.selectors.compare import ComparedArea, MatrixRow
    from reports.selectors.national import AreaOutcome, Distribution

NATIONAL_SOURCE = "National outcomes table (Data to Insight's scrape of Ofsted reports)"
FINDINGS_SOURCE = (
    "Ofsted and CQC area SEND inspection reports, and press and news reports quoting them"
)


# The timeline's point shapes, a second cue beside colour: one for each outcome, so the two
# results of the older framework are told apart by shape too.
POINT_STYLES = {
    Outcome.POSITIVE: "circle",
    Outcome.INCONSISTENT: "rect",
    Outcome.SYSTEMIC: "triangle",
    Outcome.UNKNOWN: "dash",
    Outcome.WSOA_REQUIRED: "rectRot",
    Outcome.NO_WSOA: "rectRounded",
}


@dataclass
class Chart:
    slug: str  # the HTML ids: chart-<slug>, chart-<slug>-data
    kind: str  # the script that draws it: static/js/charts/<kind>.js
    title: str
    summary: str  # one sentence, written from the data
    source: str
    columns: list[str]  # the table's and the CSV's header
    rows: list[list]  # the CSV's rows: raw values
    table_rows: list[list[str]]  # the same rows as the table shows them
    numeric: list[bool]  # which columns hold numbers
    data: dict  # {"labels": [...], "datasets": [...], ...} for Chart.js
    csv_url: str
    csv_name: str

    @property
    def header(self) -> list[tuple[str, bool]]:
        return list(zip(self.columns, self.numeric, strict=True))

    @property
    def cells(self) -> list[list[tuple[str, bool]]]:
        """The table's rows, each cell with whether it holds a number."""
        return [list(zip(row, self.numeric, strict=True)) for row in self.table_rows]

    @property
    def canvas_label(self) -> str:
        return f"{self.title}. {self.summary} The table below gives the numbers."


def outcome_dataset(info: OutcomeInfo, values: list, counts: list[int]) -> dict:
    return {
        "label": info.short,
        "data": values,
        "counts": counts,
        "backgroundColor": info.colour,
        "pattern": info.pattern,
        "patternColor": OUTCOME_MARK,
        "borderColor": CHART_BORDER,
    }


def _region_rows(
    groups: list[Distribution], categories: list[str], marked: bool
) -> tuple[list[list], list[list[str]]]:
    """The CSV's rows (counts) and the table's (counts with shares), a row per group."""
    rows = [[g.label, *(g.counts[c] for c in categories), g.total] for g in groups]
    table_rows = [
        [
            g.label,
            *(f"{g.counts[c]} ({percent_text(g.percent(c))})" for c in categories),
            str(g.total),
        ]
        for g in groups
    ]
    if marked:
        for row, table_row, group in zip(rows, table_rows, groups, strict=True):
            row.append(", ".join(group.marked))
            table_row.append(", ".join(group.marked))
    return rows, table_rows


def _region_summary(groups: list[Distribution]) -> str:
    england = groups[0]
    inspected = england.total - england.counts[NOT_INSPECTED.value]
    # None where no region has an area (no data yet, or no area's region stated).
    worst = max(
        (g for g in groups[1:] if g.code and g.total),
        key=lambda g: g.percent(Outcome.SYSTEMIC),
        default=None,
    )
    summary = (
        f"Of England's {plural(england.total, 'area')}, {inspected} have been inspected under the "
        f"2023 framework: {england.counts[Outcome.POSITIVE]} typically positive, "
        f"{england.counts[Outcome.INCONSISTENT]} inconsistent and "
        f"{england.counts[Outcome.SYSTEMIC]} with widespread or systemic failings"
    )
    if worst and worst.counts[Outcome.SYSTEMIC]:
        summary += (
            f"; {worst.label} has the highest share with systemic failings "
            f"({percent_text(worst.percent(Outcome.SYSTEMIC))})"
        )
    return summary + "."


def outcomes_by_region_chart(
    *,
    groups: list[Distribution],
    categories: list[str],
    marked: list[AreaOutcome],
    csv_url: str,
) -> Chart:
    """Each region's share of areas with each latest outcome, England first (`groups` as
    `region_distributions` gives them); the regions of the `marked` areas are marked."""
    for group in groups:
        group.marked = [
            a.name for a in marked if group.code != "england" and a.region == group.code
        ]
    infos = [category_info(c) for c in categories]
    columns = [
        "Region",
        *(i.short for i in infos),
        "All areas",
        *(["Compared areas"] * bool(marked)),
    ]
    rows, table_rows = _region_rows(groups, categories, bool(marked))
    datasets = []
    for category, info in zip(categories, infos, strict=True):
        dataset = outcome_dataset(
            info, [g.percent(category) for g in groups], [g.counts[category] for g in groups]
        )
        dataset["marked"] = [bool(g.marked) for g in groups]
        datasets.append(dataset)
    return Chart(
        slug="regions",
        kind="outcomes",
        title="Latest outcomes by region",
        summary=_region_summary(groups),
        source=f"Source: {NATIONAL_SOURCE}; each area's latest inspection under the 2023 "
        "framework.",
        columns=columns,
        rows=rows,
        table_rows=table_rows,
        numeric=[False, *([True] * (len(categories) + 1)), *([False] if marked else [])],
        data={
            "labels": [f"{g.label} (compared)" if g.marked else g.label for g in groups],
            "datasets": datasets,
            "totals": [g.total for g in groups],
            "percent": True,
            "indexAxis": "y",
            "axisTitle": "Share of areas (%)",
        },
        csv_url=csv_url,
        csv_name="outcomes-by-region.csv",
    )


def _year_rows(
    inspected: list[AreaOutcome], years: list[int], categories: list[str]
) -> tuple[list[str], list[list]]:
    """A row per year of publication (and one for "not stated" where needed): the year, the
    count of each outcome, the total."""
    keys: list[int | None] = [*years, *([None] if any(not a.published for a in inspected) else [])]
    counts = {
        key: Counter(
            a.outcome for a in inspected if (a.published.year if a.published else None) == key
        )
        for key in keys
    }
    labels = [str(key) if key else "Year not stated" for key in keys]
    rows = [
        [label, *(counts[key][c] for c in categories), sum(counts[key].values())]
        for label, key in zip(labels, keys, strict=True)
    ]
    return labels, rows


def outcomes_by_year_chart(
    *, national: list[AreaOutcome], categories: list[str], csv_url: str
) -> Chart:
    """How many areas' latest outcomes were published each year, by outcome (`categories` as
    `categories_used` gives them, "not yet inspected" among them)."""
    inspected = [a for a in national if a.outcome != NOT_INSPECTED.value]
    categories = [c for c in categories if c != NOT_INSPECTED.value]
    years = sorted({a.published.year for a in inspected if a.published})
    labels, rows = _year_rows(inspected, years, categories)
    infos = [category_info(c) for c in categories]
    busiest = max(rows, key=lambda row: row[-1]) if rows else None
    summary = (
        f"The latest outcomes of {plural(len(inspected), 'area')} were published between "
        f"{years[0]} and {years[-1]}; most in {busiest[0]} ({busiest[-1]})."
        if years and busiest
        else "No area's latest outcome has a publication date in our data."
    )
    return Chart(
        slug="years",
        kind="outcomes",
        title="Latest outcomes by year of publication",
        summary=summary,
        source=f"Source: {NATIONAL_SOURCE}.",
        columns=["Year published", *(i.short for i in infos), "All inspected areas"],
        rows=rows,
        table_rows=[[str(v) for v in row] for row in rows],
        numeric=[False, *([True] * (len(categories) + 1))],
        data={
            "labels": labels,
            "datasets": [
                outcome_dataset(info, [row[n + 1] for row in rows], [row[n + 1] for row in rows])
                for n, info in enumerate(infos)
            ],
            "totals": [row[-1] for row in rows],
            "percent": False,
            "indexAxis": "x",
            "axisTitle": "Areas",
        },
        csv_url=csv_url,
        csv_name="outcomes-by-year.csv",
    )


def _themes_datasets(compared: list[ComparedArea], used: list[MatrixRow]) -> list[dict]:
    """One dataset per area and kind, stacked by area: a bar per area in each theme."""
    return [
        {
            "label": kind.plural,
            "area": c.area.name,
            "stack": c.area.slug,
            "data": [
                next((k.count for k in cell.counts if k.kind.value == value), 0)
                for row in used
                for cell in row.cells
                if cell.area is c
            ],
            "backgroundColor": kind.colour,
            "pattern": kind.pattern,
            "patternColor": kind.mark,
            "borderColor": CHART_BORDER,
        }
        for c in compared
        for value, kind in KINDS.items()
    ]


def _themes_summary(compared: list[ComparedArea], used: list[MatrixRow]) -> str:
    names = [c.area.name for c in compared]
    if not used:
        return f"We hold no findings with a theme for {listing(names)}."
    top = max(used, key=lambda row: row.total)
    must = {
        c.area.name: sum(
            k.count
            for k in c.counts
            if k.kind.value in (FindingKind.IMPROVEMENT, FindingKind.PRIORITY_ACTION)
        )
        for c in compared
    }
    most = max(names, key=lambda name: must[name])
    summary = (
        f"Across {listing(names)}, {top.theme.name} has the most findings "
        f"({plural(top.total, 'finding')})"
    )
    if must[most]:
        summary += (
            f", and {most} has the most areas for improvement and priority actions ({must[most]})"
        )
    return summary + "."


def themes_chart(*, compared: list[ComparedArea], matrix: list[MatrixRow], csv_url: str) -> Chart:
    """Findings by theme for each compared area, one stacked bar per area, kinds apart."""
    used = [row for row in matrix if row.total]
    rows = []
    for row in used:
        for cell in row.cells:
            by_kind = {c.kind.value: c.count for c in cell.counts}
            numbers = [by_kind.get(value, 0) for value in KINDS]
            rows.append([row.theme.name, cell.area.area.name, *numbers, sum(numbers)])
    return Chart(
        slug="themes",
        kind="themes",
        title="Findings by theme",
        summary=_themes_summary(compared, used),
        source=f"Source: {FINDINGS_SOURCE}, themed by this site; each area's latest inspection "
        "whose findings we hold.",
        columns=["Theme", "Area", *(k.plural for k in KINDS.values()), "All findings"],
        rows=rows,
        table_rows=[[str(v) for v in row] for row in rows],
        numeric=[False, False, *([True] * (len(KINDS) + 1))],
        data={
            "labels": [row.theme.name for row in used],
            "datasets": _themes_datasets(compared, used),
            "areas": [c.area.name for c in compared],
            "axisTitle": "Findings",
        },
        csv_url=csv_url,
        csv_name="findings-by-theme.csv",
    )


TIMELINE_DUE = [
    ("next_monitoring_due", "Monitoring inspection due by", "star", CHART_BORDER),
    ("next_full_due", "Next full inspection due by", "crossRot", CHART_BORDER),
]


@dataclass(frozen=True)
class TimelineEvent:
    area: str
    event: str
    when: date | None
    wording: str  # the dates in words
    category: str  # the legend entry: an outcome, or a kind of due date
    style: str  # the point's shape
    colour: str


def _timeline_events(compared: list[ComparedArea]) -> list[TimelineEvent]:
    """Each area's inspections, oldest first, then when its next inspections are due."""
    events = []
    for c in compared:
        for inspection in reversed(c.history):
            info = inspection.outcome_info
            older = not inspection.is_2023_framework
            when = inspection.start_date or inspection.end_date or inspection.published
            wording = inspection.dates_display
            if when and when == inspection.published and not inspection.start_date:
                # No inspection dates: the point stands at the report's publication.
                published = f"report published {long_date(when)}"
                wording = f"{wording}; {published}" if wording else published
            events.append(
                TimelineEvent(
                    area=c.area.name,
                    event="Inspection" if not older else "Inspection (older framework)",
                    when=when,
                    wording=wording,
                    category=f"{info.short} (2016 to 2022 framework)" if older else info.short,
                    style=POINT_STYLES.get(info.value, "dash"),
                    colour=info.colour,
                )
            )
        for attribute, label, style, colour in TIMELINE_DUE if c.latest else []:
            if due := getattr(c.latest, attribute):
                events.append(
                    TimelineEvent(
                        c.area.name, label, due, f"by {long_date(due)}", label, style, colour
                    )
                )
    return events


def _timeline_datasets(events: list[TimelineEvent]) -> list[dict]:
    datasets: dict[str, dict] = {}
    for e in events:
        if not e.when:
            continue
        dataset = datasets.setdefault(
            e.category,
            {
                "label": e.category,
                "data": [],
                "pointStyle": e.style,
                "backgroundColor": e.colour,
                "borderColor": CHART_BORDER,
                "pointRadius": 8,
                "pointHoverRadius": 10,
            },
        )
        dataset["data"].append(
            {"x": decimal_year(e.when), "y": e.area, "date": e.when.isoformat(), "text": e.wording}
        )
    return list(datasets.values())


def _timeline_summary(names: list[str], events: list[TimelineEvent]) -> str:
    dated = [(e.when, e.area) for e in events if e.when and e.event.startswith("Insp")]
    if not dated:
        return f"Our data gives no inspection dates for {listing(names)}."
    when, area = max(dated)
    return (
        f"{listing(names)} have {plural(len(dated), 'inspection')} on record between "
        f"{min(dated)[0].year} and {when.year}; the most recent is {area}'s, {month_year(when)}."
    )


def timeline_chart(*, compared: list[ComparedArea], csv_url: str) -> Chart:
    """Every inspection of the compared areas, and when the next are due, on one time axis."""
    events = _timeline_events(compared)
    names = [c.area.name for c in compared]
    return Chart(
        slug="timeline",
        kind="timeline",
        title="Inspections over time",
        summary=_timeline_summary(names, events),
        source=f"Source: {NATIONAL_SOURCE}, and the inspection reports. Inspections before 2023 "
        "were under a different framework and cannot be compared.",
        columns=["Area", "Event", "Date", "Outcome or event"],
        rows=[[e.area, e.event, e.when.isoformat() if e.when else "", e.category] for e in events],
        table_rows=[[e.area, e.event, e.wording or "Dates not stated", e.category] for e in events],
        numeric=[False, False, False, False],
        data={"labels": names, "datasets": _timeline_datasets(events), "axisTitle": "Year"},
        csv_url=csv_url,
        csv_name="inspections-timeline.csv",
    )
