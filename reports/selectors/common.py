"""Reads every page family uses: how current the data is, areas with their latest inspection."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Max, Prefetch, Q, QuerySet

from areas.models import Area, District
from reports.models import Inspection, Source
from reports.vocabulary import SourceKind


@dataclass
class Currency:
    """How current the data is: the national table's date and the newest other source (and,
    for the pages that cite them, Ofsted's statistics of 2016 to 2022)."""

    national: date | None
    curated: date | None
    statistics: date | None = None

    @property
    def as_of(self) -> date | None:
        return self.national


def data_currency() -> Currency:
    dates = Source.objects.aggregate(
        national=Max("published", filter=Q(kind=SourceKind.DATA_TABLE)),
        curated=Max("published", filter=~Q(kind=SourceKind.DATA_TABLE)),
        statistics=Max("published", filter=Q(kind=SourceKind.OFFICIAL_STATISTICS)),
    )
    return Currency(**dates)


def areas_with_latest(queryset=None) -> list[Area]:
    """Areas with `latest` set to their latest inspection (or None), in two queries."""
    queryset = Area.objects.all() if queryset is None else queryset
    areas = list(
        queryset.prefetch_related(
            Prefetch("inspections", queryset=Inspection.objects.latest_first(), to_attr="by_date")
        )
    )
    for area in areas:
        area.latest = area.by_date[0] if area.by_date else None
    return areas


def areas_with_findings() -> QuerySet[Area]:
    """Areas with at least one finding; the others have only the national table's outcome."""
    return Area.objects.filter(inspections__findings__isnull=False).distinct()


def districts() -> list[District]:
    return list(District.objects.all())


# The findings list (another page of this site) takes these GET parameters: area, theme, kind.
FINDINGS_LIST = "/findings/"


def findings_url(**params: list[str]) -> str:
    """The findings list filtered, e.g. findings_url(area=["cornwall"], kind=["strength"])."""
    pairs = [(name, value) for name, values in params.items() for value in values]
    return f"{FINDINGS_LIST}?{urlencode(pairs)}"
