from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports import releases
from reports.importers.national import ImportRejected, import_rows, parse
from reports.management.reading import read_file, rejected_whole
from reports.models import Source

DEFAULT_FILE = "national-outcomes-2026-06-29.csv"


class Command(BaseCommand):
    help = "Create or update areas and their latest inspections from the national outcomes table."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=str(Path(settings.SOURCES_DIR) / DEFAULT_FILE),
            help="The CSV file (default: the shipped national table).",
        )
        parser.add_argument(
            "--source",
            default="national-outcomes-2026-06-29",
            help="Slug of the Source the rows are cited to (loaded from fixtures/sources.json).",
        )

    def handle(self, *args, path, source, **options):
        data = read_file(path)
        try:
            cited = Source.objects.get(slug=source)
        except Source.DoesNotExist:
            raise CommandError(f"No source {source!r}: load the fixtures first.") from None
        with rejected_whole(path, ImportRejected):
            rows = parse(data)
        with releases.load():
            summary = import_rows(rows, cited)
        self.stdout.write(
            f"{len(rows)} rows: {summary.areas_created} areas and "
            f"{summary.inspections_created} inspections created, "
            f"{summary.records_updated} records updated."
        )
