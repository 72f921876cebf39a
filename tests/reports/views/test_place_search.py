"""Finding an area by a town or village (issue 18), through the pages a parent uses."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from areas import places
from areas.models import Area, District
from areas.names import normalise_name
from areas.places import Place
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

ENGLAND = places.ENGLAND


def near(place: Place, district: str, count: int = 1):
    east, north = places.grid_reference(place.latitude, place.longitude)
    return [(east + 50, north, district)] * count


def make_areas(count: int) -> list:
    """`count` invented areas, each with one district, E07910001 onwards."""
    made = []
    for n in range(1, count + 1):
        area = AreaFactory(name=f"Placetestshire {n}", slug=f"placetestshire-{n}")
        # Made here rather than with DistrictFactory, whose codes would run on into real ones.
        District.objects.create(code=f"E0791{n:04d}", name=f"Placetest District {n}", area=area)
        made.append(area)
    return made


@pytest.fixture
def place_index(tmp_path, monkeypatch):
    """Builds an index of the places given, and makes it the one the site reads."""
    path = tmp_path / "places.json"
    monkeypatch.setattr(places, "index_path", lambda: path)

    def build(gazetteer, points):
        places.build_index(places.resolve(gazetteer, points), normalise_name, path)

    return build


def test_a_town_takes_the_parent_to_its_area(client, place_index):
    area = make_areas(1)[0]
    town = Place("Testbury", ENGLAND, 50.3, -5.0)
    place_index([town], near(town, "E07910001"))
    response = client.get(reverse("reports:home"), {"q": "testbury"})
    assertRedirects(response, reverse("reports:area", args=[area.slug]))


def test_a_name_many_places_share_offers_a_choice(client, place_index):
    first, second = make_areas(2)
    towns = [Place("Twinham", ENGLAND, 51.0, -1.0, 900), Place("Twinham", ENGLAND, 52.0, -2.0)]
    welsh = Place("Twinham", "Wales", 52.0, -3.5)
    place_index([*towns, welsh], near(towns[0], "E07910001") + near(towns[1], "E07910002"))
    response = client.get(reverse("reports:home"), {"q": "Twinham"})
    assertContains(response, "2 areas found")
    assertContains(response, "More than one place in England is called Twinham.")
    assertContains(response, "There is also a Twinham in Wales, outside England.")
    for area in (first, second):
        assertContains(response, f'href="{reverse("reports:area", args=[area.slug])}"')
    assertContains(response, "(includes Twinham)", count=2)


def test_a_town_across_a_boundary_offers_each_side(client, place_index):
    make_areas(2)
    town = Place("Crossford", ENGLAND, 52.0, -1.0)
    place_index([town], near(town, "E07910001", 3) + near(town, "E07910002", 3))
    response = client.get(reverse("reports:home"), {"q": "Crossford"})
    assertContains(response, "2 areas found")
    assertContains(response, "Crossford lies across the boundary between areas.")


def test_a_place_outside_england_says_so_plainly(client, place_index):
    AreaFactory(name="Kardiff")  # a slip of typing away, and still not offered
    place_index([Place("Cardiff", "Wales", 51.48, -3.18)], [])
    response = client.get(reverse("reports:home"), {"q": "Cardiff"})
    assertContains(response, "Cardiff is in Wales, outside England.")
    assertContains(response, "cover England only")
    assertNotContains(response, "Did you mean")
    assertNotContains(response, "We found no area matching")


def test_without_a_place_index_the_search_says_towns_cannot_be_searched(
    client, tmp_path, monkeypatch
):
    monkeypatch.setattr(places, "index_path", lambda: tmp_path / "missing.json")
    response = client.get(reverse("reports:home"), {"q": "Nowhereton"})
    assertContains(response, "Searching by town or village is not available")


@pytest.mark.parametrize("count", [2, 6])
def test_a_place_choice_costs_the_same_queries_however_many_areas(
    client, place_index, django_assert_num_queries, count
):
    areas = make_areas(count)
    towns = [Place("Manyham", ENGLAND, 51.0 + n / 10, -1.0, 1000 - n) for n in range(count)]
    points = [p for n, town in enumerate(towns, 1) for p in near(town, f"E0791{n:04d}")]
    place_index(towns, points)
    # data version, areas, their latest inspections, districts, regions, currency
    with django_assert_num_queries(6):
        response = client.get(reverse("reports:home"), {"q": "Manyham"})
    assertContains(response, f"{len(areas)} areas found")


def test_compare_takes_a_town_for_its_area(client, place_index):
    first, second = make_areas(2)
    town = Place("Testbury", ENGLAND, 50.3, -5.0)
    place_index([town], near(town, "E07910001"))
    response = client.get(reverse("reports:compare"), {"area": ["Testbury", second.name]})
    # The typed names become the areas' address names, as every other comparison link has.
    assertRedirects(response, f"/compare/?area={first.slug}&area={second.slug}")


def test_compare_says_a_place_outside_england_is_outside_it(client, place_index):
    make_areas(1)
    place_index([Place("Glasgow", "Scotland", 55.86, -4.26)], [])
    response = client.get(reverse("reports:compare"), {"area": ["Glasgow", "Placetestshire 1"]})
    assertContains(
        response,
        "Glasgow is in Scotland, outside England: area SEND inspections cover England only.",
        status_code=400,
    )


def test_compare_takes_a_county_abbreviation(client):
    # The abbreviation stands for the real county's name: made only if the data lacks it.
    Area.objects.get_or_create(name="Hertfordshire", defaults={"slug": "hertfordshire-test"})
    second = make_areas(1)[0]
    response = client.get(reverse("reports:compare"), {"area": ["Herts", second.name]})
    herts = Area.objects.get(name="Hertfordshire")
    assertRedirects(response, f"/compare/?area={herts.slug}&area={second.slug}")
