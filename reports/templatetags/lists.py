from django import template

from reports.search import highlighted

register = template.Library()


@register.filter
def get_label(form, name: str) -> str:
    field = form.fields.get(name)
    return field.label if field and field.label else name


@register.filter
def highlight(headline: str):
    """A search headline with <mark>s and nothing else unescaped."""
    return highlighted(headline)
