from django.apps import AppConfig
from django.db.models.signals import post_save


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from reports.baking import invalidate_on_new_version
        from reports.models import DataVersion

        # Whichever command records a data version, the baked pages of the old one stop.
        post_save.connect(invalidate_on_new_version, sender=DataVersion)
