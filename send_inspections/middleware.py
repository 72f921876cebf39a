"""Site-wide request handling: the page cache and conditional GETs, headers, the 503."""

import hashlib
import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.encoding import escape_uri_path
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from reports import precomputed
from reports.forms import printable
from reports.models import DataVersion
from reports.views.base import QueryParameterError
from send_inspections.errors import service_unavailable
from send_inspections.release import release

CACHEABLE_TYPES = ("text/html", "text/csv", "application/json", "application/atom+xml")
# One render per missed page: the others wait up to WAIT_SECONDS for it, then render their own.
# The lock outlives a slow render only by a little, so a render that died frees it soon.
LOCK_SECONDS = 10
WAIT_SECONDS = 5
POLL_SECONDS = 0.05
NAME_SHOWN = 40  # characters of a refused parameter's name quoted back


def is_unavailable(exception) -> bool:
    """Cannot reach the database (or it timed out), as against a bug in a query."""
    return isinstance(exception, (OperationalError, InterfaceError)) or (
        type(exception) is DatabaseError
    )


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached is a 503 ("try again soon"), not a 500.

    Innermost, so the 503 gets every header the middleware around it adds. The page cache,
    which reads the data version before any of them run, hands its failure down as
    `request.database_error` rather than answering itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (error := getattr(request, "database_error", None)) is not None:
            return unavailable(request, error)
        return self.get_response(request)

    def process_exception(self, request, exception):
        return unavailable(request, exception) if is_unavailable(exception) else None


def unavailable(request, error):
    """The 503, and a fresh connection for the next request.

    A persistent connection that failed is kept by Django when the backend says it is still
    usable, and SQLite's always says so: one that saw its file truncated kept failing for
    CONN_MAX_AGE (a minute) after the file was restored. Expired, it is closed when the
    request finishes (not now: a test's transaction may be open on it).
    """
    for connection in connections.all(initialized_only=True):
        connection.close_at = 0
    return service_unavailable(request, error)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself (CSP comes from django-csp)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class DataVersionCacheMiddleware:
    """HTTP and server-side caching keyed on the data version.

    The data changes only when it is loaded, and every load that changes it records a new
    DataVersion. So a page's ETag is (code release, data version, canonical address): a
    conditional GET that names it gets a 304 without rendering, and a rendered 200 is kept in
    the cache under the same key, so a repeat view costs one small query. A new load changes
    the key: nothing stale is served.

    The canonical address is the path and only the parameters the view reads, sorted (its
    `known_parameters`, reports/views/base.py); the view is handed just those, so `?cb=…` or
    any other unknown parameter neither makes a cache entry nor changes the page. A miss
    renders once: the first request takes a lock and the others wait for its page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        request.get_host()  # a bad Host is a 400 (DisallowedHost) before anything is served
        address = canonicalise(request)
        try:
            version = DataVersion.objects.only("pk", "version", "loaded_at").first()
        except DatabaseError as error:
            if not is_unavailable(error):
                raise
            request.database_error = error
            return self.get_response(request)
        if version is None:  # no data loaded yet: nothing to key on
            return self.get_response(request)

        digest = hashlib.sha256(address.encode()).hexdigest()[:20]
        etag = f'"{release()}-{version.version[:16]}-{digest}"'
        last_modified = int(version.loaded_at.timestamp())
        ignore_future_if_modified_since(request)
        if names_etag(request, etag):  # this very page, unchanged: a 304 before rendering
            return self._not_modified(request, etag, last_modified)

        key = f"page:{release()}:{version.version}:{digest}"
        # What pages compute over all of England is kept for this data version.
        with precomputed.for_request(precomputed.version_key(version)):
            response = self._cached_or_rendered(request, key)
        if response.status_code == 200:
            self._validators(response, etag, last_modified)
            # RFC 9110 section 13.2.1: preconditions apply only to what would be a 200, so a
            # 404 never becomes a 304 for `If-None-Match: *` or an If-Modified-Since.
            conditional = get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
            if conditional is not None and conditional is not response:
                return conditional
        if request.method == "HEAD" and not response.streaming:
            response.content = b""
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Here, not in __call__, so the 400 passes back through the header middleware.
        refuse_unprintable_parameters(request)

    def _not_modified(self, request, etag, last_modified):
        response = HttpResponseNotModified()
        self._validators(response, etag, last_modified)
        return response

    def _cached_or_rendered(self, request, key):
        cached = cache.get(key)
        if cached is not None:
            return self._from_cache(cached)
        lock = f"{key}:rendering"
        if cache.add(lock, 1, LOCK_SECONDS):
            try:
                return self._render(request, key)
            finally:
                cache.delete(lock)
        # Another request is rendering this page: wait for it rather than render it again.
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            found = cache.get_many([key, lock])
            if key in found:
                return self._from_cache(found[key])
            if lock not in found:  # it finished without keeping a page (an error page)
                break
        return self._render(request, key)

    def _render(self, request, key):
        response = self.get_response(request)
        if self._cacheable(response):
            cache.set(key, (response.content, list(response.items())), 24 * 3600)
        return response

    @staticmethod
    def _from_cache(cached):
        content, headers = cached
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def _cacheable(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        )

    @staticmethod
    def _validators(response, etag, last_modified):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)


def known_parameters(request) -> frozenset[str] | None:
    """The query parameters the address's view reads; None if it reads them all (or the
    address names no view)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    known = getattr(getattr(match.func, "view_class", match.func), "known_parameters", None)
    return known() if callable(known) else None


def canonicalise(request) -> str:
    """The request's canonical address, and the request made to ask for just that."""
    known = known_parameters(request)
    if known is None:
        return request.get_full_path()
    # Sorted by name; a name's values keep their order (a comparison's areas are in order).
    kept = sorted(
        (
            (name, value)
            for name, values in request.GET.lists()
            if name in known
            for value in values
        ),
        key=lambda pair: pair[0],
    )
    query = urlencode(kept)
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query
    return escape_uri_path(request.path) + (f"?{query}" if query else "")


def names_etag(request, etag: str) -> bool:
    """If-None-Match lists this ETag, by weak comparison (nginx's gzip makes it W/"…"), and
    no other precondition needs the page itself."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header or "HTTP_IF_MATCH" in request.META or "HTTP_IF_UNMODIFIED_SINCE" in request.META:
        return False
    return etag in (tag.removeprefix("W/") for tag in parse_etags(header))


def ignore_future_if_modified_since(request):
    """A date later than now cannot be a version the client saw (RFC 9110 section 13.1.3)."""
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    if since is not None and since > time.time():
        del request.META["HTTP_IF_MODIFIED_SINCE"]


# C0, DEL and C1 controls, and the bidirectional embeddings, overrides and isolates.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def refuse_unprintable_parameters(request):
    """No control or text-direction character in a parameter ever reaches a page: a 400
    naming the parameter, before any view echoes it into a title, message or form."""
    for name, values in request.GET.lists():
        if UNPRINTABLE.search(name) or any(UNPRINTABLE.search(value) for value in values):
            shown = printable(name)[:NAME_SHOWN]
            which = f"The “{shown}” parameter" if shown else "A parameter"
            raise QueryParameterError(
                f"{which} contains a control character or a text-direction override: type it "
                "again without them."
            )
