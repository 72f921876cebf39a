"""A finding's own page: the finding with everything it shows, its citation and its JSON twin."""

from dataclasses import dataclass
from datetime import date

from django.shortcuts import get_object_or_404
from django.urls import reverse

from reports import exports
from reports.models import Finding
from reports.vocabulary import NOT_STATED
from reports.wording import long_date


@dataclass
class FindingPage:
    finding: Finding
    citation: str


def finding_page(*, identifier: str, url: str, site_name: str, as_of: date | None) -> FindingPage:
    """The finding (404 if none has the identifier) with its area, inspection, source and themes,
    in two queries; `url` is the page's own absolute address, for the citation."""
    finding = get_object_or_404(
        Finding.objects.select_related(
            "inspection__area", "source", "primary_theme"
        ).prefetch_related("themes"),
        identifier=identifier,
    )
    return FindingPage(finding=finding, citation=citation(finding, url, site_name, as_of))


def citation(finding: Finding, url: str, site_name: str, as_of: date | None) -> str:
    """'Site. Finding <id>. <url>. Data as of 29 June 2026. Source: <title> (<kind>, <publisher>,
    <date>), <location>, page 3.' in plain text, to paste into a paper or a note."""
    source = finding.source
    publisher = f", {source.publisher}" if source.publisher else ""
    where = finding.location + (f", page {finding.page}" if finding.page else "")
    data_date = long_date(as_of) if as_of else NOT_STATED
    return (
        f"{site_name}. Finding {finding.identifier}. {url}. Data as of {data_date}. "
        f"Source: {source.title} ({source.get_kind_display()}{publisher}, {source.cited_date}), "
        f"{where}."
    )


def finding_record(page: FindingPage) -> dict:
    """What the page shows, for its JSON twin: the finding's row exactly as the findings
    downloads give it (one more query), with the words the page adds to the codes."""
    finding = page.finding
    table = exports.FINDINGS
    (columns,) = table.batches(table.queryset_for(Finding.objects.filter(pk=finding.pk)))
    row = {column.name: values[0] for column, values in zip(table.columns, columns, strict=True)}
    return {
        **row,
        "kind_label": str(finding.kind_info.label),
        "theme_names": [theme.name for theme in finding.themes.all()],
        "themes_reviewed": finding.themes_reviewed,
        "inspection_dates": finding.inspection.dates_display,
        "area_page": reverse("reports:area", args=[finding.inspection.area.slug]),
        "citation": page.citation,
    }
