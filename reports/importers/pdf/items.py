"""The items of a section: bullets, the paragraphs of a boxed list, the rows of the priority
actions table.

In the two bulleted sections a bullet starts an item when it sits at the section's left-most
bullet position (sub-points sit further right); in the boxed lists (areas for improvement, the
priority actions table) an item starts at the box's left margin after a drawn rule, a numbered
label or a paragraph gap.
"""

import re
from dataclasses import dataclass, field

from reports.importers.pdf.layout import INDENT, PARAGRAPH_GAP, Line, Page
from reports.importers.pdf.record import ReportLayoutError
from reports.importers.pdf.sections import TABLE_HEADER, Section

NUMBER_LABEL = re.compile(r"^(\d{1,2})\.$")


def _lines_with_text(section: Section) -> list[Line]:
    """The section's lines, less any that hold nothing but a bullet glyph."""
    return [line for line in section.lines if line.without_glyph().words]


@dataclass
class Item:
    lines: list[Line] = field(default_factory=list)
    label: str = ""


def bulleted_items(section: Section) -> list[Item]:
    """Items that each start with a bullet at the section's left-most bullet position; lines
    further right, bulleted or not, belong to the item above. An item's own bullet is dropped;
    a sub-point keeps its glyph, as printed."""
    glyph_lines = [line for line in _lines_with_text(section) if line.glyph]
    if not glyph_lines:
        raise ReportLayoutError(f"no bullets under {section.heading!r}")
    left = min(line.x0 for line in glyph_lines)
    items: list[Item] = []
    for line in _lines_with_text(section):
        if line.glyph and line.x0 <= left + INDENT:
            items.append(Item([line.without_glyph()]))
        elif items:
            items[-1].lines.append(line)
        else:
            raise ReportLayoutError(
                f"text before the first bullet under {section.heading!r}: {line.text[:60]!r}"
            )
    return items


def _pitch(lines: list[Line]) -> float:
    """The usual distance from one line's top to the next within a paragraph."""
    steps = sorted(
        b.top - a.top
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and b.top > a.top
    )
    return steps[len(steps) // 4] if steps else 14.5


def _ruled_between(pages: dict[int, Page], above: Line, below: Line) -> bool:
    if above.page != below.page:
        return False
    return any(above.bottom - 1 < y < below.top + 1 for y in pages[below.page].rules)


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?"))


def boxed_items(section: Section, pages: dict[int, Page]) -> list[Item]:
    """The paragraphs of a boxed list. One starts at the box's left margin after a rule, after a
    paragraph gap, with a number ("1."), or at the top of a page if the page before ended a
    sentence. Sub-points, whatever their glyph or indent, belong to the paragraph above."""
    lines = _lines_with_text(section)
    body = [line for line in lines if not line.glyph]
    if not body:
        raise ReportLayoutError(f"nothing under {section.heading!r}")
    margin = min(line.x0 for line in body)
    pitch = _pitch(lines)
    items: list[Item] = []
    previous = None
    for line in lines:
        at_margin = abs(line.x0 - margin) <= INDENT and not line.glyph
        label = NUMBER_LABEL.match(line.words[0].text) if at_margin else None
        starts = at_margin and (
            previous is None
            or label is not None
            or _ruled_between(pages, previous, line)
            or (previous.page == line.page and line.top - previous.top > pitch * PARAGRAPH_GAP)
            or (
                previous.page != line.page
                and ends_sentence(previous.text)
                and line.text[:1].isupper()
            )
        )
        previous = line
        if starts:
            items.append(Item(label=label.group(1) if label else ""))
            if label:  # the number is the item's order, not its text
                line = Line(line.page, line.words[1:])
        elif not items:
            raise ReportLayoutError(f"{section.heading!r} does not start at its left margin")
        items[-1].lines.append(line)
    labels = [item.label for item in items]
    if any(labels) and labels != [str(n) for n in range(1, len(items) + 1)]:
        raise ReportLayoutError(f"{section.heading!r} is numbered {labels}, not 1 to {len(items)}")
    return items


@dataclass
class Row:
    body: list[Line] = field(default_factory=list)
    action: list[Line] = field(default_factory=list)

    @property
    def page(self) -> int:
        return (self.action or self.body)[0].page


def table_rows(section: Section, pages: dict[int, Page]) -> list[Row]:
    """The rows of the table "Responsible body | Areas for priority action". A row starts
    where a rule crosses both columns, or at the top of a page if the row before ended a
    sentence and both columns start afresh; sub-points stay in their row."""
    lines = _lines_with_text(section)
    header = next((line for line in lines if line.text.startswith(TABLE_HEADER)), None)
    if header is None:
        raise ReportLayoutError(f"no {TABLE_HEADER!r} table under {section.heading!r}")
    second = [w.x0 for w in header.words if w.x0 > header.x0 + 50 and w.text.startswith("Area")]
    if not second:
        raise ReportLayoutError(f"the {TABLE_HEADER!r} table has no second column")
    boundary = second[0] - INDENT
    rows: list[Row] = []
    previous = None
    for line in lines[lines.index(header) + 1 :]:
        body, action = line.split(boundary)
        new_page = previous is not None and previous.page != line.page
        starts = bool(body.words) and (
            previous is None
            or _ruled_between(pages, previous, line)
            or (
                new_page
                and bool(action.words)
                and bool(rows[-1].action)
                and ends_sentence(rows[-1].action[-1].text)
                and action.text[:1].isupper()
            )
        )
        previous = line
        if starts:
            rows.append(Row())
        elif not rows:
            raise ReportLayoutError(f"the {TABLE_HEADER!r} table does not start with a row")
        if body.words:
            rows[-1].body.append(body)
        if action.words:
            rows[-1].action.append(action)
    if any(not row.action or not row.body for row in rows):
        raise ReportLayoutError(f"a row of the {TABLE_HEADER!r} table has an empty column")
    return rows
