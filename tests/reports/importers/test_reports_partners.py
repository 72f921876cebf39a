"""Loading the partners each report names (the report JSON's "partnership") into
reports.Partnership: the latest report wins for an area, a hand-curated row is kept, and a
record naming no council or board rejects the load."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from reports.models import Partnership, Source
from tests.factories import AreaFactory, PartnershipFactory, SourceFactory

JSONS = Path(settings.BASE_DIR) / "fixtures" / "reports"

pytestmark = pytest.mark.django_db


def record(stem: str, published: str, council: str, *boards: str) -> dict:
    """Bedford's committed record, made over as a report of Northtestshire."""
    data = json.loads((JSONS / "bedford-2025-02-04.json").read_text(encoding="utf-8"))
    # Each record its own inspection, ended before it is published.
    year = int(published[:4]) - 1
    data["inspection"].update(start_date=f"{year}-03-01", end_date=f"{year}-03-05")
    data.update(
        file=f"reports/{stem}.pdf",
        urn="999001",
        area_name="Northtestshire",
        manifest_name="northtestshire",
        published=published,
        partnership={
            "council": council,
            "integrated_care_boards": list(boards),
            "sentences": [{"text": f"{council} and {' and '.join(boards)} are …", "page": 1}],
        },
    )
    return data


@pytest.fixture
def load(tmp_path):
    """load(*records): `manage.py load_reports` of a folder holding those records."""

    def run(*records: dict) -> str:
        folder = tmp_path / "reports"
        folder.mkdir(exist_ok=True)
        for data in records:
            stem = Path(data["file"]).stem
            (folder / f"{stem}.json").write_text(json.dumps(data), encoding="utf-8")
        out = io.StringIO()
        call_command("load_reports", str(folder), stdout=out, stderr=out)
        return out.getvalue()

    return run


@pytest.fixture
def area():
    return AreaFactory(name="Northtestshire", slug="northtestshire", urn="999001")


def test_a_report_gives_its_area_the_council_and_board_it_names(load, area):
    out = load(record("northtestshire-2024-05-01", "2024-05-01", "Northtestshire Council", "B"))
    assert "1 partnerships written" in out
    partnership = Partnership.objects.get(area=area)
    assert (partnership.council, partnership.integrated_care_board) == (
        "Northtestshire Council",
        "B",
    )
    assert partnership.source == Source.objects.get(slug="ofsted-report-northtestshire-2024-05-01")


def test_several_boards_are_held_in_the_one_field_in_the_reports_order(load, area):
    load(
        record(
            "northtestshire-2024-05-01",
            "2024-05-01",
            "Northtestshire County Council",
            "NHS North, East and West Testshire Integrated Care Board",
            "NHS South Testshire ICB",
        )
    )
    assert Partnership.objects.get(area=area).integrated_care_board == (
        "NHS North, East and West Testshire Integrated Care Board; NHS South Testshire ICB"
    )


def test_the_latest_report_names_the_partners_whichever_is_loaded_first(load, area):
    older = record("northtestshire-2023-01-01", "2023-01-01", "Old Council", "Old ICB")
    newer = record("northtestshire-2024-05-01", "2024-05-01", "New Council", "New ICB")
    load(newer, older)  # the files load in name order: the older one last
    partnership = Partnership.objects.get(area=area)
    assert (partnership.council, partnership.integrated_care_board) == ("New Council", "New ICB")
    assert partnership.source.slug == "ofsted-report-northtestshire-2024-05-01"


def test_a_later_report_replaces_the_partners_an_earlier_load_wrote(load, area):
    load(record("northtestshire-2023-01-01", "2023-01-01", "Old Council", "Old ICB"))
    load(record("northtestshire-2024-05-01", "2024-05-01", "New Council", "New ICB"))
    assert Partnership.objects.get(area=area).council == "New Council"
    assert Partnership.objects.count() == 1


def test_a_hand_curated_partnership_is_kept(load, area):
    press_release = SourceFactory(kind="press_release", file="seeds/northtestshire.txt")
    curated = PartnershipFactory(area=area, council="Curated Council", source=press_release)
    out = load(record("northtestshire-2024-05-01", "2024-05-01", "New Council", "New ICB"))
    assert "Curated partnership kept, none made from the PDF: Northtestshire" in out
    assert "0 partnerships written" in out
    assert Partnership.objects.get(area=area) == curated
    curated.refresh_from_db()
    assert (curated.council, curated.source) == ("Curated Council", press_release)


def test_an_area_without_a_report_gets_no_partnership(load, area):
    other = AreaFactory(name="Southtestshire", slug="southtestshire")
    load(record("northtestshire-2024-05-01", "2024-05-01", "Northtestshire Council", "B"))
    assert not Partnership.objects.filter(area=other).exists()


@pytest.mark.parametrize(
    ("council", "boards"), [("", ["NHS Testshire ICB"]), ("Northtestshire Council", [])]
)
def test_a_partnership_naming_no_council_or_no_board_rejects_the_load(load, area, council, boards):
    bad = record("northtestshire-2024-05-01", "2024-05-01", council, *boards)
    named = "northtestshire-2024-05-01.json: (record partnership|field “partnership”)"
    with pytest.raises(CommandError, match=named):
        load(bad)
    assert not Partnership.objects.exists()
    assert not Source.objects.exists()
