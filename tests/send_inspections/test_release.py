"""The release in ETags and cache keys: DJANGO_RELEASE, else a fingerprint of the checkout."""

import os
import subprocess
import sys

from django.conf import settings
from django.test import override_settings

from send_inspections.release import code_fingerprint, release


def test_a_release_set_in_deployment_is_used():
    with override_settings(RELEASE="abc123"):
        assert release() == "abc123"


def test_unset_the_release_is_the_fingerprint_of_this_checkout():
    with override_settings(RELEASE=""):
        assert release() == code_fingerprint(settings.BASE_DIR)


def test_the_fingerprint_changes_when_a_template_changes(tmp_path):
    fingerprint = code_fingerprint.__wrapped__  # uncached, to see the change
    page = tmp_path / "templates" / "page.html"
    page.parent.mkdir()
    page.write_text("one")
    before = fingerprint(tmp_path)
    assert fingerprint(tmp_path) == before
    page.write_text("a longer page")
    assert fingerprint(tmp_path) != before


def test_loading_the_settings_does_not_walk_the_tree():
    # Every manage.py command and test run loads the settings; only serving a page needs this.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_RELEASE"}
    env["DJANGO_SETTINGS_MODULE"] = "send_inspections.settings"
    code = (
        "import django; django.setup(); from send_inspections.release import code_fingerprint; "
        "print(code_fingerprint.cache_info().misses)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    ).stdout
    assert out.strip() == "0"
