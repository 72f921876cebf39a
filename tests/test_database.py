import os

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_suite_runs_on_the_database_named_by_database_url():
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
    if expected == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        assert int(version.split(".")[0]) >= 15
