"""England's picture (reports/selectors/national.py): each area's latest 2023-framework outcome,
counted by region and year, on the `world` of four areas."""

import datetime

import pytest

from reports.selectors import national as national_selectors
from reports.selectors.national import national_outcomes, national_overview
from reports.vocabulary import NOT_INSPECTED, Framework, Outcome
from tests.factories import AreaFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def test_national_outcomes_give_each_area_its_latest_2023_outcome(world):
    InspectionFactory(
        area=world["gamma"], outcome=Outcome.SYSTEMIC, published=datetime.date(2023, 1, 1)
    )
    assert [(a.slug, a.outcome, a.region) for a in national_outcomes()] == [
        ("alphashire", "inconsistent", "SW"),
        ("betashire", "systemic", "SW"),
        ("deltashire", NOT_INSPECTED.value, "E"),
        ("gammashire", "positive", "E"),
    ]


def test_an_area_inspected_only_under_the_older_framework_counts_as_not_yet_inspected(world):
    InspectionFactory(
        area=world["delta"], framework=Framework.LOCAL_AREA_2016, outcome=Outcome.WSOA_REQUIRED
    )
    delta = next(a for a in national_outcomes() if a.slug == "deltashire")
    assert delta.outcome == NOT_INSPECTED.value
    assert delta.info.label == "Not yet inspected under the 2023 framework"


def test_an_area_with_no_or_an_unknown_code_is_listed_off_the_map(world):
    AreaFactory(name="Nowhere", ons_code="")
    AreaFactory(name="Elsewhere", ons_code="E99999999")
    page = national_overview()
    assert [a.name for a in page.map.unplaced] == ["Elsewhere", "Nowhere"]


def test_national_overview_counts_the_areas_not_inspected_by_region(world, monkeypatch):
    AreaFactory(name="Epsilonshire", region="E")
    AreaFactory(name="Zetashire", region="")
    overview = national_overview()
    assert [a.name for a in overview.not_inspected] == ["Deltashire", "Epsilonshire", "Zetashire"]
    assert overview.not_inspected_named
    assert overview.not_inspected_by_region == [
        ("East of England", "/regions/east-of-england/", 2),
        ("Region not stated", "/regions/not-stated/", 1),
    ]
    monkeypatch.setattr(national_selectors, "MAX_LISTED", 2)
    assert not overview.not_inspected_named


def test_national_overview_counts_by_region_and_year_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        overview = national_overview()
    assert [(info.short, n, share) for info, n, share in overview.england_rows] == [
        ("Positive", 1, 25.0),
        ("Inconsistent", 1, 25.0),
        ("Systemic failings", 1, 25.0),
        ("Not yet inspected", 1, 25.0),
    ]
    assert [a.name for a in overview.not_inspected] == ["Deltashire"]
    years = overview.charts["years"]
    assert years.rows == [
        ["2023", 0, 1, 0, 1],
        ["2024", 0, 0, 1, 1],
        ["2025", 1, 0, 0, 1],
    ]
    for n, dataset in enumerate(years.data["datasets"]):
        assert dataset["data"] == [row[n + 1] for row in years.rows]
    assert years.summary == (
        "The latest outcomes of 3 areas were published between 2023 and 2025; most in 2023 (1)."
    )
    assert overview.charts["regions"].rows[0] == ["England", 1, 1, 1, 1, 4]


@pytest.mark.parametrize("regions", [[], [""], ["", ""]], ids=["no areas", "one", "two"])
def test_an_england_whose_regions_are_not_stated_still_has_its_picture(regions):
    for region in regions:
        InspectionFactory(area=AreaFactory(region=region), published=datetime.date(2024, 5, 1))
    overview = national_overview()
    assert overview.england.total == len(regions)
    assert overview.charts["regions"].summary.startswith(f"Of England's {len(regions)} area")
    assert "has the highest share" not in overview.charts["regions"].summary
