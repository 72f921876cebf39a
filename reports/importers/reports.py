"""Load the parsed report PDFs (fixtures/reports/*.json, from `ingest_reports`) into the database.

One transaction for all files: a bad file rejects the lot. Loading twice changes nothing.
Existing values win: the report only fills blanks, and where it disagrees with a value already
held, the value stays and a DataNote says what the report says. Curated findings (those already
cited to another copy of the same report) are kept, and none are made from the PDF beside them.
A finding the theme review (fixtures/theme_review.json) names takes its reviewed themes; the
others keep the keyword rules' themes that the JSON file carries.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from areas.models import Area
from reports.importers import national, report_record
from reports.management.commands.import_outcomes import DEFAULT_FILE as NATIONAL_TABLE
from reports.models import DataNote, Finding, Inspection, Partnership, Source, Theme
from reports.theme_review import REVIEW_FILE, Key, ReviewRejected, read_review
from reports.vocabulary import FindingKind, Framework, Outcome, SourceKind, ThemesFrom
from reports.wording import long_date

# Where ingest_reports writes one JSON file per report and load_reports reads them.
FIXTURES_FOLDER = Path(settings.BASE_DIR) / "fixtures" / "reports"
PUBLISHER = "Ofsted and the Care Quality Commission"
# The folder (under fixtures/sources/) of the report PDFs a record's "file" names.
REPORT_FILES = "reports/"
LICENCE = "Open Government Licence v3.0"
# The report's own word for each kind of finding.
LABELS = {
    FindingKind.STRENGTH: "strength",
    FindingKind.WEAKNESS: "needs to do better",
    FindingKind.IMPROVEMENT: "area for improvement",
    FindingKind.PRIORITY_ACTION: "priority action",
}
# Inspection fields a report fills where they are blank, and how a note says what it says.
FILLED = {
    "start_date": "gives the first day of the inspection as {}",
    "end_date": "gives the last day of the inspection as {}",
    "published": "was published on {}",
    "previous_as_stated": "gives the previous inspection as {}",
    "outcome": "gives the outcome as {}",
    "outcome_text": "words the outcome {}",
    "next_monitoring": "says the monitoring inspection will be {}",
    "next_full": "says the next full inspection will be {}",
}
# Where a report names more than one integrated care board (Essex names three), the one field
# holds them all; the names themselves contain commas and "and".
BOARDS_JOINED_BY = report_record.BOARDS_JOINED_BY


class LoadRejected(Exception):
    """A JSON file is malformed; the message names it. Nothing is written."""


@dataclass
class Summary:
    reports: int = 0
    sources_created: int = 0
    areas_created: int = 0
    inspections_created: int = 0
    findings_written: int = 0
    curated_kept: list[str] = field(default_factory=list)
    partnerships_written: int = 0
    curated_partnerships_kept: list[str] = field(default_factory=list)
    notes: int = 0
    warnings: list[str] = field(default_factory=list)


def read_records(folder: Path) -> list[dict]:
    """Every *.json in the folder, checked (report_record.py) so loading cannot fail half-way."""
    if not folder.is_dir():
        raise LoadRejected(f"{folder}: no such folder")
    records, reports = [], {}
    for path in sorted(folder.glob("*.json")):
        try:
            text = path.read_bytes().decode("utf-8")
            checked = report_record.check(text)
        except UnicodeDecodeError as error:
            raise LoadRejected(f"{path.name}: not UTF-8 (byte {error.start})") from None
        except ValueError as error:
            raise LoadRejected(f"{path.name}: {error}") from None
        # The same report twice would load as one, its findings from whichever came last.
        for key in {("file", checked.file), ("report", checked.urn, checked.published)}:
            if key in reports:
                raise LoadRejected(
                    f"{path.name}: the same report as {reports[key]} "
                    f"(file {checked.file!r}, URN {checked.urn}, published {checked.published})"
                )
            reports[key] = path.name
        record = json.loads(text)
        record["_json"] = path.name
        records.append(record)
    return records


def load(folder: Path | str, reviewed: dict[Key, list[str]] | None = None) -> Summary:
    """`reviewed`: the theme review's themes by finding (by default, the shipped review's)."""
    records = read_records(Path(folder))
    if reviewed is None:
        try:
            reviewed = read_review(REVIEW_FILE)
        except OSError as error:
            raise LoadRejected(f"cannot read {REVIEW_FILE.name}: {error.strerror}") from None
        except ReviewRejected as error:
            raise LoadRejected(f"{REVIEW_FILE.name}: {error}") from None
    with transaction.atomic():
        loader = _Loader(reviewed)
        for record in records:
            loader.load(record)
        loader.partnerships()
    loader.summary.warnings += _unmatched(records, reviewed)
    return loader.summary


def _unmatched(records: list[dict], reviewed: dict[Key, list[str]]) -> list[str]:
    """Review entries for a report being loaded that name no finding of it: the review is out of
    date with the report (re-ingesting renumbered its findings)."""
    held = {(r["_json"], f["kind"], f["order"]) for r in records for f in r["findings"]}
    loaded = {r["_json"] for r in records}
    return [
        f"{key[0]}: the theme review's {key[1]} {key[2]} matches no finding; not applied"
        for key in sorted(reviewed)
        if key[0] in loaded and key not in held
    ]


def _fold(value) -> str:
    # The national table has non-breaking spaces where the report has a plain one.
    return re.sub(r"\s+", " ", str(value)).strip()


def _disagree(held, value) -> bool:
    """Different values. Wording that one source quotes in part and the other in full agrees:
    the national table often leaves out the outcome box's last sentence."""
    if isinstance(held, str):
        held, value = _fold(held), _fold(value)
        return held not in value and value not in held
    return held != value


class _Loader:
    def __init__(self, reviewed: dict[Key, list[str]]):
        self.summary = Summary()
        self.reviewed = reviewed
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self._ons_codes = None
        # Each area's latest report that names its partners: (published, partnership, source).
        self.partners: dict[Area, tuple[date, dict, Source]] = {}

    # -- the report as a source -----------------------------------------------------------

    def source(self, record: dict) -> Source:
        published = date.fromisoformat(record["published"])
        stem = Path(record["file"]).stem
        values = {
            "title": f"Area SEND inspection report: {record['area_name']} "
            f"(published {long_date(published)})",
            "kind": SourceKind.OFSTED_REPORT,
            "publisher": PUBLISHER,
            "published": published,
            "file": record["file"],
            "licence": LICENCE,
        }
        source, created = Source.objects.get_or_create(
            slug=f"ofsted-report-{stem}", defaults=values
        )
        self.summary.sources_created += created
        changed = [name for name, value in values.items() if getattr(source, name) != value]
        for name in changed:
            setattr(source, name, values[name])
        if changed:
            source.save(update_fields=changed)
        return source

    # -- the area ---------------------------------------------------------------------------

    def area(self, record: dict) -> Area:
        urn = record["urn"]
        area = Area.objects.filter(urn=urn).first() if urn else None
        if area is None:
            names = {_name_key(record["area_name"]), _name_key(record.get("manifest_name", ""))}
            area = next(
                (a for a in Area.objects.filter(urn__in=["", urn]) if _name_key(a.name) in names),
                None,
            )
        if area is None:
            slug = _unique_slug(record["area_name"])
            area = Area.objects.create(name=record["area_name"], slug=slug, urn=urn)
            self.summary.areas_created += 1
            self.summary.warnings.append(
                f"{record['file']}: no area has URN {urn} or the name "
                f"{record['area_name']!r}; created {slug!r}"
            )
        blanks = {"urn": urn, "ons_code": self.ons_codes().get(urn, "")}
        changed = [name for name, value in blanks.items() if value and not getattr(area, name)]
        for name in changed:
            setattr(area, name, blanks[name])
        if changed:
            area.save(update_fields=changed)
        return area

    def ons_codes(self) -> dict[str, str]:
        """ONS codes by URN from the shipped national table: reports do not print them."""
        if self._ons_codes is None:
            path = Path(settings.SOURCES_DIR) / NATIONAL_TABLE
            try:
                rows = national.parse(path.read_bytes())
            except (OSError, national.ImportRejected):
                rows = []
            self._ons_codes = {row.urn: row.ons_code for row in rows}
        return self._ons_codes

    # -- the inspection ---------------------------------------------------------------------

    def inspection(self, record: dict, area: Area, source: Source) -> Inspection:
        stated = record["inspection"]
        report = {
            "start_date": date.fromisoformat(stated["start_date"]),
            "end_date": date.fromisoformat(stated["end_date"]),
            "published": date.fromisoformat(record["published"]),
            "previous_as_stated": stated["previous_as_stated"],
            "outcome": stated["outcome"],
            "outcome_text": stated["outcome_text"],
            "next_monitoring": stated["next_monitoring"],
            "next_full": stated["next_full"],
        }
        candidates = Inspection.objects.filter(area=area, framework=Framework.AREA_SEND_2023)
        # The national table's row for a later inspection leaves this one as a stub that has
        # only its last day, hence the third match.
        inspection = (
            candidates.filter(start_date=report["start_date"]).first()
            or candidates.filter(published=report["published"]).first()
            or candidates.filter(end_date=report["end_date"], start_date=None).first()
        )
        if inspection is None:
            inspection = Inspection.objects.create(
                area=area, framework=Framework.AREA_SEND_2023, **report
            )
            self.summary.inspections_created += 1
        else:
            self.fill(inspection, report, source)
        inspection.sources.add(source)
        if not source.url and inspection.report_url and inspection.published == source.published:
            # The national table links this very report.
            source.url = inspection.report_url
            source.save(update_fields=["url"])
        return inspection

    def fill(self, inspection: Inspection, report: dict, source: Source):
        """Fill blanks; where a held value differs, keep it and note what the report says."""
        changed = []
        for name, value in report.items():
            held = getattr(inspection, name)
            blank = held in ("", None) or (name == "outcome" and held == Outcome.UNKNOWN)
            if blank and value not in ("", None):
                setattr(inspection, name, value)
                changed.append(name)
            elif not blank and value not in ("", None) and _disagree(held, value):
                self.note(inspection, name, value, source)
        if changed:
            inspection.save(update_fields=changed)

    def note(self, inspection: Inspection, name: str, value, source: Source):
        if isinstance(value, date):
            said = long_date(value)
        elif name == "outcome":
            said = f"“{Outcome(value).label.lower()}”"
        else:
            said = f"“{value}”"
        note = (
            f"The inspection report ({source.title}) {FILLED[name].format(said)}; "
            "the value shown here comes from another source."
        )
        _, created = DataNote.objects.update_or_create(
            inspection=inspection,
            field=f"report_{name}",
            defaults={"note": note, "source": source},
        )
        self.summary.notes += created

    # -- the findings -----------------------------------------------------------------------

    def findings(self, record: dict, inspection: Inspection, source: Source):
        others = inspection.findings.exclude(source=source).select_related("source")
        if others.exists():
            kinds = {other.source.kind for other in others}
            self.summary.curated_kept.append(f"{record['file']} ({others.count()} kept)")
            if kinds != {SourceKind.OFSTED_REPORT}:
                self.summary.warnings.append(
                    f"{record['file']}: the inspection has findings from sources that are not "
                    "Ofsted reports; none were made from the PDF"
                )
            return
        held = {
            (f.kind, f.order): f
            for f in inspection.findings.filter(source=source).prefetch_related("themes")
        }
        for item in record["findings"]:
            themes, themes_from = self.themes_of(record, item)
            values = {
                "label": LABELS[item["kind"]],
                "text": item["text"],
                "location": item["location"],
                "page": item["page"],
                "responsible_body": item["responsible_body"],
                "primary_theme_id": themes[0].pk if themes else None,
                "themes_from": themes_from,
            }
            finding = held.pop((item["kind"], item["order"]), None)
            if finding is None:
                finding = Finding.objects.create(
                    identifier=Finding.identifier_for(source.slug, item["kind"], item["order"]),
                    inspection=inspection,
                    source=source,
                    kind=item["kind"],
                    order=item["order"],
                    **values,
                )
                self.summary.findings_written += 1
            else:
                changed = [
                    name for name, value in values.items() if getattr(finding, name) != value
                ]
                for name in changed:
                    setattr(finding, name, values[name])
                if changed:
                    finding.save(update_fields=changed)
                    self.summary.findings_written += 1
            if {t.pk for t in finding.themes.all()} != {t.pk for t in themes}:
                finding.themes.set(themes)
        for stale in held.values():
            stale.delete()

    def themes_of(self, record: dict, item: dict) -> tuple[list[Theme], str]:
        """The review's themes for the finding if it has them, else the rules' in the file."""
        slugs = self.reviewed.get((record["_json"], item["kind"], item["order"]))
        if slugs is None:
            return self.theme_list(record, item.get("themes", [])), ThemesFrom.RULES
        return self.theme_list(record, slugs), ThemesFrom.REVIEWED

    def theme_list(self, record: dict, slugs: list[str]) -> list[Theme]:
        known = []
        for slug in slugs:
            if slug in self.themes:
                known.append(self.themes[slug])
            else:
                self.summary.warnings.append(f"{record['file']}: unknown theme {slug!r} ignored")
        return known

    # -- the partnership -------------------------------------------------------------------

    def keep_latest_partners(self, record: dict, area: Area, source: Source):
        if "partnership" not in record:
            return
        published = date.fromisoformat(record["published"])
        if area not in self.partners or self.partners[area][0] < published:
            self.partners[area] = (published, record["partnership"], source)

    def partnerships(self):
        """Each area's partners from its latest report. A row cited to a source that is not a
        loaded report (curated by hand) is kept as it is."""
        held = {
            p.area_id: p
            for p in Partnership.objects.filter(area__in=self.partners).select_related("source")
        }
        for area, (_, named, source) in self.partners.items():
            values = {
                "council": named["council"],
                "integrated_care_board": BOARDS_JOINED_BY.join(named["integrated_care_boards"]),
                "source": source,
            }
            row = held.get(area.pk)
            if row is not None and not row.source.file.startswith(REPORT_FILES):
                self.summary.curated_partnerships_kept.append(area.name)
                continue
            if row is None:
                Partnership.objects.create(area=area, **values)
            elif any(getattr(row, name) != value for name, value in values.items()):
                Partnership.objects.filter(pk=row.pk).update(**values)
            else:
                continue
            self.summary.partnerships_written += 1

    def load(self, record: dict):
        source = self.source(record)
        area = self.area(record)
        inspection = self.inspection(record, area, source)
        self.findings(record, inspection, source)
        self.keep_latest_partners(record, area, source)
        self.summary.reports += 1


def _name_key(name: str) -> str:
    """'Telford & Wrekin' and 'telford and wrekin' alike; 'Bedford Borough' as 'bedford'."""
    name = re.sub(r"\s+Local Area Partnership$", "", name, flags=re.IGNORECASE)
    name = re.sub(r"^(the|city of)\s+|\s+(borough|city|county)$", "", name.lower().strip())
    return slugify(name.replace("&", "and"))


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("&", "and"))
    slug, n = base, 2
    while Area.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
