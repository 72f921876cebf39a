"""Read Ofsted's official statistics of the 2016 to 2022 local area SEND inspections (.ods).

The sheet is read and checked whole before anything is written: one bad cell rejects the file,
naming its row and column. Writing (`reports.importers.previous_history`) reconciles each row
with the inspections the national table and the curated fixtures already hold.

The statistics leave out two areas whose councils changed; notes beside the table give their
inspections in words, and `NOTED` transcribes them, checked against the notes word for word.
"""

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from django import forms

from areas.models import Region
from reports.importers.spreadsheet import Cell, Spreadsheet, SpreadsheetRejected
from reports.vocabulary import RevisitResult

SHEET = "Area_SEND_up_to_31_Aug_2022"
HEADER_ROW = 5
COLUMNS = [
    "Web link to Ofsted local authority webpage",
    "Local authority code",
    "Area name",
    "Ofsted region",
    "Inspection start date",
    "Inspection publication date",
    "Inspection outcome: written statement of action required?",
    "Number significant weaknesses identified in written statement of action",
    "Revisit start date",
    "Revisit publication date",
    "Revisit outcome: sufficient progress in addressing all significant weaknesses?",
    "Number significant weaknesses where sufficient progress has been made",
    "Number significant weaknesses where sufficient progress has not been made",
]
NOTES_SHEET = "Notes"
NOTES_HEADER_ROW = 3
NOTES_COLUMNS = ["Note number", "Note text"]
# The Guidance sheet: "North East, Yorkshire and the Humber are combined into a single region".
OFSTED_REGIONS = {
    "North East, Yorkshire and the Humber": (Region.NORTH_EAST, Region.YORKSHIRE_AND_THE_HUMBER),
    "North West": (Region.NORTH_WEST,),
    "East Midlands": (Region.EAST_MIDLANDS,),
    "West Midlands": (Region.WEST_MIDLANDS,),
    "East of England": (Region.EAST_OF_ENGLAND,),
    "London": (Region.LONDON,),
    "South East": (Region.SOUTH_EAST,),
    "South West": (Region.SOUTH_WEST,),
}
WSOA = {"Yes": True, "No": False}
# The Guidance sheet: Yes = sufficient progress in addressing all significant weaknesses,
# Some = in some, No = insufficient progress in addressing any.
REVISIT_RESULTS = {
    "Yes": RevisitResult.ALL,
    "Some": RevisitResult.SOME,
    "No": RevisitResult.NONE,
}
NOT_REVISITED = "Not revisited yet"
# The cover sheet: "Inspections and revisits as at 31 August 2022".
PERIOD_END = date(2022, 8, 31)


class ImportRejected(Exception):
    """The file is malformed; the message names the row and column. Nothing is written."""


@dataclass(frozen=True)
class Revisited:
    start_date: date | None
    published: date | None
    result: str
    progressed: int | None
    not_progressed: int | None
    dates_as_stated: str = ""  # a month, where a note gives no day
    month: tuple[int, int] | None = None


@dataclass(frozen=True)
class Row:
    where: str  # how a rejection names the row: "Row 35" or "Sheet 'Notes', row 5"
    code: str  # the ONS code the statistics give (2022 codes)
    name: str
    regions: tuple[str, ...]  # the regions Ofsted's region covers; () where not stated
    start_date: date | None
    published: date | None
    wsoa_required: bool
    weaknesses: int | None
    revisit: Revisited | None
    region_label: str = ""  # Ofsted's region as the sheet gives it
    dates_as_stated: str = ""
    month: tuple[int, int] | None = None  # (year, month), where only the month is given
    noted: bool = False  # from a note beside the table, not a row of it

    def at(self, column: int) -> str:
        """How a rejection names the cell: the row and column, or the note it comes from."""
        return self.where if self.noted else f"{self.where}, column '{COLUMNS[column]}'"


@dataclass(frozen=True)
class Noted:
    """An inspection that a note beside the table gives in words, transcribed."""

    number: int
    text: str  # the note, word for word
    row: Row


NOTED = [
    Noted(
        number=2,
        text="Dorset were inspected in January 2017 and required a WSoA. The revisit took place "
        "in February 2019 and Dorset were deemed to be making sufficient progress in addressing "
        "some significant weaknesses. The new boundaries came into effect on 1st April 2019.",
        row=Row(
            where="Sheet 'Notes', note 2",  # replaced by the note's row when read
            code="E10000009",  # the national table's code for Dorset before April 2019
            name="Dorset",
            regions=(),
            start_date=None,
            published=None,
            wsoa_required=True,
            weaknesses=None,
            revisit=Revisited(
                start_date=None,
                published=None,
                result=RevisitResult.SOME,
                progressed=None,
                not_progressed=None,
                dates_as_stated="February 2019",
                month=(2019, 2),
            ),
            dates_as_stated="January 2017",
            month=(2017, 1),
            noted=True,
        ),
    ),
    Noted(
        number=3,
        text="Northamptonshire were inspected in May 2017 and did not require a WSoA. The "
        "replacement areas were established on 1st April 2021.",
        row=Row(
            where="Sheet 'Notes', note 3",
            code="E10000021",
            name="Northamptonshire",
            regions=(),
            start_date=None,
            published=None,
            wsoa_required=False,
            weaknesses=None,
            revisit=None,
            dates_as_stated="May 2017",
            month=(2017, 5),
            noted=True,
        ),
    ),
]


class SheetDateField(forms.Field):
    """A date cell (its ISO day) or a date typed as the sheet shows one, DD/MM/YYYY."""

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(value, fmt).date()
            except ValueError:
                continue
        raise forms.ValidationError(f"{value!r} is not a date (DD/MM/YYYY).")


class CountField(forms.Field):
    """A whole number of weaknesses: a number cell, or digits."""

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        if not re.fullmatch(r"\d+(\.0+)?", value):
            raise forms.ValidationError(f"{value!r} is not a whole number.")
        return int(float(value))


class WordField(forms.Field):
    """One of a few words (`choices`, word -> value); empty is None."""

    def __init__(self, *, choices: dict, describe: str, **kwargs):
        self.choices, self.describe = choices, describe
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        if value not in self.choices:
            raise forms.ValidationError(f"{value!r} is not {self.describe}.")
        return self.choices[value]


def _words(choices: dict) -> str:
    return "one of " + ", ".join(repr(word) for word in choices)


class RowForm(forms.Form):
    """One row of the sheet; field names stand for the sheet's columns, in order."""

    link = forms.CharField(required=False)
    code = forms.RegexField(
        regex=r"^E\d{8}$", error_messages={"invalid": "is not an ONS code (E and eight digits)."}
    )
    name = forms.CharField(max_length=100)
    region = WordField(
        choices=OFSTED_REGIONS, describe=f"an Ofsted region, {_words(OFSTED_REGIONS)}"
    )
    start_date = SheetDateField()
    published = SheetDateField()
    wsoa = WordField(choices=WSOA, describe="Yes or No")
    weaknesses = CountField(required=False)
    revisit_start = forms.CharField(required=False)  # a date, or "Not revisited yet"
    revisit_published = SheetDateField(required=False)
    revisit_result = WordField(choices=REVISIT_RESULTS, describe=_words(REVISIT_RESULTS))
    progressed = CountField(required=False)
    not_progressed = CountField(required=False)

    COLUMNS = dict(
        zip(
            [
                "link", "code", "name", "region", "start_date", "published", "wsoa",
                "weaknesses", "revisit_start", "revisit_published", "revisit_result",
                "progressed", "not_progressed",
            ],
            COLUMNS,
            strict=True,
        )
    )  # fmt: skip
    REVISIT = [
        "revisit_start",
        "revisit_published",
        "revisit_result",
        "progressed",
        "not_progressed",
    ]

    def __init__(self, cells: list[Cell]):
        super().__init__({name: cell.value for name, cell in zip(self.COLUMNS, cells, strict=True)})

    def clean_region(self):
        if self.cleaned_data["region"] is None:
            raise forms.ValidationError("This field is required.")
        return self.cleaned_data["region"]

    def clean_wsoa(self):
        if self.cleaned_data["wsoa"] is None:
            raise forms.ValidationError("This field is required.")
        return self.cleaned_data["wsoa"]

    def clean_revisit_start(self):
        value = self.cleaned_data["revisit_start"]
        return value if value in ("", NOT_REVISITED) else SheetDateField().clean(value)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["published"] < data["start_date"]:
            self.add_error("published", "the letter is published before the inspection starts.")
        elif not data["wsoa"]:
            self._check_empty(["weaknesses", *self.REVISIT], "no statement of action was required")
        elif not data["weaknesses"]:
            self.add_error("weaknesses", "a statement of action needs its number of weaknesses.")
        elif data["revisit_start"] == "":
            self.add_error("revisit_start", f"give the revisit's first day or {NOT_REVISITED!r}.")
        elif data["revisit_start"] == NOT_REVISITED:
            self._check_empty(self.REVISIT[1:], "the area was not revisited")
        else:
            self._check_revisit(data)
        return data

    def _check_empty(self, names: list[str], why: str):
        for name in names:
            if self.data[name]:
                self.add_error(name, f"should be empty: {why}.")
                return

    def _check_revisit(self, data: dict):
        for name in self.REVISIT[1:]:
            if data[name] is None:
                self.add_error(name, "This field is required.")
                return
        if data["revisit_start"] < data["published"]:
            self.add_error("revisit_start", "the revisit starts before the inspection's letter.")
        elif data["revisit_published"] < data["revisit_start"]:
            self.add_error("revisit_published", "the letter is published before the revisit.")
        elif data["progressed"] + data["not_progressed"] != data["weaknesses"]:
            self.add_error(
                "not_progressed",
                f"{data['progressed']} with and {data['not_progressed']} without sufficient "
                f"progress are not the {data['weaknesses']} significant weaknesses.",
            )
        elif not _result_matches(
            data["revisit_result"], data["progressed"], data["not_progressed"]
        ):
            self.add_error(
                "revisit_result",
                f"{self.data['revisit_result']!r} does not fit {data['progressed']} with and "
                f"{data['not_progressed']} without sufficient progress.",
            )

    def first_error(self, line: int) -> str:
        name, errors = next(iter(self.errors.items()))
        column = self.COLUMNS.get(name, "row")
        return f"Row {line}, column '{column}': {errors[0]}"


def _result_matches(result: str, progressed: int, not_progressed: int) -> bool:
    return {
        RevisitResult.ALL: progressed > 0 and not_progressed == 0,
        RevisitResult.SOME: progressed > 0 and not_progressed > 0,
        RevisitResult.NONE: progressed == 0 and not_progressed > 0,
    }[result]


def parse_row(cells: list[Cell], line: int) -> Row:
    form = RowForm(cells)
    if not form.is_valid():
        raise ImportRejected(form.first_error(line))
    data = form.cleaned_data
    revisit = None
    if data["wsoa"] and data["revisit_start"] != NOT_REVISITED:
        revisit = Revisited(
            start_date=data["revisit_start"],
            published=data["revisit_published"],
            result=data["revisit_result"],
            progressed=data["progressed"],
            not_progressed=data["not_progressed"],
        )
    return Row(
        where=f"Row {line}",
        code=data["code"],
        name=data["name"],
        regions=data["region"],
        region_label=form.data["region"],
        start_date=data["start_date"],
        published=data["published"],
        wsoa_required=data["wsoa"],
        weaknesses=data["weaknesses"],
        revisit=revisit,
    )


def _header(cells: list[Cell]) -> list[str]:
    return [cell.value for cell in cells]


def _table_rows(book: Spreadsheet) -> list[Row]:
    sheet = book.sheet(SHEET, columns=len(COLUMNS))
    header = _header(sheet.get(HEADER_ROW, []))
    if header != COLUMNS:
        raise ImportRejected(f"Row {HEADER_ROW}: the columns are {header!r}; expected {COLUMNS!r}.")
    rows, seen = [], {}
    for line in sorted(n for n in sheet if n > HEADER_ROW):
        row = parse_row(sheet[line], line)
        if row.code in seen:
            raise ImportRejected(
                f"Row {line}, column '{COLUMNS[1]}': {row.code} already appears on row "
                f"{seen[row.code]}."
            )
        seen[row.code] = line
        rows.append(row)
    if not rows:
        raise ImportRejected(f"Row {HEADER_ROW + 1}: the sheet has no rows.")
    return rows


def _noted_rows(book: Spreadsheet, codes: set[str]) -> list[Row]:
    """The noted inspections, each checked against its note, word for word."""
    sheet = book.sheet(NOTES_SHEET, columns=len(NOTES_COLUMNS))
    header = _header(sheet.get(NOTES_HEADER_ROW, []))
    if header != NOTES_COLUMNS:
        raise ImportRejected(
            f"Sheet 'Notes', row {NOTES_HEADER_ROW}: the columns are {header!r}; "
            f"expected {NOTES_COLUMNS!r}."
        )
    notes = {
        cells[0].value: (line, cells[1].value)
        for line, cells in sheet.items()
        if line > NOTES_HEADER_ROW
    }
    rows = []
    for noted in NOTED:
        line, text = notes.get(str(noted.number), (None, ""))
        if text != noted.text:
            where = f"row {line}, column 'Note text'" if line else f"no note {noted.number}"
            raise ImportRejected(
                f"Sheet 'Notes', {where}: the note on {noted.row.name} is not the one its "
                "inspection was transcribed from."
            )
        if noted.row.code in codes:
            raise ImportRejected(
                f"Row 1: {noted.row.name} ({noted.row.code}) is both in the table and in a note."
            )
        rows.append(replace(noted.row, where=f"Sheet 'Notes', row {line}, column 'Note text'"))
    return rows


def parse(data: bytes) -> list[Row]:
    """Every row of the table, then the inspections its notes give; or ImportRejected."""
    try:
        book = Spreadsheet(data)
        rows = _table_rows(book)
        return rows + _noted_rows(book, {row.code for row in rows})
    except SpreadsheetRejected as error:
        raise ImportRejected(str(error)) from None
