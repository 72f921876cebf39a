from dataclasses import dataclass

from django import template
from django.core.exceptions import NON_FIELD_ERRORS

from reports.filters import AreaBoxes
from reports.forms import printable as without_control_characters
from reports.search import highlighted

register = template.Library()


@register.filter
def error_messages(filterset) -> list[tuple[str, str]]:
    """An invalid filter form's errors as (field name, message), each message led by its field's
    label; errors of the form as a whole stand alone."""
    form = filterset.form
    messages = []
    for name, errors in filterset.errors.items():
        field = form.fields.get(name)
        label = field.label if field and field.label else name
        for error in errors:
            error = printable(error)
            messages.append((name, error if name == NON_FIELD_ERRORS else f"{label}: {error}"))
    return messages


@dataclass(frozen=True)
class FieldWidget:
    """How govuk_field.html draws a filter field, from its widget's input type."""

    checkboxes: bool
    text_boxes: bool  # AreaBoxes: a text box per area
    select: bool
    input_type: str  # of an <input>; numbers are text boxes, as GOV.UK advises
    numeric: bool  # a number: the phone's keyboard shows digits


@register.filter
def field_widget(field) -> FieldWidget:
    kind = getattr(field.field.widget, "input_type", "")
    return FieldWidget(
        checkboxes=kind == "checkbox",
        text_boxes=kind == AreaBoxes.input_type,
        select=kind == "select",
        input_type="text" if kind == "number" else kind or "text",
        numeric=kind == "number",
    )


@register.filter
def offered(field) -> list[tuple]:
    """A choice field's options to show, each with the rows it would give in the current view
    (None: not counted). A list's view counts its facets into `form.facets` (the field's
    (shown, in all the data) by option value): an option no row has at all is left out, unless
    it is chosen."""
    facet = getattr(field.form, "facets", {}).get(field.name)
    options = []
    for option in field:
        value = str(option.data["value"])
        if facet is None or value == "":
            options.append((option, None))
            continue
        shown, total = facet.get(value, (0, 0))
        if total or option.data["selected"]:
            options.append((option, shown))
    return options


@register.filter
def area_boxes(field) -> list[tuple[str, str, str]]:
    """An AreasField's text boxes as (id, label, value): "Area 1", "Area 2", then "Add another
    area" for the empty last box, or "Area name or code" when that is the only box."""
    boxes = field.boxes
    found = []
    for n, value in enumerate(boxes, start=1):
        if n < len(boxes):
            label = f"Area {n}"
        else:
            label = "Area name or code" if n == 1 else "Add another area"
        found.append((field.html_name if n == 1 else f"{field.html_name}-{n}", label, value))
    return found


@dataclass(frozen=True)
class SortHeader:
    key: str  # the `sort` value that sorts by this column, ascending
    label: str
    aria_sort: str  # "ascending" or "descending" for the column the list is sorted by, else ""
    next_sort: str  # what a click on the header asks for: the current column turns round


@register.filter
def sort_headers(columns: list[tuple[str, str]], current: str) -> list[SortHeader]:
    """A table's sortable headers, from (key, label) pairs and the `sort` asked for."""
    headers = []
    for key, label in columns:
        ascending, descending = current == key, current == f"-{key}"
        aria = "ascending" if ascending else "descending" if descending else ""
        headers.append(SortHeader(key, label, aria, f"-{key}" if ascending else key))
    return headers


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
