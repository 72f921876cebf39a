"""England's outcomes, and their charts' numbers as CSV."""

from reports.selectors.national import national_overview
from reports.views.base import PageView
from reports.views.compare import ChartCSVView


class OutcomesView(PageView):
    template_name = "reports/outcomes.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(overview=national_overview(), **kwargs)


class OutcomesCSVView(ChartCSVView):
    def get_charts(self):
        return national_overview().charts
