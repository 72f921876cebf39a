"""The researchers' filters: explicit django-filter FilterSets, strict about bad values."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms.boundfield import BoundField

from areas.models import Region
from areas.selectors import MAX_NAME_LENGTH, UnknownArea, areas_named

from . import search
from .forms import printable
from .models import Finding, Inspection, Theme
from .vocabulary import ANY_OPTION, FindingKind, Framework, Outcome, SourceKind

YEARS = {"min_value": 2016, "max_value": 2100}


class SourceKindFilter:
    REPORT = "report"
    SECOND_HAND = "second_hand"
    CHOICES = [
        (REPORT, "The inspection report"),
        (SECOND_HAND, "Second-hand: a press release or news report"),
    ]


class SearchField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=200, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not search.has_terms(value):
            raise forms.ValidationError("Enter words to search for, such as EHC plans")


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class AreaBoxes(forms.Widget):
    """A text box per area asked for, and one more to add another: the form stays small
    however many areas there are, and works without JavaScript (govuk_field.html draws it)."""

    input_type = "text-boxes"

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name)


class AreaBoxesBoundField(BoundField):
    @property
    def boxes(self) -> list[str]:
        """The areas chosen by name (or what was typed, without control characters, if it named
        no area), then a blank box to add another."""
        cleaned = getattr(self.form, "cleaned_data", {}).get(self.name)
        if cleaned and not self.errors:
            return [*(area.name for area in cleaned), ""]
        value = self.value() or []
        typed = [value] if isinstance(value, str) else list(value)
        shown = [printable(v)[:MAX_NAME_LENGTH] for v in typed if v.strip()]
        return [*shown[:MAX_AREA_BOXES], ""]


MAX_AREA_BOXES = 20  # more boxes than a person fills; a longer address is not a person choosing


class AreasField(forms.Field):
    """Areas typed by address name, name, code, district or postcode (see `areas_named`)."""

    widget = AreaBoxes

    def get_bound_field(self, form, field_name):
        return AreaBoxesBoundField(form, self, field_name)

    def to_python(self, value) -> list[str]:
        typed = [value] if isinstance(value, str) else list(value or [])
        return [v.strip() for v in typed if v.strip()]

    def clean(self, value):
        typed = self.to_python(value)
        if len(typed) > MAX_AREA_BOXES:
            raise forms.ValidationError(f"Choose at most {MAX_AREA_BOXES} areas")
        try:
            return areas_named(typed) if typed else []
        except UnknownArea as error:
            raise forms.ValidationError(str(error)) from error


class AreaFilter(django_filters.Filter):
    """Rows of any of the areas typed; `field_name` is the path to the area."""

    field_class = AreasField

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs


def _is_applied(value) -> bool:
    # Choosing no themes cleans to an empty queryset; asking a queryset's truth would query it.
    if isinstance(value, QuerySet):
        return not value.query.is_empty()
    return value not in ([], "", None)


class PublishedFilters(django_filters.FilterSet):
    """Publication year or date range, shared by both lists; `published_path` says where."""

    # Filters that only order the rows: they change no count.
    ordering_only: tuple[str, ...] = ()

    published_path = "published"

    year = django_filters.NumberFilter(
        method="filter_year", label="Year published", **YEARS, widget=forms.NumberInput
    )
    published_after = django_filters.DateFilter(
        method="filter_after", label="Published on or after (YYYY-MM-DD)"
    )
    published_before = django_filters.DateFilter(
        method="filter_before", label="Published on or before (YYYY-MM-DD)"
    )

    def filter_year(self, queryset, name, value):
        return queryset.filter(**{f"{self.published_path}__year": int(value)})

    def filter_after(self, queryset, name, value):
        return queryset.filter(**{f"{self.published_path}__gte": value})

    def filter_before(self, queryset, name, value):
        return queryset.filter(**{f"{self.published_path}__lte": value})

    def applied_filters(self) -> list[str]:
        """The filters that narrow the rows (ordering aside)."""
        return [
            field
            for field, value in self.form.cleaned_data.items()
            if field not in self.ordering_only and _is_applied(value)
        ]

    def queryset_without(self, name: str) -> QuerySet | None:
        """The rows every applied filter but `name` keeps (a facet's counts are of these), or
        None if no other filter is applied: then they are all the rows."""
        queryset, applied = self.queryset, False
        for field, value in self.form.cleaned_data.items():
            if field != name and field not in self.ordering_only and _is_applied(value):
                queryset, applied = self.facet_filter(field, queryset, value), True
        return queryset if applied else None

    def facet_filter(self, name: str, queryset: QuerySet, value) -> QuerySet:
        """The rows filter `name` keeps, as a condition a facet's count can hold."""
        return self.filters[name].filter(queryset, value)

    def is_valid(self):
        valid = super().is_valid()
        data = self.form.cleaned_data if valid else {}
        after, before = data.get("published_after"), data.get("published_before")
        if after and before and after > before:
            self.form.add_error("published_before", "Enter a date on or after the first date")
            return False
        return valid


class FindingFilter(PublishedFilters):
    published_path = "inspection__published"

    q = SearchFilter(method="filter_search", label="Words in the finding")
    kind = django_filters.MultipleChoiceFilter(
        choices=FindingKind.choices,
        label="Kind of finding",
        widget=forms.CheckboxSelectMultiple,
        distinct=False,  # a column of the finding itself: no join, so no duplicates to remove
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_themes",
        label="Theme",
        widget=forms.CheckboxSelectMultiple,
    )
    area = AreaFilter(field_name="inspection__area", label="Area")
    region = django_filters.ChoiceFilter(
        choices=Region.choices,
        field_name="inspection__area__region",
        label="Region",
        empty_label=ANY_OPTION["region"],
    )
    outcome = django_filters.MultipleChoiceFilter(
        choices=Outcome.choices,
        field_name="inspection__outcome",
        label="Outcome of the inspection",
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    framework = django_filters.ChoiceFilter(
        choices=Framework.choices,
        field_name="inspection__framework",
        label="Framework",
        empty_label=ANY_OPTION["framework"],
    )
    source_kind = django_filters.ChoiceFilter(
        choices=SourceKindFilter.CHOICES,
        method="filter_source_kind",
        label="Where it is quoted from",
        empty_label=ANY_OPTION["source_kind"],
    )

    class Meta:
        model = Finding
        fields = []

    def filter_themes(self, queryset, name, themes):
        if not themes:
            return queryset
        through = Finding.themes.through.objects.filter(finding=OuterRef("pk"), theme__in=themes)
        return queryset.filter(Exists(through))

    def filter_source_kind(self, queryset, name, value):
        report = Q(source__kind=SourceKind.OFSTED_REPORT)
        return queryset.filter(report if value == SourceKindFilter.REPORT else ~report)

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value) if value else queryset

    def facet_filter(self, name, queryset, value):
        if name == "q":  # the list's search ranks by a join a facet's subquery cannot hold
            return search.matching(queryset, value)
        return super().facet_filter(name, queryset, value)


class DueFilter:
    ALREADY = "already"
    CHOICES = [(ALREADY, "Already due as of the data’s date")]
    KINDS = [("monitoring", "Monitoring inspection"), ("full", "Full reinspection")]


class InspectionFilter(PublishedFilters):
    ordering_only = ("sort",)

    area = AreaFilter(field_name="area", label="Area")
    region = django_filters.ChoiceFilter(
        choices=Region.choices,
        field_name="area__region",
        label="Region",
        empty_label=ANY_OPTION["region"],
    )
    outcome = django_filters.MultipleChoiceFilter(
        choices=Outcome.choices,
        label="Outcome",
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    framework = django_filters.ChoiceFilter(
        choices=Framework.choices, label="Framework", empty_label=ANY_OPTION["framework"]
    )
    next_kind = django_filters.ChoiceFilter(
        choices=DueFilter.KINDS,
        method="filter_next_kind",
        label="Next inspection",
        empty_label=ANY_OPTION["next_kind"],
    )
    due_before = django_filters.DateFilter(
        method="filter_due_before", label="Next inspection due before (YYYY-MM-DD)"
    )
    due = django_filters.ChoiceFilter(
        choices=DueFilter.CHOICES,
        method="filter_due",
        label="Already due",
        empty_label=ANY_OPTION["due"],
    )
    sort = django_filters.OrderingFilter(
        fields=[
            ("area__name", "area"),
            ("area__region", "region"),
            ("published", "published"),
            ("outcome", "outcome"),
            ("next_monitoring_due", "monitoring_due"),
            ("next_full_due", "full_due"),
        ],
        label="Sort by",
        empty_label=ANY_OPTION["sort"],
    )

    class Meta:
        model = Inspection
        fields = []

    def __init__(self, *args, as_of=None, **kwargs):
        self.as_of = as_of
        super().__init__(*args, **kwargs)

    def _due_fields(self) -> list[str]:
        kind = self.form.cleaned_data.get("next_kind")
        return {"monitoring": ["next_monitoring_due"], "full": ["next_full_due"]}.get(
            kind, ["next_monitoring_due", "next_full_due"]
        )

    @staticmethod
    def next_kind_condition(value: str) -> Q:
        field = "next_monitoring" if value == "monitoring" else "next_full"
        return Q(**{f"{field}__gt": ""}) | Q(**{f"{field}_due__isnull": False})

    def due_before_condition(self, value) -> Q:
        condition = Q()
        for field in self._due_fields():
            condition |= Q(**{f"{field}__lt": value})
        return condition

    def due_condition(self) -> Q:
        """Already due as of the data's date; with no date, every inspection (as the filter)."""
        return self.due_before_condition(self.as_of) if self.as_of else Q(pk__isnull=False)

    def filter_next_kind(self, queryset, name, value):
        return queryset.filter(self.next_kind_condition(value))

    def filter_due_before(self, queryset, name, value):
        return queryset.filter(self.due_before_condition(value))

    def filter_due(self, queryset, name, value):
        return queryset.filter(self.due_condition())
