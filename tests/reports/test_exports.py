"""The downloads' writers: the same bytes as csv.writer and json.dumps, whatever the cells hold."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from reports import exports
from reports.vocabulary import FindingKind, Outcome
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    PartnershipFactory,
    SourceFactory,
)

# Spreadsheet formula starts, csv.writer's specials and a few others, so most cells need work.
ODD_TEXT = st.text(alphabet=st.sampled_from(list("=+-@\t\r\n,\"' a%é€\\\x00\x1f")), max_size=6)
CELL = st.one_of(ODD_TEXT, st.integers(min_value=-5, max_value=5), st.none())


def table_of(cells):
    """Rows of two to four cells (every table has columns enough that no row is one empty cell)."""
    return st.integers(min_value=2, max_value=4).flatmap(
        lambda width: st.lists(st.lists(cells, min_size=width, max_size=width), min_size=1)
    )


def as_columns(rows):
    return [list(column) for column in zip(*rows, strict=True)]


@given(table_of(CELL))
def test_csv_rows_are_what_csv_writer_writes_of_excel_safe_cells(rows):
    expected = io.StringIO()
    csv.writer(expected).writerows([[exports.excel_safe(cell) for cell in row] for row in rows])
    assert exports.csv_rows(as_columns(rows)) == expected.getvalue()


@given(table_of(CELL), st.lists(ODD_TEXT, min_size=4, max_size=4, unique=True))
def test_json_rows_are_what_json_dumps_writes_of_each_row(rows, names):
    names = names[: len(rows[0])]
    template = exports.json_template(names)
    expected = [json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) for row in rows]
    assert list(exports.json_rows(template, as_columns(rows))) == expected


def test_excel_safe_neutralises_only_formula_starts():
    assert [exports.excel_safe(v) for v in ["=1", "-2", "a=b", "", None, 3, -4]] == [
        "'=1",
        "'-2",
        "a=b",
        "",
        "",
        "3",
        "'-4",
    ]


def rows_of_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def odd_finding():
    """A finding whose area and source have names and slugs out of the ordinary."""
    area = AreaFactory(name="=Formulashire", slug="-Odd_Area-2")
    inspection = InspectionFactory(
        area=area,
        outcome=Outcome.SYSTEMIC,
        published=datetime.date(2024, 3, 1),
        start_date=datetime.date(2024, 1, 8),
        end_date=datetime.date(2024, 1, 12),
    )
    source = SourceFactory(slug="-Odd_Source_9", title="+Title, with a comma")
    return FindingFactory(
        inspection=inspection,
        source=source,
        kind=FindingKind.WEAKNESS,
        text='Zebrafinches "wait", too long.',
        page=7,
    )


@pytest.mark.django_db
def test_joined_cells_are_neutralised_and_pages_are_addressed_as_the_models_do(client, odd_finding):
    inspection, source = odd_finding.inspection, odd_finding.source
    [row] = rows_of_csv(client.get("/findings/", {"q": "zebrafinches", "format": "csv"}))
    assert row["area_name"] == "'=Formulashire"
    assert row["area_slug"] == "'-Odd_Area-2"
    assert row["source_title"] == "'+Title, with a comma"
    assert row["text"] == 'Zebrafinches "wait", too long.'
    assert row["source_page"] == source.get_absolute_url() == "/sources/-Odd_Source_9/"
    assert row["outcome_label"] == inspection.get_outcome_display()
    assert (row["start_date"], row["end_date"], row["published"]) == (
        "2024-01-08",
        "2024-01-12",
        "2024-03-01",
    )
    assert (row["page"], row["themes"]) == ("7", "")
    payload = json.loads(
        b"".join(
            client.get("/findings/", {"q": "zebrafinches", "format": "json"}).streaming_content
        )
    )
    [json_row] = payload["rows"]
    assert json_row["area_name"] == "=Formulashire"  # JSON is not for spreadsheets
    assert (json_row["page"], json_row["order"]) == (7, odd_finding.order)
    rows = rows_of_csv(client.get("/data/inspections.csv"))
    [mine] = [r for r in rows if r["area_name"] == "'=Formulashire"]
    assert mine["area_page"] == inspection.get_absolute_url()
    assert mine["next_full_due"] == ""


@pytest.mark.django_db
def test_exports_in_several_batches_are_the_same_bytes(client, monkeypatch, odd_finding):
    for n in range(4):
        FindingFactory(inspection=odd_finding.inspection, text=f"Zebrafinch {n}, again.")
    url = "/findings/?q=zebrafinch&format="
    whole = {ext: b"".join(client.get(url + ext).streaming_content) for ext in ["csv", "json"]}
    monkeypatch.setattr(exports, "BATCH_ROWS", 2)
    for ext in ["csv", "json"]:
        assert b"".join(client.get(url + ext).streaming_content) == whole[ext]
    assert len(json.loads(whole["json"])["rows"]) == 5


@pytest.mark.django_db
def test_only_the_json_export_counts_its_rows(client, odd_finding):
    with CaptureQueriesContext(connection) as queries:
        b"".join(client.get("/findings/?q=zebrafinches&format=csv").streaming_content)
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    with CaptureQueriesContext(connection) as queries:
        b"".join(client.get("/findings/?q=zebrafinches&format=json").streaming_content)
    assert [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.django_db
def test_the_areas_export_gives_each_named_partnership_and_empty_cells_elsewhere(client):
    PartnershipFactory(
        area__name="Aaa Partnered",
        council="Partnered Council",
        integrated_care_board="NHS Partnered ICB",
    )
    AreaFactory(name="Aaa Unpartnered")
    rows = {r["name"]: r for r in rows_of_csv(client.get("/data/areas.csv"))}
    partnered, unpartnered = rows["Aaa Partnered"], rows["Aaa Unpartnered"]
    assert (partnered["council"], partnered["integrated_care_board"]) == (
        "Partnered Council",
        "NHS Partnered ICB",
    )
    assert (unpartnered["council"], unpartnered["integrated_care_board"]) == ("", "")
    payload = json.loads(b"".join(client.get("/data/areas.json").streaming_content))
    by_name = {r["name"]: r for r in payload["rows"]}
    assert by_name["Aaa Partnered"]["council"] == "Partnered Council"
    assert by_name["Aaa Unpartnered"]["integrated_care_board"] == ""
