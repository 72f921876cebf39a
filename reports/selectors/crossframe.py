"""How the areas inspected from 2016 to 2022 fared under the 2023 framework: each area's earlier
result (and its revisit's) against its latest 2023-framework outcome, with the areas behind each
count, for the outcomes page's table and chart and their CSV.

The chart is built here rather than in reports/charts.py, beside the rows it draws: they are this
page's alone, and charts.py is near the house limit of 500 lines.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.urls import reverse

from reports.charts import Chart, outcome_dataset
from reports.models import Inspection
from reports.selectors.common import Currency
from reports.selectors.national import MAX_LISTED, AreaOutcome, categories_used, latest_key
from reports.vocabulary import (
    CROSS_FRAMEWORK_CAVEAT,
    NOT_INSPECTED,
    NOT_STATED,
    OUTCOMES_2016,
    REVISIT_ROWS,
    SMALL_GROUP,
    SUCCESSORS_DIFFER,
    EarlierResult,
    Framework,
    Outcome,
    OutcomeInfo,
    category_info,
)
from reports.wording import listing, long_date, plural


@dataclass(frozen=True)
class EarlierRecord:
    """An area's latest inspection from 2016 to 2022 that gave a result."""

    outcome: str  # Outcome.WSOA_REQUIRED or Outcome.NO_WSOA
    revisit: str  # a RevisitResult value, or "" where the statistics give no revisit
    inspected_as: str  # the predecessor's name, where the area has since replaced it
    published: date | None
    start_date: date | None

    @property
    def row(self) -> EarlierResult:
        """Its revisit's row for a written statement of action (the WSOA row holds them all)."""
        if self.outcome == Outcome.NO_WSOA:
            return EarlierResult.NO_WSOA
        return REVISIT_ROWS.get(self.revisit, EarlierResult.NO_REVISIT)


def earlier_records() -> dict[int, EarlierRecord]:
    """Each area's latest 2016-framework inspection with a result, by area, in one query."""
    rows = Inspection.objects.filter(
        framework=Framework.LOCAL_AREA_2016, outcome__in=OUTCOMES_2016
    ).values_list(
        "area_id", "outcome", "revisit__result", "inspected_as", "published", "start_date"
    )
    records: dict[int, EarlierRecord] = {}
    for area, outcome, revisit, inspected_as, published, start in rows:
        current = records.get(area)
        if current is None or latest_key(published, start) > latest_key(
            current.published, current.start_date
        ):
            records[area] = EarlierRecord(outcome, revisit or "", inspected_as, published, start)
    return records


@dataclass(frozen=True)
class Counted:
    """What the table counts once: an area, or the areas that replaced one authority inspected
    from 2016 to 2022 under its name."""

    areas: list[AreaOutcome]  # by name
    inspected_as: str
    row: EarlierResult
    category: str  # its column: its latest 2023-framework outcome, or SUCCESSORS_DIFFER

    @property
    def name(self) -> str:
        return self.inspected_as or self.areas[0].name

    @property
    def replaced_by(self) -> str:
        """'replaced by Cumberland and by Westmorland and Furness': "by" each time, as the
        names may have "and" in them."""
        names = [a.name for a in self.areas]
        if len(names) == 1:
            return f"replaced by {names[0]}"
        return f"replaced by {', by '.join(names[:-1])} and by {names[-1]}"

    @property
    def successors_differ(self) -> bool:
        return self.category == SUCCESSORS_DIFFER.value


def counted(*, national: list[AreaOutcome], records: dict[int, EarlierRecord]) -> list[Counted]:
    """Every area once, except that successors of one inspected authority count once together,
    by name."""
    groups: dict[str, list[AreaOutcome]] = defaultdict(list)
    for area in national:
        record = records.get(area.pk)
        replaced = record.inspected_as if record else ""
        groups[f"inspected as {replaced}" if replaced else f"area {area.pk}"].append(area)
    units = []
    for members in groups.values():
        record = records.get(members[0].pk)
        outcomes = {a.outcome for a in members}
        units.append(
            Counted(
                areas=members,
                inspected_as=record.inspected_as if record else "",
                row=record.row if record else EarlierResult.NO_RESULT,
                category=outcomes.pop() if len(outcomes) == 1 else SUCCESSORS_DIFFER.value,
            )
        )
    return sorted(units, key=lambda unit: unit.name)


@dataclass
class CrossRow:
    result: EarlierResult
    counted: dict[str, list[Counted]]  # by column, every column

    @property
    def label(self) -> str:
        return self.result.label

    @property
    def total(self) -> int:
        return sum(len(units) for units in self.counted.values())

    def count(self, column: str) -> int:
        return len(self.counted.get(column, []))

    @property
    def cells(self) -> list["Cell"]:
        """The columns it has areas in, each with its areas, for the list under the table."""
        return [
            Cell(self.result, category_info(c), units) for c, units in self.counted.items() if units
        ]


@dataclass(frozen=True)
class Cell:
    result: EarlierResult
    info: OutcomeInfo
    units: list[Counted]

    @property
    def anchor(self) -> str:
        return f"frameworks-{self.result.value}-{self.info.value}"

    @property
    def named(self) -> bool:
        """Whether the page names its areas; beyond MAX_LISTED, as with the areas not yet
        inspected, a page that names every area of a long list grows with every area."""
        return len(self.units) <= MAX_LISTED


def _rows(units: list[Counted], columns: list[str]) -> list[CrossRow]:
    """The written statement of action row, its revisit rows, then the areas without one; the
    rows for no revisit and no result only where an area is in them."""
    by_row: dict[EarlierResult, dict[str, list[Counted]]] = {
        result: {c: [] for c in columns} for result in EarlierResult
    }
    for unit in units:
        by_row[unit.row][unit.category].append(unit)
        if unit.row not in (EarlierResult.NO_WSOA, EarlierResult.NO_RESULT):
            by_row[EarlierResult.WSOA][unit.category].append(unit)
    rows = [CrossRow(result, by_row[result]) for result in EarlierResult]
    optional = (EarlierResult.NO_REVISIT, EarlierResult.NO_RESULT)
    return [row for row in rows if row.result not in optional or row.total]


def _columns(national: list[AreaOutcome], units: list[Counted]) -> list[str]:
    columns = categories_used(national)
    if any(unit.successors_differ for unit in units):
        columns.insert(columns.index(NOT_INSPECTED.value), SUCCESSORS_DIFFER.value)
    return columns


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


def _summary(rows: dict[EarlierResult, CrossRow]) -> str:
    """One sentence: how many of each group have had systemic failings since, and how many are
    still to be inspected; counts, not shares, since some groups are small."""
    wsoa, other = rows[EarlierResult.WSOA], rows[EarlierResult.NO_WSOA]
    systemic, waiting = Outcome.SYSTEMIC, NOT_INSPECTED.value
    latest = "at their latest inspection under the 2023 framework"
    if wsoa.total and other.total:
        return (
            f"Of the {plural(wsoa.total, 'area')} that needed a written statement of action from "
            f"2016 to 2022 and the {other.total} that did not, {wsoa.count(systemic)} and "
            f"{other.count(systemic)} have had widespread or systemic failings {latest}, and "
            f"{wsoa.count(waiting)} and {other.count(waiting)} are not yet inspected under it."
        )
    for row, who in [(wsoa, "needed"), (other, "did not need")]:
        if row.total:
            return (
                f"Of the {plural(row.total, 'area')} we hold a result from 2016 to 2022 for, all "
                f"{who} a written statement of action; {row.count(systemic)} "
                f"{'has' if row.count(systemic) == 1 else 'have'} had widespread or systemic "
                f"failings {latest}, and {row.count(waiting)} {_are(row.count(waiting))} not "
                "yet inspected under it."
            )
    return "We hold no results of inspections from 2016 to 2022."


def _source(currency: Currency) -> str:
    def when(day: date | None) -> str:
        return long_date(day) or f"date {NOT_STATED}"

    return (
        "Sources: Ofsted's official statistics, Area SEND inspection and revisit outcomes, May "
        f"2016 to August 2022 (published {when(currency.statistics)}), for the results from "
        f"2016 to 2022; the national outcomes table of {when(currency.national)} (Data to "
        "Insight's scrape of Ofsted reports), for the latest outcomes."
    )


def _chart(rows: list[CrossRow], columns: list[str], source: str) -> Chart:
    infos = [category_info(c) for c in columns]
    csv_rows = [[row.label, *(row.count(c) for c in columns), row.total] for row in rows]
    return Chart(
        slug="frameworks",
        kind="outcomes",
        title="Latest outcomes by result from 2016 to 2022",
        summary=_summary({row.result: row for row in rows}),
        source=source,
        columns=["Result from 2016 to 2022", *(i.short for i in infos), "All areas"],
        rows=csv_rows,
        table_rows=[[str(v) for v in row] for row in csv_rows],
        numeric=[False, *([True] * (len(columns) + 1))],
        data={
            "labels": [row.label for row in rows],
            "datasets": [
                outcome_dataset(info, counts, counts)
                for info, counts in zip(
                    infos, [[row.count(c) for row in rows] for c in columns], strict=True
                )
            ],
            "totals": [row.total for row in rows],
            "percent": False,
            "indexAxis": "y",
            "axisTitle": "Areas",
        },
        csv_url=reverse("reports:outcomes-csv", args=["frameworks"]),
        csv_name="outcomes-by-2016-to-2022-result.csv",
    )


@dataclass
class CrossFramework:
    rows: list[CrossRow]
    columns: list[str]
    units: list[Counted]
    chart: Chart
    caveat: str = CROSS_FRAMEWORK_CAVEAT

    @cached_property
    def replaced(self) -> list[Counted]:
        """The authorities inspected from 2016 to 2022 that others have since replaced."""
        return [unit for unit in self.units if unit.inspected_as]

    @property
    def successor_rule(self) -> str:
        named = [f"{unit.inspected_as}, {unit.replaced_by}" for unit in self.replaced]
        examples = f" ({'; '.join(named)})" if named else ""
        return (
            "An authority replaced since its inspection from 2016 to 2022 counts once, as the "
            f"authority then inspected{examples}: under its successors' latest outcome where "
            f"they agree, and as “{SUCCESSORS_DIFFER.short}” where they do not."
        )

    @property
    def small_rows(self) -> list[CrossRow]:
        return [row for row in self.rows if 0 < row.total < SMALL_GROUP]

    @property
    def small_counts(self) -> str:
        """Which rows are too small for a difference in them to mean much, or ""."""
        small = [f"“{row.label}” ({plural(row.total, 'area')})" for row in self.small_rows]
        if not small:
            return ""
        return (
            f"{listing(small)} {'has' if len(small) == 1 else 'have'} fewer than {SMALL_GROUP} "
            "areas: a difference of one or two areas there is not a pattern."
        )


def cross_framework(*, national: list[AreaOutcome], currency: Currency) -> CrossFramework:
    """The table of areas by earlier result and latest outcome (`national` as national_outcomes
    gives it, `currency` for the sources' dates), in one query however many areas there are."""
    units = counted(national=national, records=earlier_records())
    columns = _columns(national, units)
    rows = _rows(units, columns)
    return CrossFramework(
        rows=rows, columns=columns, units=units, chart=_chart(rows, columns, _source(currency))
    )
