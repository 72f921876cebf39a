"""The data releases page and the Atom feeds, as a researcher and a feed reader meet them."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import resolve, reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports import releases
from reports.models import DataVersion, Finding
from reports.vocabulary import SourceKind
from tests.factories import (
    AreaFactory,
    FindingFactory,
    InspectionFactory,
    NationalTableFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def load(change=lambda: None):
    before = releases.snapshot()
    change()
    return releases.record(before=before, version=DataVersion.record())


@pytest.fixture
def two_loads(db):
    """A first load of Essex, then a second that adds Kent's inspection and report, rewords an
    Essex finding and removes Luton's inspection."""
    NationalTableFactory()
    essex = InspectionFactory(
        area=AreaFactory(name="Essex", slug="essex"),
        start_date=datetime.date(2026, 3, 2),
        published=datetime.date(2026, 5, 20),
    )
    luton = InspectionFactory(
        area=AreaFactory(name="Luton", slug="luton"), start_date=datetime.date(2024, 1, 8)
    )
    FindingFactory(inspection=essex, text="Essex's first words.")
    first = load()

    def change():
        kent = InspectionFactory(
            area=AreaFactory(name="Kent", slug="kent"),
            start_date=datetime.date(2026, 4, 13),
            published=datetime.date(2026, 6, 1),
        )
        report = SourceFactory(
            slug="ofsted-report-kent",
            title="Kent's area SEND inspection report",
            kind=SourceKind.OFSTED_REPORT,
            published=datetime.date(2026, 6, 1),
            licence="Open Government Licence v3.0",
        )
        kent.sources.add(report)
        FindingFactory(inspection=kent, source=report)
        Finding.objects.filter(inspection=essex).update(text="Essex's words, corrected.")
        luton.delete()

    return {"first": first, "second": load(change)}


def test_releases_are_listed_newest_first_with_what_changed(client, two_loads):
    response = client.get("/data/releases/")
    assertTemplateUsed(response, "reports/release_list.html")
    first, second = two_loads["first"], two_loads["second"]
    body = response.content.decode()
    assert body.index(f'id="release-{second.pk}"') < body.index(f'id="release-{first.pk}"')
    assertContains(response, "Data as of 29 June 2026.", count=2)
    assertContains(response, "The first release: there is nothing earlier to compare it with")
    assertContains(
        response,
        "Compared with the previous release, "
        f'<a class="govuk-link" href="/data/releases/#release-{first.pk}">',
    )
    for line in ["1 inspection added", "1 inspection removed", "1 finding changed"]:
        assertContains(response, f"<li>{line}</li>", count=1)  # the second release
    assertContains(response, "<li>1 source added</li>", count=1)
    for line in ["2 inspections added", "2 sources added"]:  # the first: Essex and Luton
        assertContains(response, f"<li>{line}</li>", count=1)
    body = " ".join(response.content.decode().split())  # a link may wrap in the template
    link = '<a class="govuk-link" href="{}">{}</a>'
    assert link.format("/areas/kent/", "Kent, inspection of 13 April 2026") in body
    assert "1 of " + link.format("/areas/essex/", "Essex, inspection of 2 March 2026") in body
    report = link.format("/sources/ofsted-report-kent/", "Kent&#x27;s area SEND inspection report")
    assert report in body


def test_a_release_names_what_the_site_no_longer_holds_without_a_link(client, two_loads):
    AreaFactory._meta.model.objects.filter(slug="luton").delete()
    body = " ".join(client.get("/data/releases/").content.decode().split())
    assert "<li>luton, inspection of 8 January 2024 (no longer held)</li>" in body


def test_the_data_page_links_the_releases_and_the_feed(client, two_loads):
    response = client.get("/data/")
    assertContains(response, 'href="/data/releases/"')
    assertContains(response, '<link rel="alternate" type="application/atom+xml"')
    assertContains(response, 'href="/data/releases/feed.atom" type="application/atom+xml">Follow')


def test_releases_page_queries_do_not_grow_with_releases(
    client, two_loads, django_assert_num_queries
):
    with django_assert_num_queries(6):
        client.get("/data/releases/")
    for n in range(3):
        load(lambda n=n: SourceFactory(slug=f"later-{n}"))
    load(lambda: InspectionFactory(area=AreaFactory(), start_date=datetime.date(2025, 1, 1)))
    with django_assert_num_queries(6):
        response = client.get("/data/releases/")
    assertContains(response, "later-2")


def test_releases_page_with_no_load_yet_says_so(client):
    assertContains(client.get("/data/releases/"), "No data has been loaded yet.")


def test_a_page_of_releases_not_there_is_not_found(client):
    assert client.get("/data/releases/?page=9").status_code == 404


def feed(client, path: str) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def entries(root: ET.Element) -> list[dict]:
    found = []
    for entry in root.iter(f"{ATOM}entry"):
        updated = entry.findtext(f"{ATOM}updated")
        found.append(
            {
                "id": entry.findtext(f"{ATOM}id"),
                "title": entry.findtext(f"{ATOM}title"),
                "link": entry.find(f"{ATOM}link").get("href"),
                "updated": datetime.datetime.fromisoformat(updated),
                "rights": entry.findtext(f"{ATOM}rights"),
            }
        )
    return found


def test_the_national_feed_announces_new_inspections_and_reports(client, two_loads):
    root = feed(client, "/data/releases/feed.atom")
    assert root.findtext(f"{ATOM}updated") == "2026-06-01T00:00:00+00:00"
    assert "Open Government Licence v3.0" in root.findtext(f"{ATOM}rights")
    found = entries(root)
    assert [e["title"] for e in found] == [
        "Kent: inspection published 1 June 2026",
        "Kent's area SEND inspection report",
        "Essex: inspection published 20 May 2026",
    ]  # newest first, an inspection before its report; Luton's was never published
    assert len({e["id"] for e in found}) == len(found)
    assert all(e["id"].startswith("urn:uuid:") for e in found)
    assert all(e["updated"].tzinfo is not None for e in found)
    assert found[0]["link"].startswith("http://testserver/areas/kent/#inspection-")
    assert found[1]["link"] == "http://testserver/sources/ofsted-report-kent/"
    assert all("Open Government Licence v3.0" in e["rights"] for e in found)


def test_entry_ids_outlive_a_reload_that_renumbers_the_rows(client, two_loads):
    before = [e["id"] for e in entries(feed(client, "/data/releases/feed.atom"))]
    kent = InspectionFactory._meta.model.objects.get(area__slug="kent")
    sources = list(kent.sources.all())
    kent.delete()
    kent.pk = None
    kent.save()
    kent.sources.set(sources)
    assert [e["id"] for e in entries(feed(client, "/data/releases/feed.atom"))] == before


def test_an_areas_feed_holds_only_its_own_inspections_and_reports(client, two_loads):
    root = feed(client, "/areas/kent/feed.atom")
    assert root.findtext(f"{ATOM}title") == "Kent: new area SEND inspections and reports"
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/areas/kent/feed.atom")
    assert [e["title"] for e in entries(root)] == [
        "Kent: inspection published 1 June 2026",
        "Kent's area SEND inspection report",
    ]
    assert [e["title"] for e in entries(feed(client, "/areas/luton/feed.atom"))] == []


def test_an_unknown_areas_feed_is_not_found(client):
    assert client.get("/areas/nowhere/feed.atom").status_code == 404


def test_feeds_answer_get_only(client, two_loads):
    assert client.post("/data/releases/feed.atom").status_code == 405
    assert client.post("/areas/kent/feed.atom").status_code == 405


def test_the_area_page_links_its_feed(client, two_loads):
    response = client.get("/areas/kent/")
    assertContains(
        response,
        '<link rel="alternate" type="application/atom+xml"'
        ' title="Kent: new inspections and reports" href="/areas/kent/feed.atom">',
    )
    assertContains(response, "Follow Kent’s inspections (Atom feed)")
    assertNotContains(response, "/data/releases/feed.atom")


def test_feed_query_counts_do_not_grow_with_entries(client, two_loads, django_assert_num_queries):
    with django_assert_num_queries(3):  # the data version, the inspections, the reports
        client.get("/data/releases/feed.atom")
    with django_assert_num_queries(4):  # and the area first
        client.get("/areas/kent/feed.atom")
    for n in range(3):
        InspectionFactory(
            area__slug=f"more-{n}", published=datetime.date(2025, 1, 1 + n), start_date=None
        )
    with django_assert_num_queries(3):
        client.get("/data/releases/feed.atom")


def test_feed_urls_round_trip():
    assert reverse("reports:releases-feed") == "/data/releases/feed.atom"
    assert reverse("reports:area-feed", args=["kent"]) == "/areas/kent/feed.atom"
    assert resolve("/data/releases/").url_name == "releases"
