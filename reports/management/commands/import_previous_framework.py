from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reports import releases
from reports.importers.previous_framework import ImportRejected, parse
from reports.importers.previous_history import FILE, import_rows
from reports.management.reading import read_file, rejected_whole


class Command(BaseCommand):
    help = (
        "Load Ofsted's statistics of the 2016 to 2022 local area SEND inspections (.ods): one "
        "inspection per row, with its revisit, beside those already held. Run after "
        "load_regions; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(Path(settings.SOURCES_DIR) / FILE))

    def handle(self, *args, path, **options):
        data = read_file(path)
        with rejected_whole(path, ImportRejected), releases.load():
            summary = import_rows(parse(data))
        self.stdout.write(
            f"{summary.rows} rows: {summary.inspections_created} inspections created, "
            f"{summary.inspections_updated} updated, {summary.revisits} revisits; "
            f"{summary.stubs_merged} previous inspections found to be revisits; "
            f"{summary.notes} new notes."
        )
