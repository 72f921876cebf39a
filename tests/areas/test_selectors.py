import pytest

from areas import postcodes
from areas.models import Area, District
from areas.selectors import PostcodeStatus, normalise_name, search_areas
from tests.factories import AreaFactory, DistrictFactory

pytestmark = pytest.mark.django_db


def slugs(areas):
    return [a.slug for a in areas]


def test_names_normalise_ignoring_case_punctuation_and_ampersands():
    assert normalise_name("  Southend-on-Sea! ") == "southend on sea"
    assert normalise_name("Telford & Wrekin") == "telford and wrekin"
    assert normalise_name("Bournemouth, Christchurch & Poole") == (
        "bournemouth christchurch and poole"
    )


def test_search_returns_matches_in_name_order():
    names = ["West Northamptonshire", "Southampton", "Cornwall", "North Northamptonshire"]
    areas = sorted([AreaFactory.build(name=name) for name in names], key=lambda a: a.name)
    result = search_areas(query="hamp", areas=areas, districts=[])
    assert [a.name for a in result.matches] == [
        "North Northamptonshire",
        "Southampton",
        "West Northamptonshire",
    ]
    assert result.suggestions == []
    assert result.postcode_status is None


def test_search_ignores_spaces_inside_names():
    southend = AreaFactory(name="Southend-on-Sea")
    AreaFactory(name="Southampton")
    assert search_areas(query="southendonsea").matches == [southend]
    assert search_areas(query="SOUTHEND ON SEA").matches == [southend]


def test_search_suggests_close_names_when_nothing_matches():
    areas = [
        AreaFactory(name=name, slug=f"{name.lower()}-test") for name in ["Cornwall", "Sandwell"]
    ]
    result = search_areas(query="Cornwell", areas=areas, districts=[])
    assert result.matches == []
    assert slugs(result.suggestions) == ["cornwall-test"]  # not Sandwell: too far


def test_kent_finds_kent_and_does_not_suggest_brent():
    areas = [AreaFactory(name="Brent"), AreaFactory(name="Kent")]
    result = search_areas(query="Kent", areas=areas, districts=[])
    assert [a.name for a in result.matches] == ["Kent"]
    assert result.suggestions == []
    # Nor when Kent is missing: Brent is not a near spelling of it.
    assert search_areas(query="Kent", areas=areas[:1], districts=[]).suggestions == []
    assert [a.name for a in search_areas(query="Kemt", areas=areas, districts=[]).suggestions] == [
        "Kent"
    ]


def test_a_district_name_finds_its_county():
    cambridgeshire = AreaFactory(name="Cambridgeshire", slug="cambridgeshire")
    cambridge = DistrictFactory(code="E07000008", name="Cambridge", area=cambridgeshire)
    DistrictFactory(code="E07000012", name="South Cambridgeshire", area=cambridgeshire)
    east_sussex = AreaFactory(name="East Sussex", slug="east-sussex")
    eastbourne = DistrictFactory(code="E07000061", name="Eastbourne", area=east_sussex)

    result = search_areas(query="Cambridge")
    assert slugs(result.matches) == ["cambridgeshire"]
    assert result.matched_district == {cambridgeshire.pk: cambridge}
    assert result.match_hits[0].district == cambridge

    result = search_areas(query="eastbourne")
    assert slugs(result.matches) == ["east-sussex"]
    assert result.matched_district == {east_sussex.pk: eastbourne}

    # Found by its own name, the area needs no district beside it.
    result = search_areas(query="Cambridgeshire")
    assert slugs(result.matches) == ["cambridgeshire"]
    assert result.matched_district == {}


def test_a_district_matches_whole_or_from_its_start_past_the_first_word():
    norfolk = AreaFactory(name="Norfolk")
    devon = AreaFactory(name="Devon")
    yorkshire = AreaFactory(name="North Yorkshire")
    districts = [
        DistrictFactory(name="King's Lynn and West Norfolk", area=norfolk),
        DistrictFactory(name="North Devon", area=devon),
        DistrictFactory(name="Harrogate", area=yorkshire),
    ]
    areas = [devon, norfolk, yorkshire]

    def found(query):
        return [a.name for a in search_areas(query=query, areas=areas, districts=districts).matches]

    assert found("Kings Lynn") == ["Norfolk"]
    assert found("north devon") == ["Devon"]
    assert found("north") == ["North Yorkshire"]  # not every county with a North district
    assert found("Harrogate") == ["North Yorkshire"]


def test_suggestions_leave_out_near_spellings_of_district_names():
    # A district a letter or two from the query is too often another place ("Falmouth" is not
    # in Plymouth), so only areas' own names are suggested (issue 18).
    cumberland = AreaFactory(name="Cumberland")
    carlisle = DistrictFactory(name="Carlisle", area=cumberland)
    result = search_areas(query="Carlise", areas=[cumberland], districts=[carlisle])
    assert result.matches == []
    assert result.suggestions == []
    result = search_areas(query="Cumbreland", areas=[cumberland], districts=[carlisle])
    assert result.suggestions == [cumberland]


def test_search_is_pure_over_the_lists_it_is_given(django_assert_num_queries):
    for name in ["North Yorkshire", "Northumberland", "Cornwall"]:
        DistrictFactory(name=f"{name} district", area__name=name)
    areas, districts = list(Area.objects.all()), list(District.objects.all())
    with django_assert_num_queries(0):
        found = search_areas(query="north", areas=areas, districts=districts)
        suggested = search_areas(query="Cornwell", areas=areas, districts=districts)
    assert [a.name for a in found.matches] == ["North Yorkshire", "Northumberland"]
    assert [a.name for a in suggested.suggestions] == ["Cornwall"]
    with django_assert_num_queries(2):
        assert search_areas(query="north").matches == found.matches


@pytest.fixture
def index(tmp_path):
    path = tmp_path / "postcodes.bin"
    postcodes.build_index(
        [
            ("CB2 1TN", "E07000008"),
            ("TR1 1AA", "E06000052"),
            ("EH1 1YZ", "S12000036"),
            ("ME1 1AA", "E06000035"),
        ],
        path,
    )
    return path


def test_a_postcode_finds_its_area_through_its_district(index):
    cambridgeshire = AreaFactory(name="Cambridgeshire", slug="cambridgeshire")
    AreaFactory(name="Cornwall", slug="cornwall")
    cambridge = DistrictFactory(code="E07000008", name="Cambridge", area=cambridgeshire)
    result = search_areas(query=" cb2  1tn ", postcode_index=index)
    assert result.postcode_status == PostcodeStatus.FOUND
    assert result.postcode == "CB2 1TN"
    assert slugs(result.matches) == ["cambridgeshire"]
    assert result.matched_district == {cambridgeshire.pk: cambridge}


def test_unknown_and_outside_england_postcodes_say_so(index):
    # Cambridge is loaded; Medway (the index's ME1 1AA) is not.
    DistrictFactory(code="E07000008", name="Cambridge", area__name="Cambridgeshire")

    def status(query):
        result = search_areas(query=query, postcode_index=index)
        assert result.matches == [] and result.suggestions == []
        return result.postcode_status

    assert status("CB2 9ZZ") == PostcodeStatus.UNKNOWN
    assert status("EH1 1YZ") == PostcodeStatus.OUTSIDE_ENGLAND  # in the directory, in Scotland
    assert status("EH99 9ZZ") == PostcodeStatus.OUTSIDE_ENGLAND  # not, but EH is all Scottish
    assert status("ME1 1AA") == PostcodeStatus.UNAVAILABLE  # no district loaded for Medway


def test_without_the_index_a_postcode_search_says_it_is_unavailable(tmp_path):
    result = search_areas(query="CB2 1TN", postcode_index=tmp_path / "missing.bin")
    assert result.postcode_status == PostcodeStatus.UNAVAILABLE
    assert result.matches == []
