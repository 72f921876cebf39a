"""The home page's regions and each region's page of areas."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import Http404

from areas.models import Area, Region
from areas.selectors import Hit
from reports.selectors.common import areas_with_latest
from reports.vocabulary import NOT_STATED_REGION_LONG, Framework, region_slug


@dataclass
class RegionSummary:
    code: str
    name: str
    slug: str
    areas: int
    inspected: int  # areas with an inspection under the 2023 framework


def region_summaries() -> list[RegionSummary]:
    """Each region with its number of areas, in one query: the home page stays small."""
    counts = {
        row["region"]: row
        for row in Area.objects.values("region").annotate(
            areas=Count("pk", distinct=True),
            inspected=Count(
                "pk", filter=Q(inspections__framework=Framework.AREA_SEND_2023), distinct=True
            ),
        )
    }
    codes = [*Region.values, ""]
    return [
        RegionSummary(
            code=code,
            name=Region(code).label if code else NOT_STATED_REGION_LONG,
            slug=region_slug(code),
            areas=counts[code]["areas"],
            inspected=counts[code]["inspected"],
        )
        for code in codes
        if code in counts
    ]


AREAS_PER_REGION_PAGE = 50  # more than any real region has


@dataclass
class RegionPage:
    code: str
    name: str
    page_obj: Page  # of the region's areas by name, each with `latest`

    @property
    def areas(self) -> list[Area]:
        return self.page_obj.object_list

    @property
    def hits(self) -> list[Hit]:
        """The areas as the area list shows them (the same list as a search's results)."""
        return [Hit(area) for area in self.areas]

    @property
    def count(self) -> int:
        return self.page_obj.paginator.count


def region_page(*, slug: str, page: int | str = 1) -> RegionPage:
    """One page of a region's areas with their latest inspection, in three queries.

    Raises Http404 for an unknown region and InvalidPage for a page that is not one.
    """
    codes = {region_slug(code): code for code in [*Region.values, ""]}
    if slug not in codes:
        raise Http404("No such region.")
    code = codes[slug]
    areas = Area.objects.filter(region=code).order_by("name", "pk")
    page_obj = Paginator(areas, AREAS_PER_REGION_PAGE).page(page)
    page_obj.object_list = areas_with_latest(page_obj.object_list)
    return RegionPage(
        code=code,
        name=Region(code).label if code else NOT_STATED_REGION_LONG,
        page_obj=page_obj,
    )
