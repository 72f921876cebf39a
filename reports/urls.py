from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("areas/<slug:slug>/", views.AreaDetailView.as_view(), name="area"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source"),
    path("sources/<slug:slug>/file/", views.SourceFileView.as_view(), name="source-file"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
]
