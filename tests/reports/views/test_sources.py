"""A source's page and our copy of it, as a reader meets them."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertTemplateUsed

from reports.vocabulary import SourceKind
from tests.factories import FindingFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources_dir(tmp_path, settings):
    """An empty folder of source documents in place of fixtures/sources/."""
    settings.SOURCES_DIR = tmp_path / "sources"
    settings.SOURCES_DIR.mkdir()
    return settings.SOURCES_DIR


def test_source_page_describes_the_document_and_links_our_copy(client, sources_dir):
    (sources_dir / "press").mkdir()
    (sources_dir / "press" / "release.md").write_text("The council welcomes the report.\n")
    source = SourceFactory(
        title="A council press release",
        kind=SourceKind.PRESS_RELEASE,
        publisher="Testshire Council",
        file="press/release.md",
        published=datetime.date(2025, 5, 13),
    )
    FindingFactory(source=source)
    response = client.get(source.get_absolute_url())
    assertTemplateUsed(response, "reports/source_detail.html")
    for text in ["A council press release", "Testshire Council", "13 May 2025", "not known"]:
        assertContains(response, text)
    assertContains(response, "it is not the inspection report")
    assertContains(response, "1 finding and 0 responses")
    copy = client.get(reverse("reports:source-file", args=[source.slug]))
    assert copy.status_code == 200
    assert copy["Content-Type"] == "text/plain; charset=utf-8"
    assert b"".join(copy.streaming_content) == b"The council welcomes the report.\n"


def test_a_source_whose_copy_is_missing_is_not_found(client, sources_dir):
    source = SourceFactory(file="nowhere.pdf")
    assert client.get(reverse("reports:source-file", args=[source.slug])).status_code == 404


def test_a_source_whose_file_escapes_the_folder_is_not_served(client, sources_dir):
    (sources_dir.parent / "secret.txt").write_text("not a source")
    source = SourceFactory(file="../secret.txt")
    response = client.get(reverse("reports:source-file", args=[source.slug]))
    assert response.status_code == 404


def test_an_unknown_area_or_source_is_a_404_page_linking_to_the_area_list(client):
    for url in ["/areas/atlantis/", "/sources/atlantis/", "/sources/atlantis/file/"]:
        response = client.get(url)
        assertContains(response, "Page not found", status_code=404)
        assertContains(response, 'href="/#all-areas"', status_code=404)
