from django.urls import include, path

urlpatterns = [
    path("", include("reports.urls")),
]

handler400 = "reports.views.base.bad_request"
handler404 = "reports.views.base.page_not_found"
handler500 = "reports.views.base.server_error"
