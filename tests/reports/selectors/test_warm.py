"""A web worker computes England's picture and the facets' counts before its first request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import precomputed
from reports.selectors.warm import warm
from tests.factories import FindingFactory, new_data

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_warmed_worker_serves_its_first_pages_from_what_it_kept(client, keep_precomputed):
    FindingFactory.create_batch(3)
    new_data()
    cold = queries(client, "/findings/")
    precomputed._kept.clear()  # a worker just started
    assert warm()
    assert queries(client, "/findings/") < cold
    assert queries(client, "/findings/") == queries(client, "/findings/")  # nothing left to fill


def test_with_no_data_there_is_nothing_to_warm(keep_precomputed):
    assert not warm()
