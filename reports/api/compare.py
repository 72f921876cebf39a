"""The twin of the compare page: the areas side by side, their findings by theme, the charts."""

from reports.api.common import area, charts, inspection, outcome, sources


def _cell(cell) -> dict | None:
    """A cell of the side-by-side table (None: no inspection to state it of)."""
    return None if cell.absent else {"text": cell.text, "note": cell.note}


def _compared(compared, as_of) -> dict:
    latest = compared.latest
    return {
        **area(compared.area),
        "outcome": outcome(compared.summary.outcome),
        "latest_2023_framework": inspection(latest) if latest else None,
        "previous": _cell(compared.previous_cell),
        "earlier_framework": _cell(compared.earlier_framework_cell),
        "monitoring": _cell(compared.monitoring_cell(as_of)),
        "full": _cell(compared.full_cell(as_of)),
        "findings_from": compared.findings_from.pk if compared.findings_from else None,
        "findings_are_latest": compared.findings_are_latest,
        "counts": _counts(compared.counts),
        "second_hand": [s.slug for s in compared.second_hand],
    }


def _counts(counts) -> dict:
    """Findings by kind, each with its address on the findings list (the page links each)."""
    return {c.kind.value: {"count": c.count, "url": c.url} for c in counts}


def _matrix(rows) -> list[dict]:
    return [
        {
            "theme": {"slug": row.theme.slug, "name": row.theme.name},
            "areas": {cell.area.area.slug: _counts(cell.counts) for cell in row.cells},
        }
        for row in rows
    ]


def comparison(context: dict) -> dict:
    """The areas compared, or the problem with the choice (a 400, as the page is)."""
    page = context["page"]
    if page is None:
        return {"error": context["error"], "areas": [], "boxes": [b[2] for b in context["boxes"]]}
    as_of = context["currency"].as_of
    return {
        "chosen": page.chosen,
        "areas": [_compared(c, as_of) for c in page.areas],
        "themes": _matrix(page.matrix),
        "charts": charts(page.charts),
        "sources": sources(page.sources),
    }
