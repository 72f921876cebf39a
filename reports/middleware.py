import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from .models import DataVersion

logger = logging.getLogger(__name__)
# How long a client waits before trying again: a little over the database timeouts, which is
# how long a failing request holds a worker (settings.DATABASE_TIMEOUT).
RETRY_AFTER_SECONDS = 30
CACHEABLE_TYPES = ("text/html", "text/csv", "application/json")


def unavailable(request, exception) -> HttpResponse:
    logger.error("Database unavailable: %s", exception)
    response = render(request, "503.html", {"retry_after": RETRY_AFTER_SECONDS}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def _is_unavailable(exception) -> bool:
    return isinstance(exception, (OperationalError, InterfaceError)) or (
        type(exception) is DatabaseError
    )


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached is a 503 ("try again soon"), not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return unavailable(request, exception) if _is_unavailable(exception) else None


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
            version = DataVersion.objects.only("version", "loaded_at").first()
        except DatabaseError as error:
            if _is_unavailable(error):
                return unavailable(request, error)
            raise
        if version is None:  # no data loaded yet: nothing to key on
            return self.get_response(request)

        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:20]
        etag = f'"{settings.RELEASE}-{version.version[:16]}-{address}"'
        if self._not_modified(request, etag, version):
            response = HttpResponseNotModified()
            self._validators(response, etag, version)
            return response

        key = f"page:{settings.RELEASE}:{version.version}:{address}"
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
        else:
            response = self.get_response(request)
            if self._cacheable(response):
                cache.set(key, (response.content, list(response.items())), 24 * 3600)
        if response.status_code == 200:
            self._validators(response, etag, version)
        if request.method == "HEAD" and not response.streaming:
            response.content = b""
        return response

    @staticmethod
    def _not_modified(request, etag, version) -> bool:
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match:
            return etag in parse_etags(if_none_match) or if_none_match.strip() == "*"
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return since is not None and int(version.loaded_at.timestamp()) <= since

    @staticmethod
    def _cacheable(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith(CACHEABLE_TYPES)
        )

    @staticmethod
    def _validators(response, etag, version):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(version.loaded_at.timestamp())
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
