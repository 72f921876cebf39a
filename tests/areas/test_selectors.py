import pytest

from areas.selectors import area_directory, area_page, normalise_name, search_areas

pytestmark = pytest.mark.django_db


def test_names_normalise_ignoring_case_punctuation_and_ampersands():
    assert normalise_name("  Southend-on-Sea! ") == "southend on sea"
    assert normalise_name("Telford & Wrekin") == "telford and wrekin"
    assert normalise_name("Bournemouth, Christchurch & Poole") == (
        "bournemouth christchurch and poole"
    )


def test_search_returns_matches_in_name_order():
    result = search_areas(query="hamp")
    assert [a.name for a in result.matches] == [
        "North Northamptonshire",
        "Southampton",
        "West Northamptonshire",
    ]
    assert result.suggestions == []


def test_search_ignores_spaces_inside_names():
    assert [a.slug for a in search_areas(query="southendonsea").matches] == ["southend-on-sea"]


def test_search_suggests_close_names_when_nothing_matches():
    result = search_areas(query="Cornwell")
    assert result.matches == []
    assert [a.slug for a in result.suggestions] == ["cornwall", "sandwell"]


def test_directory_follows_the_regions_and_puts_unstated_last():
    groups = area_directory()
    assert [g.name for g in groups] == [
        "North East",
        "North West",
        "Yorkshire and the Humber",
        "East Midlands",
        "West Midlands",
        "East of England",
        "London",
        "South East",
        "South West",
        "Region not stated",
    ]
    assert [a.slug for a in groups[-1].areas] == ["medway"]
    assert sum(len(g.areas) for g in groups) == 96


def test_area_page_puts_the_latest_inspection_first():
    page = area_page(slug="cornwall")
    assert [i.start_date.year for i in page.inspections] == [2026, 2023, 2017]
    assert page.latest.inspection == page.inspections[0]
    assert page.latest.strengths == []
    assert len(page.earlier[0].strengths) > 0
