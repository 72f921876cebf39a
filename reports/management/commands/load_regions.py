from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reports import releases
from reports.importers.regions import FILE, RegionsRejected, load, parse
from reports.management.reading import read_file, rejected_whole


class Command(BaseCommand):
    help = (
        "Set every area's region, LA code and ONS code from the table of England's upper-tier "
        "local authorities. Run after load_geography, which makes the areas."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(Path(settings.SOURCES_DIR) / FILE))

    def handle(self, *args, path, **options):
        data = read_file(path)
        with rejected_whole(path, RegionsRejected), releases.load():
            summary = load(parse(data))
        for name in summary.without_region:
            self.stderr.write(f"Warning: no row of the table is {name}; its region is not stated.")
        self.stdout.write(f"{summary.rows} authorities: {summary.areas_updated} areas updated.")
