"""The site's pages. Views are thin: each asks one selector for what its page shows."""

import csv
import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.paginator import InvalidPage, Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import RedirectView, TemplateView, View

from areas.selectors import MAX_NAME_LENGTH, search_areas

from . import compare, exports, selectors
from .describe import applied_filters, describe_filters, export_filename
from .filters import FindingFilter, InspectionFilter
from .forms import AreaSearchForm, printable
from .glossary import GLOSSARY_TERMS
from .models import Finding, Inspection
from .outcomes import OLDER_FRAMEWORK


class QueryParameterError(BadRequest):
    """A request's query string is malformed; the message is safe to show."""


class ReadOnlyMixin:
    """Pages answer GET and HEAD only; anything else gets the 405 page, not an empty body."""

    http_method_names = ["get", "head"]
    single_valued_parameters: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        for name in self.single_valued_parameters:
            if len(request.GET.getlist(name)) > 1:
                raise QueryParameterError(f"The “{name}” parameter was given more than once.")
        return super().dispatch(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        allowed = ", ".join(m.upper() for m in self.http_method_names)
        response = render(request, "405.html", {"allowed": allowed}, status=405)
        response["Allow"] = allowed
        return response


class PageNumberMixin:
    """Pages of a long list: `?page=` once, and a number that is not a page of it is a 404."""

    single_valued_parameters: tuple[str, ...] = ("page",)

    def requested_page(self, fetch, **kwargs):
        """`fetch(page=…, **kwargs)` for the page the address asks for (the first if none)."""
        try:
            return fetch(page=self.request.GET.get("page") or 1, **kwargs)
        except InvalidPage:
            raise Http404("There is no such page of results.") from None


class PageView(ReadOnlyMixin, TemplateView):
    """A page with the data currency every page shows."""

    def get_context_data(self, **kwargs):
        if "currency" not in kwargs:  # the lists pass the one they already read
            kwargs["currency"] = selectors.data_currency()
        return super().get_context_data(**kwargs)


class HomeView(PageView):
    """Find your area by name, district, code or postcode, or browse the regions."""

    template_name = "reports/area_index.html"
    single_valued_parameters = ("q",)

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        search = context["search"]
        if search and search.postcode_status == "found" and len(search.matches) == 1:
            # A postcode names one area: take the parent straight to it.
            return redirect(search.matches[0].get_absolute_url())
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        form = AreaSearchForm(self.request.GET or None)
        search = None
        if form.is_bound and form.is_valid() and "q" in self.request.GET:
            search = search_areas(
                query=form.cleaned_data["q"],
                areas=selectors.areas_with_latest(),
                districts=selectors.districts(),
            )
        regions = selectors.region_summaries()
        return super().get_context_data(
            form=form,
            search=search,
            regions=regions,
            area_count=sum(region.areas for region in regions),
            **kwargs,
        )


class RegionView(PageNumberMixin, PageView):
    """One region's areas, 50 to a page."""

    template_name = "reports/region_detail.html"

    def get_context_data(self, **kwargs):
        region = self.requested_page(selectors.region_page, slug=self.kwargs["slug"])
        return super().get_context_data(region=region, **kwargs)


class AreaDetailView(PageView):
    template_name = "reports/area_detail.html"

    def get_context_data(self, **kwargs):
        page = selectors.area_page(slug=self.kwargs["slug"])
        return super().get_context_data(
            page=page,
            area=page.area,
            older_framework=OLDER_FRAMEWORK,
            area_context=compare.area_context(area=page.area),
            **kwargs,
        )


class SourceDetailView(PageView):
    template_name = "reports/source_detail.html"

    def get_context_data(self, **kwargs):
        page = selectors.source_page(slug=self.kwargs["slug"])
        return super().get_context_data(page=page, source=page.source, **kwargs)


class SourceFileView(ReadOnlyMixin, View):
    """The project's own copy of a source document, to read or download."""

    def get(self, request, slug):
        source = selectors.source_page(slug=slug).source
        root = Path(settings.SOURCES_DIR).resolve()
        path = (root / source.file).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise Http404("The project holds no copy of this document.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            # Browsers show plain text but download text/markdown; every copy is UTF-8.
            content_type = (
                "text/csv" if path.suffix == ".csv" else "text/plain"
            ) + "; charset=utf-8"
        return FileResponse(path.open("rb"), content_type=content_type, filename=path.name)


class AboutView(PageView):
    template_name = "reports/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            source_counts=selectors.sources_by_kind(),
            data_tables=selectors.data_tables(),
            **kwargs,
        )


class SourceListView(PageNumberMixin, PageView):
    """Every source document, 50 to a page, with how many of each kind."""

    template_name = "reports/source_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_obj=self.requested_page(selectors.sources_page),
            source_counts=selectors.sources_by_kind(),
            **kwargs,
        )


class DataQualityView(PageNumberMixin, PageView):
    """The gaps and disagreements in the data, by area, 50 notes to a page."""

    template_name = "reports/data_quality.html"

    def get_context_data(self, **kwargs):
        page_obj = self.requested_page(selectors.data_notes_page)
        return super().get_context_data(page_obj=page_obj, **kwargs)


class GlossaryView(PageView):
    template_name = "reports/glossary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(terms=GLOSSARY_TERMS, **kwargs)


class AccessibilityView(PageView):
    template_name = "reports/accessibility.html"


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
        currency = selectors.data_currency()
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


class DataView(PageView):
    template_name = "reports/data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tables=exports.TABLES.values(), **kwargs)


class DataTableView(ReadOnlyMixin, View):
    """A whole table as CSV or JSON, at a stable address."""

    def get(self, request, name, extension):
        table = exports.TABLES.get(name)
        if table is None or extension not in ("csv", "json"):
            raise Http404("There is no such download.")
        as_of = selectors.data_currency().as_of
        return exports.download(
            table,
            table.queryset_for(table.queryset()),
            extension=extension,
            filename=f"{name}.{extension}",
            meta={"table": name, "data_as_of": as_of.isoformat() if as_of else None},
        )


class DataPackageView(ReadOnlyMixin, View):
    def get(self, request):
        descriptor = exports.datapackage(as_of=selectors.data_currency().as_of)
        return JsonResponse(descriptor, json_dumps_params={"indent": 2, "ensure_ascii": False})


class FaviconView(ReadOnlyMixin, RedirectView):
    """Browsers ask for /favicon.ico whatever the page says; point them at the real icon."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


def bad_request(request, exception=None):
    message = str(exception) if isinstance(exception, QueryParameterError) else ""
    return render(request, "400.html", {"message": message}, status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Render without the database: it may be the thing that failed.
    return render(request, "500.html", status=500)


# Comparing areas, themes and England's outcomes (selectors in reports/compare.py).
class CompareView(PageView):
    """2 to 4 areas side by side, chosen with a plain GET form and kept in the address.

    The form's boxes take names as typed; the page redirects to the address that names the
    areas by their address names, so every comparison has one shareable, cacheable address.
    A choice that names no area, or several, shows the form again with the problem.
    """

    template_name = "reports/compare.html"

    def get(self, request, *args, **kwargs):
        if "area" not in request.GET:
            return self.render_to_response(self.get_context_data(slugs=None))
        typed = request.GET.getlist("area")
        try:
            chosen = compare.clean_area_choices(typed)
        except compare.InvalidComparison as error:
            # What was typed goes back in the boxes to correct, without control characters.
            shown = [printable(value)[:MAX_NAME_LENGTH] for value in typed]
            context = self.get_context_data(error=str(error), boxes=compare.area_boxes(shown))
            return self.render_to_response(context, status=400)
        if chosen != typed:
            return redirect(f"{reverse('reports:compare')}?{compare.compare_query(chosen)}")
        return self.render_to_response(self.get_context_data(slugs=chosen))

    def get_context_data(self, *, slugs=None, error="", boxes=None, **kwargs):
        page = None
        if not error:
            try:
                page = compare.comparison(slugs=slugs)
            except compare.InvalidComparison as problem:
                raise QueryParameterError(str(problem)) from problem
            boxes = page.boxes
        return super().get_context_data(
            page=page, error=error, boxes=boxes, older_framework=OLDER_FRAMEWORK, **kwargs
        )


class ThemeListView(PageView):
    template_name = "reports/theme_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            overview=compare.theme_overview(), kinds=compare.KINDS.values(), **kwargs
        )


class ThemeDetailView(PageNumberMixin, PageView):
    """A theme's counts, and its areas told to improve it quoted 20 to a page."""

    template_name = "reports/theme_detail.html"

    def get_context_data(self, **kwargs):
        page = self.requested_page(compare.theme_page, slug=self.kwargs["slug"])
        return super().get_context_data(page=page, theme=page.theme, **kwargs)


class OutcomesView(PageView):
    template_name = "reports/outcomes.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(overview=compare.national_overview(), **kwargs)


class ChartCSVView(ReadOnlyMixin, View):
    """A chart's numbers as CSV: the same rows as the table beside the chart."""

    def get_charts(self) -> dict[str, compare.Chart]:
        raise NotImplementedError

    def get(self, request, chart):
        charts = self.get_charts()
        if chart not in charts:
            raise Http404("No such chart.")
        found = charts[chart]
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{found.csv_name}"'
        writer = csv.writer(response)
        writer.writerow(found.columns)
        writer.writerows(found.rows)
        return response


class CompareCSVView(ChartCSVView):
    def get_charts(self):
        slugs = None
        if "area" in self.request.GET:
            try:
                slugs = compare.clean_area_choices(self.request.GET.getlist("area"))
            except compare.InvalidComparison as error:
                raise QueryParameterError(str(error)) from error
        return compare.comparison(slugs=slugs).charts


class OutcomesCSVView(ChartCSVView):
    def get_charts(self):
        return compare.national_overview().charts
