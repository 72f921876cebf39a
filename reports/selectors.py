from dataclasses import dataclass, field

from django.db.models import Max, Q

from .models import DataNote, Finding, FindingKind, Inspection, Source, SourceKind
from .outcomes import EXPLANATIONS


@dataclass
class ThemeGroup:
    name: str
    slug: str
    findings: list[Finding] = field(default_factory=list)


def findings_by_theme(*, inspection: Inspection, kind: str) -> list[ThemeGroup]:
    """Findings of one kind, each under its first theme in vocabulary order, in source order.

    Works on the prefetched findings, so it costs no query.
    """
    groups: dict[str, ThemeGroup] = {}
    for finding in inspection.findings.all():
        if finding.kind != kind:
            continue
        themes = list(finding.themes.all())
        theme = themes[0] if themes else None
        key = theme.slug if theme else ""
        group = groups.setdefault(key, ThemeGroup(name=theme.name if theme else "Other", slug=key))
        group.findings.append(finding)
    return list(groups.values())


@dataclass
class InspectionPage:
    inspection: Inspection
    strengths: list[ThemeGroup]
    improvements: list[ThemeGroup]
    explanation: dict


def inspection_page(*, inspection: Inspection) -> InspectionPage:
    return InspectionPage(
        inspection=inspection,
        explanation=EXPLANATIONS[inspection.outcome],
        strengths=findings_by_theme(inspection=inspection, kind=FindingKind.STRENGTH),
        improvements=findings_by_theme(inspection=inspection, kind=FindingKind.IMPROVEMENT),
    )


def data_currency() -> dict:
    """How current the data is: the national table's date and the newest curated source."""
    return Source.objects.aggregate(
        national=Max("published", filter=Q(kind=SourceKind.DATA_TABLE)),
        curated=Max("published", filter=~Q(kind=SourceKind.DATA_TABLE)),
    )


def all_sources() -> list[Source]:
    return list(Source.objects.all())


def data_notes_by_area() -> list[DataNote]:
    return list(
        DataNote.objects.select_related("inspection__area", "source").order_by(
            "inspection__area__name", "inspection__published", "field"
        )
    )
