import pytest

from areas.selectors import normalise_name, search_areas

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
