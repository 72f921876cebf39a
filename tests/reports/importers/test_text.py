"""The text clean-up every quote is checked through (reports/importers/text.py): a quote must
occur, word for word, in the document it cites, once running headers and bullets are gone."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from reports.importers.text import normalise, occurs_verbatim, pdf_text

PDFS = Path(settings.SOURCES_DIR) / "reports"
JSONS = Path(settings.BASE_DIR) / "fixtures" / "reports"


def committed(stem: str) -> dict:
    return json.loads((JSONS / f"{stem}.json").read_text(encoding="utf-8"))


PROVENANCE_SAMPLE = ["bedford-2025-02-04", "enfield-2023-08-02", "suffolk-2024-01-30"]


@pytest.mark.parametrize("stem", PROVENANCE_SAMPLE)
def test_every_finding_occurs_in_its_pdf_after_the_shared_clean_up(stem):
    """The ingestion checks this for every report; here, through the provenance check's own
    function."""
    record = committed(stem)
    missing = [
        f"{f['kind']} {f['order']}"
        for f in record["findings"]
        if not occurs_verbatim(f["text"], record["file"])
    ]
    assert record["findings"] and missing == []
    assert occurs_verbatim(record["inspection"]["outcome_text"], record["file"])


def test_a_changed_word_is_caught():
    record = committed("bedford-2025-02-04")
    text = record["findings"][0]["text"]
    assert occurs_verbatim(text, record["file"])
    assert not occurs_verbatim(text.replace(" ", " not ", 1), record["file"])
    assert not occurs_verbatim(text + " not", record["file"])


def test_a_quote_is_checked_in_a_text_source_too(tmp_path, settings):
    settings.SOURCES_DIR = tmp_path
    (tmp_path / "release.md").write_text(
        "The council said:\n\n• Leaders know\n  the area well.\n", encoding="utf-8"
    )
    assert occurs_verbatim("Leaders know the area well.", "release.md")
    assert not occurs_verbatim("Leaders know the area very well.", "release.md")


def test_normalising_removes_running_page_headers_and_bullets():
    text = (
        "Service redesign has resulted in a reduction of\n"
        "Area SEND inspection report: Cornwall Local Area Partnership\n"
        "6 to 10 February 2023                                   3\n"
        "      waiting times.\n   ▪   Next bullet"
    )
    assert normalise(text) == (
        "Service redesign has resulted in a reduction of waiting times. Next bullet"
    )


def test_the_shared_clean_up_removes_every_running_header_variant():
    text = (
        "one\nInspection report: Suffolk Local Area Partnership\n13 to 17 November 2023\n7\ntwo\n"
        "Area SEND Inspection report: Kingston upon Hull Local Area Partnership, 20 to 24 "
        "November 2023 3\nthree\n"
        "   Area SEND inspection report: Telford and Wrekin Local Area Partnership, 20 to 24 "
        "March 3\n2023\nfour\n"
        "Area SEND inspection report: Warrington Local Area Partnership\n"
        "2 February 2023 to 10 February 2023\nfive"
    )
    assert normalise(text) == "one two three four five"


def test_the_shared_clean_up_joins_a_broken_word_only_where_the_report_uses_it():
    text = "children, multi-agency\nchil-\ndren and multi-\nagency, co-\nworking"
    assert normalise(text) == "children, multi-agency children and multi-agency, co-working"


def test_pdf_text_reads_a_table_column_whole_across_a_page_break():
    text = normalise(pdf_text(PDFS / "halton-2024-01-26.pdf"))
    assert "commissioning of services to ensure that children, young people and their" in text
