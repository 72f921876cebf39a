"""Themes: which areas were told what, here and everywhere."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse

from areas.models import Area, Region
from reports.models import Finding, Inspection, Source, Theme
from reports.selectors.common import findings_url
from reports.vocabulary import (
    CATEGORIES,
    KINDS,
    NOT_STATED_REGION,
    THEMES_ALL_REVIEWED,
    THEMES_BY_RULES,
    THEMES_REVIEWED,
    TOLD_TO_IMPROVE,
    FindingKind,
    KindInfo,
    Outcome,
    ThemesFrom,
    category_info,
    region_name,
)

# Themes: which areas were told what, here and everywhere.
AREAS_PER_THEME_PAGE = 20  # areas told to improve, quoted, on each page of a theme


MAX_NAMED = 160  # a theme's other groups name their areas up to this many (England has 153)


QUOTED_GROUP = "told-to-improve"  # the group whose words a theme's page quotes, a page at a time
THEME_GROUPS = [
    (QUOTED_GROUP, "Areas told to improve this", TOLD_TO_IMPROVE),
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
    findings: int = 0
    reviewed: int = 0  # findings whose themes were reviewed

    @property
    def url(self) -> str:
        return reverse("reports:area", args=[self.area_slug])


@dataclass(frozen=True)
class Reviewed:
    """How many of the findings a page counts had their themes reviewed, not set by the rules."""

    findings: int
    reviewed: int

    @property
    def sentence(self) -> str:
        """What the page says about it ("" when it counts no finding)."""
        if not self.findings:
            return ""
        if self.reviewed == self.findings:
            return THEMES_ALL_REVIEWED.format(findings=intcomma(self.findings))
        return THEMES_REVIEWED.format(
            reviewed=intcomma(self.reviewed), findings=intcomma(self.findings)
        )


REVIEWED = Q(findings__themes_from=ThemesFrom.REVIEWED)


def held_inspections() -> dict[int, HeldInspection]:
    """Each area's latest inspection whose findings we hold, by area pk, as plain rows, with how
    many findings it has and how many of those had their themes reviewed."""
    held: dict[int, HeldInspection] = {}
    rows = (
        Inspection.objects.filter(Exists(Finding.objects.filter(inspection=OuterRef("pk"))))
        .latest_first()
        .annotate(
            finding_count=Count("findings"), reviewed_count=Count("findings", filter=REVIEWED)
        )
        .values_list(
            "pk",
            "area_id",
            "outcome",
            "area__region",
            "area__name",
            "area__slug",
            "finding_count",
            "reviewed_count",
        )
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
    reviewed: Reviewed  # of those areas' findings

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
        reviewed=Reviewed(
            findings=sum(h.findings for h in held.values()),
            reviewed=sum(h.reviewed for h in held.values()),
        ),
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
    def is_quoted(self) -> bool:
        """Whether the theme's page quotes this group's words (the others link to the list)."""
        return self.slug == QUOTED_GROUP

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
    reviewed: Reviewed  # of the findings in the theme, from the areas' latest inspections

    @property
    def kinds(self) -> list[KindInfo]:
        return list(KINDS.values())

    @property
    def rules_marker(self) -> str:
        """Beside a quoted finding whose themes come from the keyword rules."""
        return THEMES_BY_RULES

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


def _kinds_by_area(
    theme: Theme, held: dict[int, HeldInspection]
) -> tuple[dict[int, set[str]], Reviewed]:
    """Area pk -> the kinds of finding its latest held inspection has in the theme; and how many
    of those findings had their themes reviewed."""
    by_pk = {h.pk: h for h in held.values()}
    kinds_of: dict[int, set[str]] = defaultdict(set)
    counted: dict[str, int] = defaultdict(int)  # findings, by where their themes come from
    rows = (
        Finding.themes.through.objects.filter(theme=theme)
        .values_list("finding__inspection_id", "finding__kind", "finding__themes_from")
        .annotate(findings=Count("finding"))
        .order_by()
    )
    for inspection_pk, kind, themes_from, findings in rows:
        if inspection_pk in by_pk:  # an area's latest inspection with findings, not an older one
            kinds_of[by_pk[inspection_pk].area_id].add(kind)
            counted[themes_from] += findings
    reviewed = Reviewed(sum(counted.values()), counted[ThemesFrom.REVIEWED])
    return kinds_of, reviewed


def _breakdowns(
    held: dict[int, HeldInspection], with_kind: dict[str, set[int]]
) -> tuple[list[Breakdown], list[Breakdown]]:
    """The areas by outcome and by region, with how many have each kind in the theme."""
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
    return by_outcome, by_region


def _quote(told: ThemeGroup, theme: Theme, page_obj: Page) -> None:
    """Fills `told.entries` with the words of the page's areas told to improve the theme."""
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


def theme_page(*, slug: str, page: int | str = 1) -> ThemePage:
    """A theme's areas by kind, outcome and region, and one page of the areas told to improve
    it with their words, in four queries however many areas or findings there are.

    Counts come from (inspection, kind) pairs, not findings; only the page's areas' findings are
    loaded. Raises Http404 for an unknown theme and InvalidPage for a page that is not one.
    """
    theme = get_object_or_404(Theme, slug=slug)
    held = held_inspections()
    kinds_of, reviewed = _kinds_by_area(theme, held)
    with_kind = {k: {area for area, kinds in kinds_of.items() if k in kinds} for k in KINDS}
    by_outcome, by_region = _breakdowns(held, with_kind)
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
    _quote(told, theme, page_obj)
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
        reviewed=reviewed,
    )
