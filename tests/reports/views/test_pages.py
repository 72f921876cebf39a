"""The pages about the service."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
