"""Comparing areas, and the compare charts' numbers as CSV."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import View

from areas.selectors import MAX_NAME_LENGTH
from reports.api.compare import comparison as serialise_comparison
from reports.charts import Chart
from reports.forms import printable
from reports.selectors.compare import (
    InvalidComparison,
    area_boxes,
    clean_area_choices,
    compare_query,
    comparison,
)
from reports.views.base import PageView, QueryParameterError, ReadOnlyMixin
from reports.vocabulary import OLDER_FRAMEWORK


# Comparing areas, themes and England's outcomes (selectors in reports/compare.py).
class CompareView(PageView):
    """2 to 4 areas side by side, chosen with a plain GET form and kept in the address.

    The form's boxes take names as typed; the page redirects to the address that names the
    areas by their address names, so every comparison has one shareable, cacheable address.
    A choice that names no area, or several, shows the form again with the problem.
    """

    template_name = "reports/compare.html"
    serialiser = staticmethod(serialise_comparison)
    query_parameters = ("area",)

    def get(self, request, *args, **kwargs):
        if "area" not in request.GET:
            return self.render_to_response(self.get_context_data(slugs=None))
        typed = request.GET.getlist("area")
        try:
            chosen = clean_area_choices(typed)
        except InvalidComparison as error:
            # What was typed goes back in the boxes to correct, without control characters.
            shown = [printable(value)[:MAX_NAME_LENGTH] for value in typed]
            context = self.get_context_data(error=str(error), boxes=area_boxes(shown))
            return self.render_to_response(context, status=400)
        if chosen != typed:
            return redirect(self.twin_of(f"{reverse('reports:compare')}?{compare_query(chosen)}"))
        return self.render_to_response(self.get_context_data(slugs=chosen))

    def get_context_data(self, *, slugs=None, error="", boxes=None, **kwargs):
        page = None
        if not error:
            try:
                page = comparison(slugs=slugs)
            except InvalidComparison as problem:
                raise QueryParameterError(str(problem)) from problem
            boxes = page.boxes
        return super().get_context_data(
            page=page, error=error, boxes=boxes, older_framework=OLDER_FRAMEWORK, **kwargs
        )


class ChartCSVView(ReadOnlyMixin, View):
    """A chart's numbers as CSV: the same rows as the table beside the chart."""

    def get_charts(self) -> dict[str, Chart]:
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
    query_parameters = ("area",)

    def get_charts(self):
        slugs = None
        if "area" in self.request.GET:
            try:
                slugs = clean_area_choices(self.request.GET.getlist("area"))
            except InvalidComparison as error:
                raise QueryParameterError(str(error)) from error
        return comparison(slugs=slugs).charts
