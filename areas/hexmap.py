"""England's upper-tier local authorities as equal hexagonal tiles, so that a London borough is
as visible on the map as a county.

The layout is Open Innovations' HexJSON (fixtures/sources/geography/, MIT licence): "odd-r"
offset coordinates, `q` the column and `r` the row, row 0 in the south and odd rows shifted half
a tile east. It predates recent reorganisations, which `CHANGES` and `MOVES` apply; the
README beside the file records them. Pure Python: no database, no import from reports.
"""

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

LAYOUT_FILE = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "sources"
    / "geography"
    / "england-upper-tier-local-authorities.hexjson"
)
RADIUS = 10.0  # centre to corner, in SVG user units; the SVG's viewBox scales it
WIDTH = math.sqrt(3) * RADIUS  # of a pointy-top hexagon, flat side to flat side
ROW_HEIGHT = 1.5 * RADIUS
MARGIN = 2.0

Position = tuple[int, int]


@dataclass(frozen=True)
class NewTile:
    code: str
    name: str
    position: Position


@dataclass(frozen=True)
class Change:
    """An authority in the layout replaced by one or more new ones."""

    replaces: str
    into: tuple[NewTile, ...]
    since: str


@dataclass(frozen=True)
class Move:
    """A tile moved one place to make room for a split authority's second tile."""

    code: str
    to: Position


# Every successor sits on its predecessor's position or a neighbouring one. Northamptonshire's
# tile had no free neighbour, so Herefordshire and Warwickshire each move one place west (both
# keep Worcestershire and Gloucestershire or Birmingham as neighbours) to make room.
MOVES = (
    Move(code="E06000019", to=(4, 6)),  # Herefordshire, from (5, 6)
    Move(code="E10000031", to=(5, 6)),  # Warwickshire, from (6, 6)
)
CHANGES = (
    Change(
        replaces="E10000021",  # Northamptonshire, at (7, 6)
        into=(
            NewTile("E06000062", "West Northamptonshire", (6, 6)),
            NewTile("E06000061", "North Northamptonshire", (7, 6)),
        ),
        since="2021-04-01",
    ),
    Change(
        replaces="E10000006",  # Cumbria, at (6, 14)
        into=(
            NewTile("E06000063", "Cumberland", (5, 15)),
            NewTile("E06000064", "Westmorland and Furness", (6, 14)),
        ),
        since="2023-04-01",
    ),
    Change(
        replaces="E10000023",
        into=(NewTile("E06000065", "North Yorkshire", (10, 13)),),
        since="2023-04-01",
    ),
    Change(
        replaces="E10000027",
        into=(NewTile("E06000066", "Somerset", (3, 2)),),
        since="2023-04-01",
    ),
)
# Other codes our sources give an authority. The national outcomes table still uses Dorset's
# county code from before April 2019; Barnsley and Sheffield were recoded in April 2025. The
# layout keeps Buckinghamshire's county code, where the regions table gives E06000060.
ALIASES = {
    "E10000009": "E06000059",  # Dorset
    "E06000060": "E10000002",  # Buckinghamshire
    "E08000038": "E08000016",  # Barnsley
    "E08000039": "E08000019",  # Sheffield
}


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    q: int
    r: int
    x: float  # centre, in SVG user units
    y: float
    former_codes: tuple[str, ...] = ()  # codes of the authorities it replaced, and aliases

    @property
    def position(self) -> Position:
        return (self.q, self.r)

    @property
    def points(self) -> str:
        """The hexagon's corners, for an SVG polygon."""
        angles = [math.radians(degrees) for degrees in range(30, 390, 60)]
        return " ".join(
            f"{self.x + RADIUS * math.cos(a):.2f},{self.y + RADIUS * math.sin(a):.2f}"
            for a in angles
        )


@dataclass(frozen=True)
class HexMap:
    tiles: tuple[Tile, ...]  # in layout (code) order
    width: float
    height: float

    def tile_for(self, code: str, name: str = "") -> Tile | None:
        """The tile of an authority, by current, former or alias code.

        A split county's old code belongs to several tiles; the authority's name picks one.
        """
        current = [t for t in self.tiles if t.code == code]
        if current:
            return current[0]
        candidates = [t for t in self.tiles if code in t.former_codes]
        if len(candidates) > 1:
            candidates = [t for t in candidates if normalise(t.name) == normalise(name)]
        return candidates[0] if len(candidates) == 1 else None


def normalise(name: str) -> str:
    """'Telford & Wrekin' -> 'telford and wrekin', 'Bristol, City of' -> 'bristol city of'."""
    return re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).strip()


def neighbours(position: Position) -> list[Position]:
    """The six positions around one, in odd-r offset coordinates."""
    q, r = position
    shift = r % 2  # odd rows sit half a tile east, so their diagonal neighbours are one further
    return [
        (q + 1, r),
        (q - 1, r),
        (q - 1 + shift, r + 1),
        (q + shift, r + 1),
        (q - 1 + shift, r - 1),
        (q + shift, r - 1),
    ]


def distance(a: Position, b: Position) -> int:
    """Steps between two positions, through neighbouring tiles."""

    def cube(position: Position) -> tuple[int, int, int]:
        q, r = position
        x = q - (r - (r & 1)) // 2
        return x, r, -x - r

    ax, ay, az = cube(a)
    bx, by, bz = cube(b)
    return max(abs(ax - bx), abs(ay - by), abs(az - bz))


def load_layout(path: Path = LAYOUT_FILE) -> dict[str, tuple[str, Position]]:
    """The layout file's authorities: code -> (name, position)."""
    hexes = json.loads(path.read_text(encoding="utf-8"))["hexes"]
    return {code: (tile["n"], (tile["q"], tile["r"])) for code, tile in hexes.items()}


def apply_changes(
    layout: dict[str, tuple[str, Position]],
    changes: tuple[Change, ...] = CHANGES,
    moves: tuple[Move, ...] = MOVES,
    aliases: dict[str, str] | None = None,
) -> dict[str, tuple[str, Position, tuple[str, ...]]]:
    """The layout brought up to date: code -> (name, position, former codes).

    Raises ValueError if a change names an authority the layout lacks, puts a tile anywhere but on
    or beside its predecessor, or puts two tiles on one position.
    """
    aliases = ALIASES if aliases is None else aliases
    tiles = {code: (name, position, ()) for code, (name, position) in layout.items()}
    for move in moves:
        if move.code not in tiles:
            raise ValueError(f"{move.code} is not in the layout.")
        name, _, former = tiles[move.code]
        tiles[move.code] = (name, move.to, former)
    for change in changes:
        if change.replaces not in tiles:
            raise ValueError(f"{change.replaces} is not in the layout.")
        _, old_position, former = tiles.pop(change.replaces)
        for new in change.into:
            allowed = [old_position, *neighbours(old_position)]
            if new.position not in allowed:
                raise ValueError(f"{new.code} is not on or beside {change.replaces}'s tile.")
            tiles[new.code] = (new.name, new.position, (*former, change.replaces))
    for alias, code in aliases.items():
        name, position, former = tiles[code]
        tiles[code] = (name, position, (*former, alias))
    positions = [position for _, position, _ in tiles.values()]
    if len(set(positions)) != len(positions):
        raise ValueError("Two tiles share a position.")
    return tiles


def build(tiles: dict[str, tuple[str, Position, tuple[str, ...]]]) -> HexMap:
    """Tiles with SVG coordinates: north at the top, the map's corner at (0, 0)."""
    qs = [q for _, (q, _), _ in tiles.values()]
    rs = [r for _, (_, r), _ in tiles.values()]
    min_q, max_r = min(qs), max(rs)

    def centre(q: int, r: int) -> tuple[float, float]:
        x = MARGIN + (q - min_q) * WIDTH + (r % 2) * WIDTH / 2 + WIDTH / 2
        y = MARGIN + (max_r - r) * ROW_HEIGHT + RADIUS
        return round(x, 2), round(y, 2)

    built = tuple(
        Tile(code, name, q, r, *centre(q, r), former_codes=former)
        for code, (name, (q, r), former) in sorted(tiles.items())
    )
    width = max(t.x for t in built) + WIDTH / 2 + MARGIN
    height = max(t.y for t in built) + RADIUS + MARGIN
    return HexMap(tiles=built, width=round(width, 2), height=round(height, 2))


@functools.cache
def england() -> HexMap:
    """England's upper-tier local authorities as of April 2025, one tile each."""
    return build(apply_changes(load_layout()))
