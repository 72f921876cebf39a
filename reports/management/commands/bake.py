"""Render every page whose address the data fixes to files (reports/baking.py says how)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports import baking


class Command(BaseCommand):
    help = "Bake the bounded pages and their JSON twins to files under settings.BAKED_ROOT."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="Only if baking is on and the current bake is not of this data and code.",
        )

    def handle(self, *args, if_stale=False, verbosity=1, **options):
        if if_stale and not settings.BAKE:
            if verbosity:
                self.stdout.write("Baking is off (DJANGO_BAKE=0, or DEBUG): nothing baked.")
            return
        if if_stale and baking.is_current(baking.read_manifest()):
            if verbosity:
                self.stdout.write("The baked pages are current.")
            return
        start = time.monotonic()
        try:
            baked = baking.bake()
        except baking.BakeError as error:
            raise CommandError(f"Nothing was baked: {error}") from error
        if verbosity:
            self.stdout.write(
                f"Baked {baked.pages} pages of data version {baked.version[:12]} in "
                f"{time.monotonic() - start:.1f} s, in {baked.folder}."
            )
