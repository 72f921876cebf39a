"""What the parser returns: a report's facts and its findings, and the error for a layout it
does not know."""

from dataclasses import dataclass, field
from datetime import date

STRENGTH = "strength"
WEAKNESS = "weakness"
IMPROVEMENT = "improvement"
PRIORITY_ACTION = "priority_action"
KINDS = [STRENGTH, WEAKNESS, IMPROVEMENT, PRIORITY_ACTION]
# A short citation for each kind: "strengths, bullet 3".
LOCATION = {
    STRENGTH: "strengths, bullet",
    WEAKNESS: "needs to do better, bullet",
    IMPROVEMENT: "areas for improvement, item",
    PRIORITY_ACTION: "priority actions, row",
}
PROGRESS = {
    STRENGTH: "strengths",
    WEAKNESS: "weaknesses",
    IMPROVEMENT: "areas for improvement",
    PRIORITY_ACTION: "priority actions",
}

POSITIVE, INCONSISTENT, SYSTEMIC = "positive", "inconsistent", "systemic"
OUTCOME_WORDING = {
    POSITIVE: "typically lead to positive experiences",
    INCONSISTENT: "lead to inconsistent experiences",
    SYSTEMIC: "widespread and/or systemic failings",
}


class ReportLayoutError(Exception):
    """The PDF is not an area SEND report in a layout this parser knows; nothing is imported."""


@dataclass(frozen=True)
class Finding:
    kind: str
    order: int
    page: int
    section: str
    text: str
    responsible_body: str = ""

    @property
    def location(self) -> str:
        return f"{LOCATION[self.kind]} {self.order}"


@dataclass(frozen=True)
class Sentence:
    text: str
    page: int


@dataclass(frozen=True)
class Partnership:
    """The partners as the report names them, and the sentences that name them (one, or the
    council's and the boards' where no sentence names both)."""

    council: str
    integrated_care_boards: tuple[str, ...]
    sentences: tuple[Sentence, ...]


@dataclass
class ParsedReport:
    file: str
    area_name: str
    area_name_as_printed: str
    dates_as_stated: str
    start_date: date
    end_date: date
    previous_as_stated: str
    published: date | None  # reports do not print it: the manifest gives it
    outcome: str
    outcome_text: str
    next_monitoring: str
    next_full: str
    findings: list[Finding] = field(default_factory=list)
    partnership: Partnership | None = None

    def count(self, kind: str) -> int:
        return sum(1 for finding in self.findings if finding.kind == kind)
