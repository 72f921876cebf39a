"""Shared text clean-up: read source documents as plain text, so quotes can be checked against them.

Used by the provenance test and by the PDF ingestion (running headers, bullets, line-end hyphens,
white space). A source is either a text file or a report PDF, whose text pdfplumber extracts.
"""

import hashlib
import os
import re
from functools import cache
from pathlib import Path

from django.conf import settings

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# Each report page carries a running header or footer: "Area SEND inspection report: <area>"
# (or "Inspection report: …", "Area SEND Inspection report: …"), sometimes indented, sometimes
# with the dates and page number on the same line, sometimes wrapped so that the dates, the end
# of the dates or the page number fall on the next one or two lines. Those lines hold nothing but
# day numbers, month names, years, "to" and the page number, so they cannot swallow prose.
RUNNING_HEADER = re.compile(
    r"^[ \t]*(?:Area SEND )?[Ii]nspection report: [^\n]*"
    rf"(?:\n[ \t]*(?:(?:\d{{1,4}}|to|{MONTH})[ \t]*)+(?=\n|$)){{0,2}}",
    re.MULTILINE,
)
# A bullet glyph, at the start of a line or (in a quote that keeps a sub-point's glyph) inside it.
BULLET = re.compile(r"\s*[▪◼•]\s+")
WHITESPACE = re.compile(r"\s+")
LETTERS = r"[^\W\d_]+"
WORD = re.compile(LETTERS)
# Letters, then a hyphen inside the line: a compound as printed ("multi-agency").
COMPOUND = re.compile(rf"{LETTERS}(?:-{LETTERS})+")
# Letters and a hyphen at the end of a line, then the first letters of the next line.
LINE_END_HYPHEN = re.compile(rf"({LETTERS})-[ \t]*\n\s*({LETTERS})")


def prepare(text: str) -> str:
    """Drop form feeds, running headers and bullet glyphs, keeping the line breaks."""
    text = text.replace("\f", "\n")
    text = RUNNING_HEADER.sub(" ", text)
    return BULLET.sub(" ", text)


class Vocabulary:
    """The words of one document, to tell a word broken at a line end from a compound."""

    def __init__(self, text: str):
        self.words = {word.lower() for word in WORD.findall(text)}
        self.compounds = set()
        for compound in COMPOUND.findall(text):
            parts = compound.lower().split("-")
            self.compounds.update(zip(parts, parts[1:], strict=False))

    def join_break(self, left: str, right: str) -> bool:
        """Whether "left-" at a line end and "right" on the next line are one word.

        A capital after the hyphen, or the hyphenated form printed elsewhere, means a compound
        ("multi-agency"); otherwise the joined word must be one the document uses ("children").
        """
        if not right[:1].islower():
            return False
        if (left.lower(), right.lower()) in self.compounds:
            return False
        return (left + right).lower() in self.words


def dehyphenate(text: str, vocabulary: Vocabulary) -> str:
    def join(match: re.Match) -> str:
        left, right = match.groups()
        return left + right if vocabulary.join_break(left, right) else f"{left}-{right}"

    return LINE_END_HYPHEN.sub(join, text)


def fold(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def normalise(text: str) -> str:
    """Drop running headers, form feeds and bullet glyphs, join words broken at line ends,
    and fold all white space to one space."""
    text = prepare(text)
    return fold(dehyphenate(text, Vocabulary(text)))


def pdf_text(source) -> str:
    """A PDF's text as pdfplumber reads it (source: a path or an open pdfplumber PDF).

    Two readings, one after the other: each page in reading order, then every table column by
    column, its strips running on from page to page, so that a cell's text is whole even where
    its row crosses a page break (reading order runs a table's two columns together).
    """
    import pdfplumber  # only PDF sources need it

    if isinstance(source, (str, Path)):
        with pdfplumber.open(source) as pdf:
            return pdf_text(pdf)
    reading = [page.extract_text() for page in source.pages]
    strips: list[list[str]] = []
    for page in source.pages:
        for i, text in enumerate(_column_texts(page)):
            if i == len(strips):
                strips.append([])
            strips[i].append(text)
    return "\f".join(reading + ["\n".join(strip) for strip in strips])


def is_dark(obj: dict) -> bool:
    """Whether a drawn shape is a border rather than a white background behind text."""
    color = obj.get("non_stroking_color")
    values = color if isinstance(color, (list, tuple)) else [color]
    return not all(isinstance(v, (int, float)) and v >= 0.99 for v in values)


def table_page(page):
    """The page without white rectangles, which would split table rows where there are none."""
    return page.filter(lambda obj: obj["object_type"] != "rect" or is_dark(obj))


def _column_texts(page) -> list[str]:
    """The text of each column of each table on the page, split at inner vertical borders that
    run through most of the table."""
    page = table_page(page)
    texts = []
    for table in page.find_tables():
        x0, top, x1, bottom = table.bbox
        coverage: dict[int, float] = {}
        for edge in page.vertical_edges:
            x = round(edge["x0"])
            if x0 + 3 < x < x1 - 3 and top - 1 <= edge["top"] and edge["bottom"] <= bottom + 1:
                coverage[x] = coverage.get(x, 0) + edge["height"]
        splits = sorted(x for x, height in coverage.items() if height > (bottom - top) / 2)
        edges = [x0, *splits, x1]
        for left, right in zip(edges, edges[1:], strict=False):
            texts.append(page.crop((left, top, right, bottom)).extract_text())
    return texts


@cache
def source_text(file: str) -> str:
    """The normalised text of a curated source, by its path under fixtures/sources/."""
    path = Path(settings.SOURCES_DIR) / file
    if path.suffix.lower() == ".pdf":
        return _cached(path, lambda: normalise(pdf_text(path)))
    return normalise(path.read_text(encoding="utf-8"))


def _cached(path: Path, make) -> str:
    """A PDF's text takes about a second to extract; keep it in var/cache/ (not in git), under
    the hash of the PDF and of this module's code, so any change to either makes it afresh."""
    import pdfplumber

    key = hashlib.sha256(path.read_bytes() + Path(__file__).read_bytes())
    key.update(pdfplumber.__version__.encode())
    cached = Path(settings.BASE_DIR) / "var" / "cache" / "pdf-text" / f"{key.hexdigest()}.txt"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    text = make()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(cached)
    except OSError:  # a read-only checkout still works, only slower
        pass
    return text


def occurs_verbatim(quote: str, file: str) -> bool:
    return normalise(quote) in source_text(file)
