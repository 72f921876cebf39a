"""The data page and the whole tables as downloads."""

import json

import pytest
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db


def test_the_data_page_offers_every_table_and_a_dictionary(client, national_table):
    response = client.get("/data/")
    assertContains(response, "Data as of 29 June 2026.")
    for name in ["areas", "inspections", "findings", "themes", "sources"]:
        assertContains(response, f'href="/data/{name}.csv"')
        assertContains(response, f'href="/data/{name}.json"')
    assertContains(response, "<code>outcome</code>")
    assertContains(response, "pd.read_csv")
    assertContains(response, "read.csv")


@pytest.mark.parametrize("path", ["/data/nothing.csv", "/data/findings.xml"])
def test_a_table_we_do_not_offer_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_whole_table_downloads_with_the_datas_date(client, researcher_data, national_table):
    payload = json.loads(b"".join(client.get("/data/findings.json").streaming_content))
    assert payload["data_as_of"] == "2026-06-29"
    assert {row["text"] for row in payload["rows"]} == {f.text for f in researcher_data.values()}


def test_the_data_package_is_valid_frictionless(client, tmp_path, researcher_data, national_table):
    frictionless = pytest.importorskip("frictionless")
    descriptor = client.get("/data/datapackage.json").json()
    assert descriptor["version"] == "2026-06-29"
    for resource in descriptor["resources"]:  # paths are relative to the descriptor's address
        body = b"".join(client.get("/data/" + resource["path"]).streaming_content)
        (tmp_path / resource["path"]).write_bytes(body)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:10]
    findings = (tmp_path / "findings.csv").read_text(encoding="utf-8")
    assert researcher_data["wanted"].text in findings  # the rows were validated, not only headers
