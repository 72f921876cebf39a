"""The twins of the pages about places: the home page (its search and regions), a region's page
of areas, and an area's page."""

from reports.api.common import (
    area,
    finding,
    inspection,
    iso,
    outcome,
    outcome_short,
    pagination,
    sources,
)

NO_LATEST = None  # an area never inspected under the 2023 framework has no latest outcome


def _listed(area_with_latest, district=None) -> dict:
    """An area as the area lists show it: its latest inspection's outcome and date."""
    latest = area_with_latest.latest
    return {
        **area(area_with_latest),
        "district": district.name if district else None,
        "latest": NO_LATEST
        if latest is None
        else {
            "outcome": outcome(latest.outcome),
            "framework": latest.framework,
            "published": iso(latest.published),
        },
    }


def _region(summary) -> dict:
    return {
        "code": summary.code,
        "name": summary.name,
        "slug": summary.slug,
        "areas": summary.areas,
        "inspected_2023_framework": summary.inspected,
    }


def home(context: dict) -> dict:
    """The regions, and a search's matches and suggestions where the address has one."""
    search = context["search"]
    fields = {
        "area_count": context["area_count"],
        "regions": [_region(r) for r in context["regions"]],
        "search": None,
    }
    if search is not None:
        fields["search"] = {
            "query": search.query,
            "postcode": search.postcode,
            "postcode_status": search.postcode_status,
            "matches": [_listed(h.area, h.district) for h in search.match_hits],
            "suggestions": [_listed(h.area, h.district) for h in search.suggestion_hits],
        }
    return fields


def region(context: dict) -> dict:
    region = context["region"]
    return {
        "region": {"code": region.code, "name": region.name},
        "count": region.count,
        "pagination": pagination(region.page_obj),
        "areas": [_listed(a) for a in region.areas],
    }


def _groups(groups) -> list[dict]:
    return [
        {"theme": g.slug or None, "name": g.name, "findings": [finding(f) for f in g.findings]}
        for g in groups
    ]


def _inspection_page(page) -> dict:
    """An inspection with what the page says about it: its findings and what happens next."""
    return {
        **inspection(page.inspection),
        "outcome_summary": page.outcome.summary,
        "must_improve": [finding(f) for f in page.must_improve],
        "strengths": _groups(page.strengths),
        "weaknesses": _groups(page.weaknesses),
        "second_hand": page.second_hand,
        "next_inspections": [
            {
                "name": n.name,
                "wording": n.wording,
                "due": iso(n.due),
                "basis": n.basis,
                "passed": n.passed,
            }
            for n in page.next_inspections
        ],
        "previous": page.previous,
        "previous_note": page.previous_note,
        "notes": _notes(page.notes),
        "report": page.report.slug if page.report else None,
    }


def _notes(notes) -> list[dict]:
    return [{"field": n.field, "note": n.note, "source": n.source.slug} for n in notes]


def _history(item) -> dict:
    entry = item.entry
    revisit = entry.revisit
    return {
        **inspection(entry.inspection),
        "summary": entry.summary,
        "result": entry.result,
        "inspected_as": entry.inspected_as,
        "significant_weaknesses": entry.inspection.significant_weaknesses,
        "revisit": None
        if revisit is None
        else {
            "result": revisit.result,
            "result_text": entry.revisit_result,
            "dates": entry.revisit_dates,
            "published": iso(revisit.published),
            "source": revisit.source.slug,
        },
        "report": entry.report.slug if entry.report else None,
        "sources": [s.slug for s in entry.sources],
        "notes": _notes(item.notes),
        "findings": _inspection_page(item.findings) if item.findings else None,
    }


def _context(context) -> dict:
    """How the area's outcome sits among its region's and England's, and whom to compare with."""
    return {
        "rows": [
            {
                "outcome": outcome_short(r.info.value),
                "region": r.region,
                "region_percent": r.region_percent,
                "england": r.england,
                "england_percent": r.england_percent,
                "this_area": r.this_area,
            }
            for r in context.rows
        ],
        "neighbours": [area(n) for n in context.neighbours],
        "compare_url": context.compare_url,
    }


def area_page(context: dict) -> dict:
    page = context["page"]
    partnership = page.partnership
    known = page.known
    return {
        "area": {**area(page.area), "region_name": page.area.get_region_display()},
        "partnership": None
        if partnership is None
        else {
            "council": partnership.council,
            "integrated_care_board": partnership.integrated_care_board,
            "source": partnership.source.slug,
        },
        "latest_2023_framework": _inspection_page(page.current) if page.current else None,
        "findings_gap": known.gap if known else "",
        "history": [_history(item) for item in page.history],
        "comparability_warning": page.comparability_warning,
        "context": _context(context["area_context"]),
        "glossary_terms": [{"slug": t.slug, "term": t.term} for t in page.glossary_terms],
        "sources": sources(page.sources),
    }
