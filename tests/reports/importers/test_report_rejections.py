"""`load_reports` rejects a bad report file before writing anything, with a message naming the
file, the record and the field, and the same on SQLite and PostgreSQL
(reports/importers/report_record.py)."""

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from reports.models import DataVersion, Finding, Inspection, Source
from tests.reports.importers.test_reports import JSONS, area_of, committed, snapshot

pytestmark = pytest.mark.django_db
STEM = "bedford-2025-02-04"


def finding(record, n=0):
    return record["findings"][n]


def set_in(*path, value):
    """A change to the record: the value at that path replaced."""

    def change(record):
        *parents, last = path
        for key in parents:
            record = record[key]
        record[last] = value

    return change


def removed(*path):
    def change(record):
        *parents, last = path
        for key in parents:
            record = record[key]
        del record[last]

    return change


BAD = [
    (set_in("findings", 1, "text", value="Nul\x00in the text."), "findings[1]", "text", "U+0000"),
    (set_in("findings", 0, "text", value="An \x1b[31mescape"), "findings[0]", "text", "U+001B"),
    (set_in("findings", 0, "location", value="p\u202e1"), "findings[0]", "location", "U+202E"),
    (set_in("findings", 0, "location", value="a\tb"), "findings[0]", "location", "U+0009"),
    (set_in("findings", 0, "text", value="\x85"), "findings[0]", "text", "U+0085"),
    (set_in("area_name", value="Bed\u2066ford"), "", "area_name", "U+2066"),
    (set_in("inspection", "outcome_text", value="\x07"), "inspection", "outcome_text", "U+0007"),
    (set_in("findings", 2, "text", value="x" * 200_000), "findings[2]", "text", "at most"),
    (set_in("findings", 0, "location", value="x" * 201), "findings[0]", "location", "at most"),
    (set_in("inspection", "next_full", value="x" * 201), "inspection", "next_full", "at most"),
    (set_in("partnership", "council", value="x" * 201), "partnership", "council", "at most"),
    (removed("urn"), "", "urn", "Field required"),
    (removed("findings", 0, "responsible_body"), "findings[0]", "responsible_body", "required"),
    (removed("inspection", "next_monitoring"), "inspection", "next_monitoring", "required"),
    (set_in("findings", value="none"), "", "findings", "valid array"),
    (set_in("findings", 0, "themes", value="send"), "findings[0]", "themes", "valid array"),
    (
        set_in("partnership", "integrated_care_boards", value="An ICB"),
        "partnership",
        "integrated_care_boards",
        "valid array",
    ),
    (set_in("findings", 0, "page", value="3"), "findings[0]", "page", "valid integer"),
    (set_in("findings", 0, "page", value=0), "findings[0]", "page", "greater than 0"),
    (set_in("findings", 0, "page", value=-2), "findings[0]", "page", "greater than 0"),
    (set_in("findings", 0, "page", value=1.5), "findings[0]", "page", "valid integer"),
    (set_in("findings", 0, "order", value=10**9), "findings[0]", "order", "less than"),
    (set_in("published", value="2000-01-01"), "", "", "is before the inspection's end_date"),
    (set_in("published", value="04/02/2025"), "", "published", "not a date"),
    (set_in("inspection", "outcome", value="great"), "inspection", "outcome", "Input should be"),
]


@pytest.mark.parametrize(("change", "record", "field", "problem"), BAD)
def test_a_bad_value_rejects_the_load_naming_file_record_and_field(
    tmp_path, change, record, field, problem
):
    area_of(STEM)
    shutil.copy(JSONS / f"{STEM}.json", tmp_path)  # a good report beside the bad one
    bad = committed(STEM)
    bad["file"] = "reports/zz-bad.pdf"
    change(bad)
    (tmp_path / "zz-bad.json").write_text(json.dumps(bad), encoding="utf-8")
    before = snapshot()
    versions = DataVersion.objects.count()
    with pytest.raises(CommandError) as rejected:
        call_command("load_reports", str(tmp_path), stdout=io.StringIO())
    message = str(rejected.value)
    assert message.startswith("Rejected, nothing written. zz-bad.json: ")
    if record:
        assert f"record {record}" in message
    if field:
        assert f"field “{field}”" in message
    assert problem in message
    assert snapshot() == before
    assert DataVersion.objects.count() == versions
    assert not Finding.objects.exists() and not Source.objects.exists()


def test_a_missing_folder_is_refused_not_a_success(tmp_path):
    with pytest.raises(CommandError, match="no-such-folder: no such folder"):
        call_command("load_reports", str(tmp_path / "no-such-folder"), stdout=io.StringIO())


def test_the_same_report_twice_is_refused_naming_both_files(tmp_path):
    area_of(STEM)
    shutil.copy(JSONS / f"{STEM}.json", tmp_path)
    shutil.copy(JSONS / f"{STEM}.json", tmp_path / "bedford-copy.json")
    with pytest.raises(CommandError, match=f"bedford-copy.json: the same report as {STEM}.json"):
        call_command("load_reports", str(tmp_path), stdout=io.StringIO())
    assert not Inspection.objects.filter(findings__isnull=False).exists()


def test_a_file_that_is_not_utf8_or_not_json_is_refused(tmp_path):
    (tmp_path / "latin.json").write_bytes(b'{"file": "caf\xe9"}')
    with pytest.raises(CommandError, match="latin.json: not UTF-8"):
        call_command("load_reports", str(tmp_path), stdout=io.StringIO())
    (tmp_path / "latin.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(CommandError, match="latin.json: .*JSON"):
        call_command("load_reports", str(tmp_path), stdout=io.StringIO())


def test_tabs_and_newlines_are_allowed_in_a_findings_text(tmp_path):
    area_of(STEM)
    good = committed(STEM)
    good["findings"][0]["text"] = "First line.\nSecond\tline."
    (tmp_path / f"{STEM}.json").write_text(json.dumps(good), encoding="utf-8")
    call_command("load_reports", str(tmp_path), stdout=io.StringIO())
    assert Finding.objects.filter(text="First line.\nSecond\tline.").exists()
