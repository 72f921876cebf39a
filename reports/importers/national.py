"""Import the national table of area SEND outcomes (Data to Insight's scrape of Ofsted reports).

The whole file is read and checked before anything is written: one bad cell rejects the file.
Known quirks of the table become empty values plus a DataNote, never a guess.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.db import transaction
from django.utils.text import slugify

from areas.models import Area, Region
from reports.models import DataNote, Inspection, Source
from reports.schedule import due_by, next_inspections
from reports.vocabulary import Framework, Outcome

COLUMNS = [
    "URN",
    "La Code",
    "Region Code",
    "LTLA23CD",
    "Local Authority",
    "Previous Inspection Date",
    "Inspection Start Date",
    "Inspection End Date",
    "Outcome Grade",
    "Inspection Outcome Text",
    "Publication Date",
    "Next Inspection",
    "Next Inspection By Date",
    "Inspection Link",
]
GRADES = {
    grade: outcome
    for number, outcome in [
        ("1", Outcome.POSITIVE),
        ("2", Outcome.INCONSISTENT),
        ("3", Outcome.SYSTEMIC),
    ]
    for grade in (number, f"{number}.0")
}
CONTROL_CHARACTERS = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"}
MAX_FILE_BYTES = 5_000_000
MISSING = {"", "nan"}
NOT_EXTRACTED_DATE = date(1900, 1, 1)
NOT_FOUND_TEXT = re.compile(r"\bnot (found|provided)\b", re.IGNORECASE)
FRAMEWORK_2023_BEGAN = date(2023, 1, 1)
SMALL_WORDS = {"and", "upon", "on", "of", "with", "the"}


class ImportRejected(Exception):
    """The file is malformed; the message names the row and column."""


def display_name(raw: str) -> str:
    """'kingston upon hull' -> 'Kingston upon Hull'; 'southend-on-sea' -> 'Southend-on-Sea'."""

    def word(w: str, first: bool) -> str:
        parts = w.split("-")
        return "-".join(
            p if (p in SMALL_WORDS and not (first and i == 0)) else p[:1].upper() + p[1:]
            for i, p in enumerate(parts)
        )

    words = raw.strip().lower().split()
    return " ".join(word(w, i == 0) for i, w in enumerate(words))


@dataclass
class Row:
    line: int
    urn: str
    la_code: str
    region: str
    ons_code: str
    name: str
    previous_end: date | None
    start_date: date | None
    end_date: date | None
    outcome: str
    outcome_text: str
    published: date | None
    next_monitoring: str
    next_monitoring_due: date | None
    next_full: str
    next_full_due: date | None
    report_url: str
    notes: dict[str, str] = field(default_factory=dict)


class TableDateField(forms.Field):
    """DD/MM/YY or DD/MM/YYYY; empty, NaN and 01/01/1900 mean "not extracted" (None)."""

    def to_python(self, value):
        value = (value or "").strip()
        if value.lower() in MISSING:
            return None
        for fmt in ("%d/%m/%Y", "%d/%m/%y"):
            try:
                parsed = datetime.strptime(value, fmt).date()
            except ValueError:
                continue
            return None if parsed == NOT_EXTRACTED_DATE else parsed
        raise forms.ValidationError(f"{value!r} is not a date (DD/MM/YY).")


class MissingOrChoiceField(forms.CharField):
    """A cell that is either one of `choices`, or NaN / empty (None)."""

    def __init__(self, *, choices: dict, describe: str, **kwargs):
        self.choices, self.describe = choices, describe
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value.lower() in MISSING:
            return None
        if value not in self.choices:
            raise forms.ValidationError(f"{value!r} is not {self.describe}.")
        return self.choices[value]


def _text(max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(max_length=max_length, required=False, **kwargs)


class RowForm(forms.Form):
    """One row of the table, validated declaratively; field names are the table's columns."""

    urn = forms.RegexField(
        regex=r"^\d{1,10}$", error_messages={"invalid": "is not a URN (digits)."}
    )
    la_code = forms.RegexField(
        regex=r"^\d{3}$", error_messages={"invalid": "is not a three-digit local authority code."}
    )
    region = MissingOrChoiceField(
        choices={code: code for code in Region.values},
        describe=f"one of {', '.join(Region.values)}",
    )
    ons_code = forms.RegexField(
        regex=r"^E\d{8}$", error_messages={"invalid": "is not an ONS code (E and eight digits)."}
    )
    name = forms.CharField(max_length=100)
    previous_end = TableDateField(required=False)
    start_date = TableDateField(required=False)
    end_date = TableDateField(required=False)
    grade = MissingOrChoiceField(choices=GRADES, describe="a grade (1, 2 or 3)")
    outcome_text = _text(5000)
    published = TableDateField(required=False)
    next_inspection = _text(100)
    next_inspection_due = _text(100)
    report_url = forms.URLField(max_length=300, required=False, assume_scheme="https")

    COLUMNS = dict(
        zip(
            [
                "urn", "la_code", "region", "ons_code", "name", "previous_end", "start_date",
                "end_date", "grade", "outcome_text", "published", "next_inspection",
                "next_inspection_due", "report_url",
            ],
            COLUMNS,
            strict=True,
        )
    )  # fmt: skip

    def __init__(self, raw: dict[str, str]):
        super().__init__({name: raw.get(column) or "" for name, column in self.COLUMNS.items()})

    def clean_name(self):
        name = self.cleaned_data["name"]
        if not slugify(name):
            raise forms.ValidationError(f"{name!r} has no letters or digits to make an address.")
        return name

    def clean_report_url(self):
        url = self.cleaned_data["report_url"]
        if url and not url.startswith("https://"):
            raise forms.ValidationError(f"{url!r} is not an https address.")
        return url

    def clean(self):
        data = super().clean()
        start, end, published = (data.get(k) for k in ("start_date", "end_date", "published"))
        if start and end and end < start:
            self.add_error("end_date", "the inspection ends before it starts.")
        if end and published and published < end:
            self.add_error("published", "the report is published before the inspection ends.")
        return data

    def first_error(self, line: int) -> str:
        name, errors = next(iter(self.errors.items()))
        column = self.COLUMNS.get(name, "row")
        return f"Row {line}, column '{column}': {errors[0]}"


def parse_row(raw: dict[str, str], line: int) -> Row:
    for column, value in raw.items():
        if value and any(c in value for c in CONTROL_CHARACTERS):
            raise ImportRejected(f"Row {line}, column '{column}': contains a control character.")
    form = RowForm({k: v.strip() if isinstance(v, str) else v for k, v in raw.items()})
    if not form.is_valid():
        raise ImportRejected(form.first_error(line))
    data = form.cleaned_data

    notes: dict[str, str] = {}
    if data["region"] is None:
        notes["region"] = "The national table gives no region for this area."
    outcome = data["grade"] or Outcome.UNKNOWN
    if data["grade"] is None:
        notes["outcome"] = "The national table gives no outcome grade for this inspection."
    outcome_text = data["outcome_text"]
    if outcome_text.lower() in MISSING or NOT_FOUND_TEXT.search(outcome_text):
        notes["outcome_text"] = "The national table could not read the outcome wording."
        outcome_text = ""
    if data["start_date"] is None or data["end_date"] is None:
        notes["dates"] = "The national table does not give this inspection's dates."
    if data["published"] is None:
        notes["published"] = "The national table does not give the publication date."
    if data["previous_end"] is None:
        notes["previous"] = (
            "The national table does not say when this area was inspected before, or whether it "
            "was inspected at all."
        )
    monitoring, full, due_notes = _next_inspections(data, outcome, outcome_text, line)
    notes.update(due_notes)
    return Row(
        line=line,
        urn=data["urn"],
        la_code=data["la_code"],
        region=data["region"] or "",
        ons_code=data["ons_code"],
        name=display_name(data["name"]),
        previous_end=data["previous_end"],
        start_date=data["start_date"],
        end_date=data["end_date"],
        outcome=outcome,
        outcome_text=outcome_text,
        published=data["published"],
        next_monitoring=monitoring[0],
        next_monitoring_due=monitoring[1],
        next_full=full[0],
        next_full_due=full[1],
        report_url=data["report_url"],
        notes=notes,
    )


def _next_inspections(data: dict, outcome: str, outcome_text: str, line: int):
    """Split the table's single "next inspection" into the monitoring and the full inspection.

    After widespread or systemic failings the table's period ("18 months") and date are the
    monitoring inspection's; otherwise they are the next full inspection's. The other one comes
    from the outcome paragraph, its date worked out the way the table works out its own.
    """
    notes = {}
    monitoring_said, full_said = next_inspections(outcome_text)
    period = data["next_inspection"]
    period = "" if period.lower() in MISSING else period
    due_cell = data["next_inspection_due"]
    table_due = None
    if NOT_FOUND_TEXT.search(due_cell):
        notes["next_due"] = "The national table could not work out when the next inspection is due."
    else:
        try:
            table_due = TableDateField().clean(due_cell)
        except forms.ValidationError as error:
            raise ImportRejected(
                f"Row {line}, column 'Next Inspection By Date': {error.messages[0]}"
            ) from None
    is_monitoring = outcome == Outcome.SYSTEMIC or period.endswith("months")
    if not period and not monitoring_said and not full_said:
        notes["next_inspection"] = (
            "The national table does not say when the next inspection is due."
        )
    computed = "worked out by this site from the inspection's first day, as the national table does"
    if is_monitoring:
        monitoring = (monitoring_said or period, table_due)
        full = (full_said, due_by(data["start_date"], full_said))
        if table_due:
            notes["next_monitoring_due"] = "The national table's “Next Inspection By Date”."
        if full[1]:
            notes["next_full_due"] = f"Not in the national table: {computed}."
    else:
        monitoring = ("", None)
        full = (full_said or period, table_due)
        if table_due:
            notes["next_full_due"] = "The national table's “Next Inspection By Date”."
    return monitoring, full, notes


def _decode(data: bytes) -> str:
    """The file as text, or a rejection naming the row (and column) of the first bad byte."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected(
            f"Row 1: the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        header = data.split(b"\n", 1)[0].decode("utf-8", "replace").split(",")
        column_index = data[line_start : error.start].count(b",")
        column = header[column_index] if column_index < len(header) else f"#{column_index + 1}"
        raise ImportRejected(
            f"Row {line}, column '{column.strip()}': byte 0x{data[error.start]:02x} is not UTF-8."
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportRejected(f"Row {line}: contains a NUL character.")
    return text


def _raw_rows(reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
    """(line, cells) for each row, each with the expected number of cells."""
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. a cell over the csv module's field size limit
            raise ImportRejected(f"Row {reader.line_num + 1}: {error}.") from None
        line = reader.line_num
        if None in raw or len(raw) != len(COLUMNS) or any(v is None for v in raw.values()):
            raise ImportRejected(f"Row {line}: expected {len(COLUMNS)} cells.")
        yield line, raw


def parse(data: bytes) -> list[Row]:
    reader = csv.DictReader(io.StringIO(_decode(data), newline=""))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        raise ImportRejected(f"Row 1: {error}.") from None
    if fieldnames != COLUMNS:
        raise ImportRejected(f"Row 1: the columns are {fieldnames!r}; expected {COLUMNS!r}.")
    rows = []
    seen_urn: dict[str, int] = {}
    seen_la: dict[str, int] = {}
    for line, raw in _raw_rows(reader):
        row = parse_row(raw, line)
        if row.urn in seen_urn:
            raise ImportRejected(
                f"Row {line}, column 'URN': {row.urn} already appears on row {seen_urn[row.urn]}."
            )
        if row.la_code in seen_la:
            raise ImportRejected(
                f"Row {line}, column 'La Code': {row.la_code} already appears on row "
                f"{seen_la[row.la_code]} under another URN."
            )
        seen_urn[row.urn], seen_la[row.la_code] = line, line
        rows.append(row)
    if not rows:
        raise ImportRejected("Row 2: the file has no rows.")
    return rows


def _fill_blanks(obj, values: dict) -> bool:
    """Set only the fields that are still empty, so curated values always win."""
    changed = [
        name
        for name, value in values.items()
        if value not in ("", None) and getattr(obj, name) in ("", None)
    ]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def _match_area(row: Row) -> Area | None:
    return (
        Area.objects.filter(urn=row.urn).first()
        or Area.objects.filter(la_code=row.la_code).first()
        or Area.objects.filter(slug=slugify(row.name)).first()
    )


def _match_latest(area: Area, row: Row) -> Inspection | None:
    candidates = Inspection.objects.filter(area=area, framework=Framework.AREA_SEND_2023)
    if row.start_date:
        found = candidates.filter(start_date=row.start_date).first()
        if found:
            return found
    if row.published:
        return candidates.filter(published=row.published).first()
    return None


def _note(inspection: Inspection, notes: dict[str, str], source: Source):
    for name, note in notes.items():
        DataNote.objects.update_or_create(
            inspection=inspection, field=name, defaults={"note": note, "source": source}
        )


@dataclass
class Summary:
    areas_created: int = 0
    inspections_created: int = 0
    records_updated: int = 0


def _import_area(row: Row, summary: Summary) -> Area:
    area = _match_area(row)
    values = {
        "urn": row.urn,
        "la_code": row.la_code,
        "ons_code": row.ons_code,
        "region": row.region,
    }
    if area is None:
        summary.areas_created += 1
        return Area.objects.create(name=row.name, slug=slugify(row.name), **values)
    if _fill_blanks(area, values):
        summary.records_updated += 1
    return area


def _import_latest(area: Area, row: Row, source: Source, summary: Summary) -> None:
    latest = _match_latest(area, row)
    values = {
        "start_date": row.start_date,
        "end_date": row.end_date,
        "published": row.published,
        "outcome_text": row.outcome_text,
        "next_monitoring": row.next_monitoring,
        "next_monitoring_due": row.next_monitoring_due,
        "next_full": row.next_full,
        "next_full_due": row.next_full_due,
        "report_url": row.report_url,
    }
    if latest is None:
        latest = Inspection.objects.create(
            area=area, framework=Framework.AREA_SEND_2023, outcome=row.outcome, **values
        )
        summary.inspections_created += 1
    else:
        # "unknown" is the outcome's blank, which _fill_blanks cannot see.
        if latest.outcome == Outcome.UNKNOWN and row.outcome != Outcome.UNKNOWN:
            latest.outcome = row.outcome
            latest.save(update_fields=["outcome"])
            summary.records_updated += 1
        if _fill_blanks(latest, values):
            summary.records_updated += 1
    latest.sources.add(source)
    # Notes describe the table, so they stand even where a curated source fills the gap.
    _note(latest, row.notes, source)


def _import_previous(area: Area, row: Row, source: Source, summary: Summary) -> None:
    # The table's previous inspection is often a 2016-framework revisit, which Ofsted's
    # statistics (reports.importers.previous_history) file under its inspection.
    previous = (
        Inspection.objects.filter(area=area, end_date=row.previous_end).first()
        or Inspection.objects.filter(area=area, revisit__end_date=row.previous_end).first()
    )
    if previous is None:
        framework = (
            Framework.AREA_SEND_2023
            if row.previous_end >= FRAMEWORK_2023_BEGAN
            else Framework.LOCAL_AREA_2016
        )
        previous = Inspection.objects.create(
            area=area, framework=framework, end_date=row.previous_end
        )
        summary.inspections_created += 1
        _note(
            previous,
            {
                "dates": "The national table gives only the last day of this inspection; "
                "its other details are not stated."
            },
            source,
        )
    previous.sources.add(source)


@transaction.atomic
def import_rows(rows: list[Row], source: Source) -> Summary:
    summary = Summary()
    for row in rows:
        area = _import_area(row, summary)
        _import_latest(area, row, source, summary)
        if row.previous_end:
            _import_previous(area, row, source, summary)
    return summary
