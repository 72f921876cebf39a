"""Every quote in the shipped fixtures occurs, word for word, in the document it cites."""

from pathlib import Path

import pytest
from django.conf import settings

from reports.importers.text import normalise, occurs_verbatim
from reports.models import Finding, Inspection, Response, Source
from reports.selectors.common import areas_with_findings

pytestmark = pytest.mark.django_db


HAND_CURATED = Finding.objects.exclude(source__file__startswith="reports/")


def test_the_hand_curated_findings_cover_the_three_seed_areas():
    areas = HAND_CURATED.order_by().values_list("inspection__area__slug", flat=True).distinct()
    assert sorted(areas) == ["cambridgeshire", "cornwall", "southend-on-sea"]
    assert {"cambridgeshire", "cornwall", "southend-on-sea"} <= set(
        areas_with_findings().values_list("slug", flat=True)
    )


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
