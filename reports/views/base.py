"""What every page's view shares: GET only, single-valued parameters, pages of a list, the
data's currency and the JSON twin.

The error pages are in send_inspections/errors.py.
"""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.core.paginator import InvalidPage
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.generic import TemplateView

from reports import api
from reports.api.common import cited
from reports.selectors.common import data_currency


class QueryParameterError(BadRequest):
    """A request's query string is malformed; the message is safe to show."""


class ReadOnlyMixin:
    """Pages answer GET and HEAD only; anything else gets the 405 page, not an empty body.

    `known_parameters()` are the query parameters the view reads: the page cache keys on
    them alone and hands the view only them (send_inspections/middleware.py), so an unknown
    parameter (`?cb=…`) neither makes a new cache entry nor changes the page. None: the view
    sees the whole query string (a whole-table download, which refuses any parameter).
    """

    http_method_names = ["get", "head"]
    single_valued_parameters: tuple[str, ...] = ()
    query_parameters: tuple[str, ...] | None = ()  # read besides the single-valued ones

    @classmethod
    def known_parameters(cls) -> frozenset[str] | None:
        if cls.query_parameters is None:
            return None
        names = {*cls.single_valued_parameters, *cls.query_parameters}
        if issubclass(cls, JsonTwinMixin):
            names.add(api.FORMAT)
        filterset = getattr(cls, "filterset_class", None)
        if filterset is not None:
            names.update(filterset.base_filters)
        return frozenset(names)

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


class JsonTwinMixin:
    """`?format=json`: the page's data as JSON, in the envelope every twin shares.

    A view names its `serialiser`, the function of reports/api/ that takes the context the page
    is rendered from and returns the page's fields, so the twin runs the page's own selectors and
    no others. The view builds its context as for the page and calls render_to_response; this
    answers JSON there instead (with the page's status: a 400 comparison is a 400 twin). A view
    with no serialiser has no twin, and ?format=json there is a 400 like any other format; an
    empty `format` is the page, as on the lists. The
    template's `json_twin_url` is the twin's address, for the provenance footer's link.
    """

    serialiser: Callable[[dict], dict] | None = None

    def dispatch(self, request, *args, **kwargs):
        formats = request.GET.getlist(api.FORMAT)
        if len(formats) > 1:
            raise QueryParameterError(f"The “{api.FORMAT}” parameter was given more than once.")
        value = formats[0] if formats else ""  # empty, as on the lists: the page itself
        if value not in ("", api.JSON):
            raise QueryParameterError(f"The “{api.FORMAT}” parameter must be {api.JSON}.")
        if value and self.serialiser is None:
            raise QueryParameterError(
                f"This page has no other format: leave out the “{api.FORMAT}” parameter."
            )
        return super().dispatch(request, *args, **kwargs)

    @property
    def wants_json(self) -> bool:
        return self.serialiser is not None and self.request.GET.get(api.FORMAT) == api.JSON

    def twin_of(self, address: str) -> str:
        """Where a redirect goes: to the twin of the page it names if this is a twin."""
        if not self.wants_json:
            return address
        return f"{address}{'&' if '?' in address else '?'}{api.FORMAT}={api.JSON}"

    def get_context_data(self, **kwargs):
        if self.serialiser is not None:
            kwargs.setdefault("json_twin_url", f"?{api.with_format(self.request.GET)}")
        return super().get_context_data(**kwargs)

    def render_to_response(self, context, **response_kwargs):
        if not self.wants_json:
            return super().render_to_response(context, **response_kwargs)
        return self.json_response(context, status=response_kwargs.get("status", 200))

    def json_response(self, context, status: int = 200) -> JsonResponse:
        sources = getattr(context.get("page"), "sources", None)  # the pages that cite theirs
        body = api.envelope(
            self.request,
            currency=context["currency"],
            fields=self.serialiser(context),
            sources=cited(sources) if isinstance(sources, list) else None,
        )
        return json_response(body, status=status)


def json_response(body: dict, status: int = 200) -> JsonResponse:
    """JSON as every twin sends it: UTF-8 (not \\u escapes), dates in ISO 8601."""
    return JsonResponse(
        body,
        status=status,
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )


class PageView(ReadOnlyMixin, JsonTwinMixin, CurrencyMixin, TemplateView):
    """A page: GET only, with the data currency, and its JSON twin where it names a serialiser."""
