"""The site's pages. Views are thin: each asks one selector for what its page shows."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.templatetags.static import static
from django.views.generic import RedirectView, TemplateView, View

from areas.selectors import search_areas

from . import selectors
from .forms import AreaSearchForm
from .glossary import GLOSSARY_TERMS
from .outcomes import OLDER_FRAMEWORK


class QueryParameterError(BadRequest):
    """A request's query string is malformed; the message is safe to show."""


class ReadOnlyMixin:
    """Pages answer GET and HEAD only; anything else gets the 405 page, not an empty body."""

    http_method_names = ["get", "head"]
    single_valued_parameters: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        for name in self.single_valued_parameters:
            if len(request.GET.getlist(name)) > 1:
                raise QueryParameterError(f"The “{name}” parameter was given more than once.")
        return super().dispatch(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        allowed = ", ".join(m.upper() for m in self.http_method_names)
        response = render(request, "405.html", {"allowed": allowed}, status=405)
        response["Allow"] = allowed
        return response


class PageView(ReadOnlyMixin, TemplateView):
    """A page with the data currency every page shows."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(currency=selectors.data_currency(), **kwargs)


class HomeView(PageView):
    """Find your area by name, district, code or postcode, or browse every area by region."""

    template_name = "reports/area_index.html"
    single_valued_parameters = ("q",)

    def get_context_data(self, **kwargs):
        form = AreaSearchForm(self.request.GET or None)
        areas = selectors.areas_with_latest()  # one fetch serves the search and the directory
        search = None
        if form.is_bound and form.is_valid() and "q" in self.request.GET:
            search = search_areas(query=form.cleaned_data["q"], areas=areas)
        return super().get_context_data(
            form=form,
            search=search,
            regions=selectors.area_directory(areas=areas),
            area_count=len(areas),
            **kwargs,
        )


class AreaDetailView(PageView):
    template_name = "reports/area_detail.html"

    def get_context_data(self, **kwargs):
        page = selectors.area_page(slug=self.kwargs["slug"])
        return super().get_context_data(
            page=page, area=page.area, older_framework=OLDER_FRAMEWORK, **kwargs
        )


class SourceDetailView(PageView):
    template_name = "reports/source_detail.html"

    def get_context_data(self, **kwargs):
        page = selectors.source_page(slug=self.kwargs["slug"])
        return super().get_context_data(page=page, source=page.source, **kwargs)


class SourceFileView(ReadOnlyMixin, View):
    """The project's own copy of a source document, to read or download."""

    def get(self, request, slug):
        source = selectors.source_page(slug=slug).source
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


class AboutView(PageView):
    template_name = "reports/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sources=selectors.all_sources(),
            data_notes=selectors.data_notes_by_area(),
            **kwargs,
        )


class GlossaryView(PageView):
    template_name = "reports/glossary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(terms=GLOSSARY_TERMS, **kwargs)


class AccessibilityView(PageView):
    template_name = "reports/accessibility.html"


class FaviconView(ReadOnlyMixin, RedirectView):
    """Browsers ask for /favicon.ico whatever the page says; point them at the real icon."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


def bad_request(request, exception=None):
    message = str(exception) if isinstance(exception, QueryParameterError) else ""
    return render(request, "400.html", {"message": message}, status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Render without the database: it may be the thing that failed.
    return render(request, "500.html", status=500)
