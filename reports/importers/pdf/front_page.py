"""Page 1 (the area's name, the inspection dates) and the outcome box."""

import re
from datetime import date, datetime

from reports.importers import text as clean
from reports.importers.pdf.layout import Page, join_lines
from reports.importers.pdf.record import OUTCOME_WORDING, ReportLayoutError
from reports.importers.pdf.sections import OUTCOME, Section, heading_of

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


def parse_front_page(page: Page, vocabulary: clean.Vocabulary) -> dict:
    lines = page.lines

    def find(test) -> int:
        return next((i for i, line in enumerate(lines) if test(line)), -1)

    dates_at = find(lambda line: INSPECTION_DATES.match(line.text))
    previous_at = find(lambda line: PREVIOUS.match(line.text))
    outcome_at = find(lambda line: heading_of(line) == OUTCOME)
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


def parse_outcome(section: Section, vocabulary: clean.Vocabulary) -> dict:
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
