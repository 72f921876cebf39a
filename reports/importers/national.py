"""Import the national table of area SEND outcomes (Data to Insight's scrape of Ofsted reports).

The whole file is read and checked before anything is written: one bad cell rejects the file.
Known quirks of the table become empty values plus a DataNote, never a guess.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils.text import slugify

from areas.models import Area, Region

from reports.models import DataNote, Framework, Inspection, Outcome, Source

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
GRADES = {"1": Outcome.POSITIVE, "2": Outcome.INCONSISTENT, "3": Outcome.SYSTEMIC}
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
    next_inspection: str
    next_inspection_due: date | None
    report_url: str
    notes: dict[str, str] = field(default_factory=dict)


def _date(value: str, line: int, column: str) -> date | None:
    value = value.strip()
    if value.lower() in MISSING:
        return None
    for fmt in ("%d/%m/%Y", "%d/%m/%y"):
        try:
            parsed = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return None if parsed == NOT_EXTRACTED_DATE else parsed
    raise ImportRejected(f"Row {line}, column '{column}': {value!r} is not a date (DD/MM/YY).")


def parse_row(raw: dict[str, str], line: int) -> Row:
    def cell(column: str) -> str:
        return (raw.get(column) or "").strip()

    def reject(column: str, why: str):
        raise ImportRejected(f"Row {line}, column '{column}': {why}")

    def date_cell(column: str) -> date | None:
        return _date(cell(column), line, column)

    urn = cell("URN")
    if not urn.isdigit():
        reject("URN", f"{urn!r} is not a URN (digits).")
    la_code = cell("La Code")
    if not re.fullmatch(r"\d{3}", la_code):
        reject("La Code", f"{la_code!r} is not a three-digit local authority code.")
    ons_code = cell("LTLA23CD")
    if not re.fullmatch(r"E\d{8}", ons_code):
        reject("LTLA23CD", f"{ons_code!r} is not an ONS code (E and eight digits).")
    name = cell("Local Authority")
    if not name:
        reject("Local Authority", "the area has no name.")

    notes: dict[str, str] = {}
    region = cell("Region Code")
    if region.lower() in MISSING:
        region = ""
        notes["region"] = "The national table gives no region for this area (NaN)."
    elif region not in Region.values:
        reject("Region Code", f"{region!r} is not one of {', '.join(Region.values)}.")

    grade = cell("Outcome Grade").removesuffix(".0")
    if grade.lower() in MISSING:
        outcome = Outcome.UNKNOWN
        notes["outcome"] = "The national table gives no outcome grade for this inspection (NaN)."
    elif grade in GRADES:
        outcome = GRADES[grade]
    else:
        reject("Outcome Grade", f"{cell('Outcome Grade')!r} is not a grade (1, 2 or 3).")

    outcome_text = cell("Inspection Outcome Text")
    if outcome_text.lower() in MISSING or NOT_FOUND_TEXT.search(outcome_text):
        notes["outcome_text"] = (
            f"The national table could not extract the outcome wording ({outcome_text!r})."
        )
        outcome_text = ""

    start_date = date_cell("Inspection Start Date")
    end_date = date_cell("Inspection End Date")
    if start_date is None or end_date is None:
        notes["dates"] = "The national table does not give this inspection's dates."
    if start_date and end_date and end_date < start_date:
        reject("Inspection End Date", "the inspection ends before it starts.")
    published = date_cell("Publication Date")
    if published is None:
        notes["published"] = "The national table does not give the publication date."
    previous_end = date_cell("Previous Inspection Date")

    next_inspection = cell("Next Inspection")
    if next_inspection.lower() in MISSING:
        next_inspection = ""
        notes["next_inspection"] = (
            "The national table does not say when the next inspection is due."
        )
    due_cell = cell("Next Inspection By Date")
    if NOT_FOUND_TEXT.search(due_cell):
        next_inspection_due = None
        notes["next_inspection_due"] = (
            f"The national table could not compute a due-by date ({due_cell!r})."
        )
    else:
        next_inspection_due = date_cell("Next Inspection By Date")

    report_url = cell("Inspection Link")
    if report_url and not report_url.startswith("https://"):
        reject("Inspection Link", f"{report_url!r} is not an https address.")

    return Row(
        line=line,
        urn=urn,
        la_code=la_code,
        region=region,
        ons_code=ons_code,
        name=display_name(name),
        previous_end=previous_end,
        start_date=start_date,
        end_date=end_date,
        outcome=outcome,
        outcome_text=outcome_text,
        published=published,
        next_inspection=next_inspection,
        next_inspection_due=next_inspection_due,
        report_url=report_url,
        notes=notes,
    )


def parse(data: bytes) -> list[Row]:
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
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames != COLUMNS:
        raise ImportRejected(f"Row 1: the columns are {reader.fieldnames!r}; expected {COLUMNS!r}.")
    rows = []
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        if None in raw or len(raw) != len(COLUMNS) or any(v is None for v in raw.values()):
            raise ImportRejected(f"Row {line}: expected {len(COLUMNS)} cells.")
        row = parse_row(raw, line)
        if row.urn in seen:
            raise ImportRejected(
                f"Row {line}, column 'URN': {row.urn} already appears on row {seen[row.urn]}."
            )
        seen[row.urn] = line
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


@transaction.atomic
def import_rows(rows: list[Row], source: Source) -> Summary:
    summary = Summary()
    for row in rows:
        area = _match_area(row)
        area_values = {
            "urn": row.urn,
            "la_code": row.la_code,
            "ons_code": row.ons_code,
            "region": row.region,
        }
        if area is None:
            area = Area.objects.create(name=row.name, slug=slugify(row.name), **area_values)
            summary.areas_created += 1
        elif _fill_blanks(area, area_values):
            summary.records_updated += 1

        latest = _match_latest(area, row)
        values = {
            "start_date": row.start_date,
            "end_date": row.end_date,
            "published": row.published,
            "outcome_text": row.outcome_text,
            "next_inspection": row.next_inspection,
            "next_inspection_due": row.next_inspection_due,
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

        if row.previous_end:
            previous = Inspection.objects.filter(area=area, end_date=row.previous_end).first()
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
    return summary
