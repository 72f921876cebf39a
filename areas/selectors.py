import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import postcodes
from .models import Area, District

NON_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
# How alike (difflib's ratio) a name must be to be offered as "did you mean": "Cornwell" finds
# Cornwall (0.88) and "Kemt" Kent (0.75), but "Kent" does not find Brent (0.67).
SUGGESTION_CUTOFF = 0.75
MAX_SUGGESTIONS = 5


def normalise_name(text: str) -> str:
    """'Southend-on-Sea', 'southend on sea' and 'SOUTHEND  ON SEA!' all become 'southend on sea'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    text = text.replace("&", " and ")
    return NON_ALPHANUMERIC.sub(" ", text).strip()


class PostcodeStatus:
    """What a postcode-shaped query found: `SearchResult.postcode_status` is one of these, or None
    when the query is not shaped like a postcode."""

    FOUND = "found"  # in the directory, in an English district: `matches` holds its area
    UNKNOWN = "unknown"  # shaped like a postcode but not in the directory
    OUTSIDE_ENGLAND = "outside_england"  # in Scotland, Wales, Northern Ireland or the islands
    UNAVAILABLE = "unavailable"  # the postcode index or the districts are not loaded


@dataclass(frozen=True)
class Hit:
    area: Area
    district: District | None = None  # the district through which the query found the area


@dataclass
class SearchResult:
    query: str
    matches: list[Area]
    suggestions: list[Area]
    # area pk -> the district whose name or postcode found it (for "Cambridgeshire, which includes
    # Cambridge"); empty when the area was found by its own name.
    matched_district: dict[int, District] = field(default_factory=dict)
    suggested_district: dict[int, District] = field(default_factory=dict)
    postcode: str = ""  # the query as a postcode ("CB2 1TN") when it is shaped like one
    postcode_status: str | None = None  # a PostcodeStatus value, or None if not a postcode

    @property
    def match_hits(self) -> list[Hit]:
        return [Hit(a, self.matched_district.get(a.pk)) for a in self.matches]

    @property
    def suggestion_hits(self) -> list[Hit]:
        return [Hit(a, self.suggested_district.get(a.pk)) for a in self.suggestions]


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
) -> SearchResult:
    """Find areas by name, local authority code, district name or postcode.

    A name matches when the query is part of it, ignoring case, punctuation and spaces; a district
    name matches as `_district_matches` says, and counts as a match of the district's area. A
    query shaped like a full postcode is looked up instead (`postcode_index` is the index file,
    by default `postcodes.index_path()`). Suggestions are offered only when nothing matched.

    Pure over `areas` and `districts` when both are given (two queries if neither is), in the
    areas' order; the postcode lookup reads a local file, not the database.
    """
    needle = normalise_name(query)
    if not needle:
        return SearchResult(query=query, matches=[], suggestions=[])
    areas = list(Area.objects.all()) if areas is None else areas
    districts = list(District.objects.all()) if districts is None else districts
    if postcodes.is_valid_format(query):
        return _postcode_search(query, areas, districts, postcode_index)

    squashed = _squash(needle)
    names = [normalise_name(area.name) for area in areas]
    area_name = {area.pk: name for area, name in zip(areas, names, strict=True)}
    named_districts = [(d, normalise_name(d.name)) for d in districts]
    by_district: dict[int, District] = {}
    # An exact district name first, then by name: the one reported if several of an area's match.
    for district, name in sorted(named_districts, key=lambda dn: (dn[1] != needle, dn[1])):
        if _district_matches(needle, name):
            by_district.setdefault(district.area_id, district)

    matches, matched_district = [], {}
    for area, name in zip(areas, names, strict=True):
        by_name = needle in name or squashed in _squash(name) or needle == area.la_code
        district = by_district.get(area.pk)
        if by_name or district:
            matches.append(area)
            # Worth saying only when the area's own name is not what was asked for.
            if district and name not in (needle, normalise_name(district.name)):
                matched_district[area.pk] = district
    if matches:
        return SearchResult(
            query=query, matches=matches, suggestions=[], matched_district=matched_district
        )
    return _suggest(query, needle, areas, area_name, named_districts)


def _suggest(
    query: str,
    needle: str,
    areas: list[Area],
    area_name: dict[int, str],
    named_districts: list[tuple[District, str]],
) -> SearchResult:
    """Areas whose name, or one of whose districts' names, is spelt close to the query."""
    by_pk = {area.pk: area for area in areas}
    scores: dict[int, tuple[float, District | None]] = {}
    matcher = difflib.SequenceMatcher(b=needle)

    def consider(pk: int, name: str, district: District | None):
        matcher.set_seq1(name)
        if (
            matcher.real_quick_ratio() >= SUGGESTION_CUTOFF
            and matcher.quick_ratio() >= SUGGESTION_CUTOFF
            and (score := matcher.ratio()) >= SUGGESTION_CUTOFF
            and score > scores.get(pk, (0.0, None))[0]
        ):
            scores[pk] = (score, district)

    for pk, name in area_name.items():
        consider(pk, name, None)
    for district, name in named_districts:
        if district.area_id in by_pk and name != area_name[district.area_id]:
            consider(district.area_id, name, district)
    best = sorted(scores, key=lambda pk: (-scores[pk][0], area_name[pk]))[:MAX_SUGGESTIONS]
    return SearchResult(
        query=query,
        matches=[],
        suggestions=[by_pk[pk] for pk in best],
        suggested_district={pk: scores[pk][1] for pk in best if scores[pk][1]},
    )


class UnknownArea(ValueError):
    """A typed value names no area we hold, or several; the message says which, safe to show."""


MAX_NAME_LENGTH = 100  # longer than any area's name, district or code
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def areas_named(values: list[str]) -> list[Area]:
    """The areas that typed values mean, in the order given.

    Forms that pick areas take a text box rather than a list of every area, so they stay small
    however many areas there are. A value may be an area's address name ("southend-on-sea"), its
    name in any case or spacing, its local authority or ONS code, a district's name or a postcode;
    it must mean exactly one area. One query when every value is an address name (as in every
    link the site makes), otherwise three.
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
    suggestion = ""
    if result.suggestions:
        names = " or ".join(area.name for area in result.suggestions[:3])
        suggestion = f" Did you mean {names}?"
    raise UnknownArea(f"We hold no area called “{value.strip()}”.{suggestion}")
