import pytest
from django.core.management import call_command

from areas.geography import BOUNDARY_CHANGES, read_lookup, upper_tier_authorities
from areas.management.commands.load_geography import load
from areas.models import Area, District
from areas.selectors import normalise_name
from reports.vocabulary import Framework
from tests.factories import AreaFactory


def by_code():
    return {a.code: a for a in upper_tier_authorities()}


def district_names(code):
    return {d.name for d in by_code()[code].districts}


def test_england_has_153_upper_tier_authorities_as_of_2025():
    authorities = by_code()
    assert len(authorities) == 153
    assert {code[:3] for code in authorities} == {"E06", "E08", "E09", "E10"}
    assert authorities["E06000063"].name == "Cumberland"
    assert authorities["E06000064"].name == "Westmorland and Furness"
    assert authorities["E06000065"].name == "North Yorkshire"
    assert authorities["E06000066"].name == "Somerset"
    assert authorities["E06000053"].name == "Isles of Scilly"
    assert "E09000001" in authorities  # the City of London
    # Northamptonshire's 2021 split is already in the 2021 lookup.
    assert {"E06000061", "E06000062"} <= set(authorities)
    for gone in ["E10000006", "E10000023", "E10000027", "E10000021", "E08000016", "E08000019"]:
        assert gone not in authorities


def test_the_2021_lookup_is_what_the_changes_assume():
    rows = read_lookup()
    english = {r["UTLA21CD"] for r in rows if r["UTLA21CD"].startswith("E")}
    assert len(english) == 152
    assert "E10000006" in english and "E06000063" not in english
    lower = {r["LTLA21CD"] for r in rows}
    for change in BOUNDARY_CHANGES:
        assert set(change.districts) <= lower, change.name


def test_former_districts_belong_to_their_new_authority():
    assert district_names("E06000063") == {"Cumberland", "Allerdale", "Carlisle", "Copeland"}
    assert district_names("E06000064") == {
        "Westmorland and Furness",
        "Barrow-in-Furness",
        "Eden",
        "South Lakeland",
    }
    assert {"North Yorkshire", "Harrogate", "Scarborough", "Selby"} <= district_names("E06000065")
    assert {"Somerset", "Mendip", "Somerset West and Taunton"} <= district_names("E06000066")
    assert "Cambridge" in district_names("E10000003")
    assert "Eastbourne" in district_names("E10000011")


def test_each_district_belongs_to_one_authority():
    codes = [d.code for a in upper_tier_authorities() for d in a.districts]
    assert len(codes) == len(set(codes)) == 315
    assert all(code[:3] in {"E06", "E07", "E08", "E09"} for code in codes)


def test_names_are_readable_and_match_the_national_table():
    authorities = by_code()
    assert authorities["E06000010"].name == "Kingston upon Hull"
    assert authorities["E06000010"].ons_name == "Kingston upon Hull, City of"
    assert authorities["E06000023"].name == "Bristol"
    assert authorities["E08000013"].name == "St Helens"
    assert authorities["E06000020"].name == "Telford & Wrekin"
    assert authorities["E09000001"].name == "London Corporation"


def test_only_a_one_for_one_recode_carries_the_old_code():
    authorities = by_code()
    assert authorities["E06000065"].former_codes == ("E10000023",)
    assert authorities["E08000038"].former_codes == ("E08000016",)
    assert authorities["E06000063"].former_codes == ()  # Cumbria was split
    assert all(a.region == "" for a in authorities.values())  # the lookup gives none


@pytest.mark.django_db
class TestLoadGeography:
    @pytest.fixture(autouse=True)
    def national_table_only(self):
        """The shipped data as it was before load_geography ran: only the table's areas."""
        District.objects.all().delete()
        Area.objects.exclude(inspections__framework=Framework.AREA_SEND_2023).delete()

    def test_after_the_national_table_it_adds_the_uninspected_authorities(self):
        assert Area.objects.count() == 96
        call_command("load_geography", verbosity=0)
        assert Area.objects.count() == 153
        assert District.objects.count() == 315
        names = [normalise_name(n) for n in Area.objects.values_list("name", flat=True)]
        assert len(names) == len(set(names))
        # Each authority's districts sit under one area.
        for authority in upper_tier_authorities():
            areas = {District.objects.get(code=d.code).area_id for d in authority.districts}
            assert len(areas) == 1, authority.name
        assert District.objects.get(name="Carlisle").area.slug == "cumberland"
        assert District.objects.get(name="Eden").area.slug == "westmorland-and-furness"
        assert District.objects.get(name="Harrogate").area.slug == "north-yorkshire"
        assert District.objects.get(name="City of London").area.slug == "london-corporation"
        assert District.objects.get(name="Kingston upon Hull, City of").area.slug == (
            "kingston-upon-hull"
        )
        kent = Area.objects.get(slug="kent")
        assert (kent.name, kent.ons_code, kent.region) == ("Kent", "E10000016", "")
        assert kent.la_code == ""

    def test_a_second_run_changes_nothing(self):
        first = load(upper_tier_authorities())
        assert first.areas_created == 57 and first.districts_created == 315
        snapshot = list(Area.objects.values()), list(District.objects.values())
        second = load(upper_tier_authorities())
        assert not second.changed
        assert (list(Area.objects.values()), list(District.objects.values())) == snapshot

    def test_existing_values_win_and_only_blanks_are_filled(self):
        AreaFactory(name="KENT", slug="kent-county", ons_code="", region="SE")
        cornwall = Area.objects.values().get(slug="cornwall")
        Area.objects.filter(slug="north-yorkshire").update(ons_code="E10000023")
        call_command("load_geography", verbosity=0)
        kent = Area.objects.get(slug="kent-county")
        assert (kent.name, kent.ons_code, kent.region) == ("KENT", "E10000016", "SE")
        assert Area.objects.values().get(slug="cornwall") == cornwall
        # The national table's code for North Yorkshire is the county's; it is kept.
        north_yorkshire = Area.objects.get(slug="north-yorkshire")
        assert north_yorkshire.ons_code == "E10000023"
        assert north_yorkshire.districts.filter(code="E06000065").exists()

    def test_loading_before_the_national_table_makes_no_duplicates(self):
        Area.objects.all().delete()
        call_command("loaddata", "areas", verbosity=0)
        call_command("load_geography", verbosity=0)
        call_command("import_outcomes", verbosity=0)
        assert Area.objects.count() == 153
        hull = Area.objects.get(ons_code="E06000010")
        assert (hull.name, hull.la_code) == ("Kingston upon Hull", "810")
        cumberland = Area.objects.get(slug="cumberland")
        assert (cumberland.ons_code, cumberland.la_code) == ("E06000063", "942")
        assert Area.objects.get(slug="london-corporation").la_code == "201"
        assert not load(upper_tier_authorities()).changed
