from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    # Collected static files hold only what the site serves: no build scripts or notes.
    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "*.sh", "*.md", "*.txt"]
