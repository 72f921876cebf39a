import pytest
from django.db import IntegrityError, transaction

from areas.models import Area
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("la_code", "87", "area_la_code_three_digits"),
        ("ons_code", "W06000001", "area_ons_code_format"),
        ("region", "XX", "area_region_valid"),
        ("name", "", "area_name_not_empty"),
    ],
)
def test_area_constraints_reject_bad_values(field, value, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        AreaFactory(**{field: value})


def test_two_areas_cannot_share_a_local_authority_code():
    AreaFactory(la_code="999")
    with pytest.raises(IntegrityError), transaction.atomic():
        AreaFactory(la_code="999")


def test_many_areas_may_leave_the_local_authority_code_unstated():
    AreaFactory(la_code="")
    AreaFactory(la_code="")
    assert Area.objects.filter(la_code="").count() >= 2
