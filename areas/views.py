from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from reports.outcomes import OLDER_FRAMEWORK
from reports.selectors import data_currency, inspection_page
from send_inspections.glossary import terms_used_in
from send_inspections.views import ReadOnlyMixin

from . import selectors
from .forms import AreaSearchForm


class AreaIndexView(ReadOnlyMixin, TemplateView):
    """Home: find your area by name, or browse every area by region."""

    template_name = "areas/area_index.html"
    single_valued_parameters = ("q",)

    def get_context_data(self, **kwargs):
        form = AreaSearchForm(self.request.GET or None)
        search = None
        if form.is_bound and form.is_valid() and "q" in self.request.GET:
            search = selectors.search_areas(query=form.cleaned_data["q"])
        return super().get_context_data(
            form=form,
            search=search,
            regions=selectors.area_directory(),
            currency=data_currency(),
            **kwargs,
        )


class AreaDetailView(ReadOnlyMixin, DetailView):
    template_name = "areas/area_detail.html"
    context_object_name = "area"

    def get_object(self, queryset=None):
        return selectors.area_detail(slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        area = self.object
        pages = [inspection_page(inspection=i) for i in area.inspection_list]
        sources = {s.pk: s for i in area.inspection_list for s in i.sources.all()}
        quoted = [
            text
            for i in area.inspection_list
            for text in [
                i.outcome_text,
                *(f.text for f in i.findings.all()),
                *(r.text for r in i.responses.all()),
            ]
        ]
        return super().get_context_data(
            latest=pages[0] if pages else None,
            earlier=pages[1:],
            older_framework=OLDER_FRAMEWORK,
            glossary_terms=terms_used_in(quoted),
            sources=sorted(sources.values(), key=lambda s: s.title),
            currency=data_currency(),
            today=timezone.localdate(),
            **kwargs,
        )
