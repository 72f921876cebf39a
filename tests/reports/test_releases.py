"""Data releases (reports/releases.py): what each load added, changed and removed, counted
against the data it started from; no release when a load changes nothing."""

import csv
import datetime
import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from areas.geography import DistrictRecord, UpperTierAuthority
from reports import releases
from reports.importers import regions
from reports.importers.regions import COLUMNS as REGION_COLUMNS
from reports.models import DataRelease, DataVersion, Finding
from reports.vocabulary import ComparedWith, FindingKind, Outcome
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    NationalTableFactory,
    RegionsRowFactory,
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
        """load_reports on its own: it records its own version and release."""
        releases_before = DataRelease.objects.count()
        for stem in stems:
            shutil.copy(JSONS / f"{stem}.json", folder)
        call_command("load_reports", str(folder), stdout=io.StringIO())
        if DataRelease.objects.count() == releases_before:
            return None
        return DataRelease.objects.order_by("-id").first()

    first = load_reports("bedford-2025-02-04")
    assert first.is_first
    assert load_reports() is None  # the same report again: findings remade, no change
    second = load_reports("bexley-2024-02-23")
    assert second.changes["sources"] == {"added": ["ofsted-report-bexley-2024-02-23"]}
    (findings,) = second.changes["findings"]["added"]
    assert findings["count"] > 0


# Data versions: a fingerprint of the content, recorded by every command that writes data


def test_the_version_is_the_datas_content_and_unchanged_data_keeps_it():
    first = DataVersion.record()
    assert first.created
    again = DataVersion.record()
    assert again == first and not again.created
    area = AreaFactory(name="Kent")
    changed = DataVersion.record()
    assert changed.created and changed.version != first.version
    area.delete()  # back to what it was: the old fingerprint, in a new row
    back = DataVersion.record()
    assert back.created and back.version == first.version
    assert DataVersion.objects.first() == back


def test_load_reports_on_its_own_records_a_new_version_and_a_release(tmp_path):
    before = DataVersion.record()
    shutil.copy(JSONS / "bedford-2025-02-04.json", tmp_path)
    call_command("load_reports", str(tmp_path), stdout=io.StringIO())
    latest = DataVersion.objects.first()
    assert latest.version != before.version
    assert latest.release.changes["sources"] == {"added": ["ofsted-report-bedford-2025-02-04"]}


def test_load_reports_changes_the_area_pages_etag(client, tmp_path):
    DataVersion.record()
    shutil.copy(JSONS / "bedford-2025-02-04.json", tmp_path)
    call_command("load_reports", str(tmp_path), stdout=io.StringIO())
    url = f"/areas/{Finding.objects.first().inspection.area.slug}/"
    etag = client.get(url)["ETag"]
    report = json.loads((JSONS / "bedford-2025-02-04.json").read_text(encoding="utf-8"))
    report["findings"][0]["text"] = "A finding reworded by a new ingest."
    (tmp_path / "bedford-2025-02-04.json").write_text(json.dumps(report), encoding="utf-8")
    call_command("load_reports", str(tmp_path), stdout=io.StringIO())
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_reimporting_the_unchanged_national_table_keeps_the_version_and_etags(client):
    NationalTableFactory()
    call_command("import_outcomes", stdout=io.StringIO())
    etag = client.get("/about/")["ETag"]
    versions = DataVersion.objects.count()
    call_command("import_outcomes", stdout=io.StringIO())
    assert DataVersion.objects.count() == versions
    assert client.get("/about/", headers={"If-None-Match": etag}).status_code == 304


def test_load_regions_records_a_version_but_no_release_when_only_regions_change(tmp_path):
    area = AreaFactory(ons_code="E06900001", region="")
    path = tmp_path / "regions.csv"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REGION_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerow(RegionsRowFactory(old_la_code="100", new_la_code="E06900001"))
    path.write_text(buffer.getvalue(), encoding="utf-8")
    with releases.load():  # the table's source held already, as after a first load
        regions.source()
    first, releases_before = DataVersion.objects.first(), DataRelease.objects.count()
    call_command("load_regions", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    area.refresh_from_db()
    assert area.region  # the load changed something the pages show
    assert DataVersion.objects.first().version != first.version
    assert DataRelease.objects.count() == releases_before  # no inspection, finding or source


def test_load_geography_on_its_own_records_a_version(monkeypatch):
    authority = UpperTierAuthority(
        code="E06000001",
        name="Hartlepool",
        ons_name="Hartlepool",
        districts=(DistrictRecord(code="E06000001", name="Hartlepool"),),
    )
    monkeypatch.setattr(
        "areas.management.commands.load_geography.upper_tier_authorities", lambda: (authority,)
    )
    first = DataVersion.record()
    call_command("load_geography", stdout=io.StringIO())
    assert DataVersion.objects.first().version != first.version
    versions = DataVersion.objects.count()
    call_command("load_geography", stdout=io.StringIO())  # again: nothing changed
    assert DataVersion.objects.count() == versions


def test_load_data_is_one_version_and_at_most_one_release(monkeypatch, tmp_path):
    shutil.copy(JSONS / "bedford-2025-02-04.json", tmp_path)
    real = {
        "import_outcomes": lambda: call_command("import_outcomes", stdout=io.StringIO()),
        "load_reports": lambda: call_command("load_reports", str(tmp_path), stdout=io.StringIO()),
    }
    # Two of its commands for real, each of which records a version when run on its own.
    monkeypatch.setattr(
        "reports.management.commands.load_data.call_command",
        lambda name, *args, **kwargs: real.get(name, lambda: None)(),
    )
    NationalTableFactory()
    call_command("load_data", stdout=io.StringIO())
    assert DataVersion.objects.count() == 1
    assert DataRelease.objects.count() == 1
