"""The compare page's cells that depend on the data's date, which the page has and the
comparison does not (reports/selectors/compare.py decides their words)."""

from django import template

register = template.Library()


@register.filter
def monitoring_cell(compared, as_of):
    return compared.monitoring_cell(as_of)


@register.filter
def full_cell(compared, as_of):
    return compared.full_cell(as_of)
