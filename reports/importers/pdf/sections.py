"""A report's sections: each known heading's lines, up to the next heading."""

import re
from dataclasses import dataclass

from reports.importers.pdf.layout import HEADING_SIZE, Line, Page
from reports.importers.pdf.record import (
    IMPROVEMENT,
    PRIORITY_ACTION,
    STRENGTH,
    WEAKNESS,
    ReportLayoutError,
)

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


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


HEADING_KEYS = {squash(h): h for h in HEADINGS} | {squash(LIKE_TO_BE_LONG): LIKE_TO_BE}


@dataclass
class Section:
    heading: str
    lines: list[Line]


def heading_of(line: Line) -> str:
    if not line.words or not (line.bold or line.size >= HEADING_SIZE):
        return ""
    return HEADING_KEYS.get(squash(line.text), "")


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
        heading = heading_of(line)
        if not heading and line.bold and index < len(lines):
            heading = heading_of(Line(line.page, line.words + lines[index].words))
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
