"""The sources, each source and its file, and the data-quality notes."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.views.generic import View

from reports.api import sources as api
from reports.selectors.sources import data_notes_page, source_page, sources_by_kind, sources_page
from reports.views.base import PageNumberMixin, PageView, ReadOnlyMixin


class SourceDetailView(PageView):
    template_name = "reports/source_detail.html"
    serialiser = staticmethod(api.source_detail)

    def get_context_data(self, **kwargs):
        page = source_page(slug=self.kwargs["slug"])
        return super().get_context_data(page=page, source=page.source, **kwargs)


class SourceFileView(ReadOnlyMixin, View):
    """The project's own copy of a source document, to read or download."""

    def get(self, request, slug):
        source = source_page(slug=slug).source
        root = Path(settings.SOURCES_DIR).resolve()
        path = (root / source.file).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise Http404("The project holds no copy of this document.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if content_type.startswith("text/"):
            # Browsers show plain text but download text/markdown; every copy is UTF-8.
            content_type = (
                "text/csv" if path.suffix == ".csv" else "text/plain"
            ) + "; charset=utf-8"
        return FileResponse(path.open("rb"), content_type=content_type, filename=path.name)


class SourceListView(PageNumberMixin, PageView):
    """Every source document, 50 to a page, with how many of each kind."""

    template_name = "reports/source_list.html"
    serialiser = staticmethod(api.source_list)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_obj=self.requested_page(sources_page),
            source_counts=sources_by_kind(),
            **kwargs,
        )


class DataQualityView(PageNumberMixin, PageView):
    """The gaps and disagreements in the data, by area, 50 notes to a page."""

    template_name = "reports/data_quality.html"
    serialiser = staticmethod(api.data_quality)

    def get_context_data(self, **kwargs):
        page_obj = self.requested_page(data_notes_page)
        return super().get_context_data(page_obj=page_obj, **kwargs)
