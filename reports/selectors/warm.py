"""What a web worker computes before its first request (gunicorn's post_worker_init).

England's picture and the lists' facet counts of all the data are kept per data version in each
process (reports/precomputed.py). Without this, the first area page, comparison or search a
worker serves after it starts computes them while its visitor waits (at 20 times the national
data, a search's first facet count takes seconds rather than a fraction of one).
"""

from django.http import QueryDict

from reports import precomputed
from reports.filters import FindingFilter, InspectionFilter
from reports.models import DataVersion
from reports.selectors.common import data_currency
from reports.selectors.lists import (
    FINDING_FACETS,
    INSPECTION_FACETS,
    facet_counts,
    finding_list,
    inspection_list,
)
from reports.selectors.national import national_outcomes


def warm() -> bool:
    """Compute and keep them for the current data version; False if there is no data yet."""
    version = DataVersion.objects.only("pk", "version").first()
    if version is None:
        return False
    with precomputed.for_request(precomputed.version_key(version)):
        national_outcomes()
        findings = FindingFilter(data=QueryDict(), queryset=finding_list())
        inspections = InspectionFilter(
            data=QueryDict(), queryset=inspection_list(), as_of=data_currency().as_of
        )
        for filterset, facets in ((findings, FINDING_FACETS), (inspections, INSPECTION_FACETS)):
            if filterset.is_valid():
                facet_counts(filterset, facets)
    return True
