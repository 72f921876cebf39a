"""The national table's importer (reports/importers/national.py, `manage.py import_outcomes`),
on tables built in each test: each known quirk of the table becomes an empty value and a note,
curated data wins, and a bad file is rejected whole, naming its row and column."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from areas.models import Area
from reports.importers.national import COLUMNS, display_name
from reports.models import DataNote, Finding, Inspection, Response
from reports.vocabulary import Framework, Outcome
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    NationalTableFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db

POSITIVE = (
    "The local area partnership’s special educational needs and/or disabilities (SEND) "
    "arrangements typically lead to positive experiences and outcomes for children and young "
    "people with SEND. The next full area SEND inspection will be within approximately 5 years."
)
SYSTEMIC = (
    "There are widespread and/or systemic failings leading to significant concerns about the "
    "experiences and outcomes of children and young people with special educational needs "
    "and/or disabilities (SEND), which the local area partnership must address urgently. A "
    "monitoring inspection will be carried out within approximately 18 months. The next full "
    "reinspection will be within approximately three years."
)


def row(n: int = 1, **cells: str) -> dict:
    """A complete row of the table for Newshire (Newshire 2, 3… for n > 1), positive, with its
    next full inspection due; `cells` replace columns, with spaces written as underscores."""
    base = {
        "URN": f"9999{n}",
        "La Code": f"9{n:02d}",
        "Region Code": "SW",
        "LTLA23CD": f"E06000{n:03d}",
        "Local Authority": "newshire" if n == 1 else f"newshire {n}",
        "Previous Inspection Date": "26/05/2017",
        "Inspection Start Date": "02/02/26",
        "Inspection End Date": "06/02/26",
        "Outcome Grade": "1.0",
        "Inspection Outcome Text": POSITIVE,
        "Publication Date": "18/05/26",
        "Next Inspection": "5 years",
        "Next Inspection By Date": "02/02/31",
        "Inspection Link": "https://files.ofsted.gov.uk/v1/file/50302264",
    }
    return {**base, **{name.replace("_", " "): value for name, value in cells.items()}}


def write_csv(path: Path, rows: list[dict], columns=COLUMNS) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def import_table(tmp_path):
    """import_table(*rows): the table of those rows imported, cited to the national table."""
    NationalTableFactory()

    def run(*rows: dict) -> None:
        path = write_csv(tmp_path / "table.csv", list(rows))
        call_command("import_outcomes", str(path), stdout=io.StringIO())

    return run


def snapshot():
    """Every row the importer can touch, as plain values."""
    return (
        sorted(Area.objects.values_list()),
        sorted(Inspection.objects.values_list(), key=str),
        sorted(DataNote.objects.values_list("inspection_id", "field", "note")),
        sorted(Inspection.sources.through.objects.values_list("inspection_id", "source_id")),
    )


def note(urn: str, field: str, **filters) -> str:
    return DataNote.objects.get(inspection__area__urn=urn, field=field, **filters).note


def latest(urn: str) -> Inspection:
    return Inspection.objects.get(area__urn=urn, framework=Framework.AREA_SEND_2023)


def test_a_valid_new_row_creates_its_area_and_inspection(import_table):
    import_table(row())
    area = Area.objects.get(urn="99991")
    assert (area.name, area.slug, area.la_code, area.ons_code, area.region) == (
        "Newshire",
        "newshire",
        "901",
        "E06000001",
        "SW",
    )
    inspection = area.inspections.get(framework=Framework.AREA_SEND_2023)
    assert inspection.outcome == Outcome.POSITIVE
    assert (inspection.start_date, inspection.end_date, inspection.published) == (
        datetime.date(2026, 2, 2),
        datetime.date(2026, 2, 6),
        datetime.date(2026, 5, 18),
    )
    assert inspection.sources.get().slug == "national-outcomes-2026-06-29"


def test_each_row_has_its_area_once_however_often_it_is_imported(import_table):
    rows = [row(n) for n in range(1, 4)]
    import_table(*rows)
    import_table(*rows)
    assert sorted(Area.objects.values_list("urn", flat=True)) == ["99991", "99992", "99993"]


def test_running_the_import_twice_changes_nothing(import_table):
    rows = [
        row(1),
        row(2, Outcome_Grade="3.0", Inspection_Outcome_Text=SYSTEMIC, Next_Inspection="18 months"),
        row(3, Region_Code="NaN", Inspection_Start_Date="", Inspection_End_Date=""),
    ]
    import_table(*rows)
    before = snapshot()
    import_table(*rows)
    assert snapshot() == before


def test_the_shipped_table_imports_and_a_second_import_changes_nothing():
    NationalTableFactory()
    call_command("import_outcomes", stdout=io.StringIO())  # the shipped file, as `make data`
    before = snapshot()
    call_command("import_outcomes", stdout=io.StringIO())
    assert snapshot() == before


def test_a_curated_inspection_is_matched_by_its_publication_not_duplicated(import_table):
    # As Cambridgeshire's: the table gives no dates; the curated inspection has them as stated.
    area = AreaFactory(name="Newshire", slug="newshire", urn="99991")
    curated = InspectionFactory(
        area=area, dates_as_stated="January 2025", published=datetime.date(2025, 5, 13)
    )
    FindingFactory(inspection=curated)
    import_table(row(Inspection_Start_Date="", Inspection_End_Date="", Publication_Date="13/05/25"))
    assert latest("99991") == curated
    curated.refresh_from_db()
    assert curated.dates_as_stated == "January 2025"
    assert curated.findings.exists()


def test_a_curated_inspection_is_matched_by_its_first_day_not_duplicated(import_table):
    area = AreaFactory(name="Newshire", slug="newshire", la_code="901")  # matched by its code
    curated = InspectionFactory(area=area, start_date=datetime.date(2026, 2, 2), outcome_text="")
    import_table(row())
    assert latest("99991") == curated
    curated.refresh_from_db()
    assert curated.outcome_text == POSITIVE  # a blank the table fills


def test_a_reinspection_is_added_beside_the_curated_one_it_follows(import_table):
    # As Cornwall's: the table's row is the 2026 reinspection; its previous is the curated 2023.
    area = AreaFactory(name="Newshire", slug="newshire")
    InspectionFactory(
        area=area,
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.UNKNOWN,
        start_date=datetime.date(2017, 7, 3),
        end_date=datetime.date(2017, 7, 7),
    )
    InspectionFactory(
        area=area,
        outcome=Outcome.INCONSISTENT,
        start_date=datetime.date(2023, 2, 6),
        end_date=datetime.date(2023, 2, 10),
    )
    import_table(
        row(
            Previous_Inspection_Date="10/02/2023",
            Inspection_Start_Date="23/03/26",
            Inspection_End_Date="27/03/26",
            Outcome_Grade="2.0",
            Publication_Date="27/05/26",
        )
    )
    assert list(area.inspections.latest_first().values_list("start_date", "outcome")) == [
        (datetime.date(2026, 3, 23), Outcome.INCONSISTENT),
        (datetime.date(2023, 2, 6), Outcome.INCONSISTENT),
        (datetime.date(2017, 7, 3), Outcome.UNKNOWN),
    ]


def test_no_outcome_grade_means_the_outcome_is_not_stated_with_a_note(import_table):
    # As Slough's row.
    import_table(
        row(
            Outcome_Grade="NaN",
            Inspection_Outcome_Text="Inspection outcome section not found.",
            Next_Inspection="NaN",
            Next_Inspection_By_Date="Next inspection time frame not found",
        )
    )
    inspection = latest("99991")
    assert inspection.outcome == Outcome.UNKNOWN
    assert inspection.outcome_text == ""
    assert "no outcome grade" in note("99991", "outcome")
    assert "could not read the outcome wording" in note("99991", "outcome_text")


def test_no_region_means_the_region_is_not_stated_with_a_note(import_table):
    # As Medway's row.
    import_table(row(Region_Code="NaN"))
    assert Area.objects.get(urn="99991").region == ""
    assert "no region" in note("99991", "region")


def test_missing_dates_are_not_stated_with_a_note(import_table):
    # As Buckinghamshire's row.
    import_table(
        row(
            Previous_Inspection_Date="",
            Inspection_Start_Date="",
            Inspection_End_Date="",
            Next_Inspection_By_Date="Last inspection date not provided",
        )
    )
    inspection = latest("99991")
    assert (inspection.start_date, inspection.end_date) == (None, None)
    assert inspection.next_full_due is None
    assert "does not give this inspection's dates" in note("99991", "dates")
    assert "could not work out when the next inspection is due" in note("99991", "next_due")


def test_a_previous_date_of_1900_means_not_stated_with_a_note_and_creates_nothing(import_table):
    # As Barnsley's row.
    import_table(row(Previous_Inspection_Date="01/01/1900"))
    assert Inspection.objects.filter(area__urn="99991").count() == 1
    assert not Inspection.objects.filter(end_date__year=1900).exists()
    assert "does not say when this area was inspected before" in note("99991", "previous")


def test_after_systemic_failings_the_tables_date_is_the_monitoring_inspection(import_table):
    # As Bexley's row: grade 3, "18 months", due 04/06/25, inspection from 4 December 2023.
    import_table(
        row(
            Inspection_Start_Date="04/12/23",
            Inspection_End_Date="08/12/23",
            Outcome_Grade="3.0",
            Inspection_Outcome_Text=SYSTEMIC,
            Publication_Date="23/02/24",
            Next_Inspection="18 months",
            Next_Inspection_By_Date="04/06/25",
        )
    )
    inspection = latest("99991")
    assert inspection.outcome == Outcome.SYSTEMIC
    assert inspection.next_monitoring == "within approximately 18 months"
    assert inspection.next_monitoring_due == datetime.date(2025, 6, 4)
    assert inspection.next_full == "within approximately three years"
    assert inspection.next_full_due == datetime.date(2026, 12, 4)
    assert "Next Inspection By Date" in note("99991", "next_monitoring_due")
    assert "worked out by this site" in note("99991", "next_full_due")


def test_other_outcomes_have_only_a_full_inspection_due(import_table):
    import_table(row())
    inspection = latest("99991")
    assert (inspection.next_monitoring, inspection.next_monitoring_due) == ("", None)
    assert inspection.next_full == "within approximately 5 years"
    assert inspection.next_full_due == datetime.date(2031, 2, 2)
    assert "Next Inspection By Date" in note("99991", "next_full_due")


def test_a_previous_inspection_is_recorded_with_only_its_last_day(import_table):
    import_table(row(Previous_Inspection_Date="11/12/2019"))
    previous = Inspection.objects.get(area__urn="99991", framework=Framework.LOCAL_AREA_2016)
    assert (previous.start_date, previous.end_date) == (None, datetime.date(2019, 12, 11))
    assert previous.outcome == Outcome.UNKNOWN
    assert "only the last day" in note("99991", "dates", inspection=previous)


def test_a_previous_inspection_since_2023_belongs_to_the_2023_framework(import_table):
    import_table(row(Previous_Inspection_Date="10/02/2023"))
    previous = Inspection.objects.get(area__urn="99991", end_date=datetime.date(2023, 2, 10))
    assert previous.framework == Framework.AREA_SEND_2023


def test_names_are_written_as_people_write_them(import_table):
    assert display_name("kingston upon hull") == "Kingston upon Hull"
    assert display_name("southend-on-sea") == "Southend-on-Sea"
    assert display_name("bournemouth, christchurch & poole") == "Bournemouth, Christchurch & Poole"
    import_table(row(Local_Authority="telford & wrekin"))
    assert Area.objects.values_list("name", "slug").get() == ("Telford & Wrekin", "telford-wrekin")


def rejected(path: Path, message: str):
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("import_outcomes", str(path), stdout=io.StringIO())
    assert snapshot() == before


@pytest.fixture
def table(db):
    NationalTableFactory()


def test_a_file_with_wrong_columns_is_rejected_whole(tmp_path, table):
    columns = [c if c != "Outcome Grade" else "Grade" for c in COLUMNS]
    rows = [{**r, "Grade": r["Outcome Grade"]} for r in (row(n) for n in range(1, 4))]
    rejected(write_csv(tmp_path / "t.csv", rows, columns), r"Row 1: the columns are")


def test_a_bad_grade_is_rejected_naming_row_and_column_and_nothing_is_written(tmp_path, table):
    rows = [row(n) for n in range(1, 8)]
    rows[5]["Outcome Grade"] = "4.0"
    rejected(write_csv(tmp_path / "t.csv", rows), r"Row 7, column 'Outcome Grade': '4.0'")
    assert not Area.objects.exists()


def test_a_bad_date_is_rejected(tmp_path, table):
    rows = [row(Publication_Date="31/02/24")]
    rejected(write_csv(tmp_path / "t.csv", rows), r"Row 2, column 'Publication Date'")


def test_an_undecodable_byte_is_rejected_naming_row_and_column(tmp_path, table):
    path = write_csv(tmp_path / "t.csv", [row(n) for n in range(1, 5)])
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"newshire 2", b"new\xffshire 2")
    path.write_bytes(b"\n".join(lines))
    rejected(path, r"Row 3, column 'Local Authority': byte 0xff is not UTF-8")


def test_a_repeated_urn_is_rejected(tmp_path, table):
    rows = [row(n) for n in range(1, 4)]
    rows.append(dict(rows[0]))
    rejected(write_csv(tmp_path / "t.csv", rows), r"Row 5, column 'URN'")


def test_importing_keeps_curated_findings_and_responses(import_table):
    area = AreaFactory(name="Newshire", urn="99991")
    curated = InspectionFactory(area=area, start_date=datetime.date(2026, 2, 2))
    findings = FindingFactory.create_batch(3, inspection=curated)
    responses = ResponseFactory.create_batch(2, inspection=curated)
    import_table(row(), row(2))
    assert list(Finding.objects.all()) == findings
    assert list(Response.objects.all()) == responses


def test_a_curated_inspection_with_no_stated_outcome_takes_the_tables_grade(import_table):
    area = Area.objects.create(name="Newshire", slug="newshire", urn="99991")
    curated = Inspection.objects.create(
        area=area, framework=Framework.AREA_SEND_2023, published=datetime.date(2026, 5, 18)
    )
    import_table(row(Inspection_Start_Date="", Inspection_End_Date=""))  # grade 1, 18/05/26
    curated.refresh_from_db()
    assert curated.outcome == Outcome.POSITIVE
    assert area.inspections.filter(framework=Framework.AREA_SEND_2023).count() == 1


def test_a_curated_outcome_is_kept(import_table):
    area = AreaFactory(name="Newshire", urn="99991")
    curated = InspectionFactory(
        area=area, outcome=Outcome.INCONSISTENT, start_date=datetime.date(2026, 2, 2)
    )
    import_table(row())  # grade 1
    curated.refresh_from_db()
    assert curated.outcome == Outcome.INCONSISTENT


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
        ({"Inspection Link": "http://example.com/"}, r"column 'Inspection Link': 'http"),
    ],
)
def test_bad_cells_are_rejected_naming_row_and_column(tmp_path, table, changes, message):
    rejected(write_csv(tmp_path / "t.csv", [{**row(), **changes}]), message)


def test_a_local_authority_code_repeated_under_another_urn_is_rejected(tmp_path, table):
    rows = [row(), row(URN="99998")]
    rejected(write_csv(tmp_path / "t.csv", rows), r"Row 3, column 'La Code': 901 already appears")


def test_a_cell_over_the_csv_field_limit_is_rejected(tmp_path, table):
    rows = [row(Inspection_Outcome_Text="x" * 200_000)]
    rejected(write_csv(tmp_path / "t.csv", rows), r"Row 2: field larger than field limit")


def test_a_file_over_the_size_limit_is_rejected(tmp_path, table):
    path = tmp_path / "t.csv"
    path.write_bytes(b"x" * 5_000_001)
    rejected(path, r"Row 1: the file is 5,000,001 bytes")


def test_a_file_with_no_rows_is_rejected(tmp_path, table):
    rejected(write_csv(tmp_path / "t.csv", []), r"Row 2: the file has no rows")


def test_without_the_national_tables_source_nothing_is_imported(tmp_path):
    path = write_csv(tmp_path / "t.csv", [row()])
    with pytest.raises(CommandError, match="No source 'national-outcomes-2026-06-29'"):
        call_command("import_outcomes", str(path), stdout=io.StringIO())
    assert not Area.objects.exists()
