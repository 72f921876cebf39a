"""England's outcomes, and their charts' numbers as CSV."""

from reports.api.national import outcomes
from reports.selectors.common import data_currency
from reports.selectors.crossframe import cross_framework
from reports.selectors.national import national_overview
from reports.views.base import PageView
from reports.views.compare import ChartCSVView


class OutcomesView(PageView):
    template_name = "reports/outcomes.html"
    serialiser = staticmethod(outcomes)

    def get_context_data(self, **kwargs):
        overview, currency = national_overview(), data_currency()
        cross = cross_framework(national=overview.areas, currency=currency)
        return super().get_context_data(overview=overview, cross=cross, currency=currency, **kwargs)


class OutcomesCSVView(ChartCSVView):
    def get_charts(self):
        overview = national_overview()
        if self.kwargs["chart"] in overview.charts:  # the others need no 2016 to 2022 results
            return overview.charts
        cross = cross_framework(national=overview.areas, currency=data_currency())
        return {cross.chart.slug: cross.chart}
