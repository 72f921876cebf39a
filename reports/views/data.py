"""The data page and the whole tables as downloads."""

from urllib.parse import urlencode

from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.views.generic import View

from reports import api, exports
from reports.api import pages as api_pages
from reports.datapackage import data_set_zip, datapackage
from reports.filters import FindingFilter, InspectionFilter
from reports.forms import printable
from reports.selectors.common import data_currency
from reports.views.base import PageView, QueryParameterError, ReadOnlyMixin

ZIP_NAME = "area-send-inspections.zip"
# Where a table has a filtered download: its list, which exports exactly what it shows.
FILTERED = {
    "findings": ("reports:findings", FindingFilter),
    "inspections": ("reports:inspections", InspectionFilter),
}
SHOWN_NAMES = 3  # parameters named in the message, each cut to SHOWN_LENGTH characters
SHOWN_LENGTH = 40
EXAMPLE_LENGTH = 200  # a longer filtered address is not worth quoting back


class DataView(PageView):
    template_name = "reports/data.html"
    serialiser = staticmethod(api_pages.data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tables=exports.TABLES.values(), zip_name=ZIP_NAME, **kwargs)


class ApiView(PageView):
    """How to read every page as JSON: the convention, the envelope, each page's address."""

    template_name = "reports/api.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            pages=api.PAGES,
            no_twin=api.NO_TWIN.values(),
            version=api.API_VERSION,
            changelog=api.CHANGELOG,
            envelope_keys=api.ENVELOPE_KEYS,
            **kwargs,
        )


class WholeTableMixin(ReadOnlyMixin):
    """A whole-table download takes no parameters. One it was given is a 400 that names it
    (and says where the filtered download is), never the whole table passed off as filtered."""

    query_parameters = None  # it sees them all, to refuse them

    def refuse_parameters(self, request, filename: str, what: str, table="", extension=""):
        if not request.GET:
            return
        names = [printable(name)[:SHOWN_LENGTH] for name in request.GET]
        named = ", ".join(
            f"“{name}”" if name else "an unnamed parameter" for name in names[:SHOWN_NAMES]
        )
        message = f"{filename} {what} and takes no parameters, so it cannot apply {named}."
        if table in FILTERED:
            message += " " + self.filtered_download(request, table, extension)
        else:
            message += " Use its address without the part from “?”."
        raise QueryParameterError(message)

    @staticmethod
    def filtered_download(request, table: str, extension: str) -> str:
        """Where the list exports what the parameters ask for; quoted back with them if they
        are all the list's own filters and the address is short."""
        viewname, filterset = FILTERED[table]
        address = reverse(viewname)
        filters = [(k, v) for k, values in request.GET.lists() for v in values if k != "format"]
        example = f"{address}?{urlencode([*filters, ('format', extension)])}"
        if all(k in filterset.base_filters for k, _ in filters) and len(example) <= EXAMPLE_LENGTH:
            return f"For {table} filtered that way, download {example}"
        return f"For a filtered download, choose filters on {address} and use its download links."


class DataTableView(WholeTableMixin, View):
    """A whole table as CSV or JSON, at a stable address."""

    def get(self, request, name, extension):
        table = exports.TABLES.get(name)
        if table is None or extension not in ("csv", "json"):
            raise Http404("There is no such download.")
        self.refuse_parameters(
            request, f"{name}.{extension}", "is the whole table", name, extension
        )
        as_of = data_currency().as_of
        return exports.download(
            table,
            table.queryset_for(table.queryset()),
            extension=extension,
            filename=f"{name}.{extension}",
            meta={"table": name, "data_as_of": as_of.isoformat() if as_of else None},
        )


class DataPackageView(WholeTableMixin, View):
    def get(self, request):
        self.refuse_parameters(request, "datapackage.json", "describes the whole data set")
        descriptor = datapackage(as_of=data_currency().as_of)
        return JsonResponse(descriptor, json_dumps_params={"indent": 2, "ensure_ascii": False})


class DataSetZipView(WholeTableMixin, View):
    """Every table's CSV and the descriptor whose paths resolve inside the zip."""

    def get(self, request):
        self.refuse_parameters(request, ZIP_NAME, "is the whole data set")
        descriptor = datapackage(as_of=data_currency().as_of)
        querysets = {n: t.queryset_for(t.queryset()) for n, t in exports.TABLES.items()}
        archive = data_set_zip(descriptor, querysets)
        return FileResponse(
            archive, as_attachment=True, filename=ZIP_NAME, content_type="application/zip"
        )
