import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from reports.models import Inspection, Source
from reports.selectors import InspectionPage, inspection_page
from send_inspections.glossary import Term, terms_used_in

from .models import Area, Region

NON_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def normalise_name(text: str) -> str:
    """'Southend-on-Sea', 'southend on sea' and 'SOUTHEND  ON SEA!' all become 'southend on sea'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    text = text.replace("&", " and ")
    return NON_ALPHANUMERIC.sub(" ", text).strip()


def areas_with_latest() -> list[Area]:
    """Every area with `latest` set to its latest inspection (or None), in two queries."""
    areas = list(
        Area.objects.prefetch_related(
            Prefetch("inspections", queryset=Inspection.objects.latest_first(), to_attr="by_date")
        )
    )
    for area in areas:
        area.latest = area.by_date[0] if area.by_date else None
    return areas


@dataclass
class RegionGroup:
    name: str
    areas: list[Area]


def area_directory(*, areas: list[Area] | None = None) -> list[RegionGroup]:
    """Every area with its latest inspection, grouped by region; areas with no region last."""
    areas = areas_with_latest() if areas is None else areas
    groups = [
        RegionGroup(name=label, areas=[a for a in areas if a.region == code])
        for code, label in Region.choices
    ]
    groups.append(RegionGroup(name="Region not stated", areas=[a for a in areas if not a.region]))
    return [group for group in groups if group.areas]


@dataclass
class SearchResult:
    query: str
    matches: list[Area]
    suggestions: list[Area]


def search_areas(*, query: str, areas: list[Area] | None = None) -> SearchResult:
    """Match an area by name (ignoring case and punctuation) or local authority code."""
    needle = normalise_name(query)
    if not needle:
        return SearchResult(query=query, matches=[], suggestions=[])
    areas = areas_with_latest() if areas is None else areas
    squashed = needle.replace(" ", "")
    matches = [
        area
        for area in areas
        if needle in normalise_name(area.name)
        or squashed in normalise_name(area.name).replace(" ", "")
        or needle == area.la_code
    ]
    suggestions = []
    if not matches:
        by_name = {normalise_name(area.name): area for area in areas}
        close = difflib.get_close_matches(needle, list(by_name), n=5, cutoff=0.6)
        suggestions = [by_name[name] for name in close]
    return SearchResult(query=query, matches=matches, suggestions=suggestions)


@dataclass
class AreaPage:
    area: Area
    inspections: list[Inspection]  # latest first
    latest: InspectionPage | None
    earlier: list[InspectionPage]
    sources: list[Source]
    glossary_terms: list[Term]


def area_page(*, slug: str) -> AreaPage:
    """Everything an area's page shows, in a fixed number of queries however many findings."""
    area = get_object_or_404(Area.objects.select_related("members_source"), slug=slug)
    inspections = list(Inspection.objects.for_area(area).for_area_page())
    pages = [inspection_page(inspection=inspection) for inspection in inspections]
    sources = {s.pk: s for i in inspections for s in i.sources.all()}
    quoted = [
        text
        for i in inspections
        for text in [
            i.outcome_text,
            *(f.text for f in i.findings.all()),
            *(r.text for r in i.responses.all()),
        ]
    ]
    return AreaPage(
        area=area,
        inspections=inspections,
        latest=pages[0] if pages else None,
        earlier=pages[1:],
        sources=sorted(sources.values(), key=lambda s: s.title),
        glossary_terms=terms_used_in(quoted),
    )
