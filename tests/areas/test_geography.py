import io

import pytest
from django.core.management import CommandError, call_command

from areas.geography import (
    BOUNDARY_CHANGES,
    DistrictRecord,
    UpperTierAuthority,
    build_upper_tier,
    read_lookup,
    readable_name,
    upper_tier_authorities,
)
from areas.management.commands.load_geography import load
from areas.models import Area, District
from tests.factories import AreaFactory, DistrictFactory


def lookup_row(district: tuple[str, str], authority: tuple[str, str]) -> dict[str, str]:
    """A row of the ONS lookup: a district (code, name) and its upper-tier authority."""
    return {
        "LTLA21CD": district[0],
        "LTLA21NM": district[1],
        "UTLA21CD": authority[0],
        "UTLA21NM": authority[1],
    }


def unitary(code: str, name: str) -> dict[str, str]:
    """A row of an authority that is its own only district."""
    return lookup_row((code, name), (code, name))


CUMBRIA = ("E10000006", "Cumbria")
TINY_LOOKUP = [
    *(
        lookup_row(district, CUMBRIA)
        for district in [
            ("E07000026", "Allerdale"),
            ("E07000027", "Barrow-in-Furness"),
            ("E07000028", "Carlisle"),
            ("E07000029", "Copeland"),
            ("E07000030", "Eden"),
            ("E07000031", "South Lakeland"),
        ]
    ),
    unitary("E08000016", "Barnsley"),
    unitary("E06000010", "Kingston upon Hull, City of"),
    lookup_row(("E07000012", "South Cambridgeshire"), ("E10000003", "Cambridgeshire")),
    lookup_row(("E07000008", "Cambridge"), ("E10000003", "Cambridgeshire")),
    unitary("W06000015", "Cardiff"),
]
TINY_CHANGES = tuple(c for c in BOUNDARY_CHANGES if c.replaces in {"E10000006", "E08000016"})


def tiny_authorities() -> dict[str, UpperTierAuthority]:
    return {a.code: a for a in build_upper_tier(TINY_LOOKUP, TINY_CHANGES)}


def test_the_changes_replace_the_authorities_they_name_and_wales_is_left_out():
    assert list(tiny_authorities()) == [
        "E06000010",
        "E06000063",  # Cumberland and Westmorland and Furness, from Cumbria
        "E06000064",
        "E08000038",  # Barnsley's code since 2025
        "E10000003",
    ]


def test_a_split_countys_districts_go_to_its_successors_and_still_find_them():
    authorities = tiny_authorities()
    cumberland, westmorland = authorities["E06000063"], authorities["E06000064"]
    assert cumberland.name == "Cumberland"
    assert [d.name for d in cumberland.districts] == [
        "Cumberland",
        "Allerdale",
        "Carlisle",
        "Copeland",
    ]
    assert [d.name for d in westmorland.districts] == [
        "Westmorland and Furness",
        "Barrow-in-Furness",
        "Eden",
        "South Lakeland",
    ]
    # Cumbria's code names neither successor.
    assert cumberland.former_codes == westmorland.former_codes == ()


def test_only_a_one_for_one_recode_carries_the_old_code():
    barnsley = tiny_authorities()["E08000038"]
    assert barnsley.former_codes == ("E08000016",)
    # Its old code stays a district of it, so what still carries that code finds it.
    assert barnsley.districts == (
        DistrictRecord("E08000038", "Barnsley"),
        DistrictRecord("E08000016", "Barnsley"),
    )


def test_an_authority_keeps_its_districts_in_code_order_and_takes_a_readable_name():
    authorities = tiny_authorities()
    cambridgeshire, hull = authorities["E10000003"], authorities["E06000010"]
    assert [d.name for d in cambridgeshire.districts] == ["Cambridge", "South Cambridgeshire"]
    assert (hull.name, hull.ons_name) == ("Kingston upon Hull", "Kingston upon Hull, City of")
    assert all(a.region == "" for a in authorities.values())  # the lookup gives none


@pytest.mark.parametrize(
    ("code", "ons_name", "name"),
    [
        ("E06000023", "Bristol, City of", "Bristol"),
        ("E06000019", "Herefordshire, County of", "Herefordshire"),
        ("E08000013", "St. Helens", "St Helens"),
        ("E06000020", "Telford and Wrekin", "Telford & Wrekin"),  # as the national table has it
        ("E09000001", "City of London", "London Corporation"),
        ("E06000052", "Cornwall", "Cornwall"),
    ],
)
def test_names_are_readable_and_match_the_national_table(code, ons_name, name):
    assert readable_name(code, ons_name) == name


def test_every_change_names_districts_of_the_2021_lookup():
    lower = {row["LTLA21CD"] for row in read_lookup()}
    for change in BOUNDARY_CHANGES:
        assert set(change.districts) <= lower, change.name


def test_each_district_belongs_to_one_authority():
    codes = [d.code for a in upper_tier_authorities() for d in a.districts]
    assert len(codes) == len(set(codes))
    assert all(code[:3] in {"E06", "E07", "E08", "E09"} for code in codes)


def authority(code, name, *districts, former_codes=()):
    return UpperTierAuthority(
        code=code,
        ons_name=name,
        name=name,
        districts=tuple(DistrictRecord(*d) for d in districts),
        former_codes=former_codes,
    )


KENT = authority("E10000016", "Kent", ("E07000110", "Maidstone"), ("E07000105", "Ashford"))
CORNWALL = authority("E06000052", "Cornwall", ("E06000052", "Cornwall"))
NORTH_YORKSHIRE = authority(
    "E06000065", "North Yorkshire", ("E06000065", "North Yorkshire"), ("E07000165", "Harrogate"),
    former_codes=("E10000023",),
)  # fmt: skip


@pytest.mark.django_db
class TestLoadGeography:
    def test_it_adds_the_authorities_we_hold_no_area_for_with_their_districts(self):
        cornwall = AreaFactory(name="Cornwall", ons_code="E06000052", region="SW", la_code="908")
        summary = load([CORNWALL, KENT])
        assert (summary.areas_created, summary.areas_updated) == (1, 0)
        assert summary.districts_created == 3
        kent = Area.objects.get(slug="kent")
        assert (kent.name, kent.ons_code, kent.region, kent.la_code) == (
            "Kent",
            "E10000016",
            "",
            "",
        )
        assert sorted(kent.districts.values_list("name", flat=True)) == ["Ashford", "Maidstone"]
        assert list(cornwall.districts.values_list("code", flat=True)) == ["E06000052"]

    def test_a_second_run_changes_nothing(self):
        AreaFactory(name="Cornwall", ons_code="E06000052")
        assert load([CORNWALL, KENT, NORTH_YORKSHIRE]).changed
        snapshot = list(Area.objects.values()), list(District.objects.values())
        assert not load([CORNWALL, KENT, NORTH_YORKSHIRE]).changed
        assert (list(Area.objects.values()), list(District.objects.values())) == snapshot

    def test_existing_values_win_and_only_blanks_are_filled(self):
        AreaFactory(name="KENT", slug="kent-county", ons_code="", region="SE")
        cornwall = AreaFactory(name="Cornwall", ons_code="E06000052", region="SW")
        # The national table gives North Yorkshire the county's code, before the recode.
        AreaFactory(name="North Yorkshire", slug="north-yorkshire", ons_code="E10000023")
        before = Area.objects.values().get(pk=cornwall.pk)
        summary = load([CORNWALL, KENT, NORTH_YORKSHIRE])
        assert (summary.areas_created, summary.areas_updated) == (0, 1)
        kent = Area.objects.get(slug="kent-county")
        assert (kent.name, kent.ons_code, kent.region) == ("KENT", "E10000016", "SE")
        assert Area.objects.values().get(pk=cornwall.pk) == before
        north_yorkshire = Area.objects.get(slug="north-yorkshire")
        assert north_yorkshire.ons_code == "E10000023"
        assert north_yorkshire.districts.filter(name="Harrogate").exists()

    def test_a_district_filed_under_another_area_is_moved_and_renamed(self):
        elsewhere = DistrictFactory(code="E07000110", name="Maidstone (old)")
        load([KENT])
        elsewhere.refresh_from_db()
        assert (elsewhere.name, elsewhere.area.slug) == ("Maidstone", "kent")

    def test_an_authority_two_areas_could_be_is_refused(self):
        AreaFactory(name="Kent County", ons_code="E10000016")
        AreaFactory(name="Kent Council", ons_code="E10000016")
        with pytest.raises(CommandError, match="Cannot tell which area is E10000016 Kent"):
            load([KENT])
        assert not District.objects.exists()  # nothing half-loaded

    def test_a_new_area_whose_address_name_is_taken_is_refused(self):
        # Cornwall's area by its code, though its address name is Kent's.
        AreaFactory(name="Cornwall", slug="kent", ons_code="E06000052")
        with pytest.raises(CommandError, match="slug 'kent' is taken"):
            load([CORNWALL, KENT])

    def test_the_command_loads_every_authority_and_says_what_it_did(self, monkeypatch):
        from areas.management.commands import load_geography

        monkeypatch.setattr(load_geography, "upper_tier_authorities", lambda: (CORNWALL, KENT))
        out = io.StringIO()
        call_command("load_geography", stdout=out)
        assert out.getvalue() == (
            "2 upper-tier authorities: 2 areas created, 0 updated; "
            "3 districts created, 0 updated.\n"
        )
