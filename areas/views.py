from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from reports.outcomes import OLDER_FRAMEWORK
from reports.selectors import data_currency
from send_inspections.views import ReadOnlyMixin

from . import selectors
from .forms import AreaSearchForm


class AreaIndexView(ReadOnlyMixin, TemplateView):
    """Home: find your area by name, or browse every area by region."""

    template_name = "areas/area_index.html"
    single_valued_parameters = ("q",)

    def get_context_data(self, **kwargs):
        form = AreaSearchForm(self.request.GET or None)
        areas = selectors.areas_with_latest()  # one fetch serves the search and the directory
        search = None
        if form.is_bound and form.is_valid() and "q" in self.request.GET:
            search = selectors.search_areas(query=form.cleaned_data["q"], areas=areas)
        return super().get_context_data(
            form=form,
            search=search,
            regions=selectors.area_directory(areas=areas),
            currency=data_currency(),
            **kwargs,
        )


class AreaDetailView(ReadOnlyMixin, DetailView):
    template_name = "areas/area_detail.html"
    context_object_name = "area"

    def get_object(self, queryset=None):
        self.page = selectors.area_page(slug=self.kwargs["slug"])
        return self.page.area

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page,
            older_framework=OLDER_FRAMEWORK,
            currency=data_currency(),
            today=timezone.localdate(),
            **kwargs,
        )
