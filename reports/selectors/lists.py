"""The researchers' lists: every finding and every inspection, in the order the lists show them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django_filters import FilterSet

from reports.filters import DueFilter, SourceKindFilter
from reports.models import Finding, Inspection
from reports.vocabulary import SourceKind


def finding_list() -> QuerySet[Finding]:
    """Newest reports first; a filter narrows it and a page of it is shown or downloaded."""
    return Finding.objects.order_by(
        "-inspection__published", "inspection__area__name", "kind", "order"
    )


def finding_rows(page: QuerySet[Finding]) -> list[Finding]:
    """One page of findings with what each row shows, in two more queries."""
    return list(page.select_related("inspection__area", "source").prefetch_related("themes"))


def inspection_list() -> QuerySet[Inspection]:
    return Inspection.objects.order_by("area__name", "-published", "-start_date", "pk")


def inspection_rows(page: QuerySet[Inspection]) -> list[Inspection]:
    return list(page.select_related("area"))


# -- facets: beside each filter option, how many rows it would give -------------------------
@dataclass(frozen=True)
class Facet:
    """How one filter's options are counted, in one query whatever the data's size.

    Rows are grouped by `group` (a path from the list's rows, or from `through()`'s rows,
    which name a row of the list by `member`); `option_of` turns a group into its option where
    several groups make one. A filter whose options overlap is counted instead under each
    option's condition, `conditions(filterset)`.
    """

    name: str
    group: str = ""
    through: Callable[[], QuerySet] | None = None
    member: str = "pk"
    option_of: Callable[[str], str] | None = None
    conditions: Callable[[FilterSet], dict[str, Q]] | None = None


# Each option's (rows within the current view, rows in all the data) by filter and option.
FacetCounts = dict[str, dict[str, tuple[int, int]]]


def _source_kind_option(kind: str) -> str:
    return (
        SourceKindFilter.REPORT
        if kind == SourceKind.OFSTED_REPORT
        else SourceKindFilter.SECOND_HAND
    )


FINDING_FACETS = [
    Facet("kind", group="kind"),
    Facet("outcome", group="inspection__outcome"),
    Facet("region", group="inspection__area__region"),
    Facet("framework", group="inspection__framework"),
    Facet("source_kind", group="source__kind", option_of=_source_kind_option),
    Facet(
        "theme",
        group="theme__slug",
        through=lambda: Finding.themes.through.objects,
        member="finding_id",
    ),
]
INSPECTION_FACETS = [
    Facet("outcome", group="outcome"),
    Facet("region", group="area__region"),
    Facet("framework", group="framework"),
    Facet(
        "next_kind",
        conditions=lambda f: {value: f.next_kind_condition(value) for value, _ in DueFilter.KINDS},
    ),
    Facet("due", conditions=lambda f: {DueFilter.ALREADY: f.due_condition()}),
]


def facet_counts(filterset: FilterSet, facets: list[Facet]) -> FacetCounts:
    """Datasette's facets: each option's rows with the other filters applied and its own
    filter not, beside its rows in all the data (an option with none there is not offered).

    The grouped facets whose own filter is not applied all count the same rows, the current
    view: they are counted together, grouped by all their columns at once (a few hundred
    groups), so a search is run once for them all rather than once per facet. Each applied
    filter's facet, the theme facet (through its own table) and the condition facets take one
    query each.
    """
    applied = set(filterset.applied_filters())
    together = [f for f in facets if f.name not in applied and not f.through and not f.conditions]
    counts = _counted_together(filterset, together) if together else {}
    for facet in facets:
        if facet in together:
            continue
        view = filterset.queryset_without(facet.name)
        if facet.conditions:
            counts[facet.name] = _condition_counts(filterset, facet, view)
        else:
            counts[facet.name] = _grouped_counts(filterset, facet, view)
    return {facet.name: counts[facet.name] for facet in facets}


def _option(facet: Facet, group) -> str:
    return str(group if facet.option_of is None else facet.option_of(group))


def _counted_together(filterset, facets: list[Facet]) -> FacetCounts:
    """Facets that all count the current view, from one grouped query over all the data
    (each group's rows in the view beside its rows in all)."""
    view = filterset.queryset_without("")  # every applied filter
    groups = [f.group for f in facets]
    counted = {"total": Count("pk")}
    if view is not None:
        counted["shown"] = Count("pk", filter=Q(pk__in=view.values("pk")))
    found: FacetCounts = {f.name: {} for f in facets}
    for row in filterset.queryset.order_by().values(*groups).annotate(**counted):
        total = row["total"]
        shown = row.get("shown", total)
        for facet in facets:
            option = _option(facet, row[facet.group])
            before = found[facet.name].get(option, (0, 0))
            found[facet.name][option] = (before[0] + shown, before[1] + total)
    return found


def _grouped_counts(filterset, facet: Facet, view: QuerySet | None) -> dict[str, tuple[int, int]]:
    rows = facet.through() if facet.through else filterset.queryset
    counted = {"total": Count(facet.member)}
    if view is not None:
        counted["shown"] = Count(
            facet.member, filter=Q(**{f"{facet.member}__in": view.values("pk")})
        )
    found: dict[str, tuple[int, int]] = {}
    for row in rows.order_by().values(facet.group).annotate(**counted):
        option = _option(facet, row[facet.group])
        shown, total = found.get(option, (0, 0))
        found[option] = (shown + row.get("shown", row["total"]), total + row["total"])
    return found


def _condition_counts(filterset, facet: Facet, view: QuerySet | None) -> dict[str, tuple[int, int]]:
    conditions = facet.conditions(filterset)
    counted = {}
    for n, condition in enumerate(conditions.values()):
        counted[f"total_{n}"] = Count("pk", filter=condition)
        if view is not None:
            counted[f"shown_{n}"] = Count("pk", filter=condition & Q(pk__in=view.values("pk")))
    totals = filterset.queryset.order_by().aggregate(**counted)
    return {
        option: (totals.get(f"shown_{n}", totals[f"total_{n}"]), totals[f"total_{n}"])
        for n, option in enumerate(conditions)
    }
