"""Load everything the site shows, in order, in one transaction: `make data` runs this.

Curated fixtures first (they win over anything imported after them), then the national table,
England's upper-tier authorities and their districts, their regions and codes, the report
fixtures, Ofsted's statistics of the 2016 to 2022 inspections, and the search index; then, unless
DEBUG, `--no-bake` or DJANGO_BAKE=0, it bakes the bounded pages (`manage.py bake`). The
postcode index is a file, built separately by `build_postcodes`. Each load that changes an
inspection, finding or source records a data release of what it changed (reports/releases.py).
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from reports import releases
from reports.search import rebuild_index

CURATED = ["themes", "sources", "areas", "partnerships", "inspections", "findings", "responses"]


class Command(BaseCommand):
    help = "Load the curated fixtures, the national table, geography and report fixtures."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-bake", action="store_true", help="Do not bake the pages after loading."
        )

    def handle(self, *args, verbosity=1, no_bake=False, **options):
        quiet = {"verbosity": 0} if verbosity < 2 else {}
        # One version and at most one release for the whole load: the commands it calls leave
        # their recording to it.
        with releases.load() as loaded:
            call_command("loaddata", *CURATED, **quiet)
            call_command("import_outcomes", stdout=self.stdout, **quiet)
            call_command("load_geography", stdout=self.stdout, **quiet)
            call_command("load_regions", stdout=self.stdout, **quiet)
            call_command("load_reports", stdout=self.stdout, **quiet)
            # After the reports: it checks their "previous inspection" against its own dates.
            call_command("import_previous_framework", stdout=self.stdout, **quiet)
            rebuild_index()
        if verbosity:
            self.stdout.write(f"Data loaded. {releases.described(loaded.release)}")
        if settings.BAKE and not settings.DEBUG and not no_bake:
            try:
                call_command("bake", stdout=self.stdout, verbosity=verbosity)
            except CommandError as error:
                # The data is in; only the baked copies are missing, and pages render live.
                raise CommandError(f"The data was loaded, but {error}") from error
