from django.core.management.base import BaseCommand, CommandError

from reports import releases
from reports.importers.reports import FIXTURES_FOLDER, LoadRejected, load
from reports.management.reading import read_file, rejected_whole
from reports.theme_review import REVIEW_FILE, ReviewRejected, parse_review, theme_slugs


class Command(BaseCommand):
    help = (
        "Load the parsed report PDFs (fixtures/reports/*.json) into the database, all or "
        "nothing. Run after loaddata and import_outcomes; running it again changes nothing. "
        "Findings the theme review names take its themes; the rest, the keyword rules'."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default=str(FIXTURES_FOLDER))
        parser.add_argument(
            "--review", default=str(REVIEW_FILE), help="The reviewed themes (JSON)."
        )

    def handle(self, *args, folder, review, **options):
        with rejected_whole(review, ReviewRejected):
            reviewed = parse_review(read_file(review), set(theme_slugs()))
        try:
            with releases.load():
                summary = load(folder, reviewed)
        except LoadRejected as error:
            raise CommandError(f"Rejected, nothing written. {error}") from None
        for warning in summary.warnings:
            self.stderr.write(f"Warning: {warning}")
        for kept in summary.curated_kept:
            self.stdout.write(f"Curated findings kept, none made from the PDF: {kept}")
        for area in summary.curated_partnerships_kept:
            self.stdout.write(f"Curated partnership kept, none made from the PDF: {area}")
        self.stdout.write(
            f"{summary.reports} reports: {summary.sources_created} sources, "
            f"{summary.areas_created} areas and {summary.inspections_created} inspections "
            f"created; {summary.findings_written} findings and {summary.partnerships_written} "
            f"partnerships written; {summary.notes} new notes."
        )
