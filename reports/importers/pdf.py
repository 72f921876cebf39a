"""Read an Ofsted and CQC area SEND inspection report (PDF) into its facts and cited findings.

pdfplumber gives the words and their positions; the layout does the rest. The running footer is
cut off each page; a section runs from its heading to the next heading; in the two bulleted
sections a bullet starts an item when it sits at the section's left-most bullet position
(sub-points sit further right); in the boxed lists (areas for improvement, the priority actions
table) an item starts at the box's left margin after a drawn rule, a numbered label or a
paragraph gap. Each section's count is then checked by an independent reading
(`check_counts`), and every finding's text must occur in the report's extracted text after the
shared clean-up (`reports.importers.text`).

Pure Python: no database, so reports can be parsed (and tested) without one.
"""

import csv
import hashlib
import json
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

import pdfplumber
from pdfplumber.utils import cluster_objects

from reports.importers import text as clean
from reports.themes import assign_themes

STRENGTH = "strength"
WEAKNESS = "weakness"
IMPROVEMENT = "improvement"
PRIORITY_ACTION = "priority_action"
KINDS = [STRENGTH, WEAKNESS, IMPROVEMENT, PRIORITY_ACTION]
# A short citation for each kind: "strengths, bullet 3".
LOCATION = {
    STRENGTH: "strengths, bullet",
    WEAKNESS: "needs to do better, bullet",
    IMPROVEMENT: "areas for improvement, item",
    PRIORITY_ACTION: "priority actions, row",
}
PROGRESS = {
    STRENGTH: "strengths",
    WEAKNESS: "weaknesses",
    IMPROVEMENT: "areas for improvement",
    PRIORITY_ACTION: "priority actions",
}

POSITIVE, INCONSISTENT, SYSTEMIC = "positive", "inconsistent", "systemic"
OUTCOME_WORDING = {
    POSITIVE: "typically lead to positive experiences",
    INCONSISTENT: "lead to inconsistent experiences",
    SYSTEMIC: "widespread and/or systemic failings",
}

# Section headings as printed; compared without spaces, as one report prints "Are as for …".
OUTCOME = "Inspection outcome"
ABOUT_AREA = "Information about the local area partnership"
LIKE_TO_BE = "What is it like to be a child or young person with SEND in this area?"
LIKE_TO_BE_LONG = (
    "What is it like to be a child or young person with special educational needs "
    "and/or disabilities (SEND) in this area?"
)
EFFECTIVE = "What is the area partnership doing that is effective?"
BETTER = "What does the area partnership need to do better?"
PRIORITY = "Areas for priority action"
IMPROVE = "Areas for improvement"
DETAILS = "Local area partnership details"
ABOUT_INSPECTION = "Information about this inspection"
HEADINGS = [
    OUTCOME,
    ABOUT_AREA,
    LIKE_TO_BE,
    EFFECTIVE,
    BETTER,
    PRIORITY,
    IMPROVE,
    DETAILS,
    ABOUT_INSPECTION,
]
SECTION_OF_KIND = {
    STRENGTH: EFFECTIVE,
    WEAKNESS: BETTER,
    IMPROVEMENT: IMPROVE,
    PRIORITY_ACTION: PRIORITY,
}
TABLE_HEADER = "Responsible body"

BULLETS = "◼▪•"
NUMBER_LABEL = re.compile(r"^(\d{1,2})\.$")
FOOTER = re.compile(r"^(?:Area SEND )?[Ii]nspection report:")
TITLE = re.compile(r"^Area SEND inspection of (?:the )?(?P<name>.+)$")
PARTNERSHIP = re.compile(r"\s+Local Area Partnership$", re.IGNORECASE)
DATES = re.compile(
    rf"^(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{clean.MONTH}))?(?:\s+(?P<y1>\d{{4}}))?"
    rf"\s+to\s+(?P<d2>\d{{1,2}})\s+(?P<m2>{clean.MONTH})\s+(?P<y2>\d{{4}})$"
)
INSPECTION_DATES = re.compile(r"^Inspection dates?:\s*")
PREVIOUS = re.compile(r"^Dates? of previous inspections?:\s*")
WILL = r"will (?:be carried out|take place|be)"
NEXT_MONITORING = re.compile(rf"A monitoring inspection {WILL} (within [^.]+?)\.")
NEXT_FULL = re.compile(
    rf"The next full (?:[Aa]rea SEND )?(?:re)?inspection {WILL} (within [^.]+?)\."
)

# Geometry, in PDF points (1/72 inch). Body text is 12pt, with about 14.5 from line to line.
LINE_TOLERANCE = 3  # words whose tops differ by less share a line (pdfplumber's default)
INDENT = 6  # a bullet further right than this from the section's first bullets is a sub-point
PARAGRAPH_GAP = 1.35  # a gap of more than this many lines starts a new paragraph
HEADING_SIZE = 13.5  # one report prints a heading at heading size but not in bold
FOOTER_ZONE = 0.85  # running footers sit in the bottom 15% of the page
RULE_THICKNESS = 1.5
RULE_WIDTH = 100  # narrower rules are underlines or cell corners, not row borders


class ReportLayoutError(Exception):
    """The PDF is not an area SEND report in a layout this parser knows; nothing is imported."""


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str
    size: float

    @property
    def bold(self) -> bool:
        return "bold" in self.font.lower()


@dataclass
class Line:
    page: int
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def bold(self) -> bool:
        return all(word.bold for word in self.words)

    @property
    def size(self) -> float:
        return max(word.size for word in self.words)

    @property
    def glyph(self) -> str:
        first = self.words[0].text if self.words else ""
        return first[:1] if first[:1] in BULLETS else ""

    def without_glyph(self) -> "Line":
        if not self.glyph:
            return self
        first, *rest = self.words
        stripped = first.text[1:].lstrip()
        if stripped:
            rest.insert(0, replace(first, text=stripped))
        return Line(self.page, rest)

    def split(self, x: float) -> tuple["Line", "Line"]:
        """The words left of x and those right of it: the two columns of a table."""
        left = [word for word in self.words if word.x0 < x]
        right = [word for word in self.words if word.x0 >= x]
        return Line(self.page, left), Line(self.page, right)


@dataclass
class Page:
    number: int
    lines: list[Line]
    rules: list[float]  # the y of each horizontal rule: box and table borders


@dataclass(frozen=True)
class Finding:
    kind: str
    order: int
    page: int
    section: str
    text: str
    responsible_body: str = ""

    @property
    def location(self) -> str:
        return f"{LOCATION[self.kind]} {self.order}"


@dataclass
class ParsedReport:
    file: str
    area_name: str
    area_name_as_printed: str
    dates_as_stated: str
    start_date: date
    end_date: date
    previous_as_stated: str
    published: date | None  # reports do not print it: the manifest gives it
    outcome: str
    outcome_text: str
    next_monitoring: str
    next_full: str
    findings: list[Finding] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for finding in self.findings if finding.kind == kind)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


HEADING_KEYS = {_squash(h): h for h in HEADINGS} | {_squash(LIKE_TO_BE_LONG): LIKE_TO_BE}


# --- Reading the pages ---------------------------------------------------------------------


def _words(page) -> list[Word]:
    return [
        Word(
            text=raw["text"],
            x0=raw["x0"],
            x1=raw["x1"],
            top=raw["top"],
            bottom=raw["bottom"],
            font=raw["chars"][-1]["fontname"],
            size=round(max(char["size"] for char in raw["chars"]), 1),
        )
        for raw in page.extract_words(return_chars=True)
    ]


def _lines(number: int, words: list[Word]) -> list[Line]:
    """Words grouped into lines as pdfplumber's extract_text groups them, so the texts agree."""
    clusters = cluster_objects(words, lambda word: word.top, LINE_TOLERANCE)
    lines = [Line(number, sorted(cluster, key=lambda word: word.x0)) for cluster in clusters]
    return sorted(lines, key=lambda line: line.top)


def _cut_footer(lines: list[Line], height: float) -> list[Line]:
    """Drop the running footer, and the dates and page number under it."""
    for index, line in enumerate(lines):
        if line.top > height * FOOTER_ZONE and FOOTER.match(line.text):
            return lines[:index]
    return lines


def _rules(page) -> list[float]:
    """Thin dark rectangles and lines, at least a column wide. Reports also paint white
    rectangles behind lines of text, whose edges are not rules."""
    rules = {
        round(rect["top"], 1)
        for rect in page.rects
        if rect["height"] <= RULE_THICKNESS and rect["width"] > RULE_WIDTH and clean.is_dark(rect)
    }
    rules.update(
        round(line["top"], 1)
        for line in page.lines
        if line["height"] <= RULE_THICKNESS and line["width"] > RULE_WIDTH
    )
    return sorted(rules)


def read_pages(pdf) -> list[Page]:
    return [
        Page(number, _cut_footer(_lines(number, _words(page)), page.height), _rules(page))
        for number, page in enumerate(pdf.pages, 1)
    ]


# --- Text ----------------------------------------------------------------------------------


def join_lines(lines: Iterable[Line], vocabulary: clean.Vocabulary) -> str:
    """An item's lines as one string with single spaces. A word broken by a line-end hyphen is
    joined again; a compound ("multi-agency") keeps its hyphen (see text.Vocabulary)."""
    text = ""
    for line in lines:
        part = line.text.strip()
        if not part:
            continue
        left = re.search(rf"({clean.LETTERS})-$", text)
        right = re.match(clean.LETTERS, part)
        if not text:
            text = part
        elif left and right:
            joined = vocabulary.join_break(left.group(1), right.group(0))
            text = (text[:-1] if joined else text) + part
        else:
            text += " " + part
    return clean.fold(text)


# --- Sections ------------------------------------------------------------------------------


@dataclass
class Section:
    heading: str
    lines: list[Line]


def _heading(line: Line) -> str:
    if not line.words or not (line.bold or line.size >= HEADING_SIZE):
        return ""
    return HEADING_KEYS.get(_squash(line.text), "")


def split_sections(pages: list[Page]) -> dict[str, Section]:
    """Each known heading's lines, up to the next heading. A heading may wrap onto a second
    line; one printed twice in a row (the section's heading, then the same words heading its
    box) counts once."""
    lines = [line for page in pages for line in page.lines]
    sections: dict[str, Section] = {}
    current = None
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        heading = _heading(line)
        if not heading and line.bold and index < len(lines):
            heading = _heading(Line(line.page, line.words + lines[index].words))
            index += bool(heading)
        if not heading:
            if current is not None:
                current.lines.append(line)
        elif current is not None and current.heading == heading and not current.lines:
            continue
        elif heading in sections:
            raise ReportLayoutError(f"the heading {heading!r} appears twice")
        else:
            current = sections[heading] = Section(heading, [])
    return sections


# --- Items ---------------------------------------------------------------------------------


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


def _ends_sentence(text: str) -> bool:
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
                and _ends_sentence(previous.text)
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
                and _ends_sentence(rows[-1].action[-1].text)
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


# --- Page 1 and the outcome box ------------------------------------------------------------


def parse_dates(stated: str) -> tuple[date, date]:
    """'18 to 22 November 2024', '29 April to 3 May 2024', '27 March 2023 to 31 March 2023'."""
    match = DATES.match(stated)
    if not match:
        raise ReportLayoutError(f"inspection dates {stated!r} are not 'D [Month] to D Month YYYY'")
    d = match.groupdict()
    end = datetime.strptime(f"{d['d2']} {d['m2']} {d['y2']}", "%d %B %Y").date()
    start_text = f"{d['d1']} {d['m1'] or d['m2']} {d['y1'] or d['y2']}"
    start = datetime.strptime(start_text, "%d %B %Y").date()
    if end < start:
        raise ReportLayoutError(f"inspection dates {stated!r} end before they start")
    return start, end


def _front_page(page: Page, vocabulary: clean.Vocabulary) -> dict:
    lines = page.lines

    def find(test) -> int:
        return next((i for i, line in enumerate(lines) if test(line)), -1)

    dates_at = find(lambda line: INSPECTION_DATES.match(line.text))
    previous_at = find(lambda line: PREVIOUS.match(line.text))
    outcome_at = find(lambda line: _heading(line) == OUTCOME)
    if not 0 < dates_at < previous_at < outcome_at:
        raise ReportLayoutError(
            "page 1 lacks 'Inspection dates', the previous inspection or 'Inspection outcome'"
        )
    title = TITLE.match(join_lines([li for li in lines[:dates_at] if li.size >= 14], vocabulary))
    if not title:
        raise ReportLayoutError("page 1 has no title 'Area SEND inspection of …'")
    as_printed = title.group("name")
    stated = INSPECTION_DATES.sub("", join_lines(lines[dates_at:previous_at], vocabulary))
    start, end = parse_dates(stated)
    return {
        "area_name": PARTNERSHIP.sub("", as_printed),
        "area_name_as_printed": as_printed,
        "dates_as_stated": stated,
        "start_date": start,
        "end_date": end,
        "previous_as_stated": PREVIOUS.sub(
            "", join_lines(lines[previous_at:outcome_at], vocabulary)
        ),
    }


def _outcome(section: Section, vocabulary: clean.Vocabulary) -> dict:
    text = join_lines(section.lines, vocabulary)
    found = [outcome for outcome, wording in OUTCOME_WORDING.items() if wording in text]
    if len(found) != 1:
        raise ReportLayoutError(f"the outcome paragraph names {len(found)} outcomes: {text[:80]!r}")
    monitoring = NEXT_MONITORING.search(text)
    full = NEXT_FULL.search(text)
    if not full:
        raise ReportLayoutError("the outcome paragraph does not say when the next inspection is")
    return {
        "outcome": found[0],
        "outcome_text": text,
        "next_monitoring": monitoring.group(1) if monitoring else "",
        "next_full": full.group(1),
    }


# --- The independent count -----------------------------------------------------------------


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
            if _squash(" ".join(cells)) in TABLE_HEADERS:
                continue
            continues = (
                number != first_page
                and index == 0
                and (
                    not _ends_sentence(previous)
                    or not cells[-1][:1].isupper()
                    or (kind == PRIORITY_ACTION and len(cells) < 2)
                )
            )
            count += not continues
            previous = cells[-1]
    return count


TABLE_HEADERS = {_squash(IMPROVE), _squash(f"{TABLE_HEADER} {PRIORITY}")}


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


# --- Putting it together -------------------------------------------------------------------


def parse_report(path: Path | str) -> ParsedReport:
    """Parse one report; raises ReportLayoutError("<file>: <why>") for anything unrecognised."""
    path = Path(path)
    try:
        return _parse(path)
    except ReportLayoutError as error:
        raise ReportLayoutError(f"{path.name}: {error}") from None


def _parse(path: Path) -> ParsedReport:
    try:
        pdf = pdfplumber.open(path)
        pages = read_pages(pdf)
        full_text = clean.pdf_text(pdf)
    except Exception as error:  # pdfminer raises many kinds for a damaged or foreign file
        raise ReportLayoutError(f"not a readable PDF ({type(error).__name__}: {error})") from None
    with pdf:
        prepared = clean.prepare(full_text)
        if "area send inspection" not in prepared.lower():
            raise ReportLayoutError("not an area SEND inspection report")
        vocabulary = clean.Vocabulary(prepared)
        sections = split_sections(pages)
        missing = [h for h in (OUTCOME, EFFECTIVE, BETTER, IMPROVE) if h not in sections]
        if missing:
            raise ReportLayoutError(f"no section {', '.join(map(repr, missing))}")
        report = ParsedReport(
            file=path.name,
            published=None,
            **_front_page(pages[0], vocabulary),
            **_outcome(sections[OUTCOME], vocabulary),
        )
        if (PRIORITY in sections) != (report.outcome == SYSTEMIC):
            raise ReportLayoutError("priority actions go with, and only with, systemic failings")
        by_number = {page.number: page for page in pages}
        for kind in KINDS:
            section = sections.get(SECTION_OF_KIND[kind])
            if section is None:
                continue
            if kind == PRIORITY_ACTION:
                parts = [
                    (row.page, row.action, join_lines(row.body, vocabulary))
                    for row in table_rows(section, by_number)
                ]
            else:
                items = (
                    bulleted_items(section)
                    if kind in (STRENGTH, WEAKNESS)
                    else boxed_items(section, by_number)
                )
                parts = [(item.lines[0].page, item.lines, "") for item in items]
            for order, (page, lines, body) in enumerate(parts, 1):
                text = join_lines(lines, vocabulary)
                report.findings.append(Finding(kind, order, page, section.heading, text, body))
        check_counts(pdf, sections, report)
        check_verbatim(report, clean.normalise(full_text))
    return report


def check_verbatim(report: ParsedReport, text: str):
    """Every finding, and the outcome wording, occurs in the report's normalised text."""
    quotes = [(f"{f.section!r} item {f.order}", f.text) for f in report.findings]
    quotes.append(("the outcome wording", report.outcome_text))
    for name, quote in quotes:
        if not quote:
            raise ReportLayoutError(f"{name} is empty")
        if clean.normalise(quote) not in text:
            raise ReportLayoutError(f"{name} does not occur in the report's text: {quote[:80]!r}")


# --- Ingestion: one JSON file per report ---------------------------------------------------


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """MANIFEST.csv's rows by file name ({} if the folder has none)."""
    path = folder / "MANIFEST.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def report_data(path: Path, report: ParsedReport, manifest_row: dict[str, str]) -> dict:
    """The JSON-ready record of one report: nothing in it depends on when it was made."""
    published = report.published or date.fromisoformat(manifest_row["published"])
    if published < report.end_date:
        raise ReportLayoutError(f"{path.name}: published {published} before the inspection ended")
    return {
        "file": f"reports/{path.name}",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "urn": manifest_row["urn"],
        "manifest_name": manifest_row["local_authority"],
        "area_name": report.area_name,
        "area_name_as_printed": report.area_name_as_printed,
        "published": published.isoformat(),
        "inspection": {
            "start_date": report.start_date.isoformat(),
            "end_date": report.end_date.isoformat(),
            "dates_as_stated": report.dates_as_stated,
            "previous_as_stated": report.previous_as_stated,
            "outcome": report.outcome,
            "outcome_text": report.outcome_text,
            "next_monitoring": report.next_monitoring,
            "next_full": report.next_full,
        },
        "findings": [
            {
                "kind": finding.kind,
                "order": finding.order,
                "page": finding.page,
                "section": finding.section,
                "location": finding.location,
                "text": finding.text,
                "responsible_body": finding.responsible_body,
                "themes": assign_themes(finding.text),
            }
            for finding in report.findings
        ],
    }


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def progress(report: ParsedReport) -> str:
    counts = ", ".join(f"{report.count(kind)} {PROGRESS[kind]}" for kind in KINDS)
    return f"{report.file}: {counts}"


def ingest_one(path: Path) -> tuple[str, str | None, str]:
    """(file name, JSON text or None, progress line or error). For a process pool."""
    try:
        report = parse_report(path)
        row = read_manifest(path.parent).get(path.name)
        if row is None:
            raise ReportLayoutError(f"{path.name}: not listed in {path.parent / 'MANIFEST.csv'}")
        return path.name, to_json(report_data(path, report, row)), progress(report)
    except ReportLayoutError as error:
        return path.name, None, str(error)


def find_pdfs(paths: list[Path]) -> list[Path]:
    """The PDF files named, and those in the folders named, sorted by name."""
    found = set()
    for path in paths:
        found.update(path.glob("*.pdf") if path.is_dir() else [path])
    return sorted(found, key=lambda path: (path.name, str(path)))


def ingest_many(files: list[Path], jobs: int | None = None) -> list[tuple[str, str | None, str]]:
    """ingest_one for each file, in the files' order, on a process pool when it helps."""
    if len(files) == 1 or jobs == 1:
        return [ingest_one(path) for path in files]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(ingest_one, files))


def refresh_themes(path: Path) -> bool:
    """Re-theme an ingested report's findings without parsing its PDF again (the theme rules
    change more often than the PDFs). Gives the bytes a full ingest would; True if it changed."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data["findings"]:
        item["themes"] = assign_themes(item["text"])
    text = to_json(data)
    if text == path.read_text(encoding="utf-8"):
        return False
    path.write_text(text, encoding="utf-8")
    return True
