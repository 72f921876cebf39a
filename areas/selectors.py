import re
from dataclasses import dataclass, field
from pathlib import Path

from . import places, postcodes
from .models import Area, District
from .names import normalise_name

# How many typing slips (a letter wrong, missing, added or two swapped) an area's name may be
# from the query to be offered as "did you mean": one up to 7 letters, two from 8. "Cornwell"
# finds Cornwall and "Kemt" Kent, but "Kent" does not find Brent, nor "Falmouth" Plymouth (three).
LONG_NAME = 8
MAX_SUGGESTIONS = 5

# Abbreviations of county names that addresses and people use, for the counties that are still
# one area: the search reads each as the name it stands for. "Northants" finds both of
# Northamptonshire's successors. Ambiguous ones ("Beds", "Berks", "Yorks") are left out.
ABBREVIATIONS = {
    "bucks": "buckinghamshire",
    "cambs": "cambridgeshire",
    "derbys": "derbyshire",
    "glos": "gloucestershire",
    "hants": "hampshire",
    "herts": "hertfordshire",
    "iow": "isle of wight",
    "lancs": "lancashire",
    "leics": "leicestershire",
    "lincs": "lincolnshire",
    "northants": "northamptonshire",
    "notts": "nottinghamshire",
    "oxon": "oxfordshire",
    "salop": "shropshire",
    "staffs": "staffordshire",
    "warks": "warwickshire",
    "wilts": "wiltshire",
    "worcs": "worcestershire",
}
SAINT = re.compile(r"\b(saint|st)\b")


class PostcodeStatus:
    """What a postcode-shaped query found: `SearchResult.postcode_status` is one of these, or None
    when the query is not shaped like a postcode."""

    FOUND = "found"  # in the directory, in an English district: `matches` holds its area
    UNKNOWN = "unknown"  # shaped like a postcode but not in the directory
    OUTSIDE_ENGLAND = "outside_england"  # in Scotland, Wales, Northern Ireland or the islands
    UNAVAILABLE = "unavailable"  # the postcode index or the districts are not loaded


class PlaceStatus:
    """What the place index said of a query that is not a postcode: `SearchResult.place_status`
    is one of these, or None when no town or village has that name."""

    FOUND = "found"  # a place in England: the areas it lies in are among `matches`
    OUTSIDE_ENGLAND = "outside_england"  # every place of that name is in Wales, Scotland or NI
    UNAVAILABLE = "unavailable"  # the place index has not been built


@dataclass(frozen=True)
class Hit:
    area: Area
    district: District | None = None  # the district through which the query found the area
    place: str = ""  # or the town or village through which it found it


@dataclass
class SearchResult:
    query: str
    matches: list[Area]
    suggestions: list[Area]
    # area pk -> the district whose name or postcode found it (for "Cambridgeshire, which includes
    # Cambridge"); empty when the area was found by its own name. Suggestions have none.
    matched_district: dict[int, District] = field(default_factory=dict)
    postcode: str = ""  # the query as a postcode ("CB2 1TN") when it is shaped like one
    postcode_status: str | None = None  # a PostcodeStatus value, or None if not a postcode
    # area pk -> the place that found it, where neither its name nor a district's did.
    matched_place: dict[int, str] = field(default_factory=dict)
    place: str = ""  # the town or village's name as the gazetteer spells it
    place_status: str | None = None  # a PlaceStatus value, or None if no place has the name
    places_in_england: int = 0  # how many English places have the name
    place_areas: int = 0  # how many areas they lie in
    place_countries: list[str] = field(default_factory=list)  # and the other countries with one
    found_by_name: bool = False  # whether an area's or a district's name matched

    @property
    def match_hits(self) -> list[Hit]:
        return [
            Hit(a, self.matched_district.get(a.pk), self.matched_place.get(a.pk, ""))
            for a in self.matches
        ]

    @property
    def outside_england(self) -> bool:
        """Whether the query is a postcode or place in the UK outside England, and no more."""
        outside = (PostcodeStatus.OUTSIDE_ENGLAND, PlaceStatus.OUTSIDE_ENGLAND)
        return self.postcode_status in outside or self.place_status in outside

    @property
    def destination(self) -> Area | None:
        """The one area to take the reader straight to: a postcode's, or a town's or village's
        when it lies in one area and no name matched (a name match lists what it found)."""
        by_postcode = self.postcode_status == PostcodeStatus.FOUND
        by_place = self.place_status == PlaceStatus.FOUND and not self.found_by_name
        return self.matches[0] if len(self.matches) == 1 and (by_postcode or by_place) else None

    @property
    def suggestion_hits(self) -> list[Hit]:
        return [Hit(a) for a in self.suggestions]


def _squash(name: str) -> str:
    return name.replace(" ", "")


def _district_matches(needle: str, district_name: str) -> bool:
    """The whole district name, or its beginning past the first word: 'eastbourne' finds
    Eastbourne and 'kings lynn' King's Lynn and West Norfolk, but 'north' alone does not find
    North Devon (it would bring in every county with a North-something district)."""
    if needle == district_name or _squash(needle) == _squash(district_name):
        return True
    first_word = district_name.split(" ", 1)[0]
    return len(_squash(needle)) > len(first_word) and _squash(district_name).startswith(
        _squash(needle)
    )


def _postcode_search(
    query: str, areas: list[Area], districts: list[District], index_path: Path | None = None
) -> SearchResult:
    result = SearchResult(
        query=query, matches=[], suggestions=[], postcode=postcodes.display(query)
    )
    try:
        code = postcodes.lookup(query, path=index_path)
        outside = code is None and postcodes.is_outside_england(query, path=index_path)
    except postcodes.IndexUnavailable:
        result.postcode_status = PostcodeStatus.UNAVAILABLE
        return result
    if code is None:
        result.postcode_status = (
            PostcodeStatus.OUTSIDE_ENGLAND if outside else PostcodeStatus.UNKNOWN
        )
        return result
    if not code.startswith(postcodes.ENGLAND_PREFIX):
        result.postcode_status = PostcodeStatus.OUTSIDE_ENGLAND
        return result
    district = next((d for d in districts if d.code == code), None)
    area = district and next((a for a in areas if a.pk == district.area_id), None)
    if area is None:
        result.postcode_status = PostcodeStatus.UNAVAILABLE
        return result
    result.postcode_status = PostcodeStatus.FOUND
    result.matches = [area]
    result.matched_district = {area.pk: district}
    return result


def search_areas(
    *,
    query: str,
    areas: list[Area] | None = None,
    districts: list[District] | None = None,
    postcode_index: Path | None = None,
    place_index: Path | None = None,
) -> SearchResult:
    """Find areas by name, local authority code, district name, town or village, or postcode.

    A name matches when the query is part of it, ignoring case, punctuation and spaces (a county
    abbreviation in ABBREVIATIONS stands for its name); a district name matches as
    `_district_matches` says, and counts as a match of the district's area; a town or village
    (the place index, `place_index`, by default `places.index_path()`) matches by its whole
    name, and counts as a match of each area it lies in. A query shaped like a full postcode is
    looked up instead (`postcode_index`, by default `postcodes.index_path()`). Suggestions are
    offered only when nothing matched and the query is no known place.

    Pure over `areas` and `districts` when both are given (two queries if neither is), in the
    areas' order; the postcode and place lookups read local files, not the database.
    """
    needle = normalise_name(query)
    if not needle:
        return SearchResult(query=query, matches=[], suggestions=[])
    areas = list(Area.objects.all()) if areas is None else areas
    districts = list(District.objects.all()) if districts is None else districts
    if postcodes.is_valid_format(query):
        return _postcode_search(query, areas, districts, postcode_index)
    needle = ABBREVIATIONS.get(needle, needle)
    named_districts = [(d, normalise_name(d.name)) for d in districts]
    result = _name_search(query, needle, areas, named_districts)
    _add_places(result, needle, areas, districts, place_index)
    if not result.matches and result.place_status in (None, PlaceStatus.UNAVAILABLE):
        result.suggestions = _suggest(needle, areas)
    return result


def _name_search(
    query: str, needle: str, areas: list[Area], named_districts: list[tuple[District, str]]
) -> SearchResult:
    squashed = _squash(needle)
    by_district: dict[int, District] = {}
    # An exact district name first, then by name: the one reported if several of an area's match.
    for district, name in sorted(named_districts, key=lambda dn: (dn[1] != needle, dn[1])):
        if _district_matches(needle, name):
            by_district.setdefault(district.area_id, district)

    matches, matched_district = [], {}
    for area in areas:
        name = normalise_name(area.name)
        by_name = needle in name or squashed in _squash(name) or needle == area.la_code
        district = by_district.get(area.pk)
        if by_name or district:
            matches.append(area)
            # Worth saying only when the area's own name is not what was asked for.
            if district and name not in (needle, normalise_name(district.name)):
                matched_district[area.pk] = district
    return SearchResult(
        query=query,
        matches=matches,
        suggestions=[],
        matched_district=matched_district,
        found_by_name=bool(matches),
    )


def _place_keys(needle: str) -> list[str]:
    """'st ives' and 'saint ives' are one name: the gazetteer spells places either way."""
    keys = [needle, SAINT.sub("st", needle), SAINT.sub("saint", needle)]
    return list(dict.fromkeys(keys))


def _add_places(
    result: SearchResult,
    needle: str,
    areas: list[Area],
    districts: list[District],
    path: Path | None,
) -> None:
    """Add to `result` the areas that the towns or villages called `needle` lie in."""
    try:
        found = [entry for key in _place_keys(needle) for entry in places.lookup(key, path=path)]
    except places.IndexUnavailable:
        result.place_status = PlaceStatus.UNAVAILABLE
        return
    english = [entry for entry in found if entry.in_england]
    result.place_countries = sorted({e.country for e in found if not e.in_england})
    result.places_in_england = len(english)
    if not found:
        return
    result.place = found[0].name if not english else english[0].name
    area_of = {d.code: d.area_id for d in districts}
    place_of: dict[int, str] = {}
    for entry in english:
        for code in entry.districts:
            if code in area_of:
                place_of.setdefault(area_of[code], entry.name)
    matched = {area.pk for area in result.matches}
    result.matches = [area for area in areas if area.pk in matched or area.pk in place_of]
    for area in result.matches:
        if area.pk not in matched and normalise_name(area.name) != needle:
            result.matched_place[area.pk] = place_of[area.pk]
    result.place_areas = len(place_of)
    if place_of:
        result.place_status = PlaceStatus.FOUND
    elif not english:
        result.place_status = PlaceStatus.OUTSIDE_ENGLAND


def _edits(a: str, b: str) -> int:
    """The optimal string alignment distance: letters changed, added, dropped or swapped."""
    previous, current = None, list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        before, previous, current = previous, current, [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
    return current[-1]


def _suggest(needle: str, areas: list[Area]) -> list[Area]:
    """Areas whose own name is a slip or two of typing from the query (see LONG_NAME). Not
    districts' names: a near district name ("Plymouth" for "Falmouth") is too often another
    place altogether."""
    allowed = 1 if len(_squash(needle)) < LONG_NAME else 2
    scored = []
    for area in areas:
        name = normalise_name(area.name)
        if abs(len(name) - len(needle)) <= allowed and (edits := _edits(needle, name)) <= allowed:
            scored.append((edits, name, area))
    return [area for _, _, area in sorted(scored, key=lambda s: s[:2])][:MAX_SUGGESTIONS]


class UnknownArea(ValueError):
    """A typed value names no area we hold, or several; the message says which, safe to show."""


MAX_NAME_LENGTH = 100  # longer than any area's name, district or code
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def areas_named(values: list[str]) -> list[Area]:
    """The areas that typed values mean, in the order given.

    Forms that pick areas take a text box rather than a list of every area, so they stay small
    however many areas there are. A value may be an area's address name ("southend-on-sea"), its
    name in any case or spacing, its local authority or ONS code, a district's name, a town or
    village, or a postcode; it must mean exactly one area. One query when every value is an
    address name (as in every link the site makes), otherwise three.
    """
    for value in values:
        if CONTROL_CHARACTERS.search(value):
            raise UnknownArea("An area’s name cannot contain control characters.")
        if len(value) > MAX_NAME_LENGTH:
            raise UnknownArea(f"An area’s name is at most {MAX_NAME_LENGTH} characters long.")
    by_slug = {area.slug: area for area in Area.objects.filter(slug__in=values)}
    if all(value in by_slug for value in values):
        return [by_slug[value] for value in values]
    areas = list(Area.objects.order_by("name"))
    districts = list(District.objects.all())
    return [by_slug.get(value) or _one_area(value, areas, districts) for value in values]


def _one_area(value: str, areas: list[Area], districts: list[District]) -> Area:
    needle = normalise_name(value)
    exact = [
        area
        for area in areas
        if needle and needle in (normalise_name(area.name), area.la_code, area.ons_code.casefold())
    ]
    if len(exact) == 1:
        return exact[0]
    result = search_areas(query=value, areas=areas, districts=districts)
    if len(result.matches) == 1:
        return result.matches[0]
    if result.matches:
        names = ", ".join(area.name for area in result.matches[:MAX_SUGGESTIONS])
        more = " and others" if len(result.matches) > MAX_SUGGESTIONS else ""
        raise UnknownArea(
            f"“{value.strip()}” could mean {names}{more}. Type more of the area’s name."
        )
    if result.place_status == PlaceStatus.OUTSIDE_ENGLAND:
        raise UnknownArea(
            f"{result.place} is in {' and '.join(result.place_countries)}, outside England: "
            "area SEND inspections cover England only."
        )
    suggestion = ""
    if result.suggestions:
        names = " or ".join(area.name for area in result.suggestions[:3])
        suggestion = f" Did you mean {names}?"
    raise UnknownArea(f"We hold no area called “{value.strip()}”.{suggestion}")
