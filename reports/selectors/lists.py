"""The researchers' lists: every finding and every inspection, in the order the lists show them."""

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from django.db.models import Count, Q, QuerySet
from django_filters import FilterSet

from reports.filters import DueFilter, SourceKindFilter
from reports.models import Finding, Inspection, Source, Theme
from reports.precomputed import once_per_version
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

    Rows are grouped by `group` (a column of the list's rows, or of `through()`'s rows, which
    name a row of the list by `member`). A group's option is the group itself, or what
    `lookup()` (a small table read once per data version) holds for it, turned by `option_of`
    where several values make one option. A filter whose options overlap is counted instead
    under each option's condition, `conditions(filterset)`.
    """

    name: str
    group: str = ""
    through: Callable[[], QuerySet] | None = None
    member: str = "pk"
    lookup: Callable[[], dict] | None = None
    option_of: Callable[[object], object] | None = None
    conditions: Callable[[FilterSet], dict[str, Q]] | None = None

    def options(self, tables: dict) -> Callable[[object], str]:
        """A group's option; `tables` keeps each lookup read once for a count of facets."""
        if self.lookup is not None and self.lookup not in tables:
            tables[self.lookup] = self.lookup()
        table = tables.get(self.lookup)
        turn = self.option_of or (lambda value: value)
        if table is None:
            return lambda group: str(turn(group))
        return lambda group: str(turn(table[group]))


# Each option's (rows within the current view, rows in all the data) by filter and option.
FacetCounts = dict[str, dict[str, tuple[int, int]]]


# The findings' facets group the finding table's own columns (its kind, its inspection, its
# source, or its theme in the themes table) and read each inspection's outcome, region and
# framework and each source's kind from these small tables: joining 500,000 findings to them
# to group by their columns costs several times more than the search it counts.
@once_per_version
def _inspections() -> dict[int, tuple[str, str, str]]:
    return {
        pk: (outcome, region, framework)
        for pk, outcome, region, framework in Inspection.objects.values_list(
            "pk", "outcome", "area__region", "framework"
        )
    }


@once_per_version
def _source_kinds() -> dict[int, str]:
    return dict(Source.objects.values_list("pk", "kind"))


@once_per_version
def _theme_slugs() -> dict[int, str]:
    return dict(Theme.objects.values_list("pk", "slug"))


def _source_kind_option(kind: str) -> str:
    return (
        SourceKindFilter.REPORT
        if kind == SourceKind.OFSTED_REPORT
        else SourceKindFilter.SECOND_HAND
    )


FINDING_FACETS = [
    Facet("kind", group="kind"),
    Facet("outcome", group="inspection_id", lookup=_inspections, option_of=itemgetter(0)),
    Facet("region", group="inspection_id", lookup=_inspections, option_of=itemgetter(1)),
    Facet("framework", group="inspection_id", lookup=_inspections, option_of=itemgetter(2)),
    Facet("source_kind", group="source_id", lookup=_source_kinds, option_of=_source_kind_option),
    Facet(
        "theme",
        group="theme_id",
        through=lambda: Finding.themes.through.objects,
        member="finding_id",
        lookup=_theme_slugs,
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

    The rows in all the data are counted once per data version. The grouped facets whose own
    filter is not applied all count the same rows, the current view, so they are counted
    together, grouped by all their columns at once: a search is run once for them all rather
    than once per facet. Each applied filter's facet, a facet through another table and the
    condition facets take one query each.
    """
    applied = set(filterset.applied_filters())
    grouped = [f for f in facets if not f.through and not f.conditions]
    columns = list(dict.fromkeys(f.group for f in grouped))
    together = [f for f in grouped if f.name not in applied]
    tables: dict = {}  # each lookup read once
    counts = _counted_together(filterset, together, tables, columns) if together else {}
    for facet in facets:
        if facet not in together:
            view = filterset.queryset_without(facet.name)
            if facet.conditions:
                counts[facet.name] = _condition_counts(filterset, facet, view)
            else:
                counts[facet.name] = _grouped_counts(filterset, facet, view, tables, columns)
    return {facet.name: counts[facet.name] for facet in facets}


@once_per_version
def _all_rows_grouped() -> dict[tuple, list[dict]]:
    """Each table's rows in all the data, grouped as a count of facets asked: filled by
    `_counts` the first time, so later counts in the same data version group the view only."""
    return {}


def _add(found: dict, facets: list[Facet], groups, field: str, index: int, tables: dict) -> None:
    """Add each group's `field` count to its option's counts[index] (0: in view, 1: in all)."""
    options = {facet.name: facet.options(tables) for facet in facets}
    for row in groups:
        for facet in facets:
            counted = found[facet.name].setdefault(options[facet.name](row[facet.group]), [0, 0])
            counted[index] += row[field]


def _counts(
    facets: list[Facet],
    rows: QuerySet,
    view: QuerySet | None,
    tables: dict,
    member: str = "pk",
    all_columns: list[str] | None = None,
) -> FacetCounts:
    """Each facet's options' (rows in `view`, rows in all of `rows`); a None view is all.

    All the data is grouped by `all_columns` (every facet's of the list, so one grouping
    serves any of them) once per data version, in the same query as the view the first time;
    after that the query groups the view's rows only, which for a search is several times
    faster than counting it as a condition on every row.
    """
    columns = list(dict.fromkeys(f.group for f in facets))
    all_columns = all_columns or columns
    kept = _all_rows_grouped()
    key = (rows.model._meta.label, tuple(all_columns), member)
    in_view = None if view is None else Q(**{f"{member}__in": view.values("pk")})
    if key in kept:
        everything = kept[key]
        shown = (
            everything
            if in_view is None
            else rows.order_by().filter(in_view).values(*columns).annotate(shown=Count(member))
        )
    else:
        counted = {"rows": Count(member)}
        if in_view is not None:
            counted["shown"] = Count(member, filter=in_view)
        everything = list(rows.order_by().values(*all_columns).annotate(**counted))
        kept[key] = everything
        shown = everything
    found: dict = {f.name: {} for f in facets}
    _add(found, facets, everything, "rows", 1, tables)
    _add(found, facets, shown, "rows" if in_view is None else "shown", 0, tables)
    return {name: {o: tuple(c) for o, c in options.items()} for name, options in found.items()}


def _counted_together(filterset, facets: list[Facet], tables: dict, columns) -> FacetCounts:
    """Facets that all count the current view (every applied filter), in one grouped query."""
    view = filterset.queryset_without("")
    return _counts(facets, filterset.queryset, view, tables, all_columns=columns)


def _grouped_counts(
    filterset, facet: Facet, view: QuerySet | None, tables: dict, columns
) -> dict[str, tuple[int, int]]:
    if facet.through:
        return _counts([facet], facet.through(), view, tables, facet.member)[facet.name]
    return _counts([facet], filterset.queryset, view, tables, all_columns=columns)[facet.name]


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
