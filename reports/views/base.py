"""What every page's view shares: GET only, single-valued parameters, pages of a list.

The error pages are in send_inspections/errors.py.
"""

from django.core.exceptions import BadRequest
from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import render
from django.views.generic import TemplateView

from reports.selectors.common import data_currency


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


class PageNumberMixin:
    """Pages of a long list: `?page=` once, and a number that is not a page of it is a 404."""

    single_valued_parameters: tuple[str, ...] = ("page",)

    def requested_page(self, fetch, **kwargs):
        """`fetch(page=…, **kwargs)` for the page the address asks for (the first if none)."""
        try:
            return fetch(page=self.request.GET.get("page") or 1, **kwargs)
        except InvalidPage:
            raise Http404("There is no such page of results.") from None


class CurrencyMixin:
    """Every page says how current its data is."""

    def get_context_data(self, **kwargs):
        if "currency" not in kwargs:  # the lists pass the one they already read
            kwargs["currency"] = data_currency()
        return super().get_context_data(**kwargs)


class PageView(ReadOnlyMixin, CurrencyMixin, TemplateView):
    """A page: GET only, with the data currency."""
