"""The data releases page and the Atom feeds of new inspections and reports."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from reports.api import releases as api_releases
from reports.selectors.releases import FEED_LICENCE, feed_area, feed_entries, releases_page
from reports.views.base import PageNumberMixin, PageView, ReadOnlyMixin


class ReleaseListView(PageNumberMixin, PageView):
    """Every data release, newest first, with what it changed."""

    template_name = "reports/release_list.html"
    serialiser = staticmethod(api_releases.release_list)

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_obj=self.requested_page(releases_page), **kwargs)


class EntriesFeed(Feed):
    """New inspections and reports as Atom: `obj` is an area, or None for all of England."""

    feed_type = Atom1Feed
    feed_copyright = FEED_LICENCE

    @staticmethod
    def known_parameters() -> frozenset[str]:
        return frozenset()  # a feed reads none (ReadOnlyMixin.known_parameters)

    def __call__(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):  # as every page: GET only
            return ReadOnlyMixin().http_method_not_allowed(request)
        return super().__call__(request, *args, **kwargs)

    def items(self, obj):
        return feed_entries(area=obj)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.id

    def item_updateddate(self, item):
        return item.updated

    def item_copyright(self, item):
        return item.licence


class NationalFeed(EntriesFeed):
    title = "Area SEND inspections in England: new inspections and reports"
    subtitle = "Each inspection as the national table publishes it, and each report we hold."

    def get_object(self, request, *args, **kwargs):
        return None

    def link(self):
        return reverse("reports:releases")

    def feed_url(self):
        return reverse("reports:releases-feed")


class AreaFeed(EntriesFeed):
    def get_object(self, request, slug):
        return feed_area(slug=slug)

    def title(self, obj):
        return f"{obj.name}: new area SEND inspections and reports"

    def subtitle(self, obj):
        return f"Each inspection of {obj.name} as the national table publishes it, and each report."

    def link(self, obj):
        return reverse("reports:area", args=[obj.slug])

    def feed_url(self, obj):
        return reverse("reports:area-feed", args=[obj.slug])
