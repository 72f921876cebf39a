"""Read an Ofsted and CQC area SEND inspection report (PDF) into its facts and cited findings,
and ingest reports into one JSON file each.

pdfplumber gives the words and their positions; the layout does the rest (`layout`). A section
runs from its heading to the next heading (`sections`); its items are found by their bullets,
margins, rules and numbers (`items`); page 1 and the outcome box give the facts (`front_page`),
and "Information about the local area partnership" the council and the boards (`partners`).
Each section's count is then checked by an independent reading (`counts.check_counts`), and
every finding's text must occur in the report's extracted text after the shared clean-up
(`reports.importers.text`).

Pure Python: no database, so reports can be parsed (and tested) without one.
"""

import csv
import hashlib
import json
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import pdfplumber

from reports.importers import text as clean
from reports.importers.pdf.counts import check_counts
from reports.importers.pdf.front_page import parse_front_page, parse_outcome
from reports.importers.pdf.items import boxed_items, bulleted_items, table_rows
from reports.importers.pdf.layout import join_lines, read_pages
from reports.importers.pdf.partners import parse_partnership
from reports.importers.pdf.record import (
    KINDS,
    PRIORITY_ACTION,
    PROGRESS,
    STRENGTH,
    SYSTEMIC,
    WEAKNESS,
    Finding,
    ParsedReport,
    ReportLayoutError,
)
from reports.importers.pdf.sections import (
    ABOUT_AREA,
    BETTER,
    EFFECTIVE,
    IMPROVE,
    OUTCOME,
    PRIORITY,
    SECTION_OF_KIND,
    split_sections,
)
from reports.themes import assign_themes

# --- Putting it together -------------------------------------------------------------------


def parse_report(path: Path | str) -> ParsedReport:
    """Parse one report; raises ReportLayoutError("<file>: <why>") for anything unrecognised."""
    path = Path(path)
    try:
        return _parse(path)
    except ReportLayoutError as error:
        raise ReportLayoutError(f"{path.name}: {error}") from None


def _parse(path: Path) -> ParsedReport:
    try:
        pdf = pdfplumber.open(path)
        pages = read_pages(pdf)
        full_text = clean.pdf_text(pdf)
    except Exception as error:  # pdfminer raises many kinds for a damaged or foreign file
        raise ReportLayoutError(f"not a readable PDF ({type(error).__name__}: {error})") from None
    with pdf:
        prepared = clean.prepare(full_text)
        if "area send inspection" not in prepared.lower():
            raise ReportLayoutError("not an area SEND inspection report")
        vocabulary = clean.Vocabulary(prepared)
        sections = split_sections(pages)
        missing = [h for h in (OUTCOME, EFFECTIVE, BETTER, IMPROVE) if h not in sections]
        if missing:
            raise ReportLayoutError(f"no section {', '.join(map(repr, missing))}")
        report = ParsedReport(
            file=path.name,
            published=None,
            **parse_front_page(pages[0], vocabulary),
            **parse_outcome(sections[OUTCOME], vocabulary),
        )
        report.partnership = parse_partnership(
            sections.get(ABOUT_AREA), report.area_name, vocabulary
        )
        if (PRIORITY in sections) != (report.outcome == SYSTEMIC):
            raise ReportLayoutError("priority actions go with, and only with, systemic failings")
        by_number = {page.number: page for page in pages}
        for kind in KINDS:
            section = sections.get(SECTION_OF_KIND[kind])
            if section is None:
                continue
            if kind == PRIORITY_ACTION:
                parts = [
                    (row.page, row.action, join_lines(row.body, vocabulary))
                    for row in table_rows(section, by_number)
                ]
            else:
                items = (
                    bulleted_items(section)
                    if kind in (STRENGTH, WEAKNESS)
                    else boxed_items(section, by_number)
                )
                parts = [(item.lines[0].page, item.lines, "") for item in items]
            for order, (page, lines, body) in enumerate(parts, 1):
                text = join_lines(lines, vocabulary)
                report.findings.append(Finding(kind, order, page, section.heading, text, body))
        check_counts(pdf, sections, report)
        check_verbatim(report, clean.normalise(full_text))
    return report


def check_verbatim(report: ParsedReport, text: str):
    """Every finding, the outcome wording and the sentences naming the partners occur in the
    report's normalised text."""
    quotes = [(f"{f.section!r} item {f.order}", f.text) for f in report.findings]
    quotes.append(("the outcome wording", report.outcome_text))
    if report.partnership:
        quotes += [("the partnership", s.text) for s in report.partnership.sentences]
    for name, quote in quotes:
        if not quote:
            raise ReportLayoutError(f"{name} is empty")
        if clean.normalise(quote) not in text:
            raise ReportLayoutError(f"{name} does not occur in the report's text: {quote[:80]!r}")


# --- Ingestion: one JSON file per report ---------------------------------------------------


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """MANIFEST.csv's rows by file name ({} if the folder has none)."""
    path = folder / "MANIFEST.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def report_data(path: Path, report: ParsedReport, manifest_row: dict[str, str]) -> dict:
    """The JSON-ready record of one report: nothing in it depends on when it was made."""
    published = report.published or date.fromisoformat(manifest_row["published"])
    if published < report.end_date:
        raise ReportLayoutError(f"{path.name}: published {published} before the inspection ended")
    return {
        "file": f"reports/{path.name}",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "urn": manifest_row["urn"],
        "manifest_name": manifest_row["local_authority"],
        "area_name": report.area_name,
        "area_name_as_printed": report.area_name_as_printed,
        "published": published.isoformat(),
        "inspection": {
            "start_date": report.start_date.isoformat(),
            "end_date": report.end_date.isoformat(),
            "dates_as_stated": report.dates_as_stated,
            "previous_as_stated": report.previous_as_stated,
            "outcome": report.outcome,
            "outcome_text": report.outcome_text,
            "next_monitoring": report.next_monitoring,
            "next_full": report.next_full,
        },
        "partnership": {
            "council": report.partnership.council,
            "integrated_care_boards": list(report.partnership.integrated_care_boards),
            "sentences": [
                {"text": sentence.text, "page": sentence.page}
                for sentence in report.partnership.sentences
            ],
        },
        "findings": [
            {
                "kind": finding.kind,
                "order": finding.order,
                "page": finding.page,
                "section": finding.section,
                "location": finding.location,
                "text": finding.text,
                "responsible_body": finding.responsible_body,
                "themes": assign_themes(finding.text),
            }
            for finding in report.findings
        ],
    }


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def progress(report: ParsedReport) -> str:
    counts = ", ".join(f"{report.count(kind)} {PROGRESS[kind]}" for kind in KINDS)
    return f"{report.file}: {counts}"


def ingest_one(path: Path) -> tuple[str, str | None, str]:
    """(file name, JSON text or None, progress line or error). For a process pool."""
    try:
        report = parse_report(path)
        row = read_manifest(path.parent).get(path.name)
        if row is None:
            raise ReportLayoutError(f"{path.name}: not listed in {path.parent / 'MANIFEST.csv'}")
        return path.name, to_json(report_data(path, report, row)), progress(report)
    except ReportLayoutError as error:
        return path.name, None, str(error)


def find_pdfs(paths: list[Path]) -> list[Path]:
    """The PDF files named, and those in the folders named, sorted by name."""
    found = set()
    for path in paths:
        found.update(path.glob("*.pdf") if path.is_dir() else [path])
    return sorted(found, key=lambda path: (path.name, str(path)))


def ingest_many(files: list[Path], jobs: int | None = None) -> list[tuple[str, str | None, str]]:
    """ingest_one for each file, in the files' order, on a process pool when it helps."""
    if len(files) == 1 or jobs == 1:
        return [ingest_one(path) for path in files]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(ingest_one, files))


def refresh_themes(path: Path) -> bool:
    """Re-theme an ingested report's findings without parsing its PDF again (the theme rules
    change more often than the PDFs). Gives the bytes a full ingest would; True if it changed."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data["findings"]:
        item["themes"] = assign_themes(item["text"])
    text = to_json(data)
    if text == path.read_text(encoding="utf-8"):
        return False
    path.write_text(text, encoding="utf-8")
    return True
