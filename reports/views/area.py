"""Finding an area, a region's areas, and an area's page."""

from django.shortcuts import redirect
from django.urls import reverse

from areas.selectors import search_areas
from reports.api import areas as api
from reports.forms import AreaSearchForm
from reports.selectors.area import area_context, area_page
from reports.selectors.common import areas_with_latest, districts
from reports.selectors.help import what_you_can_do
from reports.selectors.regions import region_page, region_summaries
from reports.views.base import PageNumberMixin, PageView


class HomeView(PageView):
    """Find your area by name, district, town, code or postcode, or browse the regions."""

    template_name = "reports/area_index.html"
    single_valued_parameters = ("q",)
    serialiser = staticmethod(api.home)

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        search = context["search"]
        if search and search.destination:
            # A postcode, or a town in one area, names one area: take the parent straight to it.
            return redirect(self.twin_of(reverse("reports:area", args=[search.destination.slug])))
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        form = AreaSearchForm(self.request.GET or None)
        search = None
        if form.is_bound and form.is_valid() and "q" in self.request.GET:
            search = search_areas(
                query=form.cleaned_data["q"],
                areas=areas_with_latest(),
                districts=districts(),
            )
        regions = region_summaries()
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
    serialiser = staticmethod(api.region)

    def get_context_data(self, **kwargs):
        region = self.requested_page(region_page, slug=self.kwargs["slug"])
        return super().get_context_data(region=region, **kwargs)


class AreaDetailView(PageView):
    template_name = "reports/area_detail.html"
    serialiser = staticmethod(api.area_page)

    def get_context_data(self, **kwargs):
        page = area_page(slug=self.kwargs["slug"])
        return super().get_context_data(
            page=page,
            area=page.area,
            area_context=area_context(area=page.area),
            what_you_can_do=what_you_can_do(page=page),
            **kwargs,
        )
