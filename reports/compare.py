"""Page-shaped reads for comparing areas, for themes and for England's outcomes, with the charts
and the hex map they show.

Every selector runs a fixed number of queries however many areas are compared or findings held:
it fetches rows once and counts in Python. A chart's data, its table and its CSV all come from
one `Chart`, made by one function from one set of counts.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse

from areas import hexmap
from areas.models import Area, Region
from areas.selectors import UnknownArea, areas_named

from .models import Finding, FindingKind, Framework, Inspection, Outcome, Source, Theme
from .outcomes import NOT_INSPECTED, OUTCOMES, OutcomeInfo
from .selectors import region_slug

MIN_AREAS, MAX_AREAS = 2, 4
MAX_AREA_VALUES = 12  # a form sends 4; many more is not a person choosing areas
DEFAULT_AREAS = ("cambridgeshire", "cornwall", "southend-on-sea")
# The findings list (another page of this site) takes these GET parameters: area, theme, kind.
FINDINGS_LIST = "/findings/"
NATIONAL_SOURCE = "National outcomes table (Data to Insight's scrape of Ofsted reports)"
FINDINGS_SOURCE = (
    "Ofsted and CQC area SEND inspection reports, and press and news reports quoting them"
)
NOT_STATED_REGION = "Region not stated"


class InvalidComparison(ValueError):
    """The areas asked for cannot be compared; the message says why and is safe to show."""


# Finding kinds: labels and an Okabe-Ito set with a pattern each, apart from the outcome colours.
@dataclass(frozen=True)
class KindInfo:
    value: str
    label: str  # one, as the site names it
    plural: str  # a list's heading
    glossary_slug: str
    colour: str
    pattern: str  # a second cue beside colour: dots, stripes, crosses or "" (solid)
    mark: str  # the colour of the pattern's marks


KINDS = {
    FindingKind.STRENGTH: KindInfo(
        FindingKind.STRENGTH, "Strength", "Strengths", "strength", "#0072B2", "", "#FFFFFF"
    ),
    FindingKind.WEAKNESS: KindInfo(
        FindingKind.WEAKNESS,
        "Needs to do better",
        "Needs to do better",
        "needs-to-do-better",
        "#56B4E9",
        "dots",
        "#0B0C0C",
    ),
    FindingKind.IMPROVEMENT: KindInfo(
        FindingKind.IMPROVEMENT,
        "Area for improvement",
        "Areas for improvement",
        "area-for-improvement",
        "#CC79A7",
        "stripes",
        "#0B0C0C",
    ),
    FindingKind.PRIORITY_ACTION: KindInfo(
        FindingKind.PRIORITY_ACTION,
        "Priority action",
        "Priority actions",
        "priority-action",
        "#000000",
        "crosses",
        "#FFFFFF",
    ),
}
OUTCOME_MARK = "#0B0C0C"
# The outcome categories of the national picture, in order; "not stated" shows only where used.
CATEGORIES = [
    Outcome.POSITIVE,
    Outcome.INCONSISTENT,
    Outcome.SYSTEMIC,
    Outcome.UNKNOWN,
    NOT_INSPECTED.value,
]
# A map tile for an authority we hold no area for (the geography is not loaded).
NOT_HELD = OutcomeInfo(
    value="not-held",
    label="Not in our data",
    short="Not in our data",
    summary="",
    next="",
    glossary="",
    tag="govuk-tag--grey",
    colour="#F3F2F1",
    pattern="",
)
# The timeline's point shapes, a second cue beside colour, by the outcome's pattern.
POINT_STYLES = {"dots": "circle", "stripes": "rect", "crosses": "triangle", "": "rectRot"}


def category_info(value: str) -> OutcomeInfo:
    return OUTCOMES[value] if value in OUTCOMES else NOT_INSPECTED


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def outcome_phrase(info: OutcomeInfo) -> str:
    """'inconsistent experiences and outcomes', 'outcome not stated'."""
    return "outcome not stated" if info.value == Outcome.UNKNOWN else lower_first(info.label)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def listing(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def percent_text(value: float) -> str:
    return f"{value:g}%"


def months_between(earlier: date, later: date) -> int:
    return (
        (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)
    )


def duration_text(months: int) -> str:
    """'4 years and 5 months', '11 months', '3 years'."""
    years, months = divmod(months, 12)
    parts = [plural(years, "year")] if years else []
    if months or not years:
        parts.append(plural(months, "month"))
    return " and ".join(parts)


def day_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def decimal_year(day: date) -> float:
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return round(day.year + (day - start).days / length, 4)


REGION_LABELS = dict(Region.choices)  # built once: the enum builds its lists on every access


def region_name(code: str) -> str:
    return REGION_LABELS.get(code, NOT_STATED_REGION)


def region_code(code: str) -> str:
    """The code if it is a region's, else "" (the group of areas whose region is not stated)."""
    return code if code in REGION_LABELS else ""


def findings_url(**params: list[str]) -> str:
    """The findings list filtered, e.g. findings_url(area=["cornwall"], kind=["strength"])."""
    pairs = [(name, value) for name, values in params.items() for value in values]
    return f"{FINDINGS_LIST}?{urlencode(pairs)}"


# The national picture: every area's latest 2023-framework outcome, in one query.
@dataclass(frozen=True)
class AreaOutcome:
    pk: int
    slug: str
    name: str
    region: str
    ons_code: str
    outcome: str  # an Outcome value, or NOT_INSPECTED.value
    published: date | None = None
    start_date: date | None = None

    @property
    def info(self) -> OutcomeInfo:
        return category_info(self.outcome)

    @property
    def region_name(self) -> str:
        return region_name(self.region)

    @property
    def url(self) -> str:
        return reverse("reports:area", args=[self.slug])


def _latest_key(published: date | None, start: date | None) -> tuple:
    """Sorts as Inspection.objects.latest_first() does: dates first, newest first, nulls last."""
    return (published is not None, published or date.min, start is not None, start or date.min)


def national_outcomes() -> list[AreaOutcome]:
    """Every area, by name, with the outcome of its latest 2023-framework inspection."""
    rows = (
        Area.objects.annotate(
            inspection_2023=FilteredRelation(
                "inspections", condition=Q(inspections__framework=Framework.AREA_SEND_2023)
            )
        )
        .order_by("name", "pk")
        .values_list(
            "pk",
            "slug",
            "name",
            "region",
            "ons_code",
            "inspection_2023__pk",
            "inspection_2023__outcome",
            "inspection_2023__published",
            "inspection_2023__start_date",
        )
    )
    areas: dict[int, AreaOutcome] = {}
    for pk, slug, name, region, ons_code, inspection, outcome, published, start in rows:
        current = areas.get(pk)
        if inspection is None:
            candidate = AreaOutcome(pk, slug, name, region, ons_code, NOT_INSPECTED.value)
        else:
            candidate = AreaOutcome(pk, slug, name, region, ons_code, outcome, published, start)
        if (
            current is None
            or current.outcome == NOT_INSPECTED.value
            or (
                inspection is not None
                and _latest_key(published, start)
                > _latest_key(current.published, current.start_date)
            )
        ):
            areas[pk] = candidate
    return list(areas.values())


def categories_used(national: list[AreaOutcome]) -> list[str]:
    """The three outcomes and "not yet inspected" always; "not stated" only where an area has it."""
    used = {a.outcome for a in national}
    return [c for c in CATEGORIES if c != Outcome.UNKNOWN or c in used]


@dataclass
class Distribution:
    label: str
    code: str  # a region's code; "england"; "" for areas whose region is not stated
    counts: dict[str, int]
    marked: list[str] = field(default_factory=list)  # compared areas in it

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percent(self, category: str) -> float:
        return percent(self.counts.get(category, 0), self.total)


def distribution(
    *, label: str, code: str, areas: list[AreaOutcome], categories: list[str]
) -> Distribution:
    counted = Counter(a.outcome for a in areas)
    return Distribution(label=label, code=code, counts={c: counted[c] for c in categories})


def region_distributions(
    *, national: list[AreaOutcome], categories: list[str]
) -> list[Distribution]:
    """England first, then each region in the Region choices' order, then areas with none."""
    groups = [distribution(label="England", code="england", areas=national, categories=categories)]
    by_region: dict[str, list[AreaOutcome]] = defaultdict(list)
    for area in national:
        by_region[region_code(area.region)].append(area)
    for code, label in [*Region.choices, ("", NOT_STATED_REGION)]:
        members = by_region[code]
        if members or code:
            groups.append(
                distribution(label=label, code=code, areas=members, categories=categories)
            )
    return groups


# Charts: the data Chart.js draws, and the same numbers as a table and as CSV.
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
        "borderColor": "#505a5f" if info is NOT_INSPECTED else info.colour,
    }


def outcomes_by_region_chart(
    *, national: list[AreaOutcome], marked: list[AreaOutcome], csv_url: str
) -> Chart:
    """Each region's share of areas with each latest outcome, England first."""
    categories = categories_used(national)
    groups = region_distributions(national=national, categories=categories)
    for group in groups:
        group.marked = [
            a.name for a in marked if group.code != "england" and a.region == group.code
        ]
    infos = [category_info(c) for c in categories]
    columns = ["Region", *(i.short for i in infos), "All areas"]
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
        columns.append("Compared areas")
        for row, table_row, group in zip(rows, table_rows, groups, strict=True):
            row.append(", ".join(group.marked))
            table_row.append(", ".join(group.marked))
    labels = [f"{g.label} (compared)" if g.marked else g.label for g in groups]
    datasets = []
    for category, info in zip(categories, infos, strict=True):
        dataset = outcome_dataset(
            info, [g.percent(category) for g in groups], [g.counts[category] for g in groups]
        )
        dataset["marked"] = [bool(g.marked) for g in groups]
        datasets.append(dataset)
    england = groups[0]
    inspected = england.total - england.counts[NOT_INSPECTED.value]
    worst = (
        max(
            (g for g in groups[1:] if g.code and g.total), key=lambda g: g.percent(Outcome.SYSTEMIC)
        )
        if len(groups) > 1
        else None
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
    return Chart(
        slug="regions",
        kind="outcomes",
        title="Latest outcomes by region",
        summary=summary + ".",
        source=f"Source: {NATIONAL_SOURCE}; each area's latest inspection under the 2023 "
        "framework.",
        columns=columns,
        rows=rows,
        table_rows=table_rows,
        numeric=[False, *([True] * (len(categories) + 1)), *([False] if marked else [])],
        data={
            "labels": labels,
            "datasets": datasets,
            "totals": [g.total for g in groups],
            "percent": True,
            "indexAxis": "y",
            "axisTitle": "Share of areas (%)",
        },
        csv_url=csv_url,
        csv_name="outcomes-by-region.csv",
    )


def outcomes_by_year_chart(*, national: list[AreaOutcome], csv_url: str) -> Chart:
    """How many areas' latest outcomes were published each year, by outcome."""
    inspected = [a for a in national if a.outcome != NOT_INSPECTED.value]
    categories = [c for c in categories_used(national) if c != NOT_INSPECTED.value]
    years = sorted({a.published.year for a in inspected if a.published})
    keys: list[int | None] = [*years, *([None] if any(not a.published for a in inspected) else [])]
    counts = {
        key: Counter(
            a.outcome for a in inspected if (a.published.year if a.published else None) == key
        )
        for key in keys
    }
    labels = [str(key) if key else "Year not stated" for key in keys]
    infos = [category_info(c) for c in categories]
    rows = [
        [label, *(counts[key][c] for c in categories), sum(counts[key].values())]
        for label, key in zip(labels, keys, strict=True)
    ]
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


# The hex map of England.
@dataclass
class MapTile:
    code: str
    name: str
    points: str
    x: float
    y: float
    info: OutcomeInfo
    url: str  # the area's page; "" where we hold no area for the tile
    highlighted: bool
    published: date | None
    region: str

    @property
    def accessible_name(self) -> str:
        compared = " (compared)" if self.highlighted else ""
        return f"{self.name}{compared}: {outcome_phrase(self.info)}"


@dataclass
class EnglandMap:
    tiles: list[MapTile]  # north to south, west to east: the order a keyboard meets them
    width: float
    height: float
    legend: list[tuple[OutcomeInfo, int]]
    highlighted: list[MapTile]
    unplaced: list[AreaOutcome]  # areas we hold whose ONS code matches no tile
    patterns: list[OutcomeInfo]  # the outcomes drawn with a pattern, for the SVG's <defs>

    @property
    def description(self) -> str:
        counts = "; ".join(f"{info.short}: {count}" for info, count in self.legend)
        return (
            f"A map of England with one equal hexagon for each of {len(self.tiles)} upper-tier "
            "local authorities, coloured and patterned by the outcome "
            f"of its latest area SEND inspection under the 2023 framework ({counts})."
        )


def england_map(*, national: list[AreaOutcome], highlighted: list[str] = ()) -> EnglandMap:
    layout = hexmap.england()
    placed: dict[str, AreaOutcome] = {}
    unplaced = []
    for area in national:
        tile = layout.tile_for(area.ons_code, area.name) if area.ons_code else None
        if tile is None or tile.code in placed:
            unplaced.append(area)
        else:
            placed[tile.code] = area
    tiles = []
    for tile in sorted(layout.tiles, key=lambda t: (-t.r, t.q)):
        area = placed.get(tile.code)
        tiles.append(
            MapTile(
                code=tile.code,
                name=area.name if area else tile.name,
                points=tile.points,
                x=tile.x,
                y=tile.y,
                info=area.info if area else NOT_HELD,
                url=area.url if area else "",
                highlighted=bool(area and area.slug in highlighted),
                published=area.published if area else None,
                region=area.region_name if area else "",
            )
        )
    counted = Counter(t.info.value for t in tiles)
    legend = [
        (category_info(c), counted[c]) for c in CATEGORIES if counted[c] or c != Outcome.UNKNOWN
    ]
    if counted[NOT_HELD.value]:
        legend.append((NOT_HELD, counted[NOT_HELD.value]))
    return EnglandMap(
        tiles=tiles,
        width=layout.width,
        height=layout.height,
        legend=legend,
        highlighted=[t for t in tiles if t.highlighted],
        unplaced=unplaced,
        patterns=[OUTCOMES[c] for c in CATEGORIES if c in OUTCOMES and OUTCOMES[c].pattern],
    )


# Comparing areas.
def clean_area_choices(values: list[str]) -> list[str]:
    """The area slugs that typed values mean (see `areas_named`); blank boxes are ignored."""
    if len(values) > MAX_AREA_VALUES:
        raise InvalidComparison(
            f"The address names an area {len(values)} times. Choose from {MIN_AREAS} to "
            f"{MAX_AREAS} areas to compare."
        )
    typed = [value.strip() for value in values if value.strip()]
    if len(typed) < MIN_AREAS:
        raise InvalidComparison(
            f"Choose at least {MIN_AREAS} areas to compare; the address names {len(typed)}."
        )
    if len(typed) > MAX_AREAS:
        raise InvalidComparison(
            f"Choose at most {MAX_AREAS} areas to compare; the address names {len(typed)}."
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
    def findings_are_latest(self) -> bool:
        return self.findings_from is not None and self.findings_from == self.latest

    @property
    def has_older_framework(self) -> bool:
        return any(not i.is_2023_framework for i in self.history)


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


def themes_chart(*, compared: list[ComparedArea], matrix: list[MatrixRow], csv_url: str) -> Chart:
    """Findings by theme for each compared area, one stacked bar per area, kinds apart."""
    used = [row for row in matrix if row.total]
    rows = []
    for row in used:
        for cell in row.cells:
            by_kind = {c.kind.value: c.count for c in cell.counts}
            numbers = [by_kind.get(value, 0) for value in KINDS]
            rows.append([row.theme.name, cell.area.area.name, *numbers, sum(numbers)])
    datasets = [
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
            "borderColor": kind.colour,
        }
        for c in compared
        for value, kind in KINDS.items()
    ]
    names = [c.area.name for c in compared]
    if used:
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
                f", and {most} has the most areas for improvement and priority actions "
                f"({must[most]})"
            )
        summary += "."
    else:
        summary = f"We hold no findings with a theme for {listing(names)}."
    return Chart(
        slug="themes",
        kind="themes",
        title="Findings by theme",
        summary=summary,
        source=f"Source: {FINDINGS_SOURCE}, themed by this site; each area's latest inspection "
        "whose findings we hold.",
        columns=["Theme", "Area", *(k.plural for k in KINDS.values()), "All findings"],
        rows=rows,
        table_rows=[[str(v) for v in row] for row in rows],
        numeric=[False, False, *([True] * (len(KINDS) + 1))],
        data={
            "labels": [row.theme.name for row in used],
            "datasets": datasets,
            "areas": names,
            "axisTitle": "Findings",
        },
        csv_url=csv_url,
        csv_name="findings-by-theme.csv",
    )


TIMELINE_DUE = [
    ("next_monitoring_due", "Monitoring inspection due by", "star", "#0B0C0C"),
    ("next_full_due", "Next full inspection due by", "crossRot", "#0B0C0C"),
]


def timeline_chart(*, compared: list[ComparedArea], csv_url: str) -> Chart:
    """Every inspection of the compared areas, and when the next are due, on one time axis."""
    events = []  # (area, event, date or None, dates in words, category, point style, colour)
    for c in compared:
        for inspection in reversed(c.history):
            info = inspection.outcome_info
            older = not inspection.is_2023_framework
            category = f"{info.short} (2016 to 2022 framework)" if older else info.short
            when = inspection.start_date or inspection.end_date or inspection.published
            wording = inspection.dates_display
            if when and when == inspection.published and not inspection.start_date:
                # No inspection dates: the point stands at the report's publication.
                published = f"report published {day_text(when)}"
                wording = f"{wording}; {published}" if wording else published
            events.append(
                (
                    c.area.name,
                    "Inspection" if not older else "Inspection (older framework)",
                    when,
                    wording,
                    category,
                    "rectRot" if older else POINT_STYLES[info.pattern],
                    info.colour,
                )
            )
        if c.latest:
            for attribute, label, style, colour in TIMELINE_DUE:
                due = getattr(c.latest, attribute)
                if due:
                    events.append(
                        (c.area.name, label, due, f"by {day_text(due)}", label, style, colour)
                    )
    rows = [
        [area, event, when.isoformat() if when else "", category]
        for area, event, when, _, category, _, _ in events
    ]
    table_rows = [
        [area, event, wording or "Dates not stated", category]
        for area, event, _, wording, category, _, _ in events
    ]
    datasets: dict[str, dict] = {}
    for area, _, when, wording, category, style, colour in events:
        if not when:
            continue
        dataset = datasets.setdefault(
            category,
            {
                "label": category,
                "data": [],
                "pointStyle": style,
                "backgroundColor": colour,
                "borderColor": "#0B0C0C",
                "pointRadius": 8,
                "pointHoverRadius": 10,
            },
        )
        dataset["data"].append(
            {"x": decimal_year(when), "y": area, "date": when.isoformat(), "text": wording}
        )
    names = [c.area.name for c in compared]
    dated = [(when, area) for area, event, when, *_ in events if when and event.startswith("Insp")]
    if dated:
        when, area = max(dated)
        summary = (
            f"{listing(names)} have {plural(len(dated), 'inspection')} on record between "
            f"{min(dated)[0].year} and {when.year}; the most recent is {area}'s, "
            f"{when:%B %Y}."
        )
    else:
        summary = f"Our data gives no inspection dates for {listing(names)}."
    return Chart(
        slug="timeline",
        kind="timeline",
        title="Inspections over time",
        summary=summary,
        source=f"Source: {NATIONAL_SOURCE}, and the inspection reports. Inspections before 2023 "
        "were under a different framework and cannot be compared.",
        columns=["Area", "Event", "Date", "Outcome or event"],
        rows=rows,
        table_rows=table_rows,
        numeric=[False, False, False, False],
        data={"labels": names, "datasets": list(datasets.values()), "axisTitle": "Year"},
        csv_url=csv_url,
        csv_name="inspections-timeline.csv",
    )


@dataclass
class Comparison:
    chosen: list[str]  # slugs, in the order asked for
    areas: list[ComparedArea]
    matrix: list[MatrixRow]
    charts: dict[str, Chart]
    map: EnglandMap
    sources: list[Source]

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
    return [(n + 1, labels[n], values[n] if n < len(values) else "") for n in range(MAX_AREAS)]


def compare_query(slugs: list[str]) -> str:
    return urlencode([("area", slug) for slug in slugs])


def comparison(*, slugs: list[str] | None) -> Comparison:
    """Everything the compare page shows, in seven queries however many areas or findings.

    `slugs` None means the default areas (those of them we hold); otherwise they are the address
    names `clean_area_choices` gives. Raises InvalidComparison for an area we do not hold.
    """
    national = national_outcomes()
    by_slug = {a.slug: a for a in national}
    if slugs is None:
        chosen = [slug for slug in DEFAULT_AREAS if slug in by_slug]
        chosen = chosen if len(chosen) >= MIN_AREAS else []
    else:
        chosen = slugs
        unknown = [slug for slug in chosen if slug not in by_slug]
        if unknown:
            raise InvalidComparison(f"We hold no area called {listing(unknown)}.")
    pks = [by_slug[slug].pk for slug in chosen]
    areas = {a.pk: a for a in Area.objects.filter(pk__in=pks)}
    inspections: dict[int, list[Inspection]] = defaultdict(list)
    for inspection in (
        Inspection.objects.filter(area__in=pks).latest_first().prefetch_related("sources")
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
    compared = [
        compared_area(
            area=areas[pk],
            summary=by_slug[slug],
            inspections=inspections[pk],
            findings=findings[pk],
        )
        for slug, pk in zip(chosen, pks, strict=True)
    ]
    themes = list(Theme.objects.all())
    matrix = theme_matrix(compared=compared, themes=themes)
    query = compare_query(chosen)
    charts = {}
    if compared:
        charts = {
            "themes": themes_chart(
                compared=compared,
                matrix=matrix,
                csv_url=f"{reverse('reports:compare-csv', args=['themes'])}?{query}",
            ),
            "regions": outcomes_by_region_chart(
                national=national,
                marked=[c.summary for c in compared],
                csv_url=f"{reverse('reports:compare-csv', args=['regions'])}?{query}",
            ),
            "timeline": timeline_chart(
                compared=compared,
                csv_url=f"{reverse('reports:compare-csv', args=['timeline'])}?{query}",
            ),
        }
    sources = {
        s.pk: s
        for c in compared
        for s in [*(s for i in c.history for s in i.sources.all()), *(f.source for f in c.findings)]
    }
    return Comparison(
        chosen=chosen,
        areas=compared,
        matrix=matrix,
        charts=charts,
        map=england_map(national=national, highlighted=chosen),
        sources=sorted(sources.values(), key=lambda s: (s.kind, s.title)),
    )


# England's outcomes.
MAX_LISTED = 60  # the outcomes page names areas not yet inspected up to this many


@dataclass
class NationalOverview:
    areas: list[AreaOutcome]
    england: Distribution
    regions: list[Distribution]
    charts: dict[str, Chart]
    map: EnglandMap

    @cached_property
    def not_inspected(self) -> list[AreaOutcome]:
        return [a for a in self.areas if a.outcome == NOT_INSPECTED.value]

    @property
    def not_inspected_named(self) -> bool:
        """Whether the page names them all; beyond MAX_LISTED it counts them by region."""
        return len(self.not_inspected) <= MAX_LISTED

    @property
    def not_inspected_by_region(self) -> list[tuple[str, str, int]]:
        """(region, its page, how many of its areas are not yet inspected), in region order."""
        counted = Counter(region_code(a.region) for a in self.not_inspected)
        return [
            (region_name(code), reverse("reports:region", args=[region_slug(code)]), counted[code])
            for code in [*Region.values, ""]
            if counted[code]
        ]

    @property
    def england_rows(self) -> list[tuple[OutcomeInfo, int, float]]:
        return [
            (category_info(c), n, self.england.percent(c)) for c, n in self.england.counts.items()
        ]


def national_overview() -> NationalOverview:
    """Every area's latest outcome, by region and by year, and the map, in one query."""
    national = national_outcomes()
    categories = categories_used(national)
    regions = region_distributions(national=national, categories=categories)
    return NationalOverview(
        areas=national,
        england=regions[0],
        regions=regions[1:],
        charts={
            "regions": outcomes_by_region_chart(
                national=national,
                marked=[],
                csv_url=reverse("reports:outcomes-csv", args=["regions"]),
            ),
            "years": outcomes_by_year_chart(
                national=national, csv_url=reverse("reports:outcomes-csv", args=["years"])
            ),
        },
        map=england_map(national=national),
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
    *, area: AreaOutcome, national: list[AreaOutcome], count: int = MAX_AREAS - 1
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


# Themes: which areas were told what, here and everywhere.
AREAS_PER_THEME_PAGE = 20  # areas told to improve, quoted, on each page of a theme
MAX_NAMED = 160  # a theme's other groups name their areas up to this many (England has 153)
TOLD_TO_IMPROVE = [FindingKind.IMPROVEMENT, FindingKind.PRIORITY_ACTION]
THEME_GROUPS = [
    ("told-to-improve", "Areas told to improve this", TOLD_TO_IMPROVE),
    ("needs-to-do-better", "Areas that need to do better in this", [FindingKind.WEAKNESS]),
    ("strengths", "Areas with a strength in this", [FindingKind.STRENGTH]),
]


@dataclass(frozen=True)
class HeldInspection:
    """An area's latest inspection whose findings we hold: what the theme pages count by."""

    pk: int
    area_id: int
    outcome: str
    region: str  # the area's region code
    area_name: str
    area_slug: str

    @property
    def url(self) -> str:
        return reverse("reports:area", args=[self.area_slug])


def held_inspections() -> dict[int, HeldInspection]:
    """Each area's latest inspection whose findings we hold, by area pk, as plain rows."""
    held: dict[int, HeldInspection] = {}
    rows = (
        Inspection.objects.filter(Exists(Finding.objects.filter(inspection=OuterRef("pk"))))
        .latest_first()
        .values_list("pk", "area_id", "outcome", "area__region", "area__name", "area__slug")
    )
    for row in rows:
        if row[1] not in held:
            held[row[1]] = HeldInspection(*row)
    return held


@dataclass
class ThemeSummary:
    theme: Theme
    areas: dict[str, int]  # kind -> how many areas have that kind of finding in the theme
    told_to_improve: int  # areas with an area for improvement, a priority action or both

    @property
    def counts(self) -> list[tuple[KindInfo, int]]:
        return [(kind, self.areas[value]) for value, kind in KINDS.items()]


@dataclass
class ThemeOverview:
    themes: list[ThemeSummary]
    held: int  # areas whose findings we hold

    @property
    def most_improve(self) -> ThemeSummary | None:
        ranked = sorted(self.themes, key=lambda t: -t.told_to_improve)
        return ranked[0] if ranked and ranked[0].told_to_improve else None


def theme_overview() -> ThemeOverview:
    """Per theme, how many areas have each kind of finding in it. Three queries; the database
    counts, so no finding is loaded."""
    held = held_inspections()
    themes = list(Theme.objects.all())
    # Each area has one held inspection, so counting inspections counts areas.
    inspection = "finding__inspection"
    rows = (
        Finding.themes.through.objects.filter(finding__inspection__in=[h.pk for h in held.values()])
        .values("theme_id")
        .annotate(
            **{
                str(value): Count(inspection, distinct=True, filter=Q(finding__kind=value))
                for value in KINDS
            },
            told=Count(inspection, distinct=True, filter=Q(finding__kind__in=TOLD_TO_IMPROVE)),
        )
    )
    counted = {row["theme_id"]: row for row in rows}
    empty = {**{str(value): 0 for value in KINDS}, "told": 0}
    return ThemeOverview(
        themes=[
            ThemeSummary(
                theme=t,
                areas={value: counted.get(t.pk, empty)[str(value)] for value in KINDS},
                told_to_improve=counted.get(t.pk, empty)["told"],
            )
            for t in themes
        ],
        held=len(held),
    )


@dataclass
class Breakdown:
    label: str
    held: int  # areas whose findings we hold in this group
    counts: list[int]  # areas with each kind of finding in the theme, in KINDS order


@dataclass
class ThemeEntry:
    area: Area
    inspection: Inspection
    findings: list[Finding]

    @property
    def second_hand(self) -> bool:
        return any(f.source.is_second_hand for f in self.findings)


@dataclass
class ThemeGroup:
    slug: str
    title: str
    kinds: list[KindInfo]
    areas: list[HeldInspection]  # every area in the group, by name
    url: str  # these findings on the findings list
    entries: list[ThemeEntry] = field(default_factory=list)  # quoted: this page's areas only

    @property
    def count(self) -> int:
        return len(self.areas)

    @property
    def named(self) -> bool:
        """Whether the page names every area; beyond MAX_NAMED it gives the count and a link."""
        return self.count <= MAX_NAMED


@dataclass
class ThemePage:
    theme: Theme
    held: int
    counts: list[tuple[KindInfo, int]]
    by_outcome: list[Breakdown]
    by_region: list[Breakdown]
    groups: list[ThemeGroup]
    page_obj: Page  # of the areas told to improve this, whose words the page quotes
    sources: list[Source]  # of the findings quoted on this page

    @property
    def kinds(self) -> list[KindInfo]:
        return list(KINDS.values())

    @property
    def breakdowns(self) -> list[tuple[str, str, list[Breakdown], str]]:
        """The two tables: (id, caption, rows, first column's heading)."""
        return [
            ("by-outcome", "Areas by outcome", self.by_outcome, "Outcome"),
            ("by-region", "Areas by region", self.by_region, "Region"),
        ]

    @property
    def crumbs(self) -> list[tuple[str, str]]:
        return [("Themes", reverse("reports:themes"))]


def _breakdown(label: str, areas: set[int], with_kind: dict[str, set[int]]) -> Breakdown:
    return Breakdown(
        label=label, held=len(areas), counts=[len(with_kind[k] & areas) for k in KINDS]
    )


def theme_page(*, slug: str, page: int | str = 1) -> ThemePage:
    """A theme's areas by kind, outcome and region, and one page of the areas told to improve
    it with their words, in four queries however many areas or findings there are.

    Counts come from (inspection, kind) pairs, not findings; only the page's areas' findings are
    loaded. Raises Http404 for an unknown theme and InvalidPage for a page that is not one.
    """
    theme = get_object_or_404(Theme, slug=slug)
    held = held_inspections()
    by_pk = {h.pk: h for h in held.values()}
    kinds_of: dict[int, set[str]] = defaultdict(set)  # area pk -> kinds of finding in the theme
    pairs = (
        Finding.themes.through.objects.filter(theme=theme)
        .values_list("finding__inspection_id", "finding__kind")
        .distinct()
    )
    for inspection_pk, kind in pairs:
        if inspection_pk in by_pk:  # an area's latest inspection with findings, not an older one
            kinds_of[by_pk[inspection_pk].area_id].add(kind)
    with_kind = {k: {area for area, kinds in kinds_of.items() if k in kinds} for k in KINDS}
    by_outcome_value: dict[str, set[int]] = defaultdict(set)
    by_region_code: dict[str, set[int]] = defaultdict(set)
    for h in held.values():
        by_outcome_value[h.outcome].add(h.area_id)
        by_region_code[h.region].add(h.area_id)
    by_region_label: dict[str, set[int]] = defaultdict(set)
    for code, areas in by_region_code.items():
        by_region_label[region_name(code)] |= areas
    by_outcome = [
        _breakdown(category_info(value).short, by_outcome_value[value], with_kind)
        for value in [*CATEGORIES[:-1], Outcome.WSOA_REQUIRED, Outcome.NO_WSOA]
        if value in by_outcome_value
    ]
    by_region = [
        _breakdown(label, by_region_label[label], with_kind)
        for label in [*Region.labels, NOT_STATED_REGION]
        if label in by_region_label
    ]
    by_name = sorted(held.values(), key=lambda h: h.area_name)
    groups = [
        ThemeGroup(
            slug=group_slug,
            title=title,
            kinds=[KINDS[k] for k in kinds],
            areas=[h for h in by_name if not kinds_of.get(h.area_id, set()).isdisjoint(kinds)],
            url=findings_url(theme=[theme.slug], kind=list(kinds)),
        )
        for group_slug, title, kinds in THEME_GROUPS
    ]
    told = groups[0]
    page_obj = Paginator(told.areas, AREAS_PER_THEME_PAGE).page(page)
    quoted: dict[int, list[Finding]] = defaultdict(list)
    # EXISTS, not a join: SQLite then reads these inspections' findings, not the whole theme's.
    in_theme = Finding.themes.through.objects.filter(finding=OuterRef("pk"), theme=theme)
    for finding in (
        Finding.objects.filter(
            Exists(in_theme),
            kind__in=TOLD_TO_IMPROVE,
            inspection__in=[h.pk for h in page_obj.object_list],
        )
        .select_related("inspection__area", "source")
        .order_by("inspection_id", "kind", "order")
    ):
        quoted[finding.inspection_id].append(finding)
    for h in page_obj.object_list:
        findings = sorted(quoted[h.pk], key=lambda f: (TOLD_TO_IMPROVE.index(f.kind), f.order))
        if findings:
            inspection = findings[0].inspection
            told.entries.append(ThemeEntry(inspection.area, inspection, findings))
    sources = {f.source.pk: f.source for e in told.entries for f in e.findings}
    return ThemePage(
        theme=theme,
        held=len(held),
        counts=[(kind, len(with_kind[value])) for value, kind in KINDS.items()],
        by_outcome=by_outcome,
        by_region=by_region,
        groups=groups,
        page_obj=page_obj,
        sources=sorted(sources.values(), key=lambda s: (s.kind, s.title)),
    )
