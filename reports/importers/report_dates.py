"""Check the 2016-framework history against what the 2023-framework reports call "the previous
inspection", after both are loaded.

A report's words ("23 to 27 January 2017") that agree with Ofsted's statistics on a first or last
day fill the days the statistics leave out (most inspections' last day), each with a note naming
the report. Where they disagree, both stand: the report's words on its own inspection, and a note
on the earlier one giving what each source says.
"""

import re
from datetime import date

from reports.models import DataNote, Inspection, Revisit, Source
from reports.vocabulary import Framework, SourceKind
from reports.wording import long_date

MONTHS = "|".join(
    ["January", "February", "March", "April", "May", "June", "July"]
    + ["August", "September", "October", "November", "December"]
)
RANGE = re.compile(
    rf"(?P<d1>\d{{1,2}})(?: (?P<m1>{MONTHS}))?(?: (?P<y1>\d{{4}}))? to "
    rf"(?P<d2>\d{{1,2}}) (?P<m2>{MONTHS}) (?P<y2>\d{{4}})"
)
DAY = re.compile(rf"(?P<d>\d{{1,2}}) (?P<m>{MONTHS}) (?P<y>\d{{4}})")
NOT_INSPECTED = "not previously inspected"
FRAMEWORK_2023_BEGAN = date(2023, 1, 1)


def _date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), MONTHS.split("|").index(month) + 1, int(day))
    except ValueError:
        return None


def stated_days(text: str) -> tuple[date | None, date | None]:
    """The first and last day a report's words give: '3 to 7 July 2017' -> both, '16 May 2016'
    -> the first only; (None, None) where no date can be read."""
    found = RANGE.search(text)
    if found:
        last = _date(found["d2"], found["m2"], found["y2"])
        first = _date(found["d1"], found["m1"] or found["m2"], found["y1"] or found["y2"])
        if first and last and first <= last:
            return first, last
    found = DAY.search(text)
    return (_date(found["d"], found["m"], found["y"]), None) if found else (None, None)


def _report(inspection: Inspection) -> Source | None:
    reports = [s for s in inspection.sources.all() if s.kind == SourceKind.OFSTED_REPORT]
    own = [s for s in reports if s.published == inspection.published]
    return (own or reports or [None])[0]


def _revisit(inspection: Inspection) -> Revisit | None:
    try:
        return inspection.revisit
    except Revisit.DoesNotExist:
        return None


class _Check:
    """One 2023-framework report's "previous inspection" against the area's 2016 history."""

    def __init__(self, latest: Inspection, earlier: list[Inspection], cited: Source):
        self.latest, self.earlier = latest, earlier
        self.report = _report(latest) or cited
        self.words = latest.previous_as_stated.strip()
        published = f" published {long_date(latest.published)}" if latest.published else ""
        self.by = f"The report{published}"
        self.notes = 0

    def note(self, inspection: Inspection, name: str, text: str):
        _, created = DataNote.objects.update_or_create(
            inspection=inspection, field=name, defaults={"note": text, "source": self.report}
        )
        self.notes += created

    def run(self) -> int:
        if self.words.lower().startswith(NOT_INSPECTED):
            self.not_inspected()
            return self.notes
        first, last = stated_days(self.words)
        if first is None or first >= FRAMEWORK_2023_BEGAN:
            return self.notes
        for inspection in self.earlier:
            if self.agrees(inspection, first, last) or self.agrees_revisit(inspection, first, last):
                return self.notes
        self.disagree()
        return self.notes

    def agrees(self, inspection: Inspection, first: date, last: date | None) -> bool:
        if first != inspection.start_date and (last is None or last != inspection.end_date):
            return False
        filled = []
        if inspection.start_date is None and (last is None or inspection.end_date == last):
            inspection.start_date = first
            filled.append("start_date")
        published = inspection.published
        if inspection.end_date is None and last and (published is None or last <= published):
            inspection.end_date = last
            filled.append("end_date")
        if filled:
            inspection.save(update_fields=filled)
            what = {
                ("start_date",): "first day shown comes",
                ("end_date",): "last day shown comes",
                ("start_date", "end_date"): "first and last days shown come",
            }[tuple(filled)]
            self.note(
                inspection,
                "report_dates",
                f"{self.by} gives this as the previous inspection, “{self.words}”: the {what} "
                "from it.",
            )
        return True

    def agrees_revisit(self, inspection: Inspection, first: date, last: date | None) -> bool:
        revisit = _revisit(inspection)
        if revisit is None or first != revisit.start_date:
            return False
        fits = last and (revisit.published is None or last <= revisit.published)
        if revisit.end_date is None and fits:
            revisit.end_date = last
            revisit.save(update_fields=["end_date"])
            self.note(
                inspection,
                "revisit_end_date",
                f"{self.by} gives the revisit as the previous inspection, “{self.words}”: the "
                "revisit's last day shown comes from it.",
            )
        return True

    def disagree(self):
        inspection = self.earlier[0]
        said = []
        if inspection.start_date:
            said.append(f"this inspection's first day as {long_date(inspection.start_date)}")
        revisit = _revisit(inspection)
        if revisit and revisit.start_date:
            said.append(f"the revisit's as {long_date(revisit.start_date)}")
        self.note(
            inspection,
            "report_previous",
            f"{self.by} gives the previous inspection as “{self.words}”; Ofsted's statistics "
            f"give {' and '.join(said) or 'no day'}.",
        )

    def not_inspected(self):
        for inspection in self.earlier:
            if inspection.inspected_as:
                why = f": this inspection was of {inspection.inspected_as}, which it replaced."
            else:
                why = "; Ofsted's statistics list this inspection."
            self.note(inspection, "report_previous", f"{self.by} says “{self.words}”{why}")


def reconcile_reports(cited: Source) -> int:
    """Check every 2023-framework report's previous inspection; returns the new notes."""
    latest = (
        Inspection.objects.filter(framework=Framework.AREA_SEND_2023)
        .exclude(previous_as_stated="")
        .prefetch_related("sources")
    )
    earlier: dict[int, list[Inspection]] = {}
    for inspection in (
        Inspection.objects.filter(framework=Framework.LOCAL_AREA_2016)
        .latest_first()
        .select_related("revisit")
    ):
        earlier.setdefault(inspection.area_id, []).append(inspection)
    return sum(
        _Check(inspection, earlier[inspection.area_id], cited).run()
        for inspection in latest
        if inspection.area_id in earlier
    )
