"""Checks on the data the project ships (fixtures, the national table, the report PDFs and
Ofsted's statistics), in one place: the only module that loads the shipped data.

The data is loaded once for this module, inside a transaction rolled back when the module ends,
so every other test starts from an empty database. The checks assert facts a reader relies on,
never totals that change as data is added.
"""

import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from areas.models import Area
from reports.importers.text import normalise, occurs_verbatim
from reports.models import DataRelease, Finding, Inspection, Response, Revisit, Source
from reports.selectors.common import areas_with_findings
from reports.themes import assign_themes
from reports.vocabulary import KINDS, FindingKind, Framework, Outcome, SourceKind

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def shipped_data(django_db_setup, django_db_blocker):
    """`manage.py load_data`, as `make data` runs it; each test's changes roll back to it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_data", verbosity=0, stdout=io.StringIO())
        if connection.vendor == "postgresql":
            # Statistics for rows not yet committed: without them the planner guesses the
            # tables are empty, and a join over every finding outlasts the statement timeout.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        yield
        transaction.set_rollback(True)


def test_the_first_load_is_the_first_release_and_loading_again_changes_nothing():
    (first,) = DataRelease.objects.all()
    assert first.is_first
    added = {subject: found["added"] for subject, found in first.changes.items()}
    assert len(added["inspections"]) == Inspection.objects.count()
    assert sum(i["count"] for i in added["findings"]) == Finding.objects.count()
    assert len(added["sources"]) == Source.objects.count()
    out = io.StringIO()
    call_command("load_data", stdout=out)  # every importer again: the same facts
    assert "so no new release was recorded" in out.getvalue()
    assert DataRelease.objects.count() == 1


def test_every_area_has_a_unique_slug_and_the_three_curated_areas_have_their_codes():
    curated = Area.objects.filter(slug__in=["cambridgeshire", "cornwall", "southend-on-sea"])
    assert sorted(curated.values_list("slug", "urn", "ons_code")) == [
        ("cambridgeshire", "80445", "E10000003"),
        ("cornwall", "80454", "E06000052"),
        ("southend-on-sea", "80559", "E06000033"),
    ]
    assert not Area.objects.filter(urn="", inspections__framework="2023").exists()


def test_every_themed_finding_is_listed_under_one_of_its_themes():
    for finding in Finding.objects.prefetch_related("themes"):
        themes = {t.pk for t in finding.themes.all()}
        assert finding.primary_theme_id in (themes or {None}), finding


def test_a_reporters_paraphrase_is_a_response_not_a_finding():
    paraphrase = "The report also highlighted concerns about the support available"
    assert not Finding.objects.filter(text__startswith=paraphrase).exists()
    assert Response.objects.get(text__startswith=paraphrase).speaker_kind == "reporting"


def test_second_hand_findings_come_only_from_cambridgeshires_press_release_and_news():
    second_hand = Finding.objects.exclude(source__kind=SourceKind.OFSTED_REPORT)
    assert set(second_hand.values_list("source__slug", flat=True)) <= {
        "seed-004-cambridgeshire-press-release",
        "seed-000-cambridgeshire-news",
    }


def test_cambridgeshires_weaknesses_are_labelled_as_quoted_in_a_news_report(client):
    """Seed 000 quotes the report's weaknesses; the compare page counts what the area page shows."""
    response = client.get("/areas/cambridgeshire/")
    assertContains(response, "not enough coordinated support to develop the knowledge and skills")
    assertContains(response, "quoted in a news report")
    assertNotContains(response, "Our sources for this inspection do not list what needs to be")
    weaknesses = Finding.objects.filter(
        inspection__area__slug="cambridgeshire", kind=FindingKind.WEAKNESS
    )
    assert set(weaknesses.values_list("source__slug", flat=True)) == {
        "seed-000-cambridgeshire-news"
    }
    on_page = {
        kind: sum(len(group.findings) for group in groups)
        for kind, groups in [
            (FindingKind.STRENGTH, response.context["page"].latest.strengths),
            (FindingKind.WEAKNESS, response.context["page"].latest.weaknesses),
        ]
    }
    on_page[FindingKind.IMPROVEMENT] = len(response.context["page"].latest.must_improve)
    assert on_page[FindingKind.WEAKNESS] == weaknesses.count() >= 2
    compare = client.get("/compare/?area=cambridgeshire&area=cornwall")
    (cambridgeshire, _) = compare.context["page"].areas
    counted = {count.kind: count.count for count in cambridgeshire.counts}
    assert {kind: counted[KINDS[kind]] for kind in on_page} == on_page


def test_derbyshire_whose_table_row_has_no_date_gets_its_monitoring_date_worked_out(client):
    # The national table could not work out Derbyshire's date; it began 23 September 2024.
    response = client.get("/areas/derbyshire/")
    assertContains(response, "by about <strong>23 March 2026</strong> (18 months from the")
    assertContains(response, "worked out by this site as the national table does")
    assertContains(response, "This site holds no monitoring inspections, so our data may not")
    assertNotContains(response, "Due-by date not stated")


def test_southend_page_shows_outcome_what_must_improve_and_next(client):
    response = client.get("/areas/southend-on-sea/")
    assertContains(response, "<title>Southend-on-Sea – Area SEND inspection findings</title>")
    assertContains(response, "govuk-tag--yellow")
    assertContains(response, "The local area partnership’s arrangements lead to inconsistent")
    assertContains(response, "6 to 10 March 2023")
    assertContains(response, "9 June 2023")
    assertContains(response, "Mid and South Essex Integrated Care Board")
    assertContains(response, 'href="https://files.ofsted.gov.uk/v1/file/50219405"')
    assertContains(response, "1 to 6 October 2018")  # the previous inspection
    # Next full inspection due 6 March 2026, before the data's date of 29 June 2026.
    assertContains(response, "<strong>6 March 2026</strong>")
    assertContains(
        response,
        "Already due at our data’s date, 29 June 2026. Our data shows no newer inspection",
    )
    improvements = Finding.objects.filter(
        inspection__area__slug="southend-on-sea", kind=FindingKind.IMPROVEMENT
    ).order_by("order")
    html = response.content.decode()
    positions = [html.index(" ".join(f.text.split()[:8])) for f in improvements]
    assert positions == sorted(positions)


def test_cambridgeshire_findings_are_labelled_as_quoted_in_the_press_release(client):
    response = client.get("/areas/cambridgeshire/")
    assertContains(response, "improve access to, and reduce waiting times for, specialist mental")
    assertContains(response, "quoted in a council or partnership press release")
    assertContains(response, "January 2025 (exact days not stated)")
    assertContains(response, "Martin Purbrick")
    assertContains(response, "They are not inspection findings.")


def test_cornwalls_2023_report_is_linked_from_its_inspection(client):
    inspection = Inspection.objects.get(area__slug="cornwall", start_date__year=2023)
    assert inspection.sources.filter(kind=SourceKind.OFSTED_REPORT).exists()
    response = client.get("/areas/cornwall/")
    assertContains(response, 'href="/sources/ofsted-report-cornwall-2023/"')
    assertNotContains(
        response,
        'Full report</dt>\n      <dd class="govuk-summary-list__value"><span class="not-stated">',
    )


def test_a_systemic_area_from_the_table_states_monitoring_and_full_inspection(client):
    inspection = Inspection.objects.filter(outcome=Outcome.SYSTEMIC).select_related("area").first()
    response = client.get(reverse("reports:area", args=[inspection.area.slug]))
    assertContains(response, "Monitoring inspection</a>")
    assertContains(response, "Next full inspection</a>")
    assertContains(response, "Within approximately 18 months")


def test_a_table_row_with_no_previous_date_shows_the_one_ofsteds_statistics_give(client):
    # The national table gives 01/01/1900; the statistics, an inspection from 20 September 2021.
    response = client.get("/areas/barnsley/")
    assertContains(response, "20 September 2021")


def test_raw_pipeline_words_never_reach_a_reader(client):
    for slug in ["slough", "medway", "buckinghamshire", "cornwall", "cambridgeshire"]:
        response = client.get(f"/areas/{slug}/")
        for raw in ["NaN", "Inspection outcome section not found", "(as stated)"]:
            assertNotContains(response, raw)


def test_every_source_has_a_page_and_its_copy_is_served(client):
    from reports.models import Source

    for source in Source.objects.all():
        assert client.get(source.get_absolute_url()).status_code == 200
        assert client.head(f"/sources/{source.slug}/file/").status_code == 200


def test_every_area_has_a_region_and_both_codes_from_the_regions_table():
    assert not Area.objects.filter(region="").exists()
    assert not Area.objects.filter(la_code="").exists()
    assert not Area.objects.filter(ons_code="").exists()
    codes = Area.objects.filter(slug__in=["medway", "dorset", "cumberland", "buckinghamshire"])
    assert sorted(codes.values_list("slug", "region", "la_code", "ons_code")) == [
        ("buckinghamshire", "SE", "825", "E06000060"),
        ("cumberland", "NW", "942", "E06000063"),
        ("dorset", "SW", "838", "E06000059"),
        ("medway", "SE", "887", "E06000035"),
    ]


def test_ofsteds_statistics_hold_what_ofsted_published():
    from reports.importers.previous_framework import parse
    from reports.importers.previous_history import FILE

    rows = [r for r in parse((Path(settings.SOURCES_DIR) / FILE).read_bytes()) if not r.noted]
    assert len(rows) == 149
    assert sum(r.wsoa_required for r in rows) == 82
    revisits = [r for r in rows if r.revisit]
    assert len(revisits) == 46
    results = [r.revisit.result for r in revisits]
    assert [results.count(x) for x in ("all", "some", "none")] == [20, 24, 2]
    assert sorted(r.name for r in revisits if r.revisit.result == "none") == ["Devon", "Sefton"]


def test_kents_2019_inspection_required_a_written_statement_of_action():
    kent = Inspection.objects.get(area__slug="kent", framework=Framework.LOCAL_AREA_2016)
    assert (kent.start_date, kent.published) == (date(2019, 1, 28), date(2019, 3, 29))
    assert (kent.wsoa_required, kent.significant_weaknesses) == (True, 9)


def test_devons_2022_revisit_found_insufficient_progress_in_all_four_weaknesses():
    revisit = Revisit.objects.get(inspection__area__slug="devon")
    assert (revisit.start_date, revisit.published) == (date(2022, 5, 23), date(2022, 7, 11))
    assert (revisit.result, revisit.progressed, revisit.not_progressed) == ("none", 0, 4)


def test_cornwall_and_southend_keep_one_earlier_inspection_with_the_statistics_dates():
    cornwall = Inspection.objects.get(area__slug="cornwall", framework=Framework.LOCAL_AREA_2016)
    assert (cornwall.start_date, cornwall.end_date, cornwall.published) == (
        date(2017, 7, 3),
        date(2017, 7, 7),
        date(2017, 8, 25),
    )
    southend = Inspection.objects.get(
        area__slug="southend-on-sea", framework=Framework.LOCAL_AREA_2016
    )
    assert (southend.start_date, southend.published) == (date(2018, 10, 1), date(2018, 12, 12))
    assert southend.revisit.result == "some"


def test_cumbrias_inspection_is_the_history_of_both_its_successors():
    inspected = Inspection.objects.filter(inspected_as="Cumbria").order_by("area__slug")
    assert list(inspected.values_list("area__slug", "start_date")) == [
        ("cumberland", date(2019, 3, 18)),
        ("westmorland-and-furness", date(2019, 3, 18)),
    ]


def test_dorsets_earlier_inspection_takes_its_days_from_its_2024_report_and_the_note():
    dorset = Inspection.objects.get(area__slug="dorset", framework=Framework.LOCAL_AREA_2016)
    assert (dorset.start_date, dorset.end_date) == (date(2017, 1, 23), date(2017, 1, 27))
    assert dorset.wsoa_required is True
    assert (dorset.revisit.dates_as_stated, dorset.revisit.result) == ("February 2019", "some")


def test_where_a_report_and_the_statistics_disagree_both_are_kept():
    brighton = Inspection.objects.get(
        area__slug="brighton-and-hove", framework=Framework.LOCAL_AREA_2016
    )
    assert brighton.start_date == date(2016, 5, 23)  # Ofsted's statistics
    note = brighton.data_notes.get(field="report_previous").note
    assert "“16 May 2016”" in note


HAND_CURATED = Finding.objects.exclude(source__file__startswith="reports/")


def test_the_hand_curated_findings_cover_the_three_seed_areas():
    areas = HAND_CURATED.order_by().values_list("inspection__area__slug", flat=True).distinct()
    assert sorted(areas) == ["cambridgeshire", "cornwall", "southend-on-sea"]
    assert {"cambridgeshire", "cornwall", "southend-on-sea"} <= set(
        areas_with_findings().values_list("slug", flat=True)
    )


def test_every_shipped_finding_is_identified_by_its_source_kind_and_place():
    # The curated fixture stores its identifiers; the report loader makes them by this rule.
    findings = Finding.objects.select_related("source")
    wrong = [
        f.identifier
        for f in findings
        if f.identifier != Finding.identifier_for(f.source.slug, f.kind, f.order)
    ]
    assert findings.count() > 1000
    assert wrong == []


def test_every_source_document_is_shipped_with_the_project():
    for source in Source.objects.all():
        assert (Path(settings.SOURCES_DIR) / source.file).is_file(), source.file


@pytest.mark.parametrize("model", [Finding, Response], ids=["findings", "responses"])
def test_every_quote_occurs_verbatim_in_its_source(model):
    missing = [
        f"{quote.pk} ({quote.source.file}): {quote.text[:80]}"
        for quote in model.objects.select_related("source")
        if not occurs_verbatim(quote.text, quote.source.file)
    ]
    assert model.objects.exists()
    assert missing == []


def test_every_official_outcome_wording_occurs_in_a_cited_source():
    missing = []
    for inspection in Inspection.objects.exclude(outcome_text="").prefetch_related("sources"):
        files = [source.file for source in inspection.sources.all()]
        if not any(occurs_verbatim(inspection.outcome_text, file) for file in files):
            missing.append(f"{inspection}: {files}")
    assert missing == []


def test_a_changed_word_is_caught():
    finding = Finding.objects.select_related("source").first()
    assert not occurs_verbatim(finding.text.replace(" ", " not ", 1), finding.source.file)


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


def test_every_hand_curated_finding_has_at_least_one_theme():
    # Ingested findings may have none ("other"): the theme rules say so when nothing matches.
    assert not HAND_CURATED.filter(themes__isnull=True).exists()


PDFS = Path(settings.BASE_DIR) / "fixtures" / "sources" / "reports"
JSONS = Path(settings.BASE_DIR) / "fixtures" / "reports"


def test_the_committed_json_matches_the_pdfs_and_the_theme_rules():
    """Cheap staleness checks for every report: one JSON per PDF, the same bytes, current themes."""
    pdf_stems = {p.stem for p in PDFS.glob("*.pdf")}
    assert {p.stem for p in JSONS.glob("*.json")} == pdf_stems
    for stem in sorted(pdf_stems):
        record = json.loads((JSONS / f"{stem}.json").read_text(encoding="utf-8"))
        assert record["sha256"] == hashlib.sha256((PDFS / f"{stem}.pdf").read_bytes()).hexdigest()
        for item in record["findings"]:
            assert item["themes"] == assign_themes(item["text"]), (
                f"{stem}: themes are stale; run manage.py ingest_reports --themes-only"
            )


def test_every_report_is_loaded_into_its_areas_one_inspection():
    for path in sorted(JSONS.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        source = Source.objects.get(slug=f"ofsted-report-{path.stem}")
        assert source.file == record["file"] and source.kind == "ofsted_report"
        assert source.licence == "Open Government Licence v3.0"
        (inspection,) = source.inspections.all()
        assert inspection.area.urn == record["urn"]
        assert Area.objects.filter(urn=record["urn"]).count() == 1
        assert inspection.start_date.isoformat() == record["inspection"]["start_date"]


def test_every_reports_partnership_sentence_occurs_verbatim_in_its_pdf():
    for path in sorted(JSONS.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        partnership = record["partnership"]
        sentences = [sentence["text"] for sentence in partnership["sentences"]]
        for name in [partnership["council"], *partnership["integrated_care_boards"]]:
            assert any(name in sentence for sentence in sentences), (path.name, name)
        for sentence in sentences:
            assert occurs_verbatim(sentence, record["file"]), (path.name, sentence[:80])


def test_every_area_whose_report_we_hold_names_its_council_and_board():
    held = Area.objects.filter(
        inspections__sources__kind=SourceKind.OFSTED_REPORT,
        inspections__framework=Framework.AREA_SEND_2023,
    ).distinct()
    assert held.exists()
    missing = [
        area.name
        for area in held.select_related("partnership")
        if not (
            getattr(area, "partnership", None)
            and area.partnership.council
            and area.partnership.integrated_care_board
        )
    ]
    assert missing == []
