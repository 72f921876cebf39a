"""An area's page (reports/selectors/area.py): its inspections and findings, what happens next,
and how it sits in its region and England."""

import datetime

import pytest

from reports.selectors.area import area_context, area_page, findings_by_theme, nearest_in_region
from reports.selectors.common import areas_with_findings
from reports.selectors.national import national_outcomes
from reports.vocabulary import FindingKind, Framework, Outcome
from tests.factories import (
    AreaFactory,
    DataNoteFactory,
    FindingFactory,
    InspectionFactory,
    SourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_area_page_puts_the_latest_inspection_first_and_the_earlier_ones_after():
    area = AreaFactory()
    old = InspectionFactory(
        area=area,
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.UNKNOWN,
        start_date=datetime.date(2017, 7, 3),
        end_date=datetime.date(2017, 7, 7),
    )
    new = InspectionFactory(area=area, published=datetime.date(2024, 5, 1))
    FindingFactory(inspection=old, kind=FindingKind.STRENGTH)
    page = area_page(slug=area.slug)
    assert page.inspections == [new, old]
    assert page.latest.inspection == new
    assert page.latest.strengths == []
    assert len(page.earlier[0].strengths) == 1
    # The earlier inspection stands in for the latest one's unstated previous inspection.
    assert page.latest.previous == "3 to 7 July 2017"


def test_findings_group_under_their_primary_theme_in_vocabulary_order():
    first, second = ThemeFactory(order=1), ThemeFactory(order=2)
    inspection = InspectionFactory()
    a = FindingFactory(inspection=inspection, themes=[second, first], order=1)
    b = FindingFactory(inspection=inspection, themes=[first], order=2)
    c = FindingFactory(inspection=inspection, order=3)
    groups = findings_by_theme(findings=[a, b, c])
    assert [(g.name, g.findings) for g in groups] == [
        (first.name, [b]),
        (second.name, [a]),
        ("Other", [c]),
    ]


def test_what_must_improve_lists_priority_actions_then_areas_for_improvement_in_order():
    inspection = InspectionFactory(outcome=Outcome.SYSTEMIC)
    source = SourceFactory()
    action = FindingFactory(
        inspection=inspection, kind=FindingKind.PRIORITY_ACTION, order=1, source=source
    )
    second = FindingFactory(
        inspection=inspection, kind=FindingKind.IMPROVEMENT, order=2, source=source
    )
    first = FindingFactory(
        inspection=inspection, kind=FindingKind.IMPROVEMENT, order=1, source=source
    )
    FindingFactory(inspection=inspection, kind=FindingKind.WEAKNESS, order=1, source=source)
    page = area_page(slug=inspection.area.slug)
    assert page.latest.must_improve == [action, first, second]


def test_next_inspections_compare_due_dates_with_the_datas_date_not_today(national_table):
    inspection = InspectionFactory(
        outcome=Outcome.SYSTEMIC,
        next_monitoring="within approximately 18 months",
        next_monitoring_due=datetime.date(2026, 3, 1),  # before the data's date
        next_full="within approximately three years",
        next_full_due=datetime.date(2026, 9, 1),  # after the data's date, before today
    )
    DataNoteFactory(inspection=inspection, field="next_full_due", note="Worked out by us.")
    page = area_page(slug=inspection.area.slug)
    assert page.currency.as_of == national_table.published == datetime.date(2026, 6, 29)
    monitoring, full = page.latest.next_inspections
    assert (monitoring.name, monitoring.passed) == ("Monitoring inspection", True)
    assert (full.name, full.passed, full.basis) == (
        "Next full inspection",
        False,
        "Worked out by us",
    )
    assert page.latest.notes == []  # the basis is shown beside the date, not repeated


def test_without_a_national_table_no_due_date_has_passed():
    inspection = InspectionFactory(next_full_due=datetime.date(2000, 1, 1))
    page = area_page(slug=inspection.area.slug)
    assert page.currency.as_of is None
    assert [n.passed for n in page.latest.next_inspections] == [False]


def test_an_unstated_previous_inspection_carries_its_note():
    inspection = InspectionFactory()
    DataNoteFactory(inspection=inspection, field="previous", note="The table does not say.")
    page = area_page(slug=inspection.area.slug)
    assert (page.latest.previous, page.latest.previous_note) == ("", "The table does not say.")


def test_areas_with_findings_lists_each_area_once_and_leaves_out_those_without():
    with_two, without = InspectionFactory(), InspectionFactory()
    FindingFactory.create_batch(2, inspection=with_two)
    slugs = list(areas_with_findings().values_list("slug", flat=True))
    assert slugs.count(with_two.area.slug) == 1
    assert without.area.slug not in slugs


def test_area_context_compares_with_region_and_england_in_one_query(
    world, django_assert_num_queries
):
    with django_assert_num_queries(1):
        context = area_context(area=world["alpha"])
    assert context.region.label == "South West"
    assert [(r.info.short, r.region, r.england, r.this_area) for r in context.rows] == [
        ("Positive", 0, 1, False),
        ("Inconsistent", 1, 1, True),
        ("Systemic failings", 1, 1, False),
        ("Not yet inspected", 0, 1, False),
    ]
    assert context.rows[1].region_percent == 50.0
    assert [n.name for n in context.neighbours] == ["Betashire"]
    assert context.compare_url == "/compare/?area=alphashire&area=betashire"


def test_neighbours_are_the_nearest_on_the_map_in_the_same_region(world):
    # Alphashire has Cornwall's tile (1, 1): Plymouth's (2, 0) is next to it, Kent's far away;
    # Gammashire and Deltashire are in another region.
    for name, code in [("Farshire", "E10000016"), ("Nearshire", "E06000027")]:  # Kent, Torbay
        InspectionFactory(area=AreaFactory(name=name, region="SW", ons_code=code))
    AreaFactory(name="Codeless", region="SW", ons_code="")
    national = national_outcomes()
    alpha = next(a for a in national if a.slug == "alphashire")
    assert [n.name for n in nearest_in_region(area=alpha, national=national)] == [
        "Betashire",
        "Nearshire",
        "Farshire",
    ]


def test_an_area_without_a_region_has_england_only_and_no_neighbours(world):
    lone = AreaFactory(name="Loneshire", region="")
    context = area_context(area=lone)
    assert context.region is None
    assert context.neighbours == [] and context.compare_url == ""
    assert [r.this_area for r in context.rows][-1] is True
