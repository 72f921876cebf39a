"""Loading the parsed reports (reports/importers/reports.py, `manage.py load_reports`) beside
the national table's rows and curated findings, from a folder of committed report JSON files
chosen in each test."""

import datetime
import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from areas.models import Area
from reports.models import DataNote, Finding, Inspection, Source, Theme
from reports.theme_review import REVIEW_FILE, read_review
from reports.vocabulary import Framework, Outcome, SourceKind
from tests.factories import AreaFactory, FindingFactory, InspectionFactory, SourceFactory

JSONS = Path(settings.BASE_DIR) / "fixtures" / "reports"

pytestmark = pytest.mark.django_db


def committed(stem: str) -> dict:
    return json.loads((JSONS / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.fixture
def load(tmp_path):
    """load(*stems): `manage.py load_reports` of a folder holding those reports' JSON; the
    command's output and warnings come back."""
    folder = tmp_path / "reports"
    folder.mkdir()

    def run(*stems: str) -> str:
        for stem in stems:
            shutil.copy(JSONS / f"{stem}.json", folder)
        out = io.StringIO()
        call_command("load_reports", str(folder), stdout=out, stderr=out)
        return out.getvalue()

    return run


def themes_of(*stems: str) -> None:
    """The themes those reports' findings are given, as the curated vocabulary holds them."""
    slugs = {slug for stem in stems for f in committed(stem)["findings"] for slug in f["themes"]}
    for slug in sorted(slugs):
        Theme.objects.create(slug=slug, name=slug.replace("-", " ").capitalize())


def area_of(stem: str, **inspection) -> Area:
    """The report's area as the national table makes it; with `inspection` fields, the table's
    row for this inspection too."""
    record = committed(stem)
    area = AreaFactory(name=record["area_name"], urn=record["urn"])
    if inspection:
        InspectionFactory(area=area, **inspection)
    return area


def report_source(stem: str) -> Source:
    return Source.objects.get(slug=f"ofsted-report-{stem}")


def snapshot() -> dict:
    def rows(model, *m2m):
        out = []
        for obj in model.objects.order_by("pk"):
            row = model_to_dict(obj)
            for name in m2m:
                row[name] = sorted(related.pk for related in getattr(obj, name).all())
            out.append((obj.pk, row))
        return out

    return {
        "sources": rows(Source),
        "areas": rows(Area),
        "inspections": rows(Inspection, "sources"),
        "findings": rows(Finding, "themes"),
        "notes": rows(DataNote),
    }


def test_a_report_loads_into_its_areas_existing_inspection(load):
    area = area_of(
        "bedford-2025-02-04",
        start_date=datetime.date(2024, 11, 18),
        published=datetime.date(2025, 2, 4),
        report_url="https://files.ofsted.gov.uk/v1/file/50268244",
    )
    themes_of("bedford-2025-02-04")
    out = load("bedford-2025-02-04")
    assert "Warning" not in out
    assert "1 reports: 1 sources, 0 areas and 0 inspections created; 18 findings" in out
    source = report_source("bedford-2025-02-04")
    assert (source.file, source.kind) == ("reports/bedford-2025-02-04.pdf", "ofsted_report")
    assert source.licence == "Open Government Licence v3.0"
    assert source.url == "https://files.ofsted.gov.uk/v1/file/50268244"  # the table links it
    (inspection,) = source.inspections.all()
    assert inspection.area == area
    assert inspection.end_date == datetime.date(2024, 11, 22)  # a blank the report fills
    area.refresh_from_db()
    assert area.ons_code == "E06000055"  # from the national table: reports do not print it


def test_a_report_of_an_area_we_do_not_hold_makes_it_and_says_so(load):
    out = load("bedford-2025-02-04")
    assert "Warning: reports/bedford-2025-02-04.pdf: no area has URN 80428" in out
    assert "unknown theme" in out  # no themes are loaded: its findings have none
    area = Area.objects.get(urn="80428")
    assert (area.name, area.slug) == ("Bedford Borough", "bedford-borough")
    inspection = area.inspections.get()
    assert (inspection.framework, inspection.outcome) == (Framework.AREA_SEND_2023, "positive")
    assert not Finding.themes.through.objects.exists()


def test_loading_twice_changes_no_rows(load):
    area_of("bedford-2025-02-04")
    area_of("suffolk-2024-01-30", start_date=datetime.date(2023, 11, 13))
    themes_of("bedford-2025-02-04", "suffolk-2024-01-30")
    load("bedford-2025-02-04", "suffolk-2024-01-30")
    before = snapshot()
    load("bedford-2025-02-04", "suffolk-2024-01-30")
    assert snapshot() == before


def test_findings_made_again_keep_their_identifiers(load):
    area_of("bedford-2025-02-04")
    themes_of("bedford-2025-02-04")
    load("bedford-2025-02-04")
    findings = Finding.objects.filter(source=report_source("bedford-2025-02-04"))
    before = dict(findings.values_list("identifier", "pk"))
    findings.delete()
    load("bedford-2025-02-04")
    after = dict(findings.values_list("identifier", "pk"))
    assert after.keys() == before.keys()
    assert "ofsted-report-bedford-2025-02-04-strength-3" in after
    assert not set(after.values()) & set(before.values())  # new primary keys, same addresses


@pytest.mark.parametrize(
    ("kind", "warned"), [(SourceKind.OFSTED_REPORT, False), (SourceKind.PRESS_RELEASE, True)]
)
def test_curated_findings_win_and_nothing_is_counted_twice(load, kind, warned):
    curated_source = SourceFactory(kind=kind)
    curated = InspectionFactory(
        area=area_of("cornwall-2023-05-05"),
        start_date=datetime.date(2023, 2, 6),
        end_date=datetime.date(2023, 2, 10),
    )
    curated.sources.add(curated_source)
    findings = FindingFactory.create_batch(3, inspection=curated, source=curated_source)
    out = load("cornwall-2023-05-05")
    assert "Curated findings kept, none made from the PDF: reports/cornwall-2023-05-05.pdf" in out
    assert ("sources that are not Ofsted reports" in out) is warned
    assert report_source("cornwall-2023-05-05").inspections.get() == curated
    assert list(curated.findings.all()) == findings
    assert not Finding.objects.filter(source=report_source("cornwall-2023-05-05")).exists()
    assert set(curated.sources.all()) == {curated_source, report_source("cornwall-2023-05-05")}


def test_a_reports_findings_cite_it_with_their_own_words_and_themes(load):
    area_of("bedford-2025-02-04")
    area_of("suffolk-2024-01-30")
    themes_of("bedford-2025-02-04", "suffolk-2024-01-30")
    load("bedford-2025-02-04", "suffolk-2024-01-30")
    findings = Finding.objects.filter(source=report_source("bedford-2025-02-04"))
    assert findings.count() == 18
    first = findings.get(kind="strength", order=3)
    assert first.label == "strength"
    assert first.location == "strengths, bullet 3"
    assert first.page == 3
    assert first.text.startswith("There is an established culture of multi-agency working.")
    # Reviewed (fixtures/theme_review.json), so the review's themes, not the rules'.
    themes = read_review(REVIEW_FILE)[("bedford-2025-02-04.json", "strength", 3)]
    assert first.themes_reviewed
    assert first.primary_theme.slug == themes[0] == "multi-agency-working"
    assert sorted(first.themes.values_list("slug", flat=True)) == sorted(themes)
    labels = dict(findings.values_list("kind", "label").distinct())
    assert labels == {
        "strength": "strength",
        "weakness": "needs to do better",
        "improvement": "area for improvement",
    }
    suffolk = Finding.objects.get(
        source=report_source("suffolk-2024-01-30"), kind="priority_action", order=2
    )
    assert (suffolk.label, suffolk.location) == ("priority action", "priority actions, row 2")
    assert suffolk.identifier == "ofsted-report-suffolk-2024-01-30-priority-action-2"
    assert suffolk.responsible_body.startswith("Suffolk County Council")


def test_a_report_fills_blanks_and_notes_where_it_disagrees(load):
    area = area_of(
        "bedford-2025-02-04",
        start_date=datetime.date(2024, 11, 18),
        outcome=Outcome.UNKNOWN,
        next_full="within approximately three years",
        previous_as_stated="",
    )
    load("bedford-2025-02-04")
    inspection = area.inspections.get()
    assert inspection.next_full == "within approximately three years"  # held value kept
    assert inspection.outcome == Outcome.POSITIVE  # "not stated" is a blank
    assert inspection.previous_as_stated.startswith("The previous full inspection was on")
    note = inspection.data_notes.get(field="report_next_full")
    assert note.source == report_source("bedford-2025-02-04")
    assert "“within approximately five years”" in note.note
    assert "the value shown here comes from another source" in note.note


def test_loading_again_puts_back_a_reports_own_words(load):
    area_of("bedford-2025-02-04")
    load("bedford-2025-02-04")
    changed = Finding.objects.get(kind="weakness", order=1)
    Finding.objects.filter(pk=changed.pk).update(text="Changed by hand.")
    load("bedford-2025-02-04")
    changed.refresh_from_db()
    assert changed.text.startswith("In response to")


def test_a_malformed_json_file_rejects_the_whole_load(tmp_path):
    area_of("bedford-2025-02-04")
    good = committed("bedford-2025-02-04")
    good["file"] = "reports/zz-new-2025-02-04.pdf"
    (tmp_path / "zz-new-2025-02-04.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "zzz-broken.json").write_text('{"file": "reports/x.pdf"}', encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match="Rejected, nothing written. zzz-broken.json: "):
        call_command("load_reports", str(tmp_path), stdout=io.StringIO())
    assert snapshot() == before
