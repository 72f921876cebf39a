"""The twin of England's outcomes: every area's latest outcome, by region, the charts, and the
table of areas by their earlier result and latest outcome."""

from reports.api.common import area, chart, charts, iso, outcome


def _distribution(found) -> dict:
    return {
        "name": found.label,
        "code": found.code,
        "total": found.total,
        "counts": [
            {"outcome": outcome(c), "areas": n, "percent": found.percent(c)}
            for c, n in found.counts.items()
        ],
    }


def _cross(cross) -> dict:
    return {
        "columns": [outcome(c) for c in cross.columns],
        "rows": [
            {
                "result": row.result.value,
                "label": row.label,
                "total": row.total,
                "counts": {c: row.count(c) for c in cross.columns},
                "areas": {
                    c: [
                        {"name": unit.name, "areas": [a.slug for a in unit.areas]} for unit in units
                    ]
                    for c, units in row.counted.items()
                    if units
                },
            }
            for row in cross.rows
        ],
        "caveat": cross.caveat,
        "chart": chart(cross.chart),
    }


def outcomes(context: dict) -> dict:
    overview = context["overview"]
    return {
        "share_basis": overview.share_basis,
        "england": _distribution(overview.england),
        "regions": [_distribution(r) for r in overview.regions],
        "areas": [
            {**area(a), "outcome": outcome(a.outcome), "published": iso(a.published)}
            for a in overview.areas
        ],
        "charts": charts(overview.charts),
        "cross_framework": _cross(context["cross"]),
    }
