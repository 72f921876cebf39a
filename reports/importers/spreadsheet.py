"""One sheet of an OpenDocument spreadsheet (.ods), read cell by cell with odfpy.

A spreadsheet stores runs of equal rows and cells once with a repeat count (the published file
ends with a million empty rows sixteen thousand cells wide), so empty runs are counted, never
expanded, and a value past the expected columns is an error rather than a reason to read on.
"""

import io
import xml.sax
import zipfile
from dataclasses import dataclass

from odf import teletype
from odf.element import Element
from odf.namespaces import OFFICENS, TABLENS
from odf.opendocument import load
from odf.table import Table

MAX_FILE_BYTES = 5_000_000
MAX_ROWS = 10_000
# Where a sheet keeps its rows: directly, or inside these groups.
ROW_GROUPS = {"table-header-rows", "table-row-group", "table-rows"}
CELLS = {"table-cell", "covered-table-cell"}


class SpreadsheetRejected(Exception):
    """The file or sheet is not what was expected; the message names the row where it can."""


@dataclass(frozen=True)
class Cell:
    kind: str  # the cell's office:value-type ("string", "float", "date"...), "" if empty
    value: str  # a date's ISO day, a number's value, otherwise the text shown

    @property
    def is_empty(self) -> bool:
        return not self.kind and not self.value


EMPTY = Cell("", "")


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class Spreadsheet:
    def __init__(self, data: bytes):
        if len(data) > MAX_FILE_BYTES:
            raise SpreadsheetRejected(
                f"Row 1: the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}."
            )
        try:
            self.document = load(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError, xml.sax.SAXException):
            raise SpreadsheetRejected(
                "Row 1: the file is not an OpenDocument spreadsheet (.ods)."
            ) from None
        if getattr(self.document, "spreadsheet", None) is None:
            raise SpreadsheetRejected("Row 1: the file is not an OpenDocument spreadsheet (.ods).")

    def sheet(self, name: str, *, columns: int) -> dict[int, list[Cell]]:
        """The sheet's non-empty rows by row number (from 1), each `columns` cells wide."""
        tables = list(self.document.spreadsheet.getElementsByType(Table))
        table = next((t for t in tables if t.getAttribute("name") == name), None)
        if table is None:
            found = [t.getAttribute("name") for t in tables]
            raise SpreadsheetRejected(f"Row 1: the file has no sheet {name!r} (it has {found!r}).")
        rows: dict[int, list[Cell]] = {}
        number = 0
        for row in _rows(table):
            repeat = _repeat(row, "number-rows-repeated")
            cells = _cells(row, columns, number + 1)
            if any(not cell.is_empty for cell in cells):
                if number + repeat > MAX_ROWS:
                    raise SpreadsheetRejected(
                        f"Row {number + 1}: the sheet has over {MAX_ROWS:,} rows."
                    )
                for offset in range(repeat):
                    rows[number + offset + 1] = cells
            number += repeat
        return rows


def _rows(node: Element):
    for child in node.childNodes:
        kind = child.qname[1] if child.qname else ""
        if kind == "table-row":
            yield child
        elif kind in ROW_GROUPS:
            yield from _rows(child)


def _repeat(node: Element, attribute: str) -> int:
    value = node.getAttrNS(TABLENS, attribute)
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        raise SpreadsheetRejected(f"Row 1: {attribute} {value!r} is not a number.") from None


def _cells(row: Element, columns: int, number: int) -> list[Cell]:
    cells = [EMPTY] * columns
    index = 0
    for node in row.childNodes:
        if not node.qname or node.qname[1] not in CELLS:
            continue
        repeat = _repeat(node, "number-columns-repeated")
        cell = _cell(node)
        if not cell.is_empty:
            if index + repeat > columns:
                raise SpreadsheetRejected(
                    f"Row {number}, column {column_letter(max(index, columns))}: a value beyond "
                    f"the table's {columns} columns."
                )
            cells[index : index + repeat] = [cell] * repeat
        index += repeat
    return cells


def _cell(node: Element) -> Cell:
    kind = node.getAttrNS(OFFICENS, "value-type") or ""
    if kind == "date":
        value = (node.getAttrNS(OFFICENS, "date-value") or "")[:10]
    elif kind in ("float", "percentage", "currency"):
        value = node.getAttrNS(OFFICENS, "value") or ""
    elif kind == "boolean":
        value = node.getAttrNS(OFFICENS, "boolean-value") or ""
    else:
        value = teletype.extractText(node).strip()
    return Cell(kind, value.strip())
