"""Every page's navigation marks where the reader is."""

import pytest
from django.test import RequestFactory

from send_inspections.context_processors import NAVIGATION, site


def active_labels(path: str) -> list[str]:
    return [
        item["label"] for item in site(RequestFactory().get(path))["navigation"] if item["active"]
    ]


@pytest.mark.parametrize(
    "path, active",
    [
        ("/", ["Find your area"]),
        ("/areas/cornwall/", ["Find your area"]),  # reached from it
        ("/compare/", ["Compare areas"]),
        ("/data/", ["Data"]),
        ("/data/inspections.csv", []),
        ("/glossary/", []),  # in the footer
    ],
)
def test_the_section_the_reader_is_in_is_marked(path, active):
    assert active_labels(path) == active


def test_every_section_links_to_its_page():
    items = site(RequestFactory().get("/"))["navigation"]
    assert [item["label"] for item in items] == [label for _, label in NAVIGATION]
    assert items[0]["url"] == "/" and items[-1]["url"] == "/about/"
