"""The site's own addresses, beside the apps'."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "head"])
def test_where_people_guess_the_api_lives_leads_to_its_documentation(client, method):
    response = getattr(client, method)("/api/")
    assert response.status_code == 301
    assert response["Location"] == "/data/api/"
