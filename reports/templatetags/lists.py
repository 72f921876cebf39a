from django import template

from reports.forms import printable as without_control_characters
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


@register.filter
def page_links(page_obj) -> list:
    """The page numbers to link: the first, the last and two each side of this one, with
    `Paginator.ELLIPSIS` between, so the links stay few however many pages there are."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    )


@register.filter
def printable(value) -> str:
    """What was typed, to show again in its box, without NUL or other control characters."""
    return without_control_characters("" if value is None else str(value))
