"""The data package loads from its own address, the whole data set downloads as one zip, and
the whole-table downloads refuse every query parameter instead of ignoring it."""

import csv
import datetime
import importlib
import io
import json
import zipfile

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from reports.exports import TABLES
from reports.vocabulary import FindingKind, Outcome, SourceKind
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    PartnershipFactory,
    SourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

ZIP = "/data/area-send-inspections.zip"


@pytest.fixture
def frictionless():
    """The frictionless package, leaving csv's field size limit as it was: importing it raises
    the limit for the whole process, and the importers rely on it to refuse a huge cell."""
    limit = csv.field_size_limit()
    yield importlib.import_module("frictionless")
    csv.field_size_limit(limit)


def small_data_set(findings: int = 2) -> list:
    """Northtestshire's inspection and `findings` findings with a theme, quoted from a report
    (and a data table dating the data)."""
    SourceFactory(kind=SourceKind.DATA_TABLE, published=datetime.date(2026, 1, 5))
    area = AreaFactory(name="Northtestshire", slug="northtestshire", region="NE")
    PartnershipFactory(area=area)
    inspection = InspectionFactory(
        area=area, outcome=Outcome.POSITIVE, published=datetime.date(2025, 11, 3)
    )
    theme = ThemeFactory(slug="zz-testing", name="Testing")
    return [
        FindingFactory(
            inspection=inspection,
            kind=FindingKind.STRENGTH,
            text=f"Northtestshire's zebrafinch finding {n}, with a comma.",
            themes=[theme],
        )
        for n in range(findings)
    ]


def csv_rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def download(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content)


def test_every_field_of_the_package_has_a_description_and_the_licence_is_kept(client):
    descriptor = client.get("/data/datapackage.json").json()
    assert {r["name"] for r in descriptor["resources"]} == set(TABLES)
    for resource in descriptor["resources"]:
        assert resource["path"] == f"{resource['name']}.csv"  # beside /data/datapackage.json
        assert resource["description"]
        for field in resource["schema"]["fields"]:
            assert field["description"].strip(), (resource["name"], field["name"])
    assert descriptor["licenses"][0]["name"] == "OGL-UK-3.0"
    assert "Crown copyright" in descriptor["description"]
    assert any("Ofsted" in source["title"] for source in descriptor["sources"])


def test_each_resource_path_is_the_download_at_that_address_relative_to_the_descriptor(client):
    small_data_set()
    descriptor = client.get(reverse("reports:datapackage")).json()
    for resource in descriptor["resources"]:
        address = reverse("reports:datapackage").rsplit("/", 1)[0] + "/" + resource["path"]
        assert address == reverse("reports:data-table", args=[resource["name"], "csv"])


@pytest.mark.django_db(transaction=True)
def test_frictionless_validates_the_package_at_its_address_on_the_running_site(
    live_server, frictionless
):
    built = small_data_set()
    address = live_server.url + reverse("reports:datapackage")
    report = frictionless.validate(address)
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:10]
    package = frictionless.Package(address)
    findings = package.get_resource("findings")
    assert findings.normpath == live_server.url + "/data/findings.csv"
    texts = {row["text"] for row in findings.read_rows()}
    assert {finding.text for finding in built} <= texts  # rows were read, not only headers


def read_zip(client) -> zipfile.ZipFile:
    response = client.get(ZIP)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="area-send-inspections.zip"' in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_zip_holds_every_csv_and_a_package_that_validates_inside_it(
    client, tmp_path, frictionless
):
    built = small_data_set()
    archive = read_zip(client)
    names = {f"{name}.csv" for name in TABLES}
    assert set(archive.namelist()) == names | {"datapackage.json"}
    archive.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])[:10]
    for name in TABLES:
        member = (tmp_path / f"{name}.csv").read_bytes()
        assert csv_rows(member) == csv_rows(download(client, f"/data/{name}.csv")), name
    texts = [row["text"] for row in csv_rows((tmp_path / "findings.csv").read_bytes())]
    assert [t for t in texts if t.startswith("Northtestshire's")] == [f.text for f in built]
    descriptor = json.loads(archive.read("datapackage.json"))
    assert descriptor == client.get("/data/datapackage.json").json()


# The data version and the data's date, then (for the zip) one query per table.
@pytest.mark.parametrize(
    ("path", "queries"), [("/data/", 2), ("/data/datapackage.json", 2), (ZIP, 2 + len(TABLES))]
)
def test_the_zip_and_the_package_cost_the_same_queries_for_2_or_6_findings(
    client, django_assert_num_queries, path, queries
):
    findings = small_data_set(2)
    for more in (0, 4):
        for n in range(more):
            FindingFactory(inspection=findings[0].inspection, text=f"Another zebrafinch {n}.")
        with django_assert_num_queries(queries):
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200 and body


def test_the_data_page_links_the_zip_and_says_the_downloads_are_whole_tables(client):
    response = client.get("/data/")
    assertContains(response, f'href="{ZIP}"')
    assertContains(response, "Each download below is the whole table")
    assertContains(response, "is refused rather than answered with every row")


def test_a_filter_on_a_whole_table_is_a_400_naming_it_and_the_filtered_download(client):
    response = client.get("/data/findings.json?kind=strength")
    assertContains(response, "findings.json is the whole table", status_code=400)
    assertContains(response, "cannot apply “kind”", status_code=400)
    assertContains(response, "/findings/?kind=strength&amp;format=json", status_code=400)
    response = client.get("/data/inspections.csv?outcome=positive&region=NE")
    assertContains(response, "cannot apply “outcome”, “region”", status_code=400)
    filtered = "/inspections/?outcome=positive&amp;region=NE&amp;format=csv"
    assertContains(response, filtered, status_code=400)
    # The filtered address does what the message says.
    assert client.get("/findings/?kind=strength&format=json").status_code == 200


@pytest.mark.parametrize("path", [f"/data/{n}.{e}" for n in TABLES for e in ("csv", "json")])
def test_every_whole_table_download_refuses_any_parameter(client, path):
    response = client.get(path + "?page=2")
    assertContains(response, "cannot apply “page”", status_code=400)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/data/datapackage.json", ZIP])
def test_the_package_and_the_zip_refuse_any_parameter(client, path):
    assertContains(client.get(path + "?v=2"), "cannot apply “v”", status_code=400)


def test_a_parameter_the_list_does_not_filter_on_is_not_offered_as_a_filtered_address(client):
    response = client.get("/data/findings.csv?colour=blue")
    assertContains(response, "choose filters on /findings/", status_code=400)
    assertNotContains(response, "colour=blue", status_code=400)
    response = client.get("/data/areas.csv?region=NE")
    assertContains(response, "without the part from “?”", status_code=400)


@pytest.mark.parametrize(
    "query",
    [
        "kind=strength&kind=weakness",
        "kind=strength&kind=strength",
        "%ff%fe=%C0%AF",
        "%zz=1",
        "=",
        "&&=&",
        "k%00ind=a",
        "kind=%00",
        "%00=%00",
        "x" * 5000 + "=1",
        "kind=" + "y" * 100_000,
        "&".join(f"p{n}=1" for n in range(1500)),
    ],
)
@pytest.mark.parametrize("path", ["/data/findings.json", "/data/themes.csv", ZIP])
def test_repeated_junk_nul_and_huge_parameters_are_a_400_never_a_500(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert b"\x00" not in response.content
    assert len(response.content) < 20_000  # a huge name or value is not echoed back
