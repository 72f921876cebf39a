"""Shared text clean-up: read source documents as plain text, so quotes can be checked against them.

Used by the provenance test and by the PDF ingestion (running headers, bullets, white space).
"""

import re
from functools import cache
from pathlib import Path

from django.conf import settings

# pdftotext keeps each report page's running header ("Area SEND inspection report: …")
# and the line under it (inspection dates and page number); they interrupt sentences.
RUNNING_HEADER = re.compile(
    r"^Area SEND inspection report: .*\n(?:[^\n]*\d{4}\s+)?\s*\d+\s*$", re.MULTILINE
)
BULLET = re.compile(r"^\s*[▪◼•]\s+", re.MULTILINE)
WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Drop running headers, form feeds and bullet glyphs; fold all white space to one space."""
    text = text.replace("\f", "\n")
    text = RUNNING_HEADER.sub(" ", text)
    text = BULLET.sub(" ", text)
    return WHITESPACE.sub(" ", text).strip()


@cache
def source_text(file: str) -> str:
    """The normalised text of a curated source, by its path under fixtures/sources/."""
    path = Path(settings.SOURCES_DIR) / file
    return normalise(path.read_text(encoding="utf-8"))


def occurs_verbatim(quote: str, file: str) -> bool:
    return normalise(quote) in source_text(file)
