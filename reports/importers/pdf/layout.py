"""The words on a report's pages, as lines with their positions, and an item's lines as text.

pdfplumber gives the words and their positions; the running footer is cut off each page.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from pdfplumber.utils import cluster_objects

from reports.importers import text as clean

BULLETS = "◼▪•"
FOOTER = re.compile(r"^(?:Area SEND )?[Ii]nspection report:")

# Geometry, in PDF points (1/72 inch). Body text is 12pt, with about 14.5 from line to line.
LINE_TOLERANCE = 3  # words whose tops differ by less share a line (pdfplumber's default)
INDENT = 6  # a bullet further right than this from the section's first bullets is a sub-point
PARAGRAPH_GAP = 1.35  # a gap of more than this many lines starts a new paragraph
HEADING_SIZE = 13.5  # one report prints a heading at heading size but not in bold
FOOTER_ZONE = 0.85  # running footers sit in the bottom 15% of the page
RULE_THICKNESS = 1.5
RULE_WIDTH = 100  # narrower rules are underlines or cell corners, not row borders


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
