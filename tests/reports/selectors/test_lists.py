"""The lists' facet counts (reports/selectors/lists.py): each option's rows in the current view
(every other filter applied, its own not) beside its rows in all the data."""

import pytest
from django.http import QueryDict

from reports.filters import FindingFilter
from reports.selectors.lists import FINDING_FACETS, facet_counts, finding_list

pytestmark = pytest.mark.django_db


def counts(query: str) -> dict:
    filterset = FindingFilter(data=QueryDict(query), queryset=finding_list())
    assert filterset.is_valid()
    return facet_counts(filterset, FINDING_FACETS)


def test_each_option_counts_the_view_without_its_own_filter(researcher_data):
    assert counts("region=NE&kind=weakness") == {
        "kind": {"improvement": (1, 1), "strength": (0, 1), "weakness": (1, 2)},
        "outcome": {"inconsistent": (1, 2), "positive": (0, 1), "wsoa_required": (0, 1)},
        "region": {"NE": (1, 2), "NW": (1, 1), "SW": (0, 1)},
        "framework": {"2016": (0, 1), "2023": (1, 3)},
        "source_kind": {"report": (1, 3), "second_hand": (0, 1)},
        "theme": {"t-ehc": (0, 1), "t-other": (1, 3)},
    }


def test_with_no_filter_the_view_is_all_the_data(researcher_data):
    assert counts("")["kind"] == {"improvement": (1, 1), "strength": (1, 1), "weakness": (2, 2)}
