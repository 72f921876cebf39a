from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.views.generic import TemplateView

from reports import selectors

from .glossary import TERMS


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
    """A page of the site's own text, with the data currency every page shows."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(currency=selectors.data_currency(), **kwargs)


class AboutView(PageView):
    template_name = "pages/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sources=selectors.all_sources(),
            data_notes=selectors.data_notes_by_area(),
            **kwargs,
        )


class GlossaryView(PageView):
    template_name = "pages/glossary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(terms=TERMS, **kwargs)


class AccessibilityView(PageView):
    template_name = "pages/accessibility.html"


def bad_request(request, exception=None):
    message = str(exception) if isinstance(exception, QueryParameterError) else ""
    return render(request, "400.html", {"message": message}, status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Render without the database: it may be the thing that failed.
    return render(request, "500.html", status=500)
