from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("reports.urls")),
    # Where people guess an API lives: its documentation, which names every page's twin.
    path("api/", RedirectView.as_view(pattern_name="reports:api", permanent=True)),
]

handler400 = "send_inspections.errors.bad_request"
handler404 = "send_inspections.errors.page_not_found"
handler500 = "send_inspections.errors.server_error"
