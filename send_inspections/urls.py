from django.urls import include, path

urlpatterns = [
    path("", include("reports.urls")),
]

handler400 = "reports.views.bad_request"
handler404 = "reports.views.page_not_found"
handler500 = "reports.views.server_error"
