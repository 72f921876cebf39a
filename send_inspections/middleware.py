"""Site-wide request handling: the page cache and conditional GETs, headers, the 503."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from reports import precomputed
from reports.models import DataVersion
from send_inspections.errors import service_unavailable
from send_inspections.release import release

CACHEABLE_TYPES = ("text/html", "text/csv", "application/json", "application/atom+xml")


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
            return service_unavailable(request, error)
        return self.get_response(request)

    def process_exception(self, request, exception):
        return service_unavailable(request, exception) if is_unavailable(exception) else None


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

    The data changes only when it is loaded, and every load records a new DataVersion. So a
    page's ETag is (code release, data version, address): a conditional GET that matches gets a
    304 without rendering, and a rendered 200 is kept in the cache under the same key, so a
    repeat view costs one small query. A new load changes the key: nothing stale is served.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        request.get_host()  # a bad Host is a 400 (DisallowedHost) before anything is served
        try:
            version = DataVersion.objects.only("pk", "version", "loaded_at").first()
        except DatabaseError as error:
            if not is_unavailable(error):
                raise
            request.database_error = error
            return self.get_response(request)
        if version is None:  # no data loaded yet: nothing to key on
            return self.get_response(request)

        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:20]
        etag = f'"{release()}-{version.version[:16]}-{address}"'
        last_modified = int(version.loaded_at.timestamp())
        # If-None-Match (weak comparison, or *), else If-Modified-Since: a 304 before rendering.
        # If-Match or If-Unmodified-Since that fails is a 412.
        conditional = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if conditional is not None:
            if conditional.status_code == 304:
                self._validators(conditional, etag, last_modified)
            return conditional

        key = f"page:{release()}:{version.version}:{address}"
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
        else:
            with precomputed.for_request(f"{version.pk}:{version.version}"):
                response = self.get_response(request)
            if self._cacheable(response):
                cache.set(key, (response.content, list(response.items())), 24 * 3600)
        if response.status_code == 200:
            self._validators(response, etag, last_modified)
        if request.method == "HEAD" and not response.streaming:
            response.content = b""
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
