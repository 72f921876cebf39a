from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("areas/<slug:slug>/", views.AreaDetailView.as_view(), name="area"),
    path("regions/<slug:slug>/", views.RegionView.as_view(), name="region"),
    path("sources/", views.SourceListView.as_view(), name="sources"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source"),
    path("sources/<slug:slug>/file/", views.SourceFileView.as_view(), name="source-file"),
    path("findings/", views.FindingListView.as_view(), name="findings"),
    path("inspections/", views.InspectionListView.as_view(), name="inspections"),
    path("data/", views.DataView.as_view(), name="data"),
    path("data/datapackage.json", views.DataPackageView.as_view(), name="datapackage"),
    path("data/<slug:name>.<slug:extension>", views.DataTableView.as_view(), name="data-table"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("about/data-quality/", views.DataQualityView.as_view(), name="data-quality"),
    path("glossary/", views.GlossaryView.as_view(), name="glossary"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
]
urlpatterns += [
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("compare/<slug:chart>.csv", views.CompareCSVView.as_view(), name="compare-csv"),
    path("themes/", views.ThemeListView.as_view(), name="themes"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme"),
    path("outcomes/", views.OutcomesView.as_view(), name="outcomes"),
    path("outcomes/<slug:chart>.csv", views.OutcomesCSVView.as_view(), name="outcomes-csv"),
]
