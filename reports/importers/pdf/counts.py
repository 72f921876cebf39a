"""The independent count: each section's items counted a second way, from pdfplumber's own
layout text and table finder rather than from our lines."""

import re
from collections.abc import Iterable

from reports.importers import text as clean
from reports.importers.pdf.items import ends_sentence
from reports.importers.pdf.layout import BULLETS, INDENT, PARAGRAPH_GAP
from reports.importers.pdf.record import (
    IMPROVEMENT,
    KINDS,
    PRIORITY_ACTION,
    STRENGTH,
    WEAKNESS,
    ParsedReport,
    ReportLayoutError,
)
from reports.importers.pdf.sections import (
    IMPROVE,
    PRIORITY,
    SECTION_OF_KIND,
    TABLE_HEADER,
    Section,
    squash,
)


def check_counts(pdf, sections: dict[str, Section], report: ParsedReport):
    """Count each section's items a second, independent way; any disagreement is an error.

    Bullets: lines of pdfplumber's layout text (like pdftotext -layout) that start with a glyph
    in the section's left-most glyph column. Numbered lists: lines that start with "N.". Other
    boxes and the priority actions: the rows pdfplumber's table finder sees (paragraphs of its
    text lines on a page where it finds no table), less header rows and a row at the top of a
    page that only continues the row before.
    """
    for kind in KINDS:
        heading = SECTION_OF_KIND[kind]
        if heading not in sections:
            continue
        section = sections[heading]
        layout = _layout_rows(pdf, section) if kind != PRIORITY_ACTION else []
        if kind in (STRENGTH, WEAKNESS):
            expected = _count_left_most(row for row in layout if row.strip()[:1] in BULLETS)
        elif kind == IMPROVEMENT and any(re.match(r"\s*\d{1,2}\.\s", row) for row in layout):
            expected = _count_left_most(row for row in layout if re.match(r"\s*\d{1,2}\.\s", row))
        else:
            expected = _count_table_rows(pdf, section, kind)
        if report.count(kind) != expected:
            raise ReportLayoutError(
                f"section {heading!r}: parsed {report.count(kind)} items but an independent "
                f"count finds {expected}"
            )


def _span(pdf, section: Section):
    """(page, top, bottom) for each page the section covers."""
    first, last = section.lines[0], section.lines[-1]
    for number in range(first.page, last.page + 1):
        page = pdf.pages[number - 1]
        top = first.top - 1 if number == first.page else 0
        bottom = last.bottom + 1 if number == last.page else page.height
        yield page, number, top, bottom


def _layout_rows(pdf, section: Section) -> list[str]:
    rows = []
    for page, _, top, bottom in _span(pdf, section):
        rows += page.crop((0, top, page.width, bottom)).extract_text(layout=True).splitlines()
    return rows


def _count_left_most(rows: Iterable[str]) -> int:
    indents = [len(row) - len(row.lstrip()) for row in rows]
    return sum(1 for indent in indents if indent <= min(indents) + 1) if indents else 0


def _count_table_rows(pdf, section: Section, kind: str) -> int:
    count = 0
    previous = ""  # the last cell of the row before
    first_page = section.lines[0].page
    for page, number, top, bottom in _span(pdf, section):
        for index, cells in enumerate(_table_rows_between(page, top, bottom)):
            if squash(" ".join(cells)) in TABLE_HEADERS:
                continue
            continues = (
                number != first_page
                and index == 0
                and (
                    not ends_sentence(previous)
                    or not cells[-1][:1].isupper()
                    or (kind == PRIORITY_ACTION and len(cells) < 2)
                )
            )
            count += not continues
            previous = cells[-1]
    return count


TABLE_HEADERS = {squash(IMPROVE), squash(f"{TABLE_HEADER} {PRIORITY}")}


def _table_rows_between(page, top: float, bottom: float) -> list[list[str]]:
    """The non-empty cells of each table row between top and bottom."""
    found = clean.table_page(page).find_tables()
    tables = [t for t in found if t.bbox[3] > top and t.bbox[1] < bottom]
    # A list of sub-points can look like a table of its own inside the real one.
    tables = [t for t in tables if not any(_inside(t.bbox, o.bbox) for o in tables if o is not t)]
    rows = []
    for table in sorted(tables, key=lambda t: t.bbox[1]):
        for row in table.extract():
            cells = [(cell or "").strip() for cell in row if (cell or "").strip()]
            if cells:
                rows.append(cells)
    if tables:
        return rows
    # No table: paragraphs, where pdfplumber's own text lines leave a gap wider than a line.
    lines = page.crop((0, top, page.width, bottom)).extract_text_lines()
    steps = sorted(b["top"] - a["top"] for a, b in zip(lines, lines[1:], strict=False))
    pitch = steps[len(steps) // 2] if steps else 0
    margin = min((line["x0"] for line in lines), default=0)
    for index, line in enumerate(lines):
        sub_point = line["x0"] > margin + INDENT or line["text"][:1] in BULLETS
        gap = index == 0 or line["top"] - lines[index - 1]["top"] > pitch * PARAGRAPH_GAP
        if gap and not sub_point:
            rows.append([line["text"]])
        elif rows:
            rows[-1] = [f"{rows[-1][0]} {line['text']}"]
    return rows


def _inside(inner: tuple, outer: tuple) -> bool:
    return all(inner[i] >= outer[i] - 1 for i in (0, 1)) and all(
        inner[i] <= outer[i] + 1 for i in (2, 3)
    )
