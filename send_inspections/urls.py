from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("areas.urls")),
    path("about/", views.AboutView.as_view(), name="about"),
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
]

handler400 = "send_inspections.views.bad_request"
handler404 = "send_inspections.views.page_not_found"
handler500 = "send_inspections.views.server_error"
