"""The hex map of England, each area coloured and patterned by its latest outcome."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from areas import hexmap
from reports.vocabulary import (
    CATEGORIES,
    NOT_HELD,
    OUTCOMES,
    Outcome,
    OutcomeInfo,
    category_info,
    outcome_phrase,
)

if TYPE_CHECKING:  # the selectors call the map; the map only reads what it is given
    from reports.selectors.national import AreaOutcome


# The hex map of England.
@dataclass
class MapTile:
    code: str
    name: str
    points: str
    x: float
    y: float
    info: OutcomeInfo
    url: str  # the area's page; "" where we hold no area for the tile
    highlighted: bool
    published: date | None
    region: str

    @property
    def accessible_name(self) -> str:
        compared = " (compared)" if self.highlighted else ""
        return f"{self.name}{compared}: {outcome_phrase(self.info)}"


MAX_UNPLACED_NAMED = 60


@dataclass
class EnglandMap:
    tiles: list[MapTile]  # north to south, west to east: the order a keyboard meets them
    width: float
    height: float
    legend: list[tuple[OutcomeInfo, int]]
    highlighted: list[MapTile]
    unplaced: list[AreaOutcome]  # areas we hold whose ONS code matches no tile
    patterns: list[OutcomeInfo]  # the outcomes drawn with a pattern, for the SVG's <defs>

    @property
    def names_unplaced(self) -> bool:
        """Whether the page names the areas not on the map: only while the list stays short (on
        real data it is empty); beyond MAX_UNPLACED_NAMED it counts them."""
        return len(self.unplaced) <= MAX_UNPLACED_NAMED

    @property
    def description(self) -> str:
        counts = "; ".join(f"{info.short}: {count}" for info, count in self.legend)
        return (
            f"A map of England with one equal hexagon for each of {len(self.tiles)} upper-tier "
            "local authorities, coloured and patterned by the outcome "
            f"of its latest area SEND inspection under the 2023 framework ({counts})."
        )


def england_map(*, national: list[AreaOutcome], highlighted: list[str] = ()) -> EnglandMap:
    layout = hexmap.england()
    placed: dict[str, AreaOutcome] = {}
    unplaced = []
    for area in national:
        tile = layout.tile_for(area.ons_code, area.name) if area.ons_code else None
        if tile is None or tile.code in placed:
            unplaced.append(area)
        else:
            placed[tile.code] = area
    tiles = []
    for tile in sorted(layout.tiles, key=lambda t: (-t.r, t.q)):
        area = placed.get(tile.code)
        tiles.append(
            MapTile(
                code=tile.code,
                name=area.name if area else tile.name,
                points=tile.points,
                x=tile.x,
                y=tile.y,
                info=area.info if area else NOT_HELD,
                url=area.url if area else "",
                highlighted=bool(area and area.slug in highlighted),
                published=area.published if area else None,
                region=area.region_name if area else "",
            )
        )
    counted = Counter(t.info.value for t in tiles)
    legend = [
        (category_info(c), counted[c]) for c in CATEGORIES if counted[c] or c != Outcome.UNKNOWN
    ]
    if counted[NOT_HELD.value]:
        legend.append((NOT_HELD, counted[NOT_HELD.value]))
    return EnglandMap(
        tiles=tiles,
        width=layout.width,
        height=layout.height,
        legend=legend,
        highlighted=[t for t in tiles if t.highlighted],
        unplaced=unplaced,
        patterns=[OUTCOMES[c] for c in CATEGORIES if c in OUTCOMES and OUTCOMES[c].pattern],
    )
