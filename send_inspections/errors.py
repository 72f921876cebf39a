"""The site's error pages: Django's handlers (send_inspections/urls.py) and the 503.

Each renders its own template in the site's shell, without the database: it may be the thing
that failed.
"""

import logging

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from reports.views.base import QueryParameterError

logger = logging.getLogger(__name__)
# How long a client waits before trying again: a little over the database timeouts, which is
# how long a failing request holds a worker (settings.DATABASE_TIMEOUT).
RETRY_AFTER_SECONDS = 30


def bad_request(request, exception=None):
    # Only our own message about the query string is shown; others may carry internals.
    message = str(exception) if isinstance(exception, QueryParameterError) else ""
    return render(request, "400.html", {"message": message}, status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def service_unavailable(request, exception) -> HttpResponse:
    """The database cannot be reached: "try again soon", kept by no cache."""
    logger.error("Database unavailable: %s", exception)
    response = render(request, "503.html", {"retry_after": RETRY_AFTER_SECONDS}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response
