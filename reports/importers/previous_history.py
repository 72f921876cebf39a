"""Write the 2016 to 2022 inspections (`previous_framework.parse`) beside what is already held.

One transaction, and every row's area is found before anything is written, so an unknown code,
or a region the regions table contradicts, rejects the file. Each row is then reconciled with
the area's 2016-framework inspections already held (curated, or the national table's "previous
inspection", which has only a last day):
- the same inspection (the same first day or publication date, or a last day between the two)
  is filled where blank; where it says otherwise the held value stays, and a DataNote gives
  what the statistics say;
- the national table's previous inspection is often the revisit: its last day becomes the
  revisit's, with a note, rather than a second inspection;
- anything else held stays, with a note that the statistics do not list it.
Successor authorities take their predecessor's row, marked as inspected under its name. Last,
the reports' own "previous inspection" is checked against the result (`report_dates`).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from areas.models import Area
from areas.selectors import normalise_name
from reports.importers.previous_framework import PERIOD_END, ImportRejected, Row
from reports.importers.report_dates import reconcile_reports
from reports.models import DataNote, Inspection, Revisit, Source
from reports.vocabulary import Framework, Outcome, SourceKind, region_name
from reports.wording import long_date

FILE = "previous-framework/Area_SEND_inspection_data_01_May_2016_to_31_August_2022.ods"
SOURCE = {
    "slug": "ofsted-area-send-statistics-2016-2022",
    "title": "Area SEND inspection and revisit outcomes, May 2016 to August 2022 "
    "(Ofsted official statistics)",
    "kind": SourceKind.OFFICIAL_STATISTICS,
    "publisher": "Ofsted",
    "published": date(2022, 11, 17),
    "url": "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/"
    "attachment_data/file/1117636/Area_SEND_inspection_data_01_May_2016_to_31_August_2022.ods",
    "file": FILE,
    "licence": "Open Government Licence v3.0; © Crown copyright 2022",
}
# What the national importer calls its note on a latest inspection with no previous date.
NATIONAL_NO_PREVIOUS = "previous"


@dataclass(frozen=True)
class Succession:
    codes: tuple[str, ...]  # the ONS codes of the areas that inherit the history, today
    change: str  # what the sources say happened, for the area's note


# The statistics use 2022 codes; these authorities have since been replaced or recoded.
SUCCESSORS = {
    # fixtures/sources/geography/README.md gives the first four changes.
    "E10000006": Succession(
        ("E06000063", "E06000064"),
        "Cumbria (E10000006) was replaced in April 2023 by Cumberland (E06000063) and "
        "Westmorland and Furness (E06000064).",
    ),
    "E10000023": Succession(
        ("E06000065",),
        "North Yorkshire became a unitary authority in April 2023 (E10000023 became E06000065).",
    ),
    "E10000027": Succession(
        ("E06000066",),
        "Somerset became a unitary authority in April 2023 (E10000027 became E06000066).",
    ),
    "E10000021": Succession(
        ("E06000061", "E06000062"),
        "Northamptonshire (E10000021) was replaced in April 2021 by North Northamptonshire "
        "(E06000061) and West Northamptonshire (E06000062).",
    ),
    # The national table gives these with their LA codes (838, 825), which the regions table
    # gives the new codes. Dorset's change is the statistics' note 2.
    "E10000009": Succession(
        ("E06000059",),
        "Dorset's new boundaries came into effect on 1 April 2019; the regions table gives "
        "Dorset the code E06000059.",
    ),
    "E10000002": Succession(
        ("E06000060",), "The regions table gives Buckinghamshire the code E06000060."
    ),
}
WHAT = {
    "start_date": "the first day",
    "published": "the publication date",
    "outcome": "the outcome",
    "significant_weaknesses": "the number of significant weaknesses",
    "inspected_as": "the authority inspected",
}


@dataclass
class Summary:
    rows: int = 0
    inspections_created: int = 0
    inspections_updated: int = 0
    revisits: int = 0
    stubs_merged: int = 0
    notes: int = 0


def source() -> Source:
    """The statistics as a Source, made or brought up to date."""
    found, _ = Source.objects.update_or_create(
        slug=SOURCE["slug"], defaults={k: v for k, v in SOURCE.items() if k != "slug"}
    )
    return found


def _areas_for(row: Row, by_code: dict[str, list[Area]]) -> list[Area]:
    succession = SUCCESSORS.get(row.code)
    areas = []
    for code in succession.codes if succession else (row.code,):
        found = by_code.get(code, [])
        if len(found) != 1:
            holders = "no area has" if not found else "several areas have"
            now = f"{row.code} is now {code}, but " if succession else ""
            raise ImportRejected(f"{row.at(1)}: {now}{holders} the code {code} ({row.name}).")
        area = found[0]
        if row.regions and area.region and area.region not in row.regions:
            raise ImportRejected(
                f"{row.at(3)}: {row.region_label!r}, but the regions table puts {area.name} in "
                f"{region_name(area.region)}."
            )
        areas.append(area)
    return areas


def resolve(rows: list[Row]) -> list[tuple[Row, list[Area]]]:
    """Each row with the areas whose history it is; ImportRejected if any has none."""
    by_code: dict[str, list[Area]] = {}
    for area in Area.objects.all():
        by_code.setdefault(area.ons_code, []).append(area)
    return [(row, _areas_for(row, by_code)) for row in rows]


@transaction.atomic
def import_rows(rows: list[Row], cited: Source | None = None) -> Summary:
    """Write every row, citing `cited` (by default the shipped statistics), or nothing."""
    cited = cited or source()
    summary = Summary(rows=len(rows))
    for row, areas in resolve(rows):
        for area in areas:
            _AreaHistory(row, area, cited, summary).write()
    summary.notes += reconcile_reports(cited)
    return summary


def _in_month(day: date | None, month: tuple[int, int] | None) -> bool:
    return day is not None and (day.year, day.month) == month


def _is_inspection(held: Inspection, row: Row) -> bool:
    if row.month:
        return (
            _in_month(held.start_date, row.month)
            or _in_month(held.end_date, row.month)
            or (not held.start_date and held.dates_as_stated == row.dates_as_stated)
        )
    return (
        held.start_date == row.start_date
        or held.published == row.published
        or (held.end_date is not None and row.start_date <= held.end_date <= row.published)
    )


def _is_revisit_stub(held: Inspection, row: Row) -> bool:
    """The national table's previous inspection, which has only a last day, in the revisit."""
    revisit = row.revisit
    if revisit is None or held.start_date or held.published or held.end_date is None:
        return False
    if revisit.month:
        return _in_month(held.end_date, revisit.month)
    return revisit.start_date <= held.end_date <= revisit.published


def _said(name: str, value) -> str:
    if isinstance(value, date):
        return long_date(value)
    if name == "outcome":
        return f"“{Outcome(value).label.lower()}”"
    return f"“{value}”"


class _AreaHistory:
    """One row of the statistics written into one area's history."""

    def __init__(self, row: Row, area: Area, cited: Source, summary: Summary):
        self.row, self.area, self.source, self.summary = row, area, cited, summary
        succession = SUCCESSORS.get(row.code)
        self.succession = succession
        renamed = succession and normalise_name(row.name) != normalise_name(area.name)
        self.values = {
            "start_date": row.start_date,
            "published": row.published,
            "outcome": Outcome.WSOA_REQUIRED if row.wsoa_required else Outcome.NO_WSOA,
            "significant_weaknesses": row.weaknesses,
            "inspected_as": row.name if renamed else "",
        }

    def write(self):
        held = list(
            Inspection.objects.filter(area=self.area, framework=Framework.LOCAL_AREA_2016)
            .order_by("pk")
            .prefetch_related("sources")
        )
        inspection = next((i for i in held if _is_inspection(i, self.row)), None)
        stub = next((i for i in held if i != inspection and _is_revisit_stub(i, self.row)), None)
        if inspection is None:
            inspection = self.create()
        else:
            self.reconcile(inspection)
        inspection.sources.add(self.source)
        if self.succession:
            self.note(
                inspection,
                "area",
                f"Ofsted's statistics list this inspection under {self.row.name} "
                f"({self.row.code}). {self.succession.change}",
            )
        self.revisit(inspection, stub)
        for other in held:
            if other not in (inspection, stub):
                self.note_unlisted(other)

    def note(self, inspection: Inspection, name: str, text: str, cited: Source | None = None):
        _, created = DataNote.objects.update_or_create(
            inspection=inspection,
            field=name,
            defaults={"note": text, "source": cited or self.source},
        )
        self.summary.notes += created

    def create(self) -> Inspection:
        inspection = Inspection.objects.create(
            area=self.area,
            framework=Framework.LOCAL_AREA_2016,
            dates_as_stated=self.row.dates_as_stated,
            **self.values,
        )
        self.summary.inspections_created += 1
        said = []
        if self.row.noted:
            said.append(
                "Ofsted's statistics give only the month, in a note beside their table, which "
                f"leaves {self.row.name} out."
            )
        if DataNote.objects.filter(inspection__area=self.area, field=NATIONAL_NO_PREVIOUS).exists():
            said.append(
                "The national table gives no date for this area's previous inspection "
                "(01/01/1900 or an empty cell); the dates here are from Ofsted's statistics."
            )
        if said:
            self.note(inspection, "dates", " ".join(said))
        return inspection

    def reconcile(self, inspection: Inspection):
        """Fill blanks; where a held value differs, keep it and note what the statistics say."""
        # The national table's previous inspection: a last day and nothing else.
        was_stub = inspection.end_date and not (inspection.start_date or inspection.published)
        changed = []
        for name, value in self.values.items():
            held = getattr(inspection, name)
            blank = held in ("", None) or (name == "outcome" and held == Outcome.UNKNOWN)
            if value in ("", None) or (not blank and held == value):
                continue
            if blank and self._fits(inspection, name, value):
                setattr(inspection, name, value)
                changed.append(name)
            else:
                self.note(
                    inspection,
                    f"statistics_{name}",
                    f"Ofsted's statistics give {WHAT[name]} as {_said(name, value)}; the value "
                    "shown comes from another source.",
                )
        dated = inspection.start_date or inspection.end_date or inspection.dates_as_stated
        if self.row.dates_as_stated and not dated:
            inspection.dates_as_stated = self.row.dates_as_stated
            changed.append("dates_as_stated")
        if changed:
            inspection.save(update_fields=changed)
            self.summary.inspections_updated += 1
        if was_stub and inspection.data_notes.filter(field="dates").exists():
            # The national table's note said its other details were not stated; now they are.
            self.note(
                inspection,
                "dates",
                "The last day is the national table's date for this area's previous inspection; "
                + (
                    "Ofsted's statistics give the month, in a note beside their table."
                    if self.row.noted
                    else "the first day and the publication date are Ofsted's statistics'."
                ),
            )

    @staticmethod
    def _fits(inspection: Inspection, name: str, value) -> bool:
        """A date that keeps the inspection's dates in order (the database insists)."""
        end = inspection.end_date
        if name == "start_date":
            return end is None or value <= end
        if name == "published":
            return end is None or value >= end
        return True

    def revisit(self, inspection: Inspection, stub: Inspection | None):
        planned = self.row.revisit
        if planned is None:
            Revisit.objects.filter(inspection=inspection, source=self.source).delete()
            return
        values = {
            "start_date": planned.start_date,
            "published": planned.published,
            "dates_as_stated": planned.dates_as_stated,
            "result": planned.result,
            "progressed": planned.progressed,
            "not_progressed": planned.not_progressed,
            "source": self.source,
        }
        if stub is not None:
            values["end_date"] = stub.end_date
            cited = list(stub.sources.all())
            inspection.sources.add(*cited)
            table = next((s for s in cited if s.kind == SourceKind.DATA_TABLE), self.source)
            self.note(
                inspection,
                "revisit_end_date",
                f"The revisit's last day, {long_date(stub.end_date)}, is the national table's "
                "date for this area's previous inspection.",
                cited=table,
            )
            stub.delete()
            self.summary.stubs_merged += 1
        Revisit.objects.update_or_create(inspection=inspection, defaults=values)
        self.summary.revisits += 1

    def note_unlisted(self, other: Inspection):
        day = other.end_date or other.start_date or other.published
        if day and day > PERIOD_END:
            text = (
                "Ofsted's statistics cover inspections and revisits to 31 August 2022, so they "
                "do not list this one."
            )
        else:
            listed = self.row.dates_as_stated or (
                f"beginning {long_date(self.row.start_date)}, published "
                f"{long_date(self.row.published)}"
            )
            text = (
                "Ofsted's statistics do not list this inspection; they give this area's as "
                f"{listed}."
            )
        self.note(other, "statistics", text)
