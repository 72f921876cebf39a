"""The site's addresses plus views that fail, for the error pages (pytest.mark.urls)."""

from django.core.exceptions import BadRequest
from django.db import OperationalError
from django.urls import path

from send_inspections import urls as site_urls


def broken(request):
    raise RuntimeError("secret internals")


def database_down(request):
    raise OperationalError("could not connect to server")


def refused(request):
    raise BadRequest("secret reason")


urlpatterns = [
    *site_urls.urlpatterns,
    path("broken/", broken),
    path("database-down/", database_down),
    path("refused/", refused),
]
handler400 = site_urls.handler400
handler404 = site_urls.handler404
handler500 = site_urls.handler500
