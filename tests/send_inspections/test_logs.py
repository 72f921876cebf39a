"""Expected refusals log one line each; real errors keep their traceback."""

import logging
import sys

import pytest

from send_inspections.logs import OneLineForExpected

pytestmark = pytest.mark.django_db


def test_a_bad_host_is_logged_as_one_line(client, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name.startswith("django.security")]
    assert records
    line = OneLineForExpected().format(records[0])
    assert "Traceback" not in line and "\n" not in line


def test_a_server_error_keeps_its_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.makeLogRecord(
        {"name": "django.request", "msg": "Internal Server Error", "status_code": 500}
    )
    record.exc_info = exc_info
    assert "Traceback" in OneLineForExpected().format(record)
