"""The hex map's layout: Open Innovations' tiles brought up to April 2025, pure Python."""

from collections import Counter

import pytest

from areas import hexmap


@pytest.fixture(scope="module")
def layout():
    return hexmap.england()


def test_the_layout_file_is_the_published_one_with_its_licence():
    raw = hexmap.load_layout()
    assert raw["E10000021"] == ("Northamptonshire", (7, 6))
    licence = (hexmap.LAYOUT_FILE.parent / "HEXMAP-LICENSE.txt").read_text()
    assert "MIT License" in licence and "Open Innovations" in licence


def test_boundary_changes_are_applied(layout):
    codes = {tile.code for tile in layout.tiles}
    made = sum(len(change.into) - 1 for change in hexmap.CHANGES)  # a split makes two of one
    assert len(layout.tiles) == len(hexmap.load_layout()) + made
    for gone in ["E10000021", "E10000006", "E10000023", "E10000027"]:
        assert gone not in codes
    tiles = {tile.code: tile for tile in layout.tiles}
    assert {
        code: (tiles[code].name, tiles[code].position)
        for code in tiles
        if code >= "E06000061" and code.startswith("E06")
    } == {
        "E06000061": ("North Northamptonshire", (7, 6)),
        "E06000062": ("West Northamptonshire", (6, 6)),
        "E06000063": ("Cumberland", (5, 15)),
        "E06000064": ("Westmorland and Furness", (6, 14)),
        "E06000065": ("North Yorkshire", (10, 13)),
        "E06000066": ("Somerset", (3, 2)),
    }
    # Made room for West Northamptonshire by moving two tiles one place west.
    assert tiles["E06000019"].position == (4, 6)
    assert tiles["E10000031"].position == (5, 6)


def test_new_tiles_sit_on_or_beside_the_tile_they_replace():
    raw = hexmap.load_layout()
    for change in hexmap.CHANGES:
        _, old = raw[change.replaces]
        for new in change.into:
            assert new.position == old or hexmap.distance(new.position, old) == 1


def test_no_two_tiles_share_a_position(layout):
    positions = Counter(tile.position for tile in layout.tiles)
    assert [p for p, n in positions.items() if n > 1] == []
    points = Counter((tile.x, tile.y) for tile in layout.tiles)
    assert max(points.values()) == 1


def test_a_change_onto_a_taken_position_is_refused():
    raw = hexmap.load_layout()
    bad = hexmap.Change(
        replaces="E10000027",
        into=(hexmap.NewTile("E06000066", "Somerset", (4, 2)),),  # Bath and North East Somerset's
        since="2023-04-01",
    )
    with pytest.raises(ValueError, match="share a position"):
        hexmap.apply_changes(raw, changes=(bad,), moves=())


def test_a_change_far_from_its_predecessor_is_refused():
    raw = hexmap.load_layout()
    far = hexmap.Change(
        replaces="E10000027", into=(hexmap.NewTile("E06000066", "Somerset", (0, 17)),), since=""
    )
    with pytest.raises(ValueError, match="not on or beside"):
        hexmap.apply_changes(raw, changes=(far,), moves=())


def test_neighbours_of_odd_and_even_rows():
    assert sorted(hexmap.neighbours((6, 14))) == [
        (5, 13),
        (5, 14),
        (5, 15),
        (6, 13),
        (6, 15),
        (7, 14),
    ]
    assert sorted(hexmap.neighbours((5, 15))) == [
        (4, 15),
        (5, 14),
        (5, 16),
        (6, 14),
        (6, 15),
        (6, 16),
    ]
    assert all(hexmap.distance((6, 14), n) == 1 for n in hexmap.neighbours((6, 14)))
    assert hexmap.distance((0, 0), (3, 0)) == 3


def test_north_is_at_the_top(layout):
    tiles = {tile.name: tile for tile in layout.tiles}
    assert tiles["Northumberland"].y < tiles["Cornwall"].y
    assert tiles["Cornwall"].x < tiles["Kent"].x
    assert 0 < min(t.x for t in layout.tiles) and max(t.x for t in layout.tiles) < layout.width
    assert 0 < min(t.y for t in layout.tiles) and max(t.y for t in layout.tiles) < layout.height


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("E06000052", "Cornwall", "E06000052"),
        ("E10000009", "Dorset", "E06000059"),  # Dorset's county code before 2019
        ("E10000023", "North York", "E06000065"),  # a one-for-one change needs no name
        ("E10000006", "Cumberland", "E06000063"),
        ("E10000006", "Westmorland & Furness", "E06000064"),
        ("E08000038", "", "E08000016"),  # Barnsley's 2025 code
        ("E10000006", "Cumbria", None),  # a split county's code alone names neither
        ("E99999999", "Atlantis", None),
    ],
)
def test_tile_for_matches_current_former_and_alias_codes(layout, code, name, expected):
    tile = layout.tile_for(code, name)
    assert (tile.code if tile else None) == expected


def test_every_tile_is_a_closed_hexagon(layout):
    for tile in layout.tiles:
        corners = tile.points.split()
        assert len(corners) == 6
