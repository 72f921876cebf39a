"""What a report's JSON file (from `ingest_reports`) must be before `load_reports` writes any of
it: one set of rules, checked in Python, so SQLite and PostgreSQL reject the same files.

Checked with pydantic, strictly (a string is never taken for a list or a number): every field
present with its type; no control character (tab and newline only in the multi-line texts) or
text-direction override in any text, as NUL is a PostgreSQL error and ESC would be served raw;
no text longer than its column (SQLite stores it, PostgreSQL refuses it); pages and orders
positive whole numbers; the inspection's dates in order and the report published after it.
A rejection names the file, the record (`findings[3]`) and the field.
"""

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from areas.models import Area
from reports.models import Finding, Inspection, Partnership, Source, Theme
from reports.vocabulary import FindingKind, Outcome

# Control characters (C0, DEL, C1) and the bidirectional embeddings, overrides and isolates;
# a multi-line text may hold tabs and newlines.
UNPRINTABLE = re.compile("[\\x00-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]")
LINE_BREAKS = re.compile("[\\t\\n]")
# The longest text a TextField takes from a report: about ten times the longest shipped
# (1,169 characters); a longer one is a parsing error, not a finding.
MAX_TEXT = 10_000
# A small positive integer column (page, order) holds at most this.
MAX_SMALL = 32_767
SOURCE_SLUG_PREFIX = "ofsted-report-"  # reports/importers/reports.py makes the slug from it
SHOWN_ERRORS = 5


def _column(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _printable(*, lines: bool):
    def check(value: str) -> str:
        found = UNPRINTABLE.search(LINE_BREAKS.sub("", value) if lines else value)
        if found:
            raise ValueError(f"contains the control character U+{ord(found.group()):04X}")
        return value

    return AfterValidator(check)


def Text(max_length: int, *, lines: bool = False, blank: bool = True):
    return Annotated[
        StrictStr,
        Field(max_length=max_length, min_length=0 if blank else 1),
        _printable(lines=lines),
    ]


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value[:40]!r} is not a date (YYYY-MM-DD)") from None


IsoDate = Annotated[StrictStr, AfterValidator(_iso_date)]
Positive = Annotated[StrictInt, Field(gt=0, le=MAX_SMALL)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class InspectionRecord(_Strict):
    start_date: IsoDate
    end_date: IsoDate
    outcome: Literal[tuple(Outcome.values)]
    outcome_text: Text(MAX_TEXT, lines=True)
    previous_as_stated: Text(_column(Inspection, "previous_as_stated"))
    next_monitoring: Text(_column(Inspection, "next_monitoring"))
    next_full: Text(_column(Inspection, "next_full"))
    dates_as_stated: Text(_column(Inspection, "dates_as_stated")) = ""

    @model_validator(mode="after")
    def _in_order(self):
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class FindingRecord(_Strict):
    kind: Literal[tuple(FindingKind.values)]
    order: Positive
    page: Positive
    section: Text(_column(Finding, "location"))
    location: Text(_column(Finding, "location"))
    text: Text(MAX_TEXT, lines=True, blank=False)
    responsible_body: Text(_column(Finding, "responsible_body"))
    themes: list[Text(_column(Theme, "slug"))] = []

    @model_validator(mode="after")
    def _has_words(self):
        if not self.text.strip():
            raise ValueError("text is blank")
        return self


class SentenceRecord(_Strict):
    page: Positive
    text: Text(MAX_TEXT, blank=False)


BOARDS_JOINED_BY = "; "  # as reports/importers/reports.py stores several boards in one field


class PartnershipRecord(_Strict):
    council: Text(_column(Partnership, "council"), blank=False)
    integrated_care_boards: list[Text(_column(Partnership, "integrated_care_board"), blank=False)]
    sentences: list[SentenceRecord] = Field(min_length=1)

    @model_validator(mode="after")
    def _named(self):
        if not self.council.strip() or not self.integrated_care_boards:
            raise ValueError("the partnership names no council or no integrated care board")
        boards = BOARDS_JOINED_BY.join(self.integrated_care_boards)
        if len(boards) > _column(Partnership, "integrated_care_board"):
            raise ValueError("the integrated care boards' names are too long together")
        return self


class ReportRecord(_Strict):
    file: Text(_column(Source, "file"), blank=False)
    urn: Text(_column(Area, "urn"))
    area_name: Text(_column(Area, "name"), blank=False)
    area_name_as_printed: Text(MAX_TEXT) = ""
    manifest_name: Text(_column(Area, "name")) = ""
    sha256: Text(64) = ""
    published: IsoDate
    inspection: InspectionRecord
    findings: list[FindingRecord]
    partnership: PartnershipRecord | None = None

    @model_validator(mode="after")
    def _consistent(self):
        stem = Path(self.file).stem
        if len(SOURCE_SLUG_PREFIX + stem) > _column(Source, "slug"):
            raise ValueError(f"file: the name {stem[:40]!r}… is too long for a source's address")
        if self.published < self.inspection.end_date:
            raise ValueError(
                f"published ({self.published}) is before the inspection's end_date "
                f"({self.inspection.end_date})"
            )
        seen = set()
        for finding in self.findings:
            if (finding.kind, finding.order) in seen:
                raise ValueError(f"two findings are {finding.kind} {finding.order}")
            seen.add((finding.kind, finding.order))
        return self


def where(location: tuple) -> str:
    """('findings', 2, 'page') as 'record findings[2], field “page”'."""
    parts = list(location)
    field = parts.pop() if parts and isinstance(parts[-1], str) else ""
    record = ""
    for part in parts:
        record += f"[{part}]" if isinstance(part, int) else f".{part}" if record else part
    named = [f"record {record}" if record else "", f"field “{field}”" if field else ""]
    return ", ".join(part for part in named if part) or "the file"


def problems(error: ValidationError) -> str:
    found = [
        f"{where(e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
        for e in error.errors()[:SHOWN_ERRORS]
    ]
    more = error.error_count() - len(found)
    return "; ".join(found) + (f"; and {more} more" if more > 0 else "")


def check(text: str) -> ReportRecord:
    """The file's record, or a ValueError naming the record and field of each problem."""
    try:
        return ReportRecord.model_validate_json(text)
    except ValidationError as error:
        raise ValueError(problems(error)) from None
