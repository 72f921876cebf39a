"""The Frictionless Data Package descriptor of the full downloads, from the tables' definitions."""

from datetime import date

from django.urls import reverse

from reports.exports import TABLES


def datapackage(*, as_of: date | None) -> dict:
    """A Frictionless Data Package descriptor for the full downloads on /data/."""
    resources = []
    for table in TABLES.values():
        fields = []
        for column in table.columns:
            spec = {"name": column.name, "type": column.type, "description": column.description}
            if column.enum:
                spec["constraints"] = {"enum": [*column.enum, ""]}
            fields.append(spec)
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "path": reverse("reports:data-table", args=[table.name, "csv"]).lstrip("/"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "missingValues": [""]},
            }
        )
    return {
        "name": "area-send-inspections",
        "title": "Area SEND inspection findings (England)",
        "description": "Outcomes and findings of Ofsted and CQC area SEND inspections, each "
        "finding verbatim and linked to its source.",
        "version": as_of.isoformat() if as_of else "unknown",
        "licenses": [
            {
                "name": "OGL-UK-3.0",
                "title": "Open Government Licence v3.0",
                "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            }
        ],
        "resources": resources,
    }
