"""The data releases page and the Atom feeds of new inspections and reports."""

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.shortcuts import get_object_or_404
from django.urls import reverse

from areas.models import Area
from reports.datapackage import LICENCE
from reports.models import DataRelease, Inspection, Source
from reports.releases import CHANGES, count_lines
from reports.vocabulary import SourceKind
from reports.wording import long_date

RELEASES_PER_PAGE = 20
FEED_LENGTH = 50
FEED_LICENCE = f"Crown copyright, reused under the {LICENCE['title']}: {LICENCE['path']}"
# Entry ids are made from the facts' natural keys, so they outlive a reload that renumbers rows.
FEED_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:send-inspections:feed-entries")


@dataclass
class Mention:
    """An inspection or source a release names: linked while the site still holds it."""

    text: str
    url: str = ""
    count: int = 0  # findings: how many of that inspection's


@dataclass
class ReleaseEntry:
    release: DataRelease
    counts: list[str]  # '3 inspections added'
    # {"inspections": [("added", [Mention, …]), …], …}, in the order SUBJECTS and CHANGES give.
    mentions: dict[str, list[tuple[str, list[Mention]]]] = field(default_factory=dict)


def _day(text: str) -> str:
    """An inspection's date as its key keeps it (ISO, or a source's words) in the page's style."""
    try:
        return long_date(datetime.date.fromisoformat(text))
    except ValueError:
        return text


def _inspection(item: dict, areas: dict[str, Area]) -> Mention:
    area = areas.get(item["area"])
    name = area.name if area else item["area"]
    url = reverse("reports:area", args=[area.slug]) if area else ""
    return Mention(f"{name}, inspection of {_day(item['date'])}", url, item.get("count", 0))


def _source(slug: str, sources: dict[str, Source]) -> Mention:
    source = sources.get(slug)
    return Mention(source.title, source.get_absolute_url()) if source else Mention(slug)


def _mentions(release: DataRelease, areas, sources) -> dict:
    named = {
        "inspections": lambda item: _inspection(item, areas),
        "findings": lambda item: _inspection(item, areas),
        "sources": lambda slug: _source(slug, sources),
    }
    return {
        subject: [
            (change, [named[subject](item) for item in found[change]])
            for change in CHANGES
            if change in found
        ]
        for subject, found in release.changes.items()
    }


def releases_page(*, page: int | str = 1) -> Page:
    """One page of releases, newest first, each with the areas and sources it names: four
    queries however many releases and changes. The first release, which adds everything, is
    counted rather than listed. Raises InvalidPage for a page not there."""
    releases = DataRelease.objects.select_related("version", "previous__version").order_by("-id")
    page_obj = Paginator(releases, RELEASES_PER_PAGE).page(page)
    listed = [r for r in page_obj.object_list if not r.is_first]
    area_slugs, source_slugs = set(), set()
    for release in listed:
        for subject in ("inspections", "findings"):
            for items in release.changes.get(subject, {}).values():
                area_slugs.update(item["area"] for item in items)
        for slugs in release.changes.get("sources", {}).values():
            source_slugs.update(slugs)
    areas = Area.objects.in_bulk(area_slugs, field_name="slug") if area_slugs else {}
    sources = Source.objects.in_bulk(source_slugs, field_name="slug") if source_slugs else {}
    page_obj.object_list = [
        ReleaseEntry(
            release=release,
            counts=count_lines(release.changes),
            mentions={} if release.is_first else _mentions(release, areas, sources),
        )
        for release in page_obj.object_list
    ]
    return page_obj


@dataclass
class FeedEntry:
    key: str
    title: str
    link: str
    updated: datetime.datetime  # the day it was published: Atom wants a time, so midnight UTC
    summary: str
    licence: str = FEED_LICENCE

    @property
    def id(self) -> str:
        return uuid.uuid5(FEED_NAMESPACE, self.key).urn


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


def feed_area(*, slug: str) -> Area:
    return get_object_or_404(Area, slug=slug)


def _inspection_entry(inspection: Inspection) -> FeedEntry:
    area, day = inspection.area, inspection.published
    return FeedEntry(
        key=f"inspection/{area.slug}/{day.isoformat()}",
        title=f"{area.name}: inspection published {long_date(day)}",
        link=reverse("reports:area", args=[area.slug]) + f"#inspection-{inspection.pk}",
        updated=_midnight(day),
        summary=f"{inspection.get_framework_display()}: {inspection.get_outcome_display()}.",
    )


def _report_entry(source: Source) -> FeedEntry:
    return FeedEntry(
        key=f"report/{source.slug}",
        title=source.title,
        link=source.get_absolute_url(),
        updated=_midnight(source.published),
        summary="The inspection report, with the findings this site quotes from it.",
        licence=source.licence or FEED_LICENCE,
    )


def feed_entries(*, area: Area | None = None, limit: int = FEED_LENGTH) -> list[FeedEntry]:
    """The newest published inspections and reports (nationally, or of one area), newest first:
    two queries. Undated ones are left out: an Atom entry needs a date."""
    inspections = Inspection.objects.filter(published__isnull=False).select_related("area")
    reports = Source.objects.filter(kind=SourceKind.OFSTED_REPORT, published__isnull=False)
    if area is not None:
        inspections = inspections.for_area(area)
        reports = reports.filter(inspections__area=area).distinct()
    entries = [
        *map(_inspection_entry, inspections.order_by("-published", "pk")[:limit]),
        *map(_report_entry, reports.order_by("-published", "slug")[:limit]),
    ]
    # Newest first; on one day an inspection ("inspection/…") before its report ("report/…").
    return sorted(entries, key=lambda e: (-e.updated.timestamp(), e.key))[:limit]
