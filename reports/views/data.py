"""The data page and the whole tables as downloads."""

from django.http import Http404, JsonResponse
from django.views.generic import View

from reports import exports
from reports.datapackage import datapackage
from reports.selectors.common import data_currency
from reports.views.base import PageView, ReadOnlyMixin


class DataView(PageView):
    template_name = "reports/data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tables=exports.TABLES.values(), **kwargs)


class DataTableView(ReadOnlyMixin, View):
    """A whole table as CSV or JSON, at a stable address."""

    def get(self, request, name, extension):
        table = exports.TABLES.get(name)
        if table is None or extension not in ("csv", "json"):
            raise Http404("There is no such download.")
        as_of = data_currency().as_of
        return exports.download(
            table,
            table.queryset_for(table.queryset()),
            extension=extension,
            filename=f"{name}.{extension}",
            meta={"table": name, "data_as_of": as_of.isoformat() if as_of else None},
        )


class DataPackageView(ReadOnlyMixin, View):
    def get(self, request):
        descriptor = datapackage(as_of=data_currency().as_of)
        return JsonResponse(descriptor, json_dumps_params={"indent": 2, "ensure_ascii": False})
