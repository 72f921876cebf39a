import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError
from odf.opendocument import OpenDocumentSpreadsheet

from areas.models import Area
from reports.importers.previous_framework import (
    COLUMNS,
    NOTED,
)
from reports.importers.previous_history import SOURCE
from reports.models import DataNote, Inspection, Revisit, Source
from reports.vocabulary import Outcome, RevisitResult, SourceKind
from tests.factories import AreaFactory, StatisticsRowFactory
from tests.reports.importers.previous_ods import (
    PUBLISHED,
    REVISIT_PUBLISHED,
    REVISIT_START,
    START,
    area_with,
    cells,
    history,
    import_file,
    make_noted_areas,
    no_statement,
    not_revisited,
    sheet,
    snapshot,
    write_ods,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def noted_areas():
    """Every file has the notes, so the areas they name exist in every test."""
    return make_noted_areas()


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
