"""The theme rules (reports/themes.py, fixtures/theme_rules.json): what a sentence is about."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from reports.themes import RULES_FILE, assign_themes, compile_rule, load_rules


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "Too many EHC plans are not issued within the statutory 20-week timescale, and annual "
            "reviews are often late.",
            "ehc-plans",
        ),
        (
            "Children and young people wait too long for autism and ADHD assessments.",
            "neurodevelopmental-mental-health",
        ),
        (
            "Children wait too long for occupational therapy and physiotherapy.",
            "health-waiting-times",
        ),
        (
            "Speech and language therapists have limited capacity to support children in "
            "mainstream schools.",
            "speech-language-therapy",
        ),
        (
            "Young people are not well prepared for adulthood, and the transition to adult social "
            "care is poorly planned.",
            "preparing-for-adulthood",
        ),
        (
            "The parent carer forum is an equal partner, and co-production is strong.",
            "co-production-voice",
        ),
        (
            "There are not enough places in special schools close to home.",
            "specialist-provision",
        ),
        (
            "Practitioners do not have the training and expertise to meet children's needs.",
            "workforce",
        ),
    ],
)
def test_a_sentence_gets_its_main_theme_first(text, first):
    assert assign_themes(text)[0] == first


def test_a_finding_can_have_several_themes():
    themes = assign_themes(
        "The local area partnership should reduce waiting times for neurodevelopmental "
        "assessments and improve the quality of EHC plans."
    )
    assert {"neurodevelopmental-mental-health", "health-waiting-times", "ehc-plans"} <= set(themes)


def test_a_passing_mention_of_social_care_is_not_enough_after_the_first_theme():
    text = (
        "EHC plans are often late. Annual reviews are not held on time. Advice from social care "
        "is sometimes missing."
    )
    assert assign_themes(text) == ["ehc-plans"]
    assert "social-care-safeguarding" in assign_themes("Social workers visit children in care.")


def test_a_sentence_with_no_match_gets_no_theme():
    assert assign_themes("Inspectors visited in the spring.") == []
    assert assign_themes("") == []


def test_an_excepted_phrase_does_not_count():
    # "education" inside "education, health and care plan" is about the plan, not schooling.
    themes = assign_themes("Education, health and care plans are issued on time.")
    assert themes == ["ehc-plans"]


def test_typographic_apostrophes_match_rules_written_with_straight_ones():
    assert "early-help-early-years" in assign_themes("Children’s centres help families early.")


def test_rules_are_word_bounded_and_case_insensitive():
    assert compile_rule("AP").search("Pupils in ap thrive")
    assert not compile_rule("AP").search("perhaps")
    assert "ehc-plans" not in assign_themes("The plans were cheap.")


def test_every_rule_compiles():
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))["themes"]
    for slug, theme in rules.items():
        for rule in theme["rules"] + theme.get("except", []):
            try:
                re.compile(rule)
            except re.error as error:  # pragma: no cover - the message names the culprit
                pytest.fail(f"{slug}: {rule!r} does not compile: {error}")
    assert [theme.slug for theme in load_rules()] == list(rules)


def test_the_measure_command_prints_agreement_figures():
    out = StringIO()
    call_command("measure_themes", stdout=out)
    printed = out.getvalue()
    assert "Curated findings" in printed
    assert "Hand-checked sample" in printed
    assert re.search(r"micro precision \d\.\d\d, recall \d\.\d\d, F1 \d\.\d\d", printed)
    assert re.search(r"primary theme agrees \d+/\d+", printed)
