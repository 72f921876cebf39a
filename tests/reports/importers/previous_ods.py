"""A small .ods like Ofsted's 2016-2022 statistics, and the areas its notes name, for the
tests of the previous-framework importer and of the dates it reconciles."""

import datetime
import io
from pathlib import Path

from django.core.management import call_command
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from areas.models import Area
from reports.importers.previous_framework import (
    COLUMNS,
    HEADER_ROW,
    NOTED,
    NOTES_COLUMNS,
    NOTES_SHEET,
    SHEET,
    RowForm,
)
from reports.models import DataNote, Inspection, Revisit, Source
from reports.vocabulary import Framework
from tests.factories import AreaFactory, StatisticsRowFactory

START, PUBLISHED = datetime.date(2018, 3, 5), datetime.date(2018, 5, 16)
REVISIT_START, REVISIT_PUBLISHED = datetime.date(2020, 2, 3), datetime.date(2020, 5, 11)


# -- building a small .ods like Ofsted's ------------------------------------------------------


def cell(value) -> TableCell:
    if value is None or value == "":
        return TableCell()
    if isinstance(value, datetime.date):
        made = TableCell(valuetype="date", datevalue=value.isoformat())
        text = f"{value:%d/%m/%Y}"
    elif isinstance(value, int):
        made, text = TableCell(valuetype="float", value=str(value)), str(value)
    else:
        made, text = TableCell(valuetype="string"), value
    made.addElement(P(text=text))
    return made


def sheet(name: str, rows: list[list]) -> Table:
    table = Table(name=name)
    for values in rows:
        row = TableRow()
        for value in values:
            row.addElement(cell(value))
        table.addElement(row)
    return table


def cells(row: dict) -> list:
    """A StatisticsRowFactory row as the sheet's 13 cells, in column order."""
    return [row[name] for name in RowForm.COLUMNS]


def notes_rows(notes: dict[int, str] | None = None) -> list[list]:
    notes = {n.number: n.text for n in NOTED} if notes is None else notes
    return [["Notes"], [], NOTES_COLUMNS, *([number, text] for number, text in notes.items())]


def write_ods(path: Path, rows: list[dict], *, header=COLUMNS, notes=None, extra=None) -> Path:
    document = OpenDocumentSpreadsheet()
    title = [[f"Title row {n}"] for n in range(1, HEADER_ROW)]
    table = [*title, header, *(cells(row) for row in rows), *(extra or [])]
    document.spreadsheet.addElement(sheet(NOTES_SHEET, notes_rows(notes)))
    document.spreadsheet.addElement(sheet(SHEET, table))
    document.save(str(path))
    return path


# -- areas ------------------------------------------------------------------------------------


def area_with(code: str, **values) -> Area:
    """The area with this ONS code, made if the database has none."""
    return Area.objects.filter(ons_code=code).first() or AreaFactory(ons_code=code, **values)


def make_noted_areas() -> dict[str, Area]:
    """The areas the notes beside Ofsted's table give inspections for (Dorset, and
    Northamptonshire's two successors): every file has the notes."""
    return {
        code: area_with(code, name=name, region=region)
        for code, name, region in [
            ("E06000059", "Dorset", "SW"),
            ("E06000061", "North Northamptonshire", "EM"),
            ("E06000062", "West Northamptonshire", "EM"),
        ]
    }


def import_file(path: Path):
    call_command("import_previous_framework", str(path), stdout=io.StringIO())


def snapshot():
    """Every row the importer can touch, as plain values."""
    return (
        sorted(Inspection.objects.values_list(), key=str),
        sorted(Revisit.objects.values_list(), key=str),
        sorted(DataNote.objects.values_list("inspection_id", "field", "note")),
        sorted(Inspection.sources.through.objects.values_list("inspection_id", "source_id")),
        sorted(Source.objects.values_list("slug")),
    )


def history(area: Area, **filters) -> Inspection:
    return Inspection.objects.get(area=area, framework=Framework.LOCAL_AREA_2016, **filters)


def not_revisited(**changes) -> dict:
    empty = dict.fromkeys(RowForm.REVISIT[1:], None)
    return StatisticsRowFactory(**{"revisit_start": "Not revisited yet", **empty, **changes})


def no_statement(**changes) -> dict:
    empty = dict.fromkeys(["weaknesses", *RowForm.REVISIT], None)
    return StatisticsRowFactory(**{"wsoa": "No", **empty, **changes})
