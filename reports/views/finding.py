"""A finding's own page, at its permanent address, and its JSON twin."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse

from reports import exports
from reports.selectors.finding import finding_page, finding_record
from reports.views.base import PageView, QueryParameterError
from reports.vocabulary import THEMES_BY_RULES


class FindingDetailView(PageView):
    template_name = "reports/finding_detail.html"
    single_valued_parameters = ("format",)

    def get(self, request, *args, **kwargs):
        export = request.GET.get("format", "")
        if export not in ("", "json"):
            raise QueryParameterError("The “format” parameter must be json.")
        context = self.get_context_data(**kwargs)
        if not export:
            return self.render_to_response(context)
        as_of = context["currency"].as_of
        # As the lists' JSON: what the data is as of and its licence, then the finding's row.
        payload = {
            "data_as_of": as_of.isoformat() if as_of else None,
            "licence": exports.JSON_LICENCE,
            "finding": finding_record(context["page"]),
        }
        return JsonResponse(
            payload,
            content_type="application/json; charset=utf-8",
            json_dumps_params={"ensure_ascii": False},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = finding_page(
            identifier=self.kwargs["identifier"],
            url=self.request.build_absolute_uri(self.request.path),
            site_name=settings.SERVICE_NAME,
            as_of=context["currency"].as_of,
        )
        crumbs = [("Findings", reverse("reports:findings"))]
        return {
            **context,
            "page": page,
            "finding": page.finding,
            "crumbs": crumbs,
            "rules_marker": THEMES_BY_RULES,
        }
