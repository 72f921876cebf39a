"""The researchers' filtered lists of findings and inspections, with their downloads."""

from django.http import HttpResponseBadRequest
from django_filters.views import FilterView

from reports import api, exports
from reports.describe import applied_filters, describe_filters, export_filename
from reports.filters import FindingFilter, InspectionFilter
from reports.forms import printable
from reports.selectors.common import data_currency
from reports.selectors.lists import (
    FINDING_FACETS,
    INSPECTION_FACETS,
    Facet,
    facet_counts,
    finding_list,
    finding_rows,
    inspection_list,
    inspection_rows,
)
from reports.views.base import CurrencyMixin, PageNumberMixin, QueryParameterError, ReadOnlyMixin


class FilteredListView(PageNumberMixin, ReadOnlyMixin, CurrencyMixin, FilterView):
    """A filtered, paginated list with CSV and JSON twins of exactly the current view.

    Invalid filters are a 400 page with the GOV.UK error summary (or a plain 400 for a download),
    never an unfiltered list pretending to be filtered: FilterView's own `get` shows an empty
    list with status 200 instead, so `get` is this view's.
    """

    table: exports.Table
    facets: list[Facet]
    paginate_by = 25
    single_valued_parameters = ("page", "format", "q", "region", "framework", "year",
                                "published_after", "published_before", "source_kind",
                                "next_kind", "due_before", "due", "sort")  # fmt: skip
    # The filters' own names are known too (ReadOnlyMixin.known_parameters).

    def get_filterset_kwargs(self, filterset_class):
        # Bound even with no parameters, so the form and the description read the same
        # whether or not the address has a query string.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def paginate_queryset(self, queryset, page_size):
        # PageNumberMixin's rule for every list: a page that is not one is a 404 ("last" too).
        page = self.requested_page(lambda page: self.get_paginator(queryset, page_size).page(page))
        return page.paginator, page, page.object_list, page.has_other_pages()

    def get(self, request, *args, **kwargs):
        self.currency = data_currency()
        self.filterset = self.get_filterset(self.get_filterset_class())
        export = request.GET.get("format", "")
        if export not in ("", "csv", "json"):
            raise QueryParameterError("The “format” parameter must be csv or json.")
        if not self.filterset.is_valid():
            return self.invalid(export)
        self.object_list = self.filterset.qs
        description = describe_filters(self.filterset)
        if export:
            return self.export(export, description)
        # The form's options show them (templatetags/lists.py's `offered`).
        self.filterset.form.facets = facet_counts(self.filterset, self.facets)
        context = self.get_context_data(
            filter=self.filterset,
            object_list=self.object_list,
            description=description,
            currency=self.currency,
            active=bool(description),
            json_twin_url=f"?{api.with_format(request.GET)}",
        )
        context.update(rows=self.page_rows(context["page_obj"].object_list))
        context.update(count=context["paginator"].count)
        return self.render_to_response(context)

    def invalid(self, export: str):
        if export:
            # A message may quote the bad value, NUL and all.
            errors = printable(
                "; ".join(f"{n}: {' '.join(m)}" for n, m in self.filterset.errors.items())
            )
            return HttpResponseBadRequest(
                f"Invalid filter, nothing exported. {errors}\n", content_type="text/plain"
            )
        self.object_list = self.filterset.queryset.none()
        self.paginate_by = None  # no page of nothing: ?page=5 of a bad filter is still a 400
        context = self.get_context_data(
            filter=self.filterset,
            object_list=self.object_list,
            currency=self.currency,
            invalid=True,
        )
        return self.render_to_response(context, status=400)

    def page_rows(self, rows):
        return rows

    def export(self, export: str, description: str):
        meta = {}
        if export == "json":  # only JSON carries these, and counting a large search takes seconds
            # The envelope every page's twin has (reports/api/), then the list's own fields.
            meta = api.envelope(
                self.request,
                currency=self.currency,
                fields={
                    "filters": applied_filters(self.filterset),
                    "description": description or "All rows",
                    "count": self.object_list.count(),
                },
            )
        return exports.download(
            self.table,
            self.table.queryset_for(self.object_list),
            extension=export,
            filename=export_filename(self.table.name, self.filterset, self.currency.as_of, export),
            meta=meta,
        )


class FindingListView(FilteredListView):
    template_name = "reports/finding_list.html"
    filterset_class = FindingFilter
    table = exports.FINDINGS
    facets = FINDING_FACETS

    def get_queryset(self):
        return finding_list()

    def page_rows(self, rows):
        return finding_rows(rows)


class InspectionListView(FilteredListView):
    template_name = "reports/inspection_list.html"
    filterset_class = InspectionFilter
    table = exports.INSPECTIONS
    facets = INSPECTION_FACETS

    def get_queryset(self):
        return inspection_list()

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "as_of": self.currency.as_of}

    def page_rows(self, rows):
        return inspection_rows(rows)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sort_columns=[
                ("area", "Area"),
                ("region", "Region"),
                ("published", "Published"),
                ("outcome", "Outcome"),
                ("monitoring_due", "Monitoring due"),
                ("full_due", "Full inspection due"),
            ],
            current_sort=self.request.GET.get("sort", ""),
            **kwargs,
        )
