from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.importers import pdf, report_record
from reports.importers.reports import FIXTURES_FOLDER

DEFAULT_FOLDER = Path(settings.SOURCES_DIR) / "reports"


class Command(BaseCommand):
    help = (
        "Parse Ofsted area SEND report PDFs into one JSON file each (fixtures/reports/), "
        "for load_reports. A report whose layout is not recognised is skipped whole."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help=f"PDF files or folders (default: {DEFAULT_FOLDER})."
        )
        parser.add_argument("--output", default=str(FIXTURES_FOLDER), help="Folder for the JSON.")
        parser.add_argument(
            "--jobs", type=int, default=0, help="Worker processes (default: one per CPU)."
        )
        parser.add_argument(
            "--themes-only",
            action="store_true",
            help="Only re-theme the findings already in the output folder (after the theme "
            "rules change); no PDF is read.",
        )

    def handle(self, *args, paths, output, jobs, themes_only, **options):
        if themes_only:
            changed = [p.name for p in sorted(Path(output).glob("*.json")) if pdf.refresh_themes(p)]
            self.stdout.write(f"Themes changed in {len(changed)} files: {', '.join(changed)}")
            return
        files = pdf.find_pdfs([Path(p) for p in paths] or [DEFAULT_FOLDER])
        if not files:
            raise CommandError(f"No PDF files in {', '.join(paths) or DEFAULT_FOLDER}.")
        out = Path(output)
        out.mkdir(parents=True, exist_ok=True)
        skipped = []
        for name, data, message in pdf.ingest_many(files, jobs or None):
            if data is not None:
                # What load_reports would refuse is not written (it writes files, not the
                # database: load_reports records the data version).
                try:
                    report_record.check(data)
                except ValueError as error:
                    data, message = None, f"{name}: {error}"
            if data is None:
                skipped.append(name)
                self.stderr.write(f"Skipped, nothing written: {message}")
                continue
            (out / f"{Path(name).stem}.json").write_text(data, encoding="utf-8")
            self.stdout.write(message)
        written = len(files) - len(skipped)
        self.stdout.write(f"{written} of {len(files)} reports written to {out}.")
        if skipped:
            raise CommandError(f"{len(skipped)} skipped: {', '.join(skipped)} (see above).")
