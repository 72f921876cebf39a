"""How the site words numbers, dates and lists in sentences: one place for each."""

from datetime import date


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def listing(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def percent_text(value: float) -> str:
    return f"{value:g}%"


def months_between(earlier: date, later: date) -> int:
    return (
        (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)
    )


def duration_text(months: int) -> str:
    """'4 years and 5 months', '11 months', '3 years'."""
    years, months = divmod(months, 12)
    parts = [plural(years, "year")] if years else []
    if months or not years:
        parts.append(plural(months, "month"))
    return " and ".join(parts)


# Dates, in the one form the site writes a day in ("5 June 2024"), in pages, charts, data notes
# and filter descriptions alike; the templates' `long_date` filter is this function. Two more
# forms are named beside it for the places that deliberately show less: narrow table columns
# and the area lists, where only how recent an inspection is matters. Machine-readable dates
# (CSV, JSON, file names) are ISO 8601 and do not come through here. Each takes None (or "")
# and gives "", so a template can follow it with `default`.
def long_date(day: date | None) -> str:
    """'5 June 2024'."""
    return f"{day.day} {day:%B %Y}" if day else ""


def short_date(day: date | None) -> str:
    """'5 Jun 2024', for table columns of dates."""
    return f"{day.day} {day:%b %Y}" if day else ""


def month_year(day: date | None) -> str:
    """'June 2024', where the month says enough."""
    return f"{day:%B %Y}" if day else ""


def date_range(start: date | None, end: date | None) -> str:
    """'6 to 10 February 2023', '30 January to 3 February 2023', 'ended 3 March 2023', or ''."""
    if start and end:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day} to {long_date(end)}"
        if start.year == end.year:
            return f"{start.day} {start:%B} to {long_date(end)}"
        return f"{long_date(start)} to {long_date(end)}"
    if end:
        return f"ended {long_date(end)}"
    if start:
        return f"began {long_date(start)}"
    return ""


def decimal_year(day: date) -> float:
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return round(day.year + (day - start).days / length, 4)
