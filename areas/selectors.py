import difflib
import re
import unicodedata
from dataclasses import dataclass

from .models import Area

NON_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")


def normalise_name(text: str) -> str:
    """'Southend-on-Sea', 'southend on sea' and 'SOUTHEND  ON SEA!' all become 'southend on sea'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    text = text.replace("&", " and ")
    return NON_ALPHANUMERIC.sub(" ", text).strip()


@dataclass
class SearchResult:
    query: str
    matches: list[Area]
    suggestions: list[Area]


def search_areas(*, query: str, areas: list[Area] | None = None) -> SearchResult:
    """Match an area by name (ignoring case and punctuation) or local authority code."""
    needle = normalise_name(query)
    if not needle:
        return SearchResult(query=query, matches=[], suggestions=[])
    areas = list(Area.objects.all()) if areas is None else areas
    squashed = needle.replace(" ", "")
    matches = [
        area
        for area in areas
        if needle in normalise_name(area.name)
        or squashed in normalise_name(area.name).replace(" ", "")
        or needle == area.la_code
    ]
    suggestions = []
    if not matches:
        by_name = {normalise_name(area.name): area for area in areas}
        close = difflib.get_close_matches(needle, list(by_name), n=5, cutoff=0.6)
        suggestions = [by_name[name] for name in close]
    return SearchResult(query=query, matches=matches, suggestions=suggestions)
