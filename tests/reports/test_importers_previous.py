import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from areas.models import Area
from reports.importers import national
from reports.importers.previous_framework import (
    COLUMNS,
    HEADER_ROW,
    NOTED,
    NOTES_COLUMNS,
    NOTES_SHEET,
    SHEET,
    RowForm,
)
from reports.importers.previous_history import SOURCE
from reports.importers.report_dates import stated_days
from reports.models import DataNote, Inspection, Revisit, Source
from reports.vocabulary import Framework, Outcome, RevisitResult, SourceKind
from tests.factories import AreaFactory, InspectionFactory, SourceFactory, StatisticsRowFactory

pytestmark = pytest.mark.django_db

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


@pytest.fixture(autouse=True)
def noted_areas():
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


# -- the happy path ---------------------------------------------------------------------------


def test_each_row_becomes_an_inspection_with_its_revisit_citing_the_statistics(tmp_path):
    revisited, waiting, none = (AreaFactory(ons_code=f"E0680000{n}", region="SE") for n in "123")
    rows = [
        StatisticsRowFactory(code=revisited.ons_code),
        not_revisited(code=waiting.ons_code),
        no_statement(code=none.ons_code),
    ]
    import_file(write_ods(tmp_path / "s.ods", rows))

    inspection = history(revisited)
    assert (inspection.start_date, inspection.published) == (START, PUBLISHED)
    assert inspection.outcome == Outcome.WSOA_REQUIRED and inspection.wsoa_required is True
    assert inspection.significant_weaknesses == 4
    revisit = inspection.revisit
    assert (revisit.start_date, revisit.published) == (REVISIT_START, REVISIT_PUBLISHED)
    assert (revisit.result, revisit.progressed, revisit.not_progressed) == ("some", 3, 1)
    assert history(waiting).wsoa_required is True
    assert not Revisit.objects.filter(inspection__area=waiting).exists()
    assert (history(none).wsoa_required, history(none).significant_weaknesses) == (False, None)
    statistics = Source.objects.get(slug=SOURCE["slug"])
    assert statistics.kind == SourceKind.OFFICIAL_STATISTICS
    assert "Open Government Licence v3.0" in statistics.licence
    assert "Crown copyright 2022" in statistics.licence
    for area in (revisited, waiting, none):
        assert list(history(area).sources.all()) == [statistics]


def test_running_the_import_twice_changes_nothing(tmp_path):
    area = AreaFactory(ons_code="E06800101", region="SE")
    path = write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)])
    import_file(path)
    before = snapshot()
    import_file(path)
    assert snapshot() == before


def test_the_notes_give_dorset_and_northamptonshires_successors_their_inspections(
    tmp_path, noted_areas
):
    Inspection.objects.filter(area__in=noted_areas.values()).delete()
    area = AreaFactory(ons_code="E06800102")
    import_file(write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)]))
    dorset = history(noted_areas["E06000059"])
    assert (dorset.dates_as_stated, dorset.outcome) == ("January 2017", Outcome.WSOA_REQUIRED)
    assert dorset.significant_weaknesses is None  # the note gives no number
    assert (dorset.revisit.dates_as_stated, dorset.revisit.result) == ("February 2019", "some")
    for code in ("E06000061", "E06000062"):
        inspection = history(noted_areas[code])
        assert (inspection.dates_as_stated, inspection.outcome) == ("May 2017", Outcome.NO_WSOA)
        assert inspection.inspected_as == "Northamptonshire"


# -- rejections: the row and column named, nothing written -----------------------------------


def rejected(path: Path, message: str):
    before = snapshot()
    with pytest.raises(CommandError, match=message) as error:
        import_file(path)
    assert "nothing written" in str(error.value)
    assert snapshot() == before


@pytest.fixture
def two_areas():
    return [AreaFactory(ons_code=f"E0680020{n}", region="SE") for n in "12"]


def two_rows(areas, **changes) -> list[dict]:
    """A good row for the first area, then one with `changes` for the second (row 7)."""
    return [
        StatisticsRowFactory(code=areas[0].ons_code),
        StatisticsRowFactory(**{"code": areas[1].ons_code, **changes}),
    ]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"start_date": "31/02/2018"}, r"Row 7, column 'Inspection start date': '31/02/2018'"),
        ({"published": "soon"}, r"Row 7, column 'Inspection publication date': 'soon' is not"),
        (
            {"weaknesses": "four"},
            r"Row 7, column 'Number significant weaknesses identified in written statement of "
            r"action': 'four' is not a whole number",
        ),
        ({"progressed": "3.5"}, r"Row 7, column 'Number significant weaknesses where suff"),
        ({"region": "Wessex"}, r"Row 7, column 'Ofsted region': 'Wessex' is not an Ofsted region"),
        ({"region": "London"}, r"Row 7, column 'Ofsted region': 'London', but the regions table"),
        ({"wsoa": "Maybe"}, r"Row 7, column 'Inspection outcome: written statement of action"),
        ({"code": "E0680020"}, r"Row 7, column 'Local authority code': is not an ONS code"),
        ({"code": "E06800299"}, r"Row 7, column 'Local authority code': no area has the code"),
        ({"revisit_result": "Yes"}, r"Row 7, column 'Revisit outcome: .*'Yes' does not fit 3 w"),
        ({"not_progressed": 2}, r"Row 7, column .*: 3 with and 2 without sufficient progress"),
        ({"published": datetime.date(2018, 3, 1)}, r"Row 7, column 'Inspection publication d"),
        ({"revisit_start": None}, r"Row 7, column 'Revisit start date': give the revisit's"),
        ({"revisit_published": None}, r"Row 7, column 'Revisit publication date': This field"),
    ],
)
def test_a_bad_cell_is_rejected_naming_row_and_column(tmp_path, two_areas, changes, message):
    rejected(write_ods(tmp_path / "s.ods", two_rows(two_areas, **changes)), message)


def test_a_statement_of_action_not_required_has_no_weaknesses_to_count(tmp_path, two_areas):
    rows = [
        StatisticsRowFactory(code=two_areas[0].ons_code),
        no_statement(code=two_areas[1].ons_code, weaknesses=2),
    ]
    rejected(
        write_ods(tmp_path / "s.ods", rows),
        r"Row 7, column 'Number significant weaknesses identified .*': should be empty",
    )


def test_an_unexpected_header_is_rejected(tmp_path, two_areas):
    header = [*COLUMNS[:-1], "Weaknesses still to address"]
    rejected(
        write_ods(tmp_path / "s.ods", two_rows(two_areas), header=header),
        r"Row 5: the columns are .*'Weaknesses still to address'\]; expected",
    )


def test_a_repeated_row_is_rejected(tmp_path, two_areas):
    rows = [*two_rows(two_areas), StatisticsRowFactory(code=two_areas[0].ons_code)]
    rejected(
        write_ods(tmp_path / "s.ods", rows),
        r"Row 8, column 'Local authority code': E06800201 already appears on row 6",
    )


def test_a_value_beyond_the_thirteen_columns_is_rejected(tmp_path, two_areas):
    extra = [[*cells(StatisticsRowFactory(code="E06800203")), "an extra cell"]]
    rejected(
        write_ods(tmp_path / "s.ods", two_rows(two_areas), extra=extra),
        r"Row 8, column N: a value beyond the table's 13 columns",
    )


def test_a_changed_note_is_rejected_because_its_inspection_was_transcribed_from_it(
    tmp_path, two_areas
):
    notes = {n.number: n.text for n in NOTED}
    notes[3] = notes[3].replace("May 2017", "June 2017")
    rejected(
        write_ods(tmp_path / "s.ods", two_rows(two_areas), notes=notes),
        r"Sheet 'Notes', row 5, column 'Note text': the note on Northamptonshire is not",
    )


def test_a_file_that_is_not_a_spreadsheet_is_rejected(tmp_path):
    path = tmp_path / "s.ods"
    path.write_bytes(b"URN,Name\n1,Newshire\n")
    rejected(path, r"Row 1: the file is not an OpenDocument spreadsheet")


def test_a_file_without_the_sheet_is_rejected(tmp_path):
    document = OpenDocumentSpreadsheet()
    document.spreadsheet.addElement(sheet("Cover", [["Cover page"]]))
    document.save(str(tmp_path / "s.ods"))
    rejected(tmp_path / "s.ods", r"Row 1: the file has no sheet 'Area_SEND_up_to_31_Aug_2022'")


# -- successor authorities -------------------------------------------------------------------


def test_a_split_countys_row_is_each_successors_history_inspected_under_its_name(tmp_path):
    cumberland = area_with("E06000063", name="Cumberland", region="NW")
    westmorland = area_with("E06000064", name="Westmorland and Furness", region="NW")
    row = StatisticsRowFactory(code="E10000006", name="Cumbria", region="North West")
    import_file(write_ods(tmp_path / "s.ods", [row]))
    for area in (cumberland, westmorland):
        inspection = history(area, start_date=START)
        assert (inspection.start_date, inspection.inspected_as) == (START, "Cumbria")
        assert inspection.revisit.result == RevisitResult.SOME
        note = DataNote.objects.get(inspection=inspection, field="area").note
        assert "under Cumbria (E10000006)" in note
        assert "replaced in April 2023 by Cumberland" in note


def test_a_county_become_unitary_keeps_its_name_under_its_new_code(tmp_path):
    north_yorkshire = area_with("E06000065", name="North Yorkshire", region="YH")
    row = no_statement(
        code="E10000023", name="North Yorkshire", region="North East, Yorkshire and the Humber"
    )
    import_file(write_ods(tmp_path / "s.ods", [row]))
    inspection = history(north_yorkshire, start_date=START)
    assert inspection.inspected_as == ""
    assert (
        "E10000023 became E06000065"
        in DataNote.objects.get(inspection=inspection, field="area").note
    )


def test_a_successor_missing_from_the_areas_is_rejected(tmp_path):
    Area.objects.filter(ons_code="E06000064").delete()
    area_with("E06000063", name="Cumberland")
    row = StatisticsRowFactory(code="E10000006", name="Cumbria", region="North West")
    rejected(
        write_ods(tmp_path / "s.ods", [row]),
        r"Row 6, column 'Local authority code': E10000006 is now E06000064, but no area has",
    )


# -- reconciling with what the national table and the fixtures hold -------------------------


@pytest.fixture
def national_table():
    return SourceFactory(kind=SourceKind.DATA_TABLE, title="The national table")


def stub(area: Area, end: datetime.date, source: Source) -> Inspection:
    """The national table's previous inspection: its last day and nothing else."""
    made = InspectionFactory(
        area=area, framework=Framework.LOCAL_AREA_2016, outcome=Outcome.UNKNOWN, end_date=end
    )
    made.sources.add(source)
    DataNote.objects.create(
        inspection=made, field="dates", note="Only the last day is stated.", source=source
    )
    return made


def test_the_national_tables_last_day_in_the_inspection_is_that_inspection_filled(
    tmp_path, national_table
):
    area = AreaFactory(ons_code="E06800301", region="SE")
    held = stub(area, datetime.date(2018, 3, 9), national_table)
    import_file(write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)]))
    inspection = history(area)
    assert inspection.pk == held.pk
    assert (inspection.start_date, inspection.end_date, inspection.published) == (
        START,
        datetime.date(2018, 3, 9),
        PUBLISHED,
    )
    assert set(inspection.sources.values_list("slug", flat=True)) == {
        national_table.slug,
        SOURCE["slug"],
    }
    note = DataNote.objects.get(inspection=inspection, field="dates").note
    assert "the first day and the publication date are Ofsted's statistics'" in note


def test_the_national_tables_last_day_in_the_revisit_becomes_the_revisits(tmp_path, national_table):
    area = AreaFactory(ons_code="E06800302", region="SE")
    stub(area, datetime.date(2020, 2, 6), national_table)
    import_file(write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)]))
    inspection = history(area)  # one 2016-framework inspection, not two
    assert inspection.start_date == START
    assert inspection.revisit.end_date == datetime.date(2020, 2, 6)
    note = DataNote.objects.get(inspection=inspection, field="revisit_end_date")
    assert note.source == national_table
    assert "6 February 2020, is the national table's date" in note.note


def test_importing_the_national_table_again_finds_the_previous_inspection_in_the_revisit(
    tmp_path, national_table
):
    area = AreaFactory(ons_code="E06800303", region="SE", urn="99303", la_code="193")
    stub(area, datetime.date(2020, 2, 6), national_table)
    import_file(write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)]))
    before = Inspection.objects.filter(area=area).count()
    row = national.Row(
        line=2, urn="99303", la_code="193", region="SE", ons_code=area.ons_code, name=area.name,
        previous_end=datetime.date(2020, 2, 6), start_date=datetime.date(2024, 1, 8),
        end_date=datetime.date(2024, 1, 12), outcome=Outcome.POSITIVE, outcome_text="",
        published=datetime.date(2024, 3, 1), next_monitoring="", next_monitoring_due=None,
        next_full="", next_full_due=None, report_url="",
    )  # fmt: skip
    national.import_rows([row], national_table)
    assert Inspection.objects.filter(area=area).count() == before + 1  # the 2024 one only
    assert not Inspection.objects.filter(area=area, end_date=datetime.date(2020, 2, 6)).exists()


def test_where_a_held_date_differs_it_stays_and_a_note_gives_the_statistics(tmp_path):
    area = AreaFactory(ons_code="E06800304", region="SE")
    report = SourceFactory(kind=SourceKind.OFFICIAL_STATISTICS)
    curated = InspectionFactory(
        area=area,
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.UNKNOWN,
        start_date=datetime.date(2018, 3, 6),
        end_date=datetime.date(2018, 3, 9),
    )
    curated.sources.add(report)
    import_file(write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)]))
    inspection = history(area)
    assert inspection.start_date == datetime.date(2018, 3, 6)  # the held date
    assert inspection.published == PUBLISHED  # a blank, filled
    note = DataNote.objects.get(inspection=inspection, field="statistics_start_date").note
    assert "Ofsted's statistics give the first day as 5 March 2018" in note


def test_where_the_national_table_gives_no_previous_date_the_new_inspection_says_so(
    tmp_path, national_table
):
    area = AreaFactory(ons_code="E06800305", region="SE")
    latest = InspectionFactory(area=area, framework=Framework.AREA_SEND_2023)
    DataNote.objects.create(
        inspection=latest, field="previous", note="No previous date.", source=national_table
    )
    import_file(write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)]))
    note = DataNote.objects.get(inspection=history(area), field="dates").note
    assert "01/01/1900 or an empty cell" in note


def test_an_inspection_the_statistics_do_not_list_is_kept_with_a_note(tmp_path, national_table):
    area = AreaFactory(ons_code="E06800306", region="SE")
    later = stub(area, datetime.date(2022, 11, 16), national_table)
    import_file(write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)]))
    assert Inspection.objects.filter(area=area, framework=Framework.LOCAL_AREA_2016).count() == 2
    note = DataNote.objects.get(inspection=later, field="statistics").note
    assert "to 31 August 2022, so they do not list this one" in note


# -- the reports' own "previous inspection" --------------------------------------------------


@pytest.mark.parametrize(
    "words, days",
    [
        ("3 to 7 July 2017", ((2017, 7, 3), (2017, 7, 7))),
        ("14 November to 18 November 2016", ((2016, 11, 14), (2016, 11, 18))),
        ("31 January 2022 to 3 February 2022", ((2022, 1, 31), (2022, 2, 3))),
        ("16 May 2016", ((2016, 5, 16), None)),
        ("The previous full inspection was on 19 March 2018.", ((2018, 3, 19), None)),
        ("Not previously inspected", (None, None)),
        ("31 to 2 February 2017", ((2017, 2, 2), None)),  # no range: only a day is read
    ],
)
def test_a_reports_previous_inspection_is_read_as_its_first_and_last_day(words, days):
    expected = tuple(datetime.date(*d) if d else None for d in days)
    assert stated_days(words) == expected


def latest_report(area: Area, words: str) -> Source:
    report = SourceFactory(kind=SourceKind.OFSTED_REPORT, published=datetime.date(2024, 5, 1))
    latest = InspectionFactory(
        area=area, published=datetime.date(2024, 5, 1), previous_as_stated=words
    )
    latest.sources.add(report)
    return report


def test_a_report_that_agrees_fills_the_last_day_citing_itself(tmp_path):
    area = AreaFactory(ons_code="E06800401", region="SE")
    report = latest_report(area, "5 to 9 March 2018")
    import_file(write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)]))
    inspection = history(area)
    assert (inspection.start_date, inspection.end_date) == (START, datetime.date(2018, 3, 9))
    note = DataNote.objects.get(inspection=inspection, field="report_dates")
    assert note.source == report
    assert "“5 to 9 March 2018”: the last day shown comes from it" in note.note


def test_a_report_giving_the_revisit_fills_the_revisits_last_day(tmp_path):
    area = AreaFactory(ons_code="E06800402", region="SE")
    latest_report(area, "3 to 5 February 2020")
    import_file(write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)]))
    assert history(area).revisit.end_date == datetime.date(2020, 2, 5)
    assert history(area).end_date is None


def test_a_report_that_disagrees_leaves_both_with_a_note_giving_each(tmp_path):
    area = AreaFactory(ons_code="E06800403", region="SE")
    latest_report(area, "16 May 2016")
    import_file(write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)]))
    inspection = history(area)
    assert inspection.start_date == START
    note = DataNote.objects.get(inspection=inspection, field="report_previous").note
    assert "gives the previous inspection as “16 May 2016”" in note
    assert "first day as 5 March 2018 and the revisit's as 3 February 2020" in note


def test_a_successor_not_previously_inspected_keeps_its_predecessors_inspection_with_a_note(
    tmp_path, noted_areas
):
    north = noted_areas["E06000061"]
    Inspection.objects.filter(area=north).delete()
    latest_report(north, "Not previously inspected")
    area = AreaFactory(ons_code="E06800404")
    import_file(write_ods(tmp_path / "s.ods", [StatisticsRowFactory(code=area.ons_code)]))
    note = DataNote.objects.get(inspection=history(north), field="report_previous").note
    assert "says “Not previously inspected”: this inspection was of Northamptonshire" in note
