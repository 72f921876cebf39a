"""The twins of the pages about the service and the data: about, the glossary, the data page.
The accessibility statement carries no data and has no twin (/data/api/ says so)."""

from django.urls import reverse

from reports.api.common import source
from reports.api.sources import source_counts


def about(context: dict) -> dict:
    return {
        "counts": source_counts(context["source_counts"]),
        "data_tables": [source(s) for s in context["data_tables"]],
    }


def glossary(context: dict) -> dict:
    return {
        "terms": [
            {"slug": t.slug, "term": t.term, "definition": t.definition} for t in context["terms"]
        ]
    }


def data(context: dict) -> dict:
    """The downloads and each table's data dictionary, as the data page lists them."""
    return {
        "zip_url": reverse("reports:data-zip"),
        "datapackage_url": reverse("reports:datapackage"),
        "api_url": reverse("reports:api"),
        "tables": [
            {
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "csv_url": reverse("reports:data-table", args=[table.name, "csv"]),
                "json_url": reverse("reports:data-table", args=[table.name, "json"]),
                "columns": [
                    {
                        "name": c.name,
                        "type": c.type,
                        "description": c.description,
                        "enum": c.enum,
                        "source": c.source,
                    }
                    for c in table.columns
                ],
            }
            for table in context["tables"]
        ],
    }
