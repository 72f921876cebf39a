"""Every area's region, LA code and ONS code, from the table of England's upper-tier authorities.

The table (fixtures/sources/geography/local-authority-regions-2024.csv) is ONS's, by way of DfE's
dfeR package. It is read and checked whole first; then each row finds its area by the DfE
three-digit LA code, else by the ONS code, and sets all three values: the table is the
authority for them, so it corrects the older county codes that other tables give (Dorset's
E10000009, Buckinghamshire's E10000002, Cumbria's E10000006 for both of its successors).
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from areas.models import Area, Region
from reports.models import Source
from reports.vocabulary import SourceKind

FILE = "geography/local-authority-regions-2024.csv"
COLUMNS = ["old_la_code", "new_la_code", "la_name", "region_code", "region_name"]
# ONS's codes for the nine regions (E12), with the names the table gives them.
ONS_REGIONS = {
    "E12000001": Region.NORTH_EAST,
    "E12000002": Region.NORTH_WEST,
    "E12000003": Region.YORKSHIRE_AND_THE_HUMBER,
    "E12000004": Region.EAST_MIDLANDS,
    "E12000005": Region.WEST_MIDLANDS,
    "E12000006": Region.EAST_OF_ENGLAND,
    "E12000007": Region.LONDON,
    "E12000008": Region.SOUTH_EAST,
    "E12000009": Region.SOUTH_WEST,
}
MAX_FILE_BYTES = 1_000_000
SOURCE = {
    "slug": "local-authority-regions-2024",
    "title": "England's upper-tier local authorities with their codes and regions (2024)",
    "kind": SourceKind.DATA_TABLE,
    "publisher": "Office for National Statistics, by way of DfE's dfeR package",
    "date_as_stated": "2024",
    "url": "https://github.com/dfe-analytical-services/dfeR",
    "file": FILE,
    "licence": "Open Government Licence v3.0",
}


class RegionsRejected(Exception):
    """The table is malformed, or a row matches no area or several; nothing is written."""


@dataclass(frozen=True)
class RegionRow:
    line: int
    la_code: str
    ons_code: str
    name: str
    region: str


def _cell(raw: dict, column: str, line: int, pattern: str, what: str) -> str:
    value = (raw.get(column) or "").strip()
    if not re.fullmatch(pattern, value):
        raise RegionsRejected(f"Row {line}, column '{column}': {value!r} is not {what}.")
    return value


def parse_row(raw: dict, line: int) -> RegionRow:
    if None in raw or any(v is None for v in raw.values()):
        raise RegionsRejected(f"Row {line}: expected {len(COLUMNS)} cells.")
    la_code = _cell(raw, "old_la_code", line, r"\d{3}", "a three-digit LA code")
    ons_code = _cell(raw, "new_la_code", line, r"E\d{8}", "an ONS code (E and eight digits)")
    name = _cell(raw, "la_name", line, r"\S.{0,99}", "a name")
    code = _cell(raw, "region_code", line, r"E12\d{6}", "an ONS region code (E12...)")
    if code not in ONS_REGIONS:
        raise RegionsRejected(f"Row {line}, column 'region_code': {code!r} is not a region.")
    region = ONS_REGIONS[code]
    stated = raw["region_name"].strip()
    if stated.casefold() != region.label.casefold():
        raise RegionsRejected(
            f"Row {line}, column 'region_name': {stated!r} is not {code}'s name, {region.label!r}."
        )
    return RegionRow(line, la_code, ons_code, name, region.value)


def parse(data: bytes) -> list[RegionRow]:
    if len(data) > MAX_FILE_BYTES:
        raise RegionsRejected(f"Row 1: the file is {len(data):,} bytes; the limit is 1,000,000.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RegionsRejected(f"Row {line}: byte 0x{data[error.start]:02x} is not UTF-8.") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames != COLUMNS:
        raise RegionsRejected(
            f"Row 1: the columns are {reader.fieldnames!r}; expected {COLUMNS!r}."
        )
    rows, seen = [], {}
    for raw in reader:
        row = parse_row(raw, reader.line_num)
        for column, value in (("old_la_code", row.la_code), ("new_la_code", row.ons_code)):
            if (column, value) in seen:
                raise RegionsRejected(
                    f"Row {row.line}, column '{column}': {value} already appears on row "
                    f"{seen[column, value]}."
                )
            seen[column, value] = row.line
        rows.append(row)
    if not rows:
        raise RegionsRejected("Row 2: the file has no rows.")
    return rows


@dataclass
class Summary:
    rows: int = 0
    areas_updated: int = 0
    without_region: list[str] = field(default_factory=list)  # areas no row matched


def _match(row: RegionRow, by_la: dict[str, Area], by_ons: dict[str, list[Area]]) -> Area:
    """The area with the row's LA code, else the one area with its ONS code."""
    area = by_la.get(row.la_code)
    others = [a for a in by_ons.get(row.ons_code, []) if a != area]
    if area is not None and others:
        raise RegionsRejected(
            f"Row {row.line}, column 'new_la_code': {row.ons_code} is {others[0].name}'s code, "
            f"but LA code {row.la_code} is {area.name}'s."
        )
    if area is None and len(others) > 1:
        names = ", ".join(sorted(a.name for a in others))
        raise RegionsRejected(
            f"Row {row.line}, column 'new_la_code': several areas have {row.ons_code} ({names})."
        )
    area = area or (others[0] if others else None)
    if area is None:
        raise RegionsRejected(
            f"Row {row.line}, column 'la_name': no area has LA code {row.la_code} or ONS code "
            f"{row.ons_code} ({row.name}); load the geography first."
        )
    return area


def source() -> Source:
    """The table as a Source, made or brought up to date."""
    found, _ = Source.objects.update_or_create(
        slug=SOURCE["slug"], defaults={k: v for k, v in SOURCE.items() if k != "slug"}
    )
    return found


@transaction.atomic
def load(rows: list[RegionRow]) -> Summary:
    """Set each row's area's region and codes. Running it twice changes nothing."""
    source()
    summary = Summary(rows=len(rows))
    areas = list(Area.objects.all())
    by_la = {a.la_code: a for a in areas if a.la_code}
    by_ons: dict[str, list[Area]] = {}
    for area in areas:
        by_ons.setdefault(area.ons_code, []).append(area)
    matched = {}
    for row in rows:
        area = _match(row, by_la, by_ons)
        if area.pk in matched:
            raise RegionsRejected(
                f"Row {row.line}, column 'la_name': {area.name} is row {matched[area.pk]}'s too."
            )
        matched[area.pk] = row.line
        values = {"region": row.region, "la_code": row.la_code, "ons_code": row.ons_code}
        changed = [name for name, value in values.items() if getattr(area, name) != value]
        for name in changed:
            setattr(area, name, values[name])
        if changed:
            area.save(update_fields=changed)
            summary.areas_updated += 1
    summary.without_region = sorted(a.name for a in areas if a.pk not in matched and not a.region)
    return summary
