import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from areas.models import Area
from reports.importers.regions import COLUMNS, SOURCE, RegionsRejected, load, parse
from reports.models import Source
from tests.factories import AreaFactory, RegionsRowFactory

pytestmark = pytest.mark.django_db


def write_csv(path: Path, rows: list[dict], columns=COLUMNS) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def load_file(path: Path):
    call_command("load_regions", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def snapshot():
    return sorted(Area.objects.values_list()), sorted(Source.objects.values_list("slug"))


def test_each_row_sets_its_areas_region_and_codes_found_by_la_code_or_ons_code(tmp_path):
    by_ons = AreaFactory(ons_code="E06900001", region="")
    # A county code another table gave, as the national table gives Dorset's: the LA code finds it.
    by_la = AreaFactory(la_code="101", ons_code="E10900009", region="")
    rows = [
        RegionsRowFactory(old_la_code="100", new_la_code="E06900001"),
        RegionsRowFactory(
            old_la_code="101",
            new_la_code="E06900002",
            region_code="E12000009",
            region_name="South West",
        ),
    ]
    load_file(write_csv(tmp_path / "regions.csv", rows))
    by_ons.refresh_from_db()
    by_la.refresh_from_db()
    assert (by_ons.la_code, by_ons.ons_code, by_ons.region) == ("100", "E06900001", "SE")
    assert (by_la.la_code, by_la.ons_code, by_la.region) == ("101", "E06900002", "SW")
    assert (
        Source.objects.get(slug=SOURCE["slug"]).file == "geography/local-authority-regions-2024.csv"
    )


def test_two_successors_given_their_predecessors_code_each_get_their_own(tmp_path):
    # The national table gives Cumberland and Westmorland and Furness both Cumbria's code.
    first = AreaFactory(name="Firstland", la_code="142", ons_code="E10900006")
    second = AreaFactory(name="Secondland", la_code="143", ons_code="E10900006")
    rows = [
        RegionsRowFactory(old_la_code="142", new_la_code="E06900063", la_name="Firstland"),
        RegionsRowFactory(old_la_code="143", new_la_code="E06900064", la_name="Secondland"),
    ]
    load_file(write_csv(tmp_path / "regions.csv", rows))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.ons_code, second.ons_code) == ("E06900063", "E06900064")


def test_a_region_the_table_gives_replaces_a_missing_one_and_a_second_run_changes_nothing(
    tmp_path,
):
    medway = AreaFactory(name="Medwayish", ons_code="E06900035", region="")
    path = write_csv(tmp_path / "regions.csv", [RegionsRowFactory(new_la_code="E06900035")])
    load_file(path)
    medway.refresh_from_db()
    assert medway.region == "SE"
    before = snapshot()
    summary = load(parse(path.read_bytes()))
    assert summary.areas_updated == 0
    assert snapshot() == before


def test_an_area_no_row_names_is_reported_as_left_without_a_region(tmp_path):
    AreaFactory(ons_code="E06900001")
    left = AreaFactory(name="Nowhereshire", ons_code="E06900099", region="")
    rows = parse(
        write_csv(tmp_path / "r.csv", [RegionsRowFactory(new_la_code="E06900001")]).read_bytes()
    )
    assert left.name in load(rows).without_region


def rejected(path: Path, message: str):
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        load_file(path)
    assert snapshot() == before


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"old_la_code": "1x1"}, r"Row 3, column 'old_la_code': '1x1' is not a three-digit"),
        ({"new_la_code": "W06000001"}, r"Row 3, column 'new_la_code': 'W06000001' is not an ONS"),
        ({"region_code": "E12000010"}, r"Row 3, column 'region_code': 'E12000010' is not a region"),
        ({"region_name": "London"}, r"Row 3, column 'region_name': 'London' is not E12000008's"),
        ({"la_name": ""}, r"Row 3, column 'la_name': '' is not a name"),
    ],
)
def test_a_bad_cell_is_rejected_naming_row_and_column_and_nothing_is_written(
    tmp_path, changes, message
):
    AreaFactory(ons_code="E06900001", region="")
    AreaFactory(ons_code="E06900002", region="")
    rows = [
        RegionsRowFactory(new_la_code="E06900001"),
        RegionsRowFactory(**{"new_la_code": "E06900002", **changes}),
    ]
    rejected(write_csv(tmp_path / "regions.csv", rows), message)


def test_unexpected_columns_are_rejected(tmp_path):
    columns = [c if c != "region_name" else "region" for c in COLUMNS]
    rows = [{**RegionsRowFactory(), "region": "South East"}]
    rejected(write_csv(tmp_path / "regions.csv", rows, columns), r"Row 1: the columns are")


def test_a_repeated_code_is_rejected(tmp_path):
    AreaFactory(ons_code="E06900001")
    rows = [RegionsRowFactory(new_la_code="E06900001"), RegionsRowFactory(new_la_code="E06900001")]
    rejected(
        write_csv(tmp_path / "regions.csv", rows),
        r"Row 3, column 'new_la_code': E06900001 already appears on row 2",
    )


def test_a_row_matching_no_area_is_rejected_and_nothing_is_written(tmp_path):
    AreaFactory(ons_code="E06900001", region="")
    rows = [RegionsRowFactory(new_la_code="E06900001"), RegionsRowFactory(new_la_code="E06900077")]
    rejected(
        write_csv(tmp_path / "regions.csv", rows),
        r"Row 3, column 'la_name': no area has LA code \d+ or ONS code E06900077",
    )


def test_a_row_whose_codes_name_two_different_areas_is_rejected(tmp_path):
    AreaFactory(la_code="150", ons_code="E06900050")
    AreaFactory(ons_code="E06900051")
    row = RegionsRowFactory(old_la_code="150", new_la_code="E06900051")
    with pytest.raises(RegionsRejected, match=r"Row 2, column 'new_la_code': E06900051 is"):
        load(parse(write_csv(tmp_path / "regions.csv", [row]).read_bytes()))
