"""Data releases (reports/releases.py): what each load added, changed and removed, counted
against the data it started from; no release when a load changes nothing."""

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from reports import releases
from reports.models import DataRelease, DataVersion, Finding
from reports.vocabulary import ComparedWith, FindingKind, Outcome
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    NationalTableFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

MAY = datetime.date(2026, 5, 4)
ESSEX_MAY = {"area": "essex", "date": "2026-05-04"}  # the inspection's natural key


def load(change=lambda: None) -> DataRelease | None:
    """A load as `manage.py load_data` makes one: snapshot, change the data, record."""
    before = releases.snapshot()
    change()
    return releases.record(before=before, version=DataVersion.record())


@pytest.fixture
def essex(db):
    """An area inspected in May 2026 with two findings from its report, loaded once."""
    NationalTableFactory()
    report = SourceFactory(slug="ofsted-report-essex", title="Essex report")
    inspection = InspectionFactory(
        area=AreaFactory(name="Essex", slug="essex"), start_date=MAY, published=None
    )
    FindingFactory(inspection=inspection, source=report, order=1)
    FindingFactory(inspection=inspection, source=report, order=2, kind=FindingKind.WEAKNESS)
    first = load()
    return {"inspection": inspection, "report": report, "first": first}


def test_the_first_load_is_the_first_release_and_counts_everything(essex):
    first = essex["first"]
    assert first.is_first and first.previous is None
    assert first.compared_with == ComparedWith.NOTHING
    assert first.data_as_of == datetime.date(2026, 6, 29)  # the national table's date
    assert releases.count_lines(first.changes) == [
        "1 inspection added",
        "2 findings added",
        "2 sources added",
    ]
    assert first.changes["inspections"] == {"added": [{"area": "essex", "date": "2026-05-04"}]}
    assert first.changes["findings"] == {"added": [{**ESSEX_MAY, "count": 2}]}


def test_a_load_that_changes_nothing_records_no_release(essex):
    assert load() is None
    assert DataRelease.objects.count() == 1
    assert releases.described(None) == (
        "No inspection, finding or source changed, so no new release was recorded."
    )


def test_findings_remade_with_new_ids_but_the_same_facts_are_no_change(essex):
    def remake():
        for finding in list(Finding.objects.all()):
            finding.delete()
            finding.pk = None
            finding.save()

    assert load(remake) is None


def test_each_addition_change_and_removal_is_recorded_by_its_natural_key(essex):
    inspection, report = essex["inspection"], essex["report"]

    def change():
        InspectionFactory(
            area=AreaFactory(name="Kent", slug="kent"), start_date=datetime.date(2026, 3, 2)
        )
        FindingFactory(inspection=inspection, source=report, order=3)
        Finding.objects.filter(order=2).update(text="Reworded.")
        Finding.objects.filter(order=1).delete()
        inspection.outcome = Outcome.SYSTEMIC
        inspection.save()
        SourceFactory(slug="press-essex")
        report.title = "Essex report, corrected"
        report.save()

    release = load(change)
    assert release.previous == essex["first"]
    assert release.compared_with == ComparedWith.PREVIOUS
    assert release.changes == {
        "inspections": {
            "added": [{"area": "kent", "date": "2026-03-02"}],
            "changed": [ESSEX_MAY],
        },
        "findings": {
            "added": [{**ESSEX_MAY, "count": 1}],
            "changed": [{**ESSEX_MAY, "count": 1}],
            "removed": [{**ESSEX_MAY, "count": 1}],
        },
        "sources": {"added": ["press-essex"], "changed": ["ofsted-report-essex"]},
    }


def test_a_removed_inspection_is_named_by_its_area_and_date(essex):
    release = load(lambda: essex["inspection"].delete())
    assert release.changes["inspections"] == {"removed": [{"area": "essex", "date": "2026-05-04"}]}
    assert release.changes["findings"] == {"removed": [{**ESSEX_MAY, "count": 2}]}
    assert releases.described(release) == ("New release: 1 inspection removed, 2 findings removed.")


def test_a_change_between_loads_makes_a_release_that_says_so(essex):
    Finding.objects.filter(order=1).update(text="Changed by an import run on its own.")
    release = load()  # the load itself changes nothing more
    assert release.compared_with == ComparedWith.CHANGED_SINCE
    assert release.changed_in_between
    assert release.changes == {}  # not itemised: only the previous release's digest is kept
    assert load() is None  # and the next load that changes nothing makes none


def test_a_change_between_loads_is_not_counted_as_the_loads_own(essex):
    Finding.objects.filter(order=1).update(text="Changed by an import run on its own.")
    release = load(lambda: Finding.objects.filter(order=2).delete())
    assert release.changed_in_between
    assert releases.count_lines(release.changes) == ["1 finding removed"]


def test_an_inspection_without_exact_days_is_named_by_its_dates_in_words(essex):
    release = load(
        lambda: InspectionFactory(area=essex["inspection"].area, dates_as_stated="January 2025")
    )
    assert release.changes["inspections"] == {"added": [{"area": "essex", "date": "January 2025"}]}


JSONS = Path(settings.BASE_DIR) / "fixtures" / "reports"


def test_loading_the_same_reports_twice_makes_one_release_and_a_new_report_another(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()

    def load_reports(*stems):
        for stem in stems:
            shutil.copy(JSONS / f"{stem}.json", folder)
        return load(lambda: call_command("load_reports", str(folder), stdout=io.StringIO()))

    first = load_reports("bedford-2025-02-04")
    assert first.is_first
    assert load_reports() is None  # the same report again: findings remade, no change
    second = load_reports("bexley-2024-02-23")
    assert second.changes["sources"] == {"added": ["ofsted-report-bexley-2024-02-23"]}
    (findings,) = second.changes["findings"]["added"]
    assert findings["count"] > 0
