"""A finding's own page, at its permanent address, and its JSON twin."""

from django.conf import settings
from django.urls import reverse

from reports.api import findings as api_findings
from reports.selectors.finding import finding_page
from reports.views.base import PageView
from reports.vocabulary import THEMES_BY_RULES


class FindingDetailView(PageView):
    template_name = "reports/finding_detail.html"
    serialiser = staticmethod(api_findings.finding_detail)

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
