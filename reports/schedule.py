"""When the next inspections are due: the wording reports use, and due-by dates worked out from it.

Reports say "A monitoring inspection will be carried out within approximately 18 months" and "The
next full area SEND inspection will be within approximately three years". The national table works
out its "Next Inspection By Date" by adding that period to the inspection's first day; we do the
same for the date it does not give.
"""

import calendar
import re
from datetime import date

NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twelve": 12}
PERIOD = re.compile(r"\b(\d+|one|two|three|four|five|six|twelve)\s+(months?|years?)\b", re.I)
MONITORING = re.compile(
    r"monitoring inspection will be(?: carried out)?\s+(within [^.]*?)\s*\.", re.IGNORECASE
)
FULL = re.compile(
    r"next full (?:area SEND inspection|reinspection) will (?:be|take place)"
    r"\s+(within [^.]*?)\s*\.",
    re.IGNORECASE,
)
WHITESPACE = re.compile(r"\s+")


def next_inspections(outcome_text: str) -> tuple[str, str]:
    """The monitoring and full-inspection wording of an outcome paragraph ('' where unstated)."""
    text = WHITESPACE.sub(" ", outcome_text)
    monitoring = MONITORING.search(text)
    full = FULL.search(text)
    return (monitoring.group(1) if monitoring else "", full.group(1) if full else "")


def months_in(wording: str) -> int | None:
    """'within approximately three years' -> 36; None when no period is stated."""
    match = PERIOD.search(wording)
    if not match:
        return None
    number = match.group(1).lower()
    count = int(number) if number.isdigit() else NUMBERS[number]
    return count * 12 if match.group(2).lower().startswith("year") else count


def add_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    year, month = start.year + year, month + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_by(start: date | None, wording: str) -> date | None:
    months = months_in(wording)
    return add_months(start, months) if start and months else None
