"""When the next inspections are due: the wording reports use, and due-by dates worked out from it.

Reports say "A monitoring inspection will be carried out within approximately 18 months" and "The
next full area SEND inspection will be within approximately three years". The national table works
out its "Next Inspection By Date" by adding that period to the inspection's first day; we do the
same for the date it does not give.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from reports.wording import long_date

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


# How the national table's loader notes a due date the table itself gives (reports/importers).
TABLE_DATE_NOTE = "The national table's"


@dataclass(frozen=True)
class Expected:
    """When an inspection to come is expected, as every page says it (see `expected`)."""

    wording: str  # the source's own words, "within approximately 18 months"; "" if unstated
    due: date | None  # the date, given or worked out; None where none can be
    how: str  # how the date was worked out, to print after it; "" where there is no date
    passed: bool  # due before the data's date: it may have happened, though our data says not
    computed: bool  # the date is this site's working, not the national table's
    status: str  # the date against the data's date, or why there is none


def expected(
    *,
    wording: str,
    due: date | None,
    start: date | None,
    as_of: date | None,
    note: str,
    monitoring: bool,
) -> Expected:
    """The one reading of a monitoring or full inspection's timing, for every area and page.

    `due` is the stored date (the national table's, or one the loader worked out), `note` the
    data note that says where it comes from; without one, the date is worked out from the
    inspection's first day and the period its source words, as the national table does.
    """
    from_table = note.startswith(TABLE_DATE_NOTE)
    months = months_in(wording)
    worked_out = due_by(start, wording)
    rule = ""
    if start and months:
        rule = f"{_months_text(months)} from the inspection’s first day, {long_date(start)}"
    computed = due is None or not from_table
    due = due or worked_out
    if due and due == worked_out:
        how = f"{rule}, " + (
            "worked out by this site as the national table does"
            if computed
            else "as the national table works it out"
        )
    elif due:
        how = "the national table’s “Next Inspection By Date”" if from_table else note.rstrip(".")
    else:
        how = ""
    passed = bool(due and as_of and due < as_of)
    return Expected(
        wording=wording,
        due=due,
        how=how,
        passed=passed,
        computed=bool(due and computed),
        status=_status(due=due, passed=passed, as_of=as_of, monitoring=monitoring, start=start),
    )


def _status(*, due, passed, as_of, monitoring, start) -> str:
    if not due:
        if start is None:
            return "No date can be worked out: our sources do not give the inspection’s first day."
        return "No date can be worked out: our sources do not say how long until it."
    if not as_of:
        return ""
    if not passed:
        return f"Not yet due at our data’s date, {long_date(as_of)}."
    already = f"Already due at our data’s date, {long_date(as_of)}."
    if monitoring:
        return (
            f"{already} This site holds no monitoring inspections, so our data may not show it yet."
        )
    return f"{already} Our data shows no newer inspection, but our data may not show it yet."


def _months_text(months: int) -> str:
    return f"{months} months" if months % 12 else f"{months // 12} years"
