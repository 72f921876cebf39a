import datetime

import pytest

from reports.selectors.history import area_history
from reports.vocabulary import OLDER_FRAMEWORK, Framework, Outcome, SourceKind
from tests.factories import (
    AreaFactory,
    DataNoteFactory,
    InspectionFactory,
    RevisitFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    """An area inspected in 2017 (as its predecessor) and revisited, then in 2024; the 2024
    report, which mentions the 2017 inspection as the previous one, is cited by both."""
    area = AreaFactory(name="Newshire")
    report = SourceFactory(
        kind=SourceKind.OFSTED_REPORT, title="Newshire report", published=datetime.date(2024, 3, 1)
    )
    statistics = SourceFactory(kind=SourceKind.OFFICIAL_STATISTICS, title="Ofsted's statistics")
    latest = InspectionFactory(
        area=area,
        start_date=datetime.date(2024, 1, 8),
        published=datetime.date(2024, 3, 1),
        report_url="https://files.ofsted.gov.uk/v1/file/1",
    )
    latest.sources.add(report)
    earlier = InspectionFactory(
        area=area,
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.WSOA_REQUIRED,
        significant_weaknesses=3,
        start_date=datetime.date(2017, 3, 6),
        published=datetime.date(2017, 5, 2),
        inspected_as="Oldshire",
    )
    earlier.sources.add(report, statistics)
    revisit = RevisitFactory(inspection=earlier, source=statistics)
    DataNoteFactory(inspection=earlier, field="area", source=statistics)
    return area, latest, earlier, revisit, report


def test_history_lists_both_frameworks_latest_first_each_linked_only_to_its_own_report(record):
    area, latest, earlier, revisit, report = record
    history = area_history(area=area)
    assert [e.inspection for e in history.entries] == [latest, earlier]
    now, then = history.entries
    assert (now.report, now.report_held, now.report_url) == (
        report,
        True,
        "https://files.ofsted.gov.uk/v1/file/1",
    )
    assert (then.report, then.report_held) == (None, False)  # "report not held"
    assert (then.revisit, then.inspected_as) == (revisit, "Oldshire")
    assert [s.title for s in then.sources] == ["Newshire report", "Ofsted's statistics"]
    assert now.revisit is None
    assert [n.field for n in then.notes] == ["area"]


def test_the_comparability_warning_appears_only_where_both_frameworks_do(record):
    area, latest, *_ = record
    assert area_history(area=area).comparability_warning == OLDER_FRAMEWORK
    latest.delete()
    assert area_history(area=area).comparability_warning == ""


def test_history_takes_four_queries_however_many_inspections(record, django_assert_num_queries):
    area, *_ = record
    with django_assert_num_queries(4):
        assert len(area_history(area=area).entries) == 2
    for year in (2018, 2019, 2020):
        inspection = InspectionFactory(
            area=area,
            framework=Framework.LOCAL_AREA_2016,
            outcome=Outcome.WSOA_REQUIRED,
            significant_weaknesses=3,
            start_date=datetime.date(year, 1, 8),
        )
        RevisitFactory(inspection=inspection)
    with django_assert_num_queries(4):
        history = area_history(area=area)
        assert [e.revisit.result for e in history.entries if e.revisit] == ["all"] * 4
        kinds = {e.revisit.source.kind for e in history.entries if e.revisit}
        assert kinds == {SourceKind.OFFICIAL_STATISTICS}
