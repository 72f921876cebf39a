"""England's picture: every area's latest 2023-framework outcome, counted by region and year."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import FilteredRelation, Q
from django.urls import reverse

from areas.models import Area, Region
from areas.selectors import Hit
from reports.charts import Chart, outcomes_by_region_chart, outcomes_by_year_chart
from reports.outcome_map import EnglandMap, england_map
from reports.precomputed import once_per_version
from reports.vocabulary import (
    CATEGORIES,
    NOT_INSPECTED,
    NOT_STATED_REGION,
    Framework,
    Outcome,
    OutcomeInfo,
    category_info,
    region_code,
    region_name,
    region_slug,
)
from reports.wording import percent


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


def latest_key(published: date | None, start: date | None) -> tuple:
    """Sorts as Inspection.objects.latest_first() does: dates first, newest first, nulls last."""
    return (published is not None, published or date.min, start is not None, start or date.min)


@once_per_version
def national_outcomes() -> tuple[AreaOutcome, ...]:
    """Every area, by name, with the outcome of its latest 2023-framework inspection.

    The same for every page until the data changes: kept once per data version (a tuple of
    frozen rows, so no page can change another's)."""
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
                and latest_key(published, start) > latest_key(current.published, current.start_date)
            )
        ):
            areas[pk] = candidate
    return tuple(areas.values())


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
    def not_inspected_hits(self) -> list[Hit]:
        """For the area list, which shows only their names (an AreaOutcome has a slug and a name,
        as an Area does)."""
        return [Hit(area) for area in self.not_inspected]

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
    def share_basis(self) -> str:
        """What every share on the page is a share of: England's and each region's alike."""
        return (
            "Every share here is of all the areas counted, those not yet inspected under the 2023 "
            f"framework among them: of England's {self.england.total} areas "
            f"({len(self.not_inspected)} not yet inspected), and of all of each region's."
        )

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
                groups=regions,
                categories=categories,
                marked=[],
                csv_url=reverse("reports:outcomes-csv", args=["regions"]),
            ),
            "years": outcomes_by_year_chart(
                national=national,
                categories=categories,
                csv_url=reverse("reports:outcomes-csv", args=["years"]),
            ),
        },
        map=england_map(national=national),
    )
