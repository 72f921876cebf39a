"""The twins of the themes list and of each theme's page."""

from reports.api.common import finding, inspection, pagination, sources


def _theme(theme) -> dict:
    return {"slug": theme.slug, "name": theme.name, "description": theme.description}


def _reviewed(reviewed) -> dict:
    return {"findings": reviewed.findings, "reviewed": reviewed.reviewed}


def theme_list(context: dict) -> dict:
    overview = context["overview"]
    return {
        "held": overview.held,
        "reviewed": _reviewed(overview.reviewed),
        "themes": [
            {
                **_theme(summary.theme),
                "areas": {kind.value: n for kind, n in summary.counts},
                "told_to_improve": summary.told_to_improve,
            }
            for summary in overview.themes
        ],
    }


def _breakdowns(rows, kinds) -> list[dict]:
    return [
        {"label": row.label, "held": row.held, "areas": dict(zip(kinds, row.counts, strict=True))}
        for row in rows
    ]


def _group(group) -> dict:
    return {
        "slug": group.slug,
        "title": group.title,
        "kinds": [k.value for k in group.kinds],
        "count": group.count,
        "url": group.url,
        # The page names a long group's areas by count and link only, and so does its twin.
        "areas": [{"name": a.area_name, "slug": a.area_slug} for a in group.areas]
        if group.named
        else None,
        "quoted": [
            {
                "area": {"name": entry.area.name, "slug": entry.area.slug},
                "inspection": inspection(entry.inspection),
                "findings": [finding(f) for f in entry.findings],
            }
            for entry in group.entries
        ],
    }


def theme_detail(context: dict) -> dict:
    page = context["page"]
    kinds = [k.value for k in page.kinds]
    return {
        "theme": _theme(page.theme),
        "held": page.held,
        "reviewed": _reviewed(page.reviewed),
        "areas": {kind.value: n for kind, n in page.counts},
        "by_outcome": _breakdowns(page.by_outcome, kinds),
        "by_region": _breakdowns(page.by_region, kinds),
        "groups": [_group(g) for g in page.groups],
        "pagination": pagination(page.page_obj),
        "sources": sources(page.sources),
    }
