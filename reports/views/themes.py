"""The themes, and each theme's page."""

from reports.api.themes import theme_detail, theme_list
from reports.selectors.themes import theme_overview, theme_page
from reports.views.base import PageNumberMixin, PageView
from reports.vocabulary import KINDS


class ThemeListView(PageView):
    template_name = "reports/theme_list.html"
    serialiser = staticmethod(theme_list)

    def get_context_data(self, **kwargs):
        return super().get_context_data(overview=theme_overview(), kinds=KINDS.values(), **kwargs)


class ThemeDetailView(PageNumberMixin, PageView):
    """A theme's counts, and its areas told to improve it quoted 20 to a page."""

    template_name = "reports/theme_detail.html"
    serialiser = staticmethod(theme_detail)

    def get_context_data(self, **kwargs):
        page = self.requested_page(theme_page, slug=self.kwargs["slug"])
        return super().get_context_data(page=page, theme=page.theme, **kwargs)
