"""Which areas were told what, by theme (reports/selectors/themes.py), on the `world` of four
areas."""

import datetime

import pytest
from django.core.paginator import InvalidPage

from reports.selectors import themes as themes_selectors
from reports.selectors.themes import theme_overview, theme_page
from reports.vocabulary import FindingKind, Outcome
from tests.factories import AreaFactory, FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

S, A, P = FindingKind.STRENGTH, FindingKind.IMPROVEMENT, FindingKind.PRIORITY_ACTION


def test_theme_overview_counts_areas_not_findings(world):
    overview = theme_overview()
    assert overview.held == 2
    counts = {s.theme.slug: [n for _, n in s.counts] for s in overview.themes}
    assert counts == {"ehc-plans": [1, 1, 1, 1], "waits": [0, 1, 1, 0], "quiet": [0, 0, 0, 0]}
    told = {s.theme.slug: s.told_to_improve for s in overview.themes}
    assert told == {"ehc-plans": 1, "waits": 1, "quiet": 0}
    assert overview.most_improve.theme.slug == "ehc-plans"


def test_theme_page_lists_the_areas_told_to_fix_it_with_their_words(world):
    page = theme_page(slug="ehc-plans")
    groups = {g.slug: g for g in page.groups}
    told = groups["told-to-improve"]
    assert [e.area.name for e in told.entries] == ["Betashire"]
    assert [f.kind for f in told.entries[0].findings] == [A, P]
    assert told.entries[0].second_hand
    assert told.url == "/findings/?theme=ehc-plans&kind=improvement&kind=priority_action"
    # The other groups name their areas; their words are on the findings list, not loaded.
    assert [a.area_name for a in groups["strengths"].areas] == ["Alphashire"]
    assert groups["strengths"].entries == []
    assert [a.area_name for a in groups["needs-to-do-better"].areas] == ["Alphashire"]
    assert [(b.label, b.held, b.counts) for b in page.by_outcome] == [
        ("Inconsistent", 1, [1, 1, 0, 0]),
        ("Systemic failings", 1, [0, 0, 1, 1]),
    ]
    assert [(b.label, b.held, b.counts) for b in page.by_region] == [
        ("South West", 2, [1, 1, 1, 1])
    ]
    assert [s.kind for s in page.sources] == ["press_release"]  # what the page quotes


def test_theme_page_counts_only_each_areas_latest_inspection_with_findings(world):
    newer = InspectionFactory(
        area=world["beta"], outcome=Outcome.POSITIVE, published=datetime.date(2026, 5, 1)
    )
    FindingFactory(inspection=newer, kind=S, order=1, themes=[world["themes"][0]])
    page = theme_page(slug="ehc-plans")
    groups = {g.slug: g for g in page.groups}
    assert groups["told-to-improve"].entries == []
    assert [a.area_name for a in groups["strengths"].areas] == ["Alphashire", "Betashire"]


def test_theme_queries_do_not_grow_with_findings(world, django_assert_num_queries):
    inspection = InspectionFactory(area=world["gamma"], published=datetime.date(2025, 6, 1))

    def add(count: int):
        FindingFactory.create_batch(count, inspection=inspection, themes=[world["themes"][0]])

    add(20)
    # The theme, the held inspections, (inspection, kind) pairs, and the page's quotes.
    with django_assert_num_queries(4):
        theme_page(slug="ehc-plans")
    with django_assert_num_queries(3):
        theme_overview()
    add(20)
    with django_assert_num_queries(4):
        page = theme_page(slug="ehc-plans")
    with django_assert_num_queries(3):
        overview = theme_overview()
    assert len({g.slug: g for g in page.groups}["strengths"].areas) == 2
    assert overview.held == 3
    assert inspection.findings.count() == 40


def told_to_improve(theme, count: int, region: str = "NW") -> list:
    """`count` areas, Improveshire 01 onwards, each told to improve `theme` once."""
    areas = []
    for n in range(1, count + 1):
        area = AreaFactory(name=f"Improveshire {n:02d}", region=region)
        inspection = InspectionFactory(area=area, published=datetime.date(2025, 1, 1))
        FindingFactory(
            inspection=inspection, kind=A, text=f"Improve number {n:02d}.", themes=[theme]
        )
        areas.append(area)
    return areas


def test_theme_page_quotes_one_page_of_areas_and_counts_them_all(world, django_assert_num_queries):
    ehc = world["themes"][0]
    told_to_improve(ehc, 44)  # with Betashire, 45 areas: pages of 20, 20 and 5
    with django_assert_num_queries(4):
        first = theme_page(slug="ehc-plans")
    with django_assert_num_queries(4):
        last = theme_page(slug="ehc-plans", page="3")
    for page in (first, last):
        told = page.groups[0]
        assert told.count == 45
        assert page.counts[2][1] == 45  # areas with an area for improvement, on every page
        assert [(b.label, b.held) for b in page.by_region] == [
            ("North West", 44),
            ("South West", 2),
        ]
    assert [e.area.name for e in first.groups[0].entries] == [
        "Betashire",
        *(f"Improveshire {n:02d}" for n in range(1, 20)),
    ]
    assert [e.area.name for e in last.groups[0].entries] == [
        f"Improveshire {n}" for n in range(40, 45)
    ]
    assert (last.page_obj.start_index(), last.page_obj.end_index()) == (41, 45)
    assert [f.text for f in last.groups[0].entries[0].findings] == ["Improve number 40."]
    # Sources of what each page quotes: Betashire's press release and 19 reports, then 5 reports.
    assert [s.kind for s in first.sources].count("press_release") == 1
    assert len(first.sources) == 20
    assert [s.kind for s in last.sources] == ["ofsted_report"] * 5


@pytest.mark.parametrize("number", ["0", "4", "-1", "two", "1.5", "99999999999999999999"])
def test_a_theme_page_that_is_not_one_is_refused(world, number):
    told_to_improve(world["themes"][0], 44)
    with pytest.raises(InvalidPage):
        theme_page(slug="ehc-plans", page=number)


def test_a_group_too_long_to_name_gives_its_count(world, monkeypatch):
    monkeypatch.setattr(themes_selectors, "MAX_NAMED", 1)
    told_to_improve(world["themes"][0], 1)
    groups = {g.slug: g for g in theme_page(slug="ehc-plans").groups}
    assert (groups["told-to-improve"].count, groups["told-to-improve"].named) == (2, False)
    assert (groups["strengths"].count, groups["strengths"].named) == (1, True)
