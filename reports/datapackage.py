"""The Frictionless Data Package descriptor of the full downloads, from the tables' definitions,
and the whole data set as one zip of the CSVs beside that descriptor."""

import json
import posixpath
import tempfile
import zipfile
from datetime import date

from django.db.models import QuerySet
from django.urls import reverse

from reports.exports import TABLES, Table, csv_lines

LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0: "
    "Ofsted and CQC area SEND inspection reports (Crown copyright), through the national "
    "outcomes table published by Data to Insight. Quotes from press releases and news reports "
    "are short extracts with attribution; check each row's source before reusing them at length."
)
SOURCES = [
    {
        "title": "Ofsted and CQC area SEND inspection reports",
        "path": "https://reports.ofsted.gov.uk/",
    },
    {"title": "National outcomes table of area SEND inspections, Data to Insight"},
]
SPOOL_BYTES = 16 * 1024 * 1024  # the zip is built in memory up to this size, then on disk


def resource_path(table: Table) -> str:
    """The table's CSV address relative to the descriptor's own (`findings.csv` beside
    /data/datapackage.json), so the descriptor resolves both at its URL and inside the zip."""
    here = posixpath.dirname(reverse("reports:datapackage"))
    return posixpath.relpath(reverse("reports:data-table", args=[table.name, "csv"]), here)


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
        schema = {"fields": fields, "missingValues": [""]}
        if table.primary_key:
            schema["primaryKey"] = [table.primary_key]
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "path": resource_path(table),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "name": "area-send-inspections",
        "title": "Area SEND inspection findings (England)",
        "description": "Outcomes and findings of Ofsted and CQC area SEND inspections, each "
        "finding verbatim and linked to its source. " + ATTRIBUTION,
        "version": as_of.isoformat() if as_of else "unknown",
        "licenses": [LICENCE],
        "sources": SOURCES,
        "resources": resources,
    }


def data_set_zip(descriptor: dict, querysets: dict[str, QuerySet]):
    """Every table's CSV, as its download writes it, and the descriptor, in one zip file
    (an open binary file at its start). `querysets` are each table's rows, by name."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for resource in descriptor["resources"]:
            table = TABLES[resource["name"]]
            with archive.open(resource["path"], "w") as member:
                for chunk in csv_lines(table, querysets[table.name]):
                    member.write(chunk.encode("utf-8"))
        text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
        archive.writestr("datapackage.json", text)
    spool.seek(0)
    return spool
