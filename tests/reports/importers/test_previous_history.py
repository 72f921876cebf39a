import datetime

import pytest

from areas.models import Area
from reports.importers import national
from reports.importers.previous_history import SOURCE
from reports.importers.report_dates import stated_days
from reports.models import DataNote, Inspection, Source
from reports.vocabulary import Framework, Outcome, SourceKind
from tests.factories import AreaFactory, InspectionFactory, SourceFactory, StatisticsRowFactory
from tests.reports.importers.previous_ods import (
    PUBLISHED,
    START,
    history,
    import_file,
    make_noted_areas,
    write_ods,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def noted_areas():
    """Every file has the notes, so the areas they name exist in every test."""
    return make_noted_areas()


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
