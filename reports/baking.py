"""Bake what is bounded: every page whose address the data fixes, rendered to files.

The pages with no query string (home, each area, region, theme and source, the lists of themes
and sources, the overview, the default comparison, the fixed pages) and their JSON twins
(`?format=json`) are rendered through Django's whole request handling (django.test.Client runs
every middleware, so CSP, the security headers and the data-version cache apply as for a live
request) and written under settings.BAKED_ROOT:

    BAKED_ROOT/<version>-<release>-<random>/areas/cornwall/index.html   /areas/cornwall/
    BAKED_ROOT/<version>-<release>-<random>/areas/cornwall/index.json   /areas/cornwall/?format=json
    BAKED_ROOT/<version>-<release>-<random>/manifest.json               what was baked, and the
                                                                       headers to replay per file
    BAKED_ROOT/current -> <version>-<release>-<random>                 switched atomically

Every file's mtime is the data version's loaded_at, so a static server's ETag ("mtime-size", as
WhiteNoise and nginx make it) and Last-Modified are the same on every machine. The manifest keeps
the headers a static server would not make itself (Content-Type, CSP, Permissions-Policy, ...).
send_inspections/baked.py serves the files; it and nginx serve them only while `current` names
the database's data version, and a new DataVersion removes `current` at once (`invalidate`).

Our own short module rather than django-distill (4.0, for Django 5.x) or django-bakery (0.14),
though both are still released: distill needs every URL pattern rewritten as distill_path()
and, by its own documentation, assumes no query strings, so it has no place for the
`?format=json` twins; bakery needs every view rebased on its Buildable* classes and calls the
view itself, so no middleware runs (no CSP, no security headers). Neither writes per-version
folders behind an atomic switch or keeps the headers for replay, most of what is needed here.
"""

import fcntl
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.dummy import DummyCache
from django.test import Client
from django.urls import resolve, reverse
from django.utils.module_loading import import_string

from areas.models import Area
from reports import api
from reports.models import DataVersion, Source, Theme
from reports.selectors.regions import region_summaries

CURRENT = "current"
MANIFEST = "manifest.json"
# Made again by the static server from the file itself, or meaningless in a file.
NOT_KEPT = {"content-length", "etag", "last-modified", "cache-control", "date", "server"}
FIXED_PAGES = [
    "reports:home",
    "reports:outcomes",
    "reports:compare",
    "reports:themes",
    "reports:sources",
    "reports:glossary",
    "reports:about",
    "reports:data-quality",
    "reports:data",
    "reports:api",
    "reports:releases",
    "reports:accessibility",
    "reports:feedback",
]


class BakeError(Exception):
    """A page could not be baked: nothing was switched."""


@dataclass(frozen=True)
class Baked:
    folder: Path
    version: str
    pages: int  # files written, twins included


def release() -> str:
    # The code release lives in the project package, which the apps never import.
    return import_string(settings.BAKE_RELEASE)()


def origin() -> tuple[str, str]:
    """(scheme, host) the pages are baked for: their JSON and the API page name it."""
    return ("https" if settings.HTTPS else "http"), settings.BAKE_HOST


def addresses() -> list[str]:
    """Every address fixed by the data, without query strings."""
    fixed = [reverse(name) for name in FIXED_PAGES]
    slugs = {
        "reports:area": Area.objects.values_list("slug", flat=True),
        "reports:region": [region.slug for region in region_summaries()],
        "reports:theme": Theme.objects.values_list("slug", flat=True),
        "reports:source": Source.objects.values_list("slug", flat=True),
    }
    each = [reverse(name, args=[slug]) for name, values in slugs.items() for slug in values]
    return sorted({*fixed, *each})


def has_twin(address: str) -> bool:
    view = getattr(resolve(address).func, "view_class", None)
    return getattr(view, "serialiser", None) is not None


def file_for(address: str, twin: bool) -> str:
    """The file (relative to a bake's folder) an address is baked to: nginx's mapping too."""
    return f"{address.lstrip('/')}index.{'json' if twin else 'html'}"


def read_manifest(root: Path | None = None) -> dict | None:
    """The current bake's manifest, or None when there is no usable current bake."""
    try:
        return json.loads((Path(root or settings.BAKED_ROOT) / CURRENT / MANIFEST).read_text())
    except (OSError, ValueError):
        return None


def is_current(manifest: dict | None) -> bool:
    """The bake is of the database's data version, this code release and this origin."""
    latest = DataVersion.objects.values_list("version", flat=True).first()
    return (
        manifest is not None
        and latest is not None
        and manifest.get("version") == latest
        and manifest.get("release") == release()
        and [manifest.get("scheme"), manifest.get("host")] == list(origin())
    )


def bake(root: Path | None = None) -> Baked:
    """Render every bounded page into a new folder, then switch `current` to it.

    Raises BakeError, leaving `current` as it was, if any page is not a 200 or the data
    changes while baking.
    """
    root = Path(root or settings.BAKED_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root):
        version = DataVersion.objects.first()
        if version is None:
            raise BakeError("No data is loaded (no data version): run manage.py load_data first.")
        code = release()
        folder = Path(tempfile.mkdtemp(prefix=f"{version.version}-{code}-", dir=root))
        try:
            folder.chmod(0o755)  # mkdtemp's 0700 would hide it from a web server's user
            files = _render_all(folder, version)
            _still_latest(version)
            scheme, host = origin()
            manifest = {
                "version": version.version,
                "release": code,
                "loaded_at": version.loaded_at.isoformat(),
                "scheme": scheme,
                "host": host,
                "files": files,
            }
            (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
            previous = _switch(root, folder)
            try:
                _still_latest(version)  # a load may have committed between the check and the switch
            except BakeError:
                invalidate(root)
                raise
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _remove_old(root, current=folder.name, previous=previous)
    return Baked(folder=folder, version=version.version, pages=len(files))


def _still_latest(version: DataVersion) -> None:
    if DataVersion.objects.values_list("version", flat=True).first() != version.version:
        raise BakeError("The data changed while baking; the new version needs its own bake.")


def invalidate(root: Path | None = None) -> None:
    """Stop serving the current bake (a new data version is being recorded)."""
    try:
        (Path(root or settings.BAKED_ROOT) / CURRENT).unlink()
    except FileNotFoundError:
        pass


def invalidate_on_new_version(sender, created=False, **kwargs):
    """post_save of DataVersion: before the load commits, so no stale baked page is served
    here (whether or not this process bakes); a later `bake` makes a new one. Other machines
    notice through the database."""
    if created:
        invalidate()


def _render_all(folder: Path, version: DataVersion) -> dict[str, dict[str, str]]:
    # Rendered afresh, not copied from the page cache, whose key has no host: a page cached
    # for another host would name it. The cache is swapped for this thread only.
    saved = caches[DEFAULT_CACHE_ALIAS]
    caches[DEFAULT_CACHE_ALIAS] = DummyCache("", {})
    try:
        return _render_pages(folder, version)
    finally:
        caches[DEFAULT_CACHE_ALIAS] = saved


def _render_pages(folder: Path, version: DataVersion) -> dict[str, dict[str, str]]:
    scheme, host = origin()
    client = Client(HTTP_HOST=host, raise_request_exception=True)
    mtime = int(version.loaded_at.timestamp())
    files = {}
    for address in addresses():
        for twin in (False, True) if has_twin(address) else (False,):
            query = {api.FORMAT: api.JSON} if twin else {}
            url = f"{address}?{api.FORMAT}={api.JSON}" if twin else address
            try:
                response = client.get(address, query, secure=scheme == "https")
            except Exception as error:
                raise BakeError(f"{url} could not be rendered: {error!r}") from error
            if response.status_code != 200 or response.streaming:
                raise BakeError(f"{url} answered {response.status_code}, not a 200 page.")
            name = file_for(address, twin)
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(response.content)
            os.utime(path, (mtime, mtime))
            files[name] = {k: v for k, v in response.items() if k.lower() not in NOT_KEPT}
    return files


def _switch(root: Path, folder: Path) -> str | None:
    """Point `current` at the folder in one rename; returns the folder it named before."""
    link = root / CURRENT
    try:
        previous = os.readlink(link)
    except OSError:
        previous = None
    temporary = root / f".{CURRENT}-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    os.symlink(folder.name, temporary)  # relative, so the tree can move
    os.replace(temporary, link)
    return previous


def _remove_old(root: Path, current: str, previous: str | None) -> None:
    """Remove every other bake but the previous one, kept for requests still reading it.

    With no previous `current` (a new data version removed it), the newest other bake is kept.
    """
    others = [p for p in root.iterdir() if p.is_dir() and not p.is_symlink() and p.name != current]
    finished = sorted(
        (p for p in others if (p / MANIFEST).exists()),
        key=lambda p: (p.name != previous, -(p / MANIFEST).stat().st_mtime),
    )
    for path in others:
        if not finished or path != finished[0]:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _locked(root: Path):
    """One bake at a time per BAKED_ROOT (load_data's and make's could overlap)."""
    with open(root / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
