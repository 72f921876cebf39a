"""Baked pages (reports/baking.py) served in front of Django by WhiteNoise, with the live headers.

A GET or HEAD of a baked address with no query string (or exactly `format=json`, for the twin)
is answered from BAKED_ROOT/current without entering Django, while that bake is of the
database's data version, this code release and the request's scheme and host. Everything
else, and any request when there is no such bake, goes to Django as before.

Freshness: recording a DataVersion removes `current` before the load commits (reports/apps.py),
so on this machine no stale baked page is served; the database's version is also read at most
once a second, for loads made on another machine. WhiteNoise makes the ETag from the file's
mtime and size, as nginx does; this sets it itself because WhiteNoise reads the mtime back
through the local time zone.
"""

import json
import math
import os
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from wsgiref.util import FileWrapper

from django.conf import settings
from django.utils.http import parse_etags
from whitenoise import WhiteNoise

from send_inspections.release import release

CURRENT = "current"  # the names reports/baking.py writes
MANIFEST = "manifest.json"
TWIN_QUERY = "format=json"
CHECK_SECONDS = 1.0
# Validators and ranges WhiteNoise would answer differently from Django: left to Django.
LEFT_TO_DJANGO = ("HTTP_RANGE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


def with_baked_pages(application):
    return BakedPages(application) if settings.BAKE else application


class Bake:
    """One baked folder: its manifest, and its files as WhiteNoise serves them."""

    def __init__(self, folder: Path):
        self.manifest = json.loads((folder / MANIFEST).read_text())
        self.version = self.manifest["version"]
        self.of_this_release = self.manifest["release"] == release()  # one per process
        self.kept = self.manifest["files"]
        self.not_modified_headers: dict[str, list[tuple[str, str]]] = {}
        self.whitenoise = WhiteNoise(
            None, max_age=None, allow_all_origins=False, add_headers_function=self._headers
        )
        self.whitenoise.add_files(folder)

    def _headers(self, headers, path, url):
        stat = os.stat(path)
        kept = self.kept.get(url.lstrip("/"), {})
        for name, value in kept.items():
            headers[name] = value
        headers["ETag"] = f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'
        headers["Cache-Control"] = f"public, max-age={settings.PAGE_CACHE_SECONDS}"
        # A live 304 keeps every header but the body's type (WhiteNoise's keeps only a few).
        self.not_modified_headers[url] = [
            ("Last-Modified", formatdate(int(stat.st_mtime), usegmt=True)),
            *((k, v) for k, v in kept.items() if k.lower() != "content-type"),
        ]

    def serves(self, environ) -> bool:
        return (
            environ.get("HTTP_HOST") == self.manifest["host"]
            and scheme(environ) == self.manifest["scheme"]
            and self.of_this_release
        )


def scheme(environ) -> str:
    """As Django's request.scheme reads it (SECURE_PROXY_SSL_HEADER first)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure = settings.SECURE_PROXY_SSL_HEADER
        if (value := environ.get(header)) is not None:
            return "https" if value.split(",", 1)[0].strip() == secure else "http"
    return environ.get("wsgi.url_scheme", "http")


def latest_version() -> str | None:
    from django.db import DatabaseError

    from reports.models import DataVersion

    try:
        return DataVersion.objects.values_list("version", flat=True).first()
    except DatabaseError:  # unreachable: Django answers, with its 503
        return None


class BakedPages:
    """The WSGI application: baked files where they are current, else Django."""

    def __init__(self, application, root: Path | None = None):
        self.application = application
        self.root = Path(root or settings.BAKED_ROOT)
        self.target: str | None = None
        self.bake: Bake | None = None
        self.lock = threading.Lock()
        self.checked_at = -math.inf
        self.latest: str | None = None

    def __call__(self, environ, start_response):
        found = self.find(environ)
        if found is None:
            return self.application(environ, start_response)
        return self.serve(*found, environ, start_response)

    def find(self, environ):
        """(bake, URL of the file) for a request a current bake answers, else None."""
        path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
        if (
            environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
            or query not in ("", TWIN_QUERY)
            or not path.endswith("/")
            or any(name in environ for name in LEFT_TO_DJANGO)
        ):
            return None
        bake = self.current()
        url = f"{path}index.{'json' if query else 'html'}"
        if bake is None or url not in bake.not_modified_headers or not bake.serves(environ):
            return None
        return (bake, url) if self.is_latest(bake.version) else None

    def current(self) -> Bake | None:
        """The bake `current` names, read again whenever the link changes."""
        try:
            target = os.readlink(self.root / CURRENT)
        except OSError:
            return None
        if target != self.target:
            with self.lock:
                if target != self.target:
                    try:
                        self.bake = Bake(self.root / target)
                    except (OSError, ValueError, KeyError):  # removed or unreadable: not served
                        self.bake = None
                    # A new bake is of a version already committed: read the database's now.
                    self.target, self.checked_at = target, -math.inf
        return self.bake

    def is_latest(self, version: str) -> bool:
        now = time.monotonic()
        if now - self.checked_at >= CHECK_SECONDS:
            self.latest, self.checked_at = latest_version(), now
        return self.latest == version

    def serve(self, bake: Bake, url: str, environ, start_response):
        static_file = bake.whitenoise.files[url]
        try:
            response = static_file.get_response(
                environ["REQUEST_METHOD"], conditional(environ, static_file.etag)
            )
        except OSError:  # the folder was removed by hand under a running server
            return self.application(environ, start_response)
        headers = list(response.headers)
        if response.status == HTTPStatus.NOT_MODIFIED:
            headers += bake.not_modified_headers[url]
        start_response(f"{response.status} {response.status.phrase}", headers)
        if response.file is None:
            return []
        return environ.get("wsgi.file_wrapper", FileWrapper)(response.file)


def conditional(environ, etag: str) -> dict:
    """The request's validators as WhiteNoise compares them, read by RFC 9110's rules.

    If-None-Match matches weakly (nginx's gzip makes W/ ETags) and `*` matches any file; when
    it is given, If-Modified-Since is ignored; a date in the future is no date.
    """
    if (given := environ.get("HTTP_IF_NONE_MATCH")) is not None:
        tags = parse_etags(given)
        matched = "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)
        return {**environ, "HTTP_IF_NONE_MATCH": etag if matched else ""}
    if (since := environ.get("HTTP_IF_MODIFIED_SINCE")) is not None:
        try:
            future = parsedate_to_datetime(since).timestamp() > time.time()
        except (TypeError, ValueError):
            future = True  # not a date: ignored
        if future:
            return {k: v for k, v in environ.items() if k != "HTTP_IF_MODIFIED_SINCE"}
    return environ
