from django.apps import AppConfig
from django.db.models.signals import post_save


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from areas.signals import data_changed
        from reports.baking import invalidate_on_new_version
        from reports.models import DataVersion

        # Whichever command records a data version, the baked pages of the old one stop.
        post_save.connect(invalidate_on_new_version, sender=DataVersion)
        data_changed.connect(record_version, dispatch_uid="reports.record_version")


def record_version(sender, **kwargs):
    """After load_geography on its own: the new data version (inside load_data, load_data's)."""
    from reports import releases

    with releases.load():
        pass
