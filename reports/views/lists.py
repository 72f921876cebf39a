"""The researchers' filtered lists of findings and inspections, with their downloads."""

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest

from reports import exports
from reports.describe import applied_filters, describe_filters, export_filename
from reports.filters import FindingFilter, InspectionFilter
from reports.forms import printable
from reports.models import Finding, Inspection
from reports.selectors.common import data_currency
from reports.views.base import PageNumberMixin, PageView, QueryParameterError


class FilteredListView(PageNumberMixin, PageView):
    """A filtered, paginated list with CSV and JSON twins of exactly the current view.

    Invalid filters are a 400 page with the GOV.UK error summary (or a plain 400 for a download),
    never an unfiltered list pretending to be filtered.
    """

    filterset_class: type
    table: exports.Table
    paginate_by = 25
    single_valued_parameters = ("page", "format", "q", "region", "framework", "year",
                                "published_after", "published_before", "source_kind",
                                "next_kind", "due_before", "due", "sort")  # fmt: skip

    def filterset(self, currency):
        return self.filterset_class(
            self.request.GET, queryset=self.base_queryset(), **self.filterset_kwargs(currency)
        )

    def filterset_kwargs(self, currency) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        currency = data_currency()
        filterset = self.filterset(currency)
        export = request.GET.get("format", "")
        if export not in ("", "csv", "json"):
            raise QueryParameterError("The “format” parameter must be csv or json.")
        if not filterset.is_valid():
            if export:
                # A message may quote the bad value, NUL and all.
                errors = printable(
                    "; ".join(f"{n}: {' '.join(m)}" for n, m in filterset.errors.items())
                )
                return HttpResponseBadRequest(
                    f"Invalid filter, nothing exported. {errors}\n", content_type="text/plain"
                )
            context = self.get_context_data(filter=filterset, currency=currency, invalid=True)
            return self.render_to_response(context, status=400)
        queryset = filterset.qs
        description = describe_filters(filterset)
        if export:
            return self.export(export, queryset, filterset, description, currency)
        paginator = Paginator(queryset, self.paginate_by)
        page = self.requested_page(lambda page: paginator.page(page))
        context = self.get_context_data(
            filter=filterset,
            page_obj=page,
            rows=self.page_rows(page.object_list),
            count=page.paginator.count,
            description=description,
            currency=currency,
            active=bool(description),
        )
        return self.render_to_response(context)

    def page_rows(self, rows):
        return rows

    def export(self, export, queryset, filterset, description, currency):
        meta = {}
        if export == "json":  # only JSON carries these, and counting a large search takes seconds
            meta = {
                "filters": applied_filters(filterset),
                "description": description or "All rows",
                "count": queryset.count(),
                "data_as_of": currency.as_of.isoformat() if currency.as_of else None,
                "licence": "Open Government Licence v3.0 (reports); see /about/ for others",
            }
        return exports.download(
            self.table,
            self.table.queryset_for(queryset),
            extension=export,
            filename=export_filename(self.table.name, filterset, currency.as_of, export),
            meta=meta,
        )


class FindingListView(FilteredListView):
    template_name = "reports/finding_list.html"
    filterset_class = FindingFilter
    table = exports.FINDINGS

    def base_queryset(self):
        return Finding.objects.order_by(
            "-inspection__published", "inspection__area__name", "kind", "order"
        )

    def page_rows(self, rows):
        return list(rows.select_related("inspection__area", "source").prefetch_related("themes"))


class InspectionListView(FilteredListView):
    template_name = "reports/inspection_list.html"
    filterset_class = InspectionFilter
    table = exports.INSPECTIONS

    def base_queryset(self):
        return Inspection.objects.order_by("area__name", "-published", "-start_date", "pk")

    def filterset_kwargs(self, currency) -> dict:
        return {"as_of": currency.as_of}

    def page_rows(self, rows):
        return list(rows.select_related("area"))

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
