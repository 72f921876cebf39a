"""The reviewed themes (fixtures/theme_review.json): the shipped file, loading it in place of the
rules' themes, the agreement figures, and what the theme pages say about it."""

import datetime
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from pytest_django.asserts import assertContains, assertNotContains

from reports.importers.reports import load
from reports.management.commands.theme_agreement import (
    SAMPLE_FILE,
    second_pass_agreement,
    summary,
)
from reports.models import Finding, Theme
from reports.selectors.themes import theme_overview, theme_page
from reports.theme_review import (
    HELD_OUT_FILES,
    REVIEW_FILE,
    SECOND_PASS_FILE,
    ReviewRejected,
    compare,
    kappa,
    parse_review,
    theme_slugs,
)
from reports.vocabulary import FindingKind, ThemesFrom
from tests.factories import AreaFactory, FindingFactory, InspectionFactory, ThemeFactory

REPORTS = Path(settings.BASE_DIR) / "fixtures" / "reports"
A, S = FindingKind.IMPROVEMENT, FindingKind.STRENGTH

pytestmark = pytest.mark.django_db


def shipped(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def ingested_keys() -> set[tuple[str, str, int]]:
    return {
        (path.name, f["kind"], f["order"])
        for path in REPORTS.glob("*.json")
        for f in shipped(path)["findings"]
    }


# -- the shipped files ----------------------------------------------------------------------


def test_every_ingested_finding_is_reviewed_once_and_every_entry_names_one():
    reviewed = parse_review(REVIEW_FILE.read_bytes(), set(theme_slugs()))
    assert set(reviewed) == ingested_keys()
    assert len(shipped(REVIEW_FILE)["findings"]) == len(reviewed)


def test_the_second_review_names_reviewed_findings_and_known_themes():
    second = parse_review(SECOND_PASS_FILE.read_bytes(), set(theme_slugs()))
    assert len(second) == 150
    assert set(second) <= ingested_keys()


def test_each_held_out_review_is_of_findings_no_earlier_sample_holds():
    earlier = set(parse_review(SECOND_PASS_FILE.read_bytes(), set(theme_slugs())))
    earlier |= {(r["report"], r["kind"], r["order"]) for r in shipped(SAMPLE_FILE)}
    for path in HELD_OUT_FILES:
        held_out = parse_review(path.read_bytes(), set(theme_slugs()))
        assert len(held_out) == 150
        assert set(held_out) <= ingested_keys()
        assert not set(held_out) & earlier, path.name
        assert "blind" in shipped(path)["about"]["how"]
        earlier |= set(held_out)


def test_the_review_says_how_and_when_and_its_figures_are_the_files():
    about = shipped(REVIEW_FILE)["about"]
    assert about["when"] == "2026-12-03"
    assert "AI agents (language-model helpers), not by people" in about["how"]
    assert summary(second_pass_agreement()) == about["agreement"]["figures"]


def test_a_theme_given_after_the_review_went_only_to_findings_the_review_left_without_one():
    second = shipped(SECOND_PASS_FILE)["findings"]
    for entry in shipped(REVIEW_FILE)["findings"]:
        if entry.get("added_after_review"):
            assert entry["themes"] == entry["added_after_review"]
            assert entry["note"], entry  # the reviewer's reason it had none
    later = {s for e in shipped(REVIEW_FILE)["findings"] for s in e.get("added_after_review", [])}
    assert not later & {s for e in second for s in e["themes"]}


# -- reading a review -----------------------------------------------------------------------


def review_bytes(*entries) -> bytes:
    return json.dumps({"about": {}, "findings": list(entries)}).encode()


GOOD = {"report": "x-2025.json", "kind": "strength", "order": 1, "themes": ["alpha"]}


@pytest.mark.parametrize(
    ("entries", "says"),
    [
        (
            [{**GOOD, "themes": ["omega"]}],
            "entry 1 (x-2025.json strength 1): unknown theme 'omega'",
        ),
        (
            [GOOD, {**GOOD, "themes": []}],
            "entry 2 (x-2025.json strength 1): the finding is reviewed twice",
        ),
        ([GOOD, {"report": "x-2025.json", "kind": "strength"}], "entry 2: it needs"),
        (
            [{**GOOD, "kind": "praise"}],
            "entry 1 (x-2025.json praise 1): kind 'praise' is not known",
        ),
        ([{**GOOD, "order": "1"}], "order is not a positive whole number"),
        ([{**GOOD, "themes": ["alpha", "alpha"]}], "a theme is given twice"),
        ([{**GOOD, "themes": "alpha"}], "themes is not a list of slugs"),
        ([{**GOOD, "added_after_review": ["beta"]}], "added_after_review is not among its themes"),
        ([{**GOOD, "reviewer": "me"}], "unknown keys ['reviewer']"),
        ([{**GOOD, "report": "x-2025.pdf"}], "report is not a .json file name"),
    ],
)
def test_a_malformed_entry_is_named(entries, says):
    with pytest.raises(ReviewRejected, match=re.escape(says)):
        parse_review(review_bytes(*entries), {"alpha", "beta"})


def test_a_file_that_is_not_a_review_is_rejected():
    with pytest.raises(ReviewRejected, match="not JSON"):
        parse_review(b"{", set())
    with pytest.raises(ReviewRejected, match="no 'findings' list"):
        parse_review(b"[]", set())


def test_agreement_counts_tags_primary_themes_and_kappa():
    first = {
        ("r", "strength", 1): ["a", "b"],
        ("r", "strength", 2): ["b"],
        ("r", "weakness", 1): [],
    }
    second = {
        ("r", "strength", 1): ["a"],
        ("r", "strength", 2): ["a", "b"],
        ("r", "weakness", 1): [],
    }
    agreement = compare(first, second)
    assert (agreement.findings, agreement.same_primary, agreement.same_set) == (3, 2, 1)
    assert (agreement.tp["a"], agreement.fp["a"], agreement.fn["a"]) == (1, 1, 0)
    assert (agreement.tp["b"], agreement.fp["b"], agreement.fn["b"]) == (1, 0, 1)
    assert agreement.micro() == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    # a: first says yes to 1 of 3, second to 2 of 3, agreeing on 2: (2/3 - 4/9) / (1 - 4/9).
    assert agreement.kappa("a") == pytest.approx(0.4)
    assert kappa({1}, {1}, 3) == pytest.approx(1.0)
    assert kappa(set(), set(), 3) is None


# -- loading --------------------------------------------------------------------------------

REPORT = "northtestshire-2025-01-10.json"


def write_report(folder: Path, themes: list[list[str]]) -> None:
    findings = [
        {
            "kind": "strength",
            "order": n,
            "page": 2,
            "section": "strengths",
            "location": f"strengths, bullet {n}",
            "text": f"Northtestshire finding {n}.",
            "responsible_body": "",
            "themes": slugs,
        }
        for n, slugs in enumerate(themes, 1)
    ]
    record = {
        "file": "reports/northtestshire-2025-01-10.pdf",
        "urn": "T0000001",
        "area_name": "Northtestshire",
        "published": "2025-01-10",
        "inspection": {
            "start_date": "2024-11-04",
            "end_date": "2024-11-08",
            "outcome": "inconsistent",
            "outcome_text": "",
            "previous_as_stated": "",
            "next_monitoring": "",
            "next_full": "",
        },
        "findings": findings,
    }
    (folder / REPORT).write_text(json.dumps(record), encoding="utf-8")


def loaded() -> list[tuple[int, str, str | None, list[str]]]:
    findings = Finding.objects.filter(inspection__area__name="Northtestshire").order_by("order")
    return [
        (
            f.order,
            f.themes_from,
            f.primary_theme.slug if f.primary_theme else None,
            sorted(f.themes.values_list("slug", flat=True)),
        )
        for f in findings
    ]


@pytest.fixture
def folder(tmp_path):
    ThemeFactory(slug="rule-theme")
    ThemeFactory(slug="reviewed-theme")
    write_report(tmp_path, [["rule-theme"], ["rule-theme"], ["rule-theme"]])
    return tmp_path


def test_a_reviewed_finding_takes_the_review_and_the_rest_keep_the_rules(folder):
    reviewed = {
        (REPORT, "strength", 1): ["reviewed-theme", "rule-theme"],
        (REPORT, "strength", 2): [],
    }
    load(folder, reviewed)
    assert loaded() == [
        (1, ThemesFrom.REVIEWED, "reviewed-theme", ["reviewed-theme", "rule-theme"]),
        (2, ThemesFrom.REVIEWED, None, []),
        (3, ThemesFrom.RULES, "rule-theme", ["rule-theme"]),
    ]
    again = load(folder, reviewed)
    assert again.findings_written == 0
    assert loaded()[0] == (
        1,
        ThemesFrom.REVIEWED,
        "reviewed-theme",
        ["reviewed-theme", "rule-theme"],
    )


def test_a_review_arriving_later_replaces_the_rules_themes(folder):
    load(folder, {})
    assert loaded()[0] == (1, ThemesFrom.RULES, "rule-theme", ["rule-theme"])
    summary = load(folder, {(REPORT, "strength", 1): ["reviewed-theme"]})
    assert summary.findings_written == 1
    assert loaded()[0] == (1, ThemesFrom.REVIEWED, "reviewed-theme", ["reviewed-theme"])


def test_a_review_entry_naming_no_finding_of_its_report_is_warned_about(folder):
    summary = load(folder, {(REPORT, "weakness", 9): ["reviewed-theme"]})
    assert f"{REPORT}: the theme review's weakness 9 matches no finding; not applied" in (
        summary.warnings
    )


def test_a_malformed_review_rejects_the_load_naming_the_entry_and_writes_nothing(folder):
    review = folder.parent / "review.json"
    review.write_bytes(
        review_bytes({"report": REPORT, "kind": "strength", "order": 1, "themes": ["nope"]})
    )
    with pytest.raises(CommandError) as error:
        call_command("load_reports", str(folder), review=str(review), stdout=io.StringIO())
    assert str(error.value) == (
        f"{review} rejected, nothing written. entry 1 ({REPORT} strength 1): unknown theme 'nope'"
    )
    assert loaded() == []
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_reports", str(folder), review=str(folder / "none.json"))


def test_the_command_applies_the_review_it_is_given(folder):
    Theme.objects.get_or_create(slug="workforce", defaults={"name": "Workforce (test)"})
    review = folder.parent / "review.json"
    entry = {"report": REPORT, "kind": "strength", "order": 3, "themes": ["workforce"]}
    review.write_bytes(review_bytes(entry))
    call_command("load_reports", str(folder), review=str(review), stdout=io.StringIO())
    assert loaded() == [
        (1, ThemesFrom.RULES, "rule-theme", ["rule-theme"]),
        (2, ThemesFrom.RULES, "rule-theme", ["rule-theme"]),
        (3, ThemesFrom.REVIEWED, "workforce", ["workforce"]),
    ]


def test_a_reviewed_theme_the_database_lacks_is_left_out_with_a_warning(folder):
    summary = load(folder, {(REPORT, "strength", 1): ["absent-theme", "reviewed-theme"]})
    assert loaded()[0] == (1, ThemesFrom.REVIEWED, "reviewed-theme", ["reviewed-theme"])
    assert "reports/northtestshire-2025-01-10.pdf: unknown theme 'absent-theme' ignored" in (
        summary.warnings
    )


# -- the theme pages ------------------------------------------------------------------------


def theme_with_areas(count: int, theme=None, first: int = 1) -> Theme:
    """`count` areas told to improve the theme: each a reviewed finding and a rules one."""
    theme = theme or ThemeFactory(name="Reviewtest theme")
    for n in range(first, first + count):
        area = AreaFactory(name=f"Reviewshire {n:02d}")
        inspection = InspectionFactory(area=area, published=datetime.date(2025, 1, n))
        FindingFactory(
            inspection=inspection, kind=A, order=1, themes=[theme], themes_from=ThemesFrom.REVIEWED
        )
        FindingFactory(
            inspection=inspection, kind=S, order=1, themes=[theme], themes_from=ThemesFrom.RULES
        )
    return theme


def test_a_theme_page_says_how_many_of_its_findings_were_reviewed(client):
    theme = theme_with_areas(2)
    assert theme_page(slug=theme.slug).reviewed.sentence == (
        "The themes of 2 of the 4 findings counted here were reviewed, finding by finding; "
        "the rest were tagged by keyword rules."
    )
    response = client.get(f"/themes/{theme.slug}/")
    assertContains(response, "The themes of 2 of the 4 findings counted here were reviewed")
    assertNotContains(response, "Themes tagged by keyword rules")  # the quoted ones are reviewed


def test_a_quoted_finding_tagged_by_the_rules_says_so(client):
    theme = ThemeFactory(name="Rulestest theme")
    inspection = InspectionFactory(
        area=AreaFactory(name="Rulesshire"), published=datetime.date(2025, 2, 1)
    )
    FindingFactory(
        inspection=inspection, kind=A, order=1, themes=[theme], themes_from=ThemesFrom.RULES
    )
    FindingFactory(
        inspection=inspection, kind=A, order=2, themes=[theme], themes_from=ThemesFrom.REVIEWED
    )
    response = client.get(f"/themes/{theme.slug}/")
    assertContains(response, "Themes tagged by keyword rules, not yet reviewed.", count=1)
    assertContains(response, "The themes of 1 of the 2 findings counted here were reviewed")


def test_a_theme_whose_findings_were_all_reviewed_says_so():
    theme = ThemeFactory(name="Alltest theme")
    inspection = InspectionFactory(
        area=AreaFactory(name="Allshire"), published=datetime.date(2025, 3, 1)
    )
    FindingFactory(inspection=inspection, themes=[theme], themes_from=ThemesFrom.REVIEWED)
    assert theme_page(slug=theme.slug).reviewed.sentence == (
        "The themes of every finding counted here (1) were reviewed, finding by finding."
    )


def test_the_theme_list_counts_the_reviewed_findings_of_each_areas_latest_inspection(client):
    before = theme_overview().reviewed
    theme = theme_with_areas(3)
    older = InspectionFactory(
        area=theme.findings.first().inspection.area, published=datetime.date(2020, 1, 1)
    )
    FindingFactory(inspection=older, themes=[theme], themes_from=ThemesFrom.RULES)  # not counted
    after = theme_overview().reviewed
    assert (after.findings - before.findings, after.reviewed - before.reviewed) == (6, 3)
    assertContains(client.get("/themes/"), after.sentence)


@pytest.mark.parametrize(("page", "queries"), [("list", 5), ("theme", 6)])
def test_theme_pages_take_the_same_queries_with_more_areas(
    client, django_assert_num_queries, page, queries
):
    # The data version and currency, then the overview's 3 or the theme page's 4: saying how
    # many findings were reviewed costs no query of its own.
    theme = theme_with_areas(2)
    url = "/themes/" if page == "list" else f"/themes/{theme.slug}/"
    with django_assert_num_queries(queries):
        client.get(url)
    theme_with_areas(4, theme, first=3)  # 6 areas
    with django_assert_num_queries(queries):
        response = client.get(url)
    assertContains(response, theme.name)
