"""The site's words in templates: dates in its named forms, "not stated", search messages.

Each date filter is the function of the same name in reports/wording.py, so a page, a chart and
a data note write a day the same way.
"""

from django import template

from reports import wording
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
