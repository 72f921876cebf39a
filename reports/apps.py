from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self):
        from areas.signals import data_changed

        data_changed.connect(record_version, dispatch_uid="reports.record_version")


def record_version(sender, **kwargs):
    """After load_geography on its own: the new data version (inside load_data, load_data's)."""
    from reports import releases

    with releases.load():
        pass
