from django.urls import include, path

urlpatterns = [
    path("", include("reports.urls")),
]

handler400 = "send_inspections.errors.bad_request"
handler404 = "send_inspections.errors.page_not_found"
handler500 = "send_inspections.errors.server_error"
