"""What pages compute over all of England is kept once per data version (reports/precomputed.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import precomputed
from reports.models import DataVersion
from reports.selectors.national import national_outcomes
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_within_one_data_version_england_is_read_once(keep_precomputed):
    AreaFactory(name="Alderley")
    with precomputed.for_request("1:a"):
        assert queries(national_outcomes) == 1
        assert queries(national_outcomes) == 0
        assert [a.name for a in national_outcomes()] == ["Alderley"]


def test_a_new_data_version_reads_the_new_data(keep_precomputed):
    AreaFactory(name="Alderley")
    with precomputed.for_request("1:a"):
        national_outcomes()
    AreaFactory(name="Bramhall")
    with precomputed.for_request("1:a"):  # the old version still sees what it saw
        assert [a.name for a in national_outcomes()] == ["Alderley"]
    with precomputed.for_request("2:b"):
        assert [a.name for a in national_outcomes()] == ["Alderley", "Bramhall"]


def test_outside_a_request_nothing_is_kept(keep_precomputed):
    AreaFactory(name="Alderley")
    assert queries(national_outcomes) == 1
    assert queries(national_outcomes) == 1


def test_pages_share_the_national_picture_until_the_data_changes(client, keep_precomputed):
    areas = [AreaFactory(name=name) for name in ("Alderley", "Bramhall", "Cheadle")]
    DataVersion.objects.create(version="first", loaded_at="2026-01-01T00:00Z")
    first = queries(lambda: client.get(f"/areas/{areas[0].slug}/"))
    second = queries(lambda: client.get(f"/areas/{areas[1].slug}/"))
    assert second == first - 1  # England's areas were read for the first page only
    AreaFactory(name="Didsbury")
    DataVersion.objects.create(version="second", loaded_at="2026-01-02T00:00Z")
    response = client.get("/outcomes/")
    assert "Didsbury" in response.content.decode()
