"""The 56 report PDFs: the parser on reports chosen for their layout quirks, provenance of every
finding, reproducible ingestion (byte for byte) and idempotent loading beside curated data.

Parsing takes about a second a report, so only a handful are parsed here. The byte-for-byte
check re-ingests a sample covering every layout; set INGEST_ALL=1 to re-ingest all 56.
"""

import functools
import hashlib
import io
import json
import os
from pathlib import Path

import pdfplumber
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from areas.models import Area
from reports.importers import pdf as reports_pdf
from reports.importers.pdf import ReportLayoutError, parse_report
from reports.importers.text import normalise, occurs_verbatim, pdf_text
from reports.models import DataNote, Finding, Inspection, Source, Theme
from reports.theme_review import REVIEW_FILE, read_review

PDFS = Path(settings.SOURCES_DIR) / "reports"
JSONS = Path(settings.BASE_DIR) / "fixtures" / "reports"

pytestmark = pytest.mark.django_db


@functools.cache
def parsed(stem: str) -> reports_pdf.ParsedReport:
    return parse_report(PDFS / f"{stem}.pdf")


def finding(report, kind: str, order: int) -> reports_pdf.Finding:
    return next(f for f in report.findings if f.kind == kind and f.order == order)


def counts(report) -> tuple[int, ...]:
    return tuple(report.count(kind) for kind in reports_pdf.KINDS)


def committed(stem: str) -> dict:
    return json.loads((JSONS / f"{stem}.json").read_text(encoding="utf-8"))


# --- The parser, on reports chosen for their quirks ----------------------------------------


def test_the_june_2025_layout_dates_in_full_and_the_revisit_as_previous_inspection():
    """Essex, 2026: the handbook of June 2025 writes dates in full and its previous inspection is
    the earlier framework's 2022 revisit; the four lists read as in the older layout."""
    report = parsed("essex-2026-05-20")
    assert counts(report) == (14, 12, 4, 0)
    assert report.dates_as_stated == "19 January 2026 to 23 January 2026"
    assert f"{report.start_date} to {report.end_date}" == "2026-01-19 to 2026-01-23"
    assert report.previous_as_stated == "17 May 2022 to 19 May 2022"
    assert (report.outcome, report.next_monitoring, report.next_full) == (
        "inconsistent",
        "",
        "within approximately 3 years",
    )
    assert finding(report, "strength", 1).text.startswith(
        "Leadership has been consistent across the local area partnership."
    )


def test_a_priority_actions_table_whose_row_and_sub_points_cross_a_page():
    """Suffolk: row 1 of the table runs from page 6 onto page 7, sub-points and all."""
    report = parsed("suffolk-2024-01-30")
    assert counts(report) == (7, 10, 3, 2)
    assert (report.outcome, report.next_monitoring, report.next_full) == (
        "systemic",
        "within approximately 18 months",
        "within approximately three years",
    )
    first, second = (finding(report, "priority_action", n) for n in (1, 2))
    assert first.page == 6 and second.page == 7
    assert first.section == "Areas for priority action"
    assert first.responsible_body == (
        "Suffolk County Council, NHS Suffolk and North East Essex ICB and NHS Norfolk and "
        "Waveney area ICB"
    )
    assert first.text.startswith(
        "The LAP should work more collaboratively and effectively to improve strategic planning."
    )
    assert "urgently improve: • the robustness and impact of governance • the rigour of" in (
        first.text
    )
    assert first.text.endswith(
        "including putting steps in place to reduce NEET, so that they are better supported to "
        "lead fulfilling lives."
    )
    assert second.responsible_body.endswith("NHS Norfolk and Waveney ICB")
    assert second.text.startswith("Local area partnership leaders should cooperate")


def test_a_priority_action_whose_two_columns_both_cross_a_page():
    """Halton: row 3 breaks after "to ensure" in one column and "NHS Cheshire and" in the other."""
    report = parsed("halton-2024-01-26")
    assert counts(report) == (9, 8, 4, 5)
    row = finding(report, "priority_action", 3)
    assert row.page == 5
    assert row.responsible_body == (
        "Halton Borough Council and NHS Cheshire and Merseyside Integrated Care Board (ICB)"
    )
    assert row.text == (
        "Leaders across education, health and social care should improve the joint commissioning "
        "of services to ensure that children, young people and their families receive sufficient "
        "support to have their needs met effectively."
    )


def test_a_running_footer_wrapped_over_two_lines_inside_a_bullet():
    """Telford and Wrekin: "…, 20 to 24 March 3" / "2023" falls inside strength 6."""
    report = parsed("telford-wrekin-2023-07-03")
    assert counts(report) == (8, 5, 2, 0)
    assert report.dates_as_stated == "20 to 24 March 2023"
    strength = finding(report, "strength", 6)
    assert strength.page == 3
    assert (
        "Support from social care has been strengthened to ensure that it is equally strong at "
        "the early intervention stage" in strength.text
    )
    assert not any("Local Area Partnership" in f.text for f in report.findings)
    assert finding(report, "strength", 8).text.endswith("into post-16 education and training.")


def test_sub_points_with_the_top_level_glyph_stay_inside_their_item():
    """East Sussex: the areas for improvement use ◼, the strengths' glyph, at the box margin."""
    report = parsed("east-sussex-2025-02-04")
    assert counts(report) == (10, 8, 4, 0)
    assert finding(report, "improvement", 1).text == (
        "The local area partnership should continue to improve the quality of EHC plans, so that "
        "there is consistent input across all agencies to better identify the provision that "
        "children and young people require to meet their needs. This should include: ◼ improving "
        "joint working of practitioners, particularly health, to contribute to EHC plans; and ◼ "
        "ensuring a more timely and precise annual review process."
    )
    assert finding(report, "improvement", 4).text == (
        "The local area partnership should continue to work with relevant stakeholders to ensure "
        "that there is sufficient and suitable AP and post-16 options for children and young "
        "people with SEND."
    )


def test_words_broken_at_a_line_end_are_joined_and_compounds_keep_their_hyphen():
    enfield = parsed("enfield-2023-08-02")  # justified text, hyphenated: "re-/views", "chil-/dren"
    assert counts(enfield) == (8, 7, 3, 0)
    weakness = finding(enfield, "weakness", 2).text
    assert "better timeliness and quality of reviews. However," in weakness
    assert "the needs of some children and young people are being met" in weakness
    assert "Local area leaders rely on practitioners" in weakness
    assert finding(enfield, "improvement", 1).text.startswith(
        "Leaders should ensure that information sharing across education, health and care "
        "services leads to"
    )
    assert finding(enfield, "improvement", 3).text == (
        "Leaders should ensure that children and young people with SEND who move from children "
        "to adult health services experience a smooth and effective transition."
    )
    bedford = parsed("bedford-2025-02-04")  # "Muti-/Agency", "well-/coordinated" are compounds
    assert "the Muti-Agency Panel" in finding(bedford, "strength", 3).text
    assert "This provides well-coordinated and persistent help" in (
        finding(bedford, "strength", 3).text
    )


def test_a_bullet_split_across_pages_and_the_front_page():
    report = parsed("bedford-2025-02-04")
    assert counts(report) == (10, 6, 2, 0)
    assert (report.area_name, report.area_name_as_printed) == (
        "Bedford Borough",
        "Bedford Borough Local Area Partnership",
    )
    assert (report.start_date.isoformat(), report.end_date.isoformat()) == (
        "2024-11-18",
        "2024-11-22",
    )
    assert report.previous_as_stated == (
        "The previous full inspection was on 19 March 2018. There was a subsequent revisit on "
        "24 March 2020."
    )
    assert (report.outcome, report.next_monitoring, report.next_full) == (
        "positive",
        "",
        "within approximately five years",
    )
    strength = finding(report, "strength", 8)
    assert strength.page == 3
    assert strength.text.endswith(
        "including the 0 to 19 team, work tirelessly so that children and young people with SEND "
        "enjoy healthier lives."
    )
    assert finding(report, "strength", 1).text.startswith("The partnership is ambitious")
    assert finding(report, "weakness", 6).text.endswith(
        "not being accessed by those who need them."
    )


def test_numbered_areas_for_improvement_lose_their_numbers():
    blackpool = committed("blackpool-2024-07-25")
    items = [f["text"] for f in blackpool["findings"] if f["kind"] == "improvement"]
    assert len(items) == 4
    assert items[0].startswith("The local area partnership should ensure that strategic action")
    assert items[3].startswith("Leaders from the local authority should further strengthen")


def test_the_independent_count_fails_loudly_on_a_disagreement():
    report = parsed("bedford-2025-02-04")
    short = reports_pdf.ParsedReport(**{**report.__dict__, "findings": report.findings[1:]})
    with pdfplumber.open(PDFS / "bedford-2025-02-04.pdf") as pdf:
        sections = reports_pdf.split_sections(reports_pdf.read_pages(pdf))
        with pytest.raises(ReportLayoutError, match="doing that is effective.*parsed 9 .* 10"):
            reports_pdf.check_counts(pdf, sections, short)


# --- Provenance ----------------------------------------------------------------------------


PROVENANCE_SAMPLE = [
    "bedford-2025-02-04",
    "enfield-2023-08-02",
    "essex-2026-05-20",
    "suffolk-2024-01-30",
]


@pytest.mark.parametrize("stem", PROVENANCE_SAMPLE)
def test_every_finding_occurs_in_its_pdf_after_the_shared_clean_up(stem):
    """The ingestion checks this for all 56; here, through the provenance test's own function."""
    record = committed(stem)
    missing = [
        f"{f['kind']} {f['order']}"
        for f in record["findings"]
        if not occurs_verbatim(f["text"], record["file"])
    ]
    assert record["findings"] and missing == []
    assert occurs_verbatim(record["inspection"]["outcome_text"], record["file"])
    assert not occurs_verbatim(record["findings"][0]["text"] + " not", record["file"])


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


# --- Ingestion: reproducible, and nothing written for a bad PDF ----------------------------


INGEST_SAMPLE = [
    "bedford-2025-02-04",
    "blackpool-2024-07-25",
    "cornwall-2023-05-05",
    "east-sussex-2025-02-04",
    "essex-2026-05-20",
    "halton-2024-01-26",
    "southend-on-sea-2023-06-09",
    "suffolk-2024-01-30",
    "telford-wrekin-2023-07-03",
]


def test_the_committed_json_matches_the_pdfs_and_the_theme_rules():
    """Cheap staleness checks for all 56: one JSON per PDF, the same PDF bytes, current themes."""
    pdf_stems = {p.stem for p in PDFS.glob("*.pdf")}
    assert len(pdf_stems) == 56
    assert {p.stem for p in JSONS.glob("*.json")} == pdf_stems

    for stem in sorted(pdf_stems):
        record = committed(stem)
        assert record["sha256"] == hashlib.sha256((PDFS / f"{stem}.pdf").read_bytes()).hexdigest()
        for item in record["findings"]:
            assert item["themes"] == reports_pdf.assign_themes(item["text"]), (
                f"{stem}: themes are stale; run manage.py ingest_reports --themes-only"
            )


def test_re_ingesting_gives_byte_identical_files(tmp_path):
    every = sorted(path.stem for path in PDFS.glob("*.pdf"))
    stems = every if os.environ.get("INGEST_ALL") else INGEST_SAMPLE
    out = io.StringIO()
    call_command(
        "ingest_reports",
        *[str(PDFS / f"{stem}.pdf") for stem in stems],
        output=str(tmp_path),
        stdout=out,
    )
    assert "bedford-2025-02-04.pdf: 10 strengths, 6 weaknesses, 2 areas for improvement, " in (
        out.getvalue()
    )
    for stem in stems:
        fresh = (tmp_path / f"{stem}.json").read_bytes()
        assert fresh == (JSONS / f"{stem}.json").read_bytes(), f"{stem}.json differs"
    assert sorted(p.stem for p in tmp_path.iterdir()) == sorted(stems)


def test_re_theming_alone_gives_the_bytes_a_full_ingest_gives(tmp_path):
    for stem in ("bedford-2025-02-04", "suffolk-2024-01-30"):
        record = committed(stem)
        for item in record["findings"]:
            item["themes"] = ["stale"]
        (tmp_path / f"{stem}.json").write_text(json.dumps(record), encoding="utf-8")
    out = io.StringIO()
    call_command("ingest_reports", themes_only=True, output=str(tmp_path), stdout=out)
    assert "Themes changed in 2 files" in out.getvalue()
    for stem in ("bedford-2025-02-04", "suffolk-2024-01-30"):
        assert (tmp_path / f"{stem}.json").read_bytes() == (JSONS / f"{stem}.json").read_bytes()


def _minimal_pdf(words: str) -> bytes:
    """A valid one-page PDF that says `words`: a PDF, but not an area SEND report."""
    stream = f"BT /F1 12 Tf 72 770 Td ({words}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    data, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return data


def test_a_foreign_or_malformed_pdf_is_named_and_nothing_is_written(tmp_path):
    inputs, output = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / "sales-2024.pdf").write_bytes(_minimal_pdf("Quarterly sales report"))
    (inputs / "noise.pdf").write_bytes(bytes(range(256)) * 20)
    half = (PDFS / "bedford-2025-02-04.pdf").read_bytes()
    (inputs / "truncated.pdf").write_bytes(half[: len(half) // 2])

    with pytest.raises(ReportLayoutError, match=r"^sales-2024\.pdf: not an area SEND"):
        parse_report(inputs / "sales-2024.pdf")
    with pytest.raises(ReportLayoutError, match=r"^noise\.pdf: not a readable PDF"):
        parse_report(inputs / "noise.pdf")

    err = io.StringIO()
    with pytest.raises(CommandError, match="3 skipped: noise.pdf, sales-2024.pdf, truncated.pdf"):
        call_command("ingest_reports", str(inputs), output=str(output), stderr=err, jobs=1)
    assert "Skipped, nothing written: truncated.pdf: not a readable PDF" in err.getvalue()
    assert list(output.iterdir()) == []


# --- Loading: beside the national table and the curated data -------------------------------


def _snapshot() -> dict:
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


def _pdf_source(stem: str) -> Source:
    return Source.objects.get(slug=f"ofsted-report-{stem}")


def test_every_report_loads_into_its_areas_existing_inspection():
    """The shipped data (loaded once per session, as `make data` loads it) has all 56."""
    summary_out = io.StringIO()
    call_command("load_reports", stdout=summary_out, stderr=summary_out)
    assert "Warning" not in summary_out.getvalue()
    assert "0 areas and 0 inspections created" in summary_out.getvalue()
    for path in sorted(JSONS.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        source = _pdf_source(path.stem)
        assert source.file == record["file"] and source.kind == "ofsted_report"
        assert source.licence == "Open Government Licence v3.0"
        (inspection,) = source.inspections.all()
        assert inspection.area.urn == record["urn"]
        assert Area.objects.filter(urn=record["urn"]).count() == 1
        assert inspection.start_date.isoformat() == record["inspection"]["start_date"]


def test_loading_twice_changes_no_rows():
    before = _snapshot()
    call_command("load_reports", stdout=io.StringIO())
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("stem", "curated_slug", "curated_count"),
    [
        ("southend-on-sea-2023-06-09", "ofsted-report-southend-on-sea-2023", 26),
        ("cornwall-2023-05-05", "ofsted-report-cornwall-2023", 20),
    ],
)
def test_curated_findings_win_and_nothing_is_counted_twice(stem, curated_slug, curated_count):
    curated = Source.objects.get(slug=curated_slug)
    fixture = json.loads((Path(settings.BASE_DIR) / "fixtures" / "findings.json").read_text())
    curated_texts = sorted(
        row["fields"]["text"] for row in fixture if row["fields"]["source"] == curated.pk
    )
    call_command("load_reports", stdout=io.StringIO())
    inspection = _pdf_source(stem).inspections.get()
    assert sorted(inspection.findings.values_list("text", flat=True)) == curated_texts
    assert len(curated_texts) == curated_count
    assert not Finding.objects.filter(source=_pdf_source(stem)).exists()
    assert curated in inspection.sources.all()


def test_a_reports_findings_cite_it_with_their_own_words_and_themes():
    source = _pdf_source("bedford-2025-02-04")
    findings = Finding.objects.filter(source=source)
    assert findings.count() == 18
    first = findings.get(kind="strength", order=3)
    assert first.label == "strength"
    assert first.location == "strengths, bullet 3"
    assert first.page == 3
    assert first.text.startswith("There is an established culture of multi-agency working.")
    # Reviewed (fixtures/theme_review.json), so the review's themes, not the rules'.
    themes = read_review(REVIEW_FILE)[("bedford-2025-02-04.json", "strength", 3)]
    assert first.themes_reviewed
    assert first.primary_theme.slug == themes[0]
    assert sorted(first.themes.values_list("slug", flat=True)) == sorted(themes)
    labels = dict(findings.values_list("kind", "label").distinct())
    assert labels == {
        "strength": "strength",
        "weakness": "needs to do better",
        "improvement": "area for improvement",
    }
    suffolk = Finding.objects.get(
        source=_pdf_source("suffolk-2024-01-30"), kind="priority_action", order=2
    )
    assert (suffolk.label, suffolk.location) == ("priority action", "priority actions, row 2")
    assert suffolk.responsible_body.startswith("Suffolk County Council")


def test_a_report_fills_blanks_and_notes_where_it_disagrees():
    inspection = _pdf_source("bedford-2025-02-04").inspections.get()
    Inspection.objects.filter(pk=inspection.pk).update(
        next_full="within approximately three years", previous_as_stated=""
    )
    inspection.findings.filter(kind="weakness", order=1).update(text="Changed by hand.")
    call_command("load_reports", stdout=io.StringIO())
    inspection.refresh_from_db()
    assert inspection.next_full == "within approximately three years"  # held value kept
    assert inspection.previous_as_stated.startswith("The previous full inspection was on")
    note = inspection.data_notes.get(field="report_next_full")
    assert note.source == _pdf_source("bedford-2025-02-04")
    assert "“within approximately five years”" in note.note
    assert inspection.findings.get(kind="weakness", order=1).text.startswith("In response to")


def test_a_malformed_json_file_rejects_the_whole_load(tmp_path):
    good = committed("bedford-2025-02-04")
    good["file"] = "reports/zz-new-2025-02-04.pdf"
    (tmp_path / "zz-new-2025-02-04.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "zzz-broken.json").write_text('{"file": "reports/x.pdf"}', encoding="utf-8")
    with pytest.raises(CommandError, match="Rejected, nothing written. zzz-broken.json: "):
        call_command("load_reports", str(tmp_path), stdout=io.StringIO())
    assert not Source.objects.filter(slug="ofsted-report-zz-new-2025-02-04").exists()
    assert Theme.objects.exists()
