"""The site's words in templates: dates in its named forms, "not stated", search messages.

Each date filter is the function of the same name in reports/wording.py, so a page, a chart and
a data note write a day the same way.
"""

from django import template

from areas.selectors import PlaceStatus
from reports import vocabulary, wording
from reports.vocabulary import NOT_STATED, POSTCODE_PROBLEMS

register = template.Library()


@register.filter
def long_date(day) -> str:
    """{{ inspection.published|long_date }}: '5 June 2024'."""
    return wording.long_date(day)


@register.filter
def short_date(day) -> str:
    """'5 Jun 2024', for narrow table columns of dates."""
    return wording.short_date(day)


@register.filter
def month_year(day) -> str:
    """'June 2024', where the month says enough."""
    return wording.month_year(day)


@register.inclusion_tag("includes/not_stated.html")
def not_stated(what: str = NOT_STATED) -> dict:
    """{% not_stated %}, or {% not_stated "not known" %}: what a source leaves unsaid, marked."""
    return {"what": what}


@register.filter
def postcode_problem(search) -> str:
    """Why a postcode-shaped search found no area to go to, or "" if nothing went wrong."""
    problem = POSTCODE_PROBLEMS.get(search.postcode_status, "")
    return problem.format(postcode=search.postcode)


@register.filter
def place_note(search) -> str:
    """What a search that a town or village name answered needs to say, or "": that the place is
    outside England, that several places or areas answer it, or that places cannot be searched."""
    countries = " and ".join(search.place_countries)
    words = {"place": search.place, "countries": countries}
    if search.place_status == PlaceStatus.OUTSIDE_ENGLAND:
        return vocabulary.OUTSIDE_ENGLAND_PLACE.format(**words)
    if search.place_status == PlaceStatus.UNAVAILABLE:
        return "" if search.matches else vocabulary.PLACES_UNAVAILABLE
    if search.place_status != PlaceStatus.FOUND:
        return ""
    notes = []
    if search.places_in_england > 1 and search.place_areas > 1:
        notes.append(vocabulary.PLACES_OF_ONE_NAME.format(**words))
    elif search.place_areas > 1:
        notes.append(vocabulary.PLACE_ACROSS_BOUNDARY.format(**words))
    if countries:
        notes.append(vocabulary.ALSO_OUTSIDE_ENGLAND.format(**words))
    return " ".join(notes)
