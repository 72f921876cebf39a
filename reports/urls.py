from django.urls import path

from reports.views import area, compare, data, lists, national, pages, sources, themes

app_name = "reports"
urlpatterns = [
    path("", area.HomeView.as_view(), name="home"),
    path("areas/<slug:slug>/", area.AreaDetailView.as_view(), name="area"),
    path("regions/<slug:slug>/", area.RegionView.as_view(), name="region"),
    path("sources/", sources.SourceListView.as_view(), name="sources"),
    path("sources/<slug:slug>/", sources.SourceDetailView.as_view(), name="source"),
    path("sources/<slug:slug>/file/", sources.SourceFileView.as_view(), name="source-file"),
    path("findings/", lists.FindingListView.as_view(), name="findings"),
    path("inspections/", lists.InspectionListView.as_view(), name="inspections"),
    path("data/", data.DataView.as_view(), name="data"),
    path("data/api/", data.ApiView.as_view(), name="api"),
    path("data/datapackage.json", data.DataPackageView.as_view(), name="datapackage"),
    path(f"data/{data.ZIP_NAME}", data.DataSetZipView.as_view(), name="data-zip"),
    path("data/<slug:name>.<slug:extension>", data.DataTableView.as_view(), name="data-table"),
    path("about/", pages.AboutView.as_view(), name="about"),
    path("about/data-quality/", sources.DataQualityView.as_view(), name="data-quality"),
    path("glossary/", pages.GlossaryView.as_view(), name="glossary"),
    path("accessibility/", pages.AccessibilityView.as_view(), name="accessibility"),
    path("favicon.ico", pages.FaviconView.as_view(), name="favicon"),
    path("compare/", compare.CompareView.as_view(), name="compare"),
    path("compare/<slug:chart>.csv", compare.CompareCSVView.as_view(), name="compare-csv"),
    path("themes/", themes.ThemeListView.as_view(), name="themes"),
    path("themes/<slug:slug>/", themes.ThemeDetailView.as_view(), name="theme"),
    path("outcomes/", national.OutcomesView.as_view(), name="outcomes"),
    path("outcomes/<slug:chart>.csv", national.OutcomesCSVView.as_view(), name="outcomes-csv"),
]
