import csv
import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from areas.models import Area
from reports.importers.national import COLUMNS, display_name
from reports.models import DataNote, Finding, Inspection, Response
from reports.vocabulary import Framework, Outcome

pytestmark = pytest.mark.django_db

SHIPPED = Path(settings.SOURCES_DIR) / "national-outcomes-2026-06-29.csv"


def shipped_rows() -> list[dict]:
    with SHIPPED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict], columns=COLUMNS) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def snapshot():
    """Every row the importer can touch, as plain values."""
    return (
        sorted(Area.objects.values_list()),
        sorted(Inspection.objects.values_list(), key=str),
        sorted(DataNote.objects.values_list("inspection_id", "field", "note")),
        sorted(Inspection.sources.through.objects.values_list("inspection_id", "source_id")),
    )


def note(area_slug: str, field: str, **filters) -> str:
    return DataNote.objects.get(inspection__area__slug=area_slug, field=field, **filters).note


def test_every_row_of_the_national_table_has_its_area_once():
    urns = [row["URN"] for row in shipped_rows()]
    assert sorted(Area.objects.filter(urn__in=urns).values_list("urn", flat=True)) == sorted(urns)


def test_running_the_import_twice_changes_nothing():
    before = snapshot()
    call_command("import_outcomes", stdout=io.StringIO())
    assert snapshot() == before


def test_curated_inspections_are_matched_not_duplicated():
    cambridgeshire = Inspection.objects.filter(
        area__slug="cambridgeshire", framework=Framework.AREA_SEND_2023
    )
    assert cambridgeshire.count() == 1
    inspection = cambridgeshire.get()
    assert inspection.dates_as_stated == "January 2025"
    assert inspection.findings.exists()
    southend_2023 = Inspection.objects.filter(
        area__slug="southend-on-sea", start_date=datetime.date(2023, 3, 6)
    )
    assert southend_2023.count() == 1


def test_cornwalls_row_adds_its_2026_reinspection_beside_the_curated_2023_one():
    cornwall = list(
        Inspection.objects.filter(area__slug="cornwall")
        .latest_first()
        .values_list("start_date", "outcome")
    )
    assert cornwall == [
        (datetime.date(2026, 3, 23), Outcome.INCONSISTENT),
        (datetime.date(2023, 2, 6), Outcome.INCONSISTENT),
        (datetime.date(2017, 7, 3), Outcome.NO_WSOA),  # from Ofsted's statistics
    ]


def test_slough_has_no_outcome_grade_so_its_outcome_is_not_stated_with_a_note():
    slough = Inspection.objects.get(area__slug="slough", framework=Framework.AREA_SEND_2023)
    assert slough.outcome == Outcome.UNKNOWN
    assert slough.outcome_text == ""
    assert "no outcome grade" in note("slough", "outcome")
    assert "could not read the outcome wording" in note("slough", "outcome_text")


def test_medway_has_no_region_in_the_table_so_a_note_says_so_and_the_regions_table_gives_it():
    assert "no region" in note("medway", "region")
    assert Area.objects.get(slug="medway").region == "SE"


def test_missing_dates_are_not_stated_with_a_note():
    buckinghamshire = Inspection.objects.get(
        area__slug="buckinghamshire", framework=Framework.AREA_SEND_2023
    )
    assert (buckinghamshire.start_date, buckinghamshire.end_date) == (None, None)
    assert buckinghamshire.next_full_due is None
    assert "does not give this inspection's dates" in note(
        "buckinghamshire", "dates", inspection=buckinghamshire
    )
    assert "could not work out when the next inspection is due" in note(
        "buckinghamshire", "next_due"
    )


def test_a_previous_date_of_1900_means_not_stated_with_a_note_and_creates_nothing():
    assert not Inspection.objects.filter(
        area__slug="barnsley", sources__slug="national-outcomes-2026-06-29", end_date__isnull=False
    ).exclude(framework=Framework.AREA_SEND_2023)
    assert not Inspection.objects.filter(end_date__year=1900).exists()
    assert "does not say when this area was inspected before" in note("barnsley", "previous")


def test_after_systemic_failings_the_tables_date_is_the_monitoring_inspection():
    # Bexley's row: grade 3, "18 months", due 04/06/25, inspection from 4 December 2023.
    inspection = (
        Inspection.objects.filter(area__slug="bexley", framework=Framework.AREA_SEND_2023)
        .latest_first()
        .first()
    )
    assert inspection.outcome == Outcome.SYSTEMIC
    assert inspection.next_monitoring == "within approximately 18 months"
    assert inspection.next_monitoring_due == datetime.date(2025, 6, 4)
    assert inspection.next_full == "within approximately three years"
    assert inspection.next_full_due == datetime.date(2026, 12, 4)
    assert "Next Inspection By Date" in note("bexley", "next_monitoring_due")
    assert "worked out by this site" in note("bexley", "next_full_due")


def test_other_outcomes_have_only_a_full_inspection_due():
    barnsley = Inspection.objects.get(area__slug="barnsley", framework=Framework.AREA_SEND_2023)
    assert (barnsley.next_monitoring, barnsley.next_monitoring_due) == ("", None)
    assert barnsley.next_full == "within approximately 5 years"
    assert barnsley.next_full_due == datetime.date(2031, 2, 2)


def test_a_previous_inspection_is_recorded_with_only_its_last_day():
    # Leicester's previous inspection ended after the period Ofsted's statistics cover.
    previous = Inspection.objects.get(area__slug="leicester", end_date=datetime.date(2022, 11, 16))
    assert previous.framework == Framework.LOCAL_AREA_2016
    assert previous.start_date is None
    assert previous.outcome == Outcome.UNKNOWN
    assert "only the last day" in note("leicester", "dates", inspection=previous)


def test_names_are_written_as_people_write_them():
    assert display_name("kingston upon hull") == "Kingston upon Hull"
    assert display_name("southend-on-sea") == "Southend-on-Sea"
    assert display_name("bournemouth, christchurch & poole") == "Bournemouth, Christchurch & Poole"
    assert Area.objects.get(slug="telford-wrekin").name == "Telford & Wrekin"


def rejected(path: Path, message: str):
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("import_outcomes", str(path), stdout=io.StringIO())
    assert snapshot() == before


def new_area_row(**changes) -> dict:
    row = dict(shipped_rows()[0], URN="99999", **{"La Code": "999", "Local Authority": "newshire"})
    row.update(changes)
    return row


def test_a_file_with_wrong_columns_is_rejected_whole(tmp_path):
    columns = [c if c != "Outcome Grade" else "Grade" for c in COLUMNS]
    rows = [{**r, "Grade": r["Outcome Grade"]} for r in shipped_rows()]
    rejected(write_csv(tmp_path / "t.csv", rows, columns), r"Row 1: the columns are")


def test_a_bad_grade_is_rejected_naming_row_and_column_and_nothing_is_written(tmp_path):
    rows = [new_area_row(), *shipped_rows()]
    rows[5]["Outcome Grade"] = "4.0"
    rejected(write_csv(tmp_path / "t.csv", rows), r"Row 7, column 'Outcome Grade': '4.0'")
    assert not Area.objects.filter(urn="99999").exists()


def test_a_bad_date_is_rejected(tmp_path):
    rows = [new_area_row(**{"Publication Date": "31/02/24"})]
    rejected(write_csv(tmp_path / "t.csv", rows), r"Row 2, column 'Publication Date'")


def test_an_undecodable_byte_is_rejected_naming_row_and_column(tmp_path):
    path = write_csv(tmp_path / "t.csv", [new_area_row(), *shipped_rows()[:3]])
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"barnsley", b"barn\xffsley")
    path.write_bytes(b"\n".join(lines))
    rejected(path, r"Row 3, column 'Local Authority': byte 0xff is not UTF-8")


def test_a_repeated_urn_is_rejected(tmp_path):
    rows = shipped_rows()[:3]
    rows.append(dict(rows[0]))
    rejected(write_csv(tmp_path / "t.csv", rows), r"Row 5, column 'URN'")


def test_a_valid_new_row_creates_its_area_and_inspection(tmp_path):
    call_command(
        "import_outcomes",
        str(write_csv(tmp_path / "t.csv", [new_area_row()])),
        stdout=io.StringIO(),
    )
    area = Area.objects.get(urn="99999")
    assert area.name == "Newshire"
    assert area.inspections.get(framework=Framework.AREA_SEND_2023).outcome == Outcome.POSITIVE


def test_importing_keeps_curated_findings_and_responses():
    findings, responses = Finding.objects.count(), Response.objects.count()
    call_command("import_outcomes", stdout=io.StringIO())
    assert (Finding.objects.count(), Response.objects.count()) == (findings, responses)


def test_a_curated_inspection_with_no_stated_outcome_takes_the_tables_grade(tmp_path):
    area = Area.objects.create(name="Newshire", slug="newshire", urn="99999")
    curated = Inspection.objects.create(
        area=area, framework=Framework.AREA_SEND_2023, published=datetime.date(2026, 5, 18)
    )
    path = write_csv(tmp_path / "t.csv", [new_area_row()])  # grade 1, published 18/05/26
    call_command("import_outcomes", str(path), stdout=io.StringIO())
    curated.refresh_from_db()
    assert curated.outcome == Outcome.POSITIVE
    assert area.inspections.count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"Local Authority": "!!!"}, r"Row 2, column 'Local Authority': '!!!' has no letters"),
        ({"Local Authority": "x" * 101}, r"Row 2, column 'Local Authority': Ensure this value"),
        ({"Publication Date": "01/01/26"}, r"Row 2, column 'Publication Date': the report is"),
        ({"Local Authority": "new\x00shire"}, r"Row 2: contains a NUL character"),
        (
            {"Local Authority": "new\x07shire"},
            r"Row 2, column 'Local Authority': contains a control",
        ),
        ({"URN": "1" * 11}, r"Row 2, column 'URN': is not a URN"),
    ],
)
def test_bad_cells_are_rejected_naming_row_and_column(tmp_path, changes, message):
    rejected(write_csv(tmp_path / "t.csv", [new_area_row(**changes)]), message)


def test_a_local_authority_code_repeated_under_another_urn_is_rejected(tmp_path):
    rows = [new_area_row(), new_area_row(URN="99998")]
    rejected(write_csv(tmp_path / "t.csv", rows), r"Row 3, column 'La Code': 999 already appears")


def test_a_cell_over_the_csv_field_limit_is_rejected(tmp_path):
    rows = [new_area_row(**{"Inspection Outcome Text": "x" * 200_000})]
    rejected(write_csv(tmp_path / "t.csv", rows), r"Row 2: field larger than field limit")


def test_a_file_over_the_size_limit_is_rejected(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"x" * 5_000_001)
    rejected(path, r"Row 1: the file is 5,000,001 bytes")
