"""Reads every page family shares (reports/selectors/common.py)."""

import datetime

import pytest

from reports.selectors.common import areas_with_latest, data_currency, findings_url
from reports.vocabulary import SourceKind
from tests.factories import AreaFactory, InspectionFactory, NationalTableFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_the_datas_date_is_the_newest_national_tables_not_the_newest_source():
    NationalTableFactory(slug="older-table", file="older.csv", published=datetime.date(2025, 1, 1))
    table = NationalTableFactory()
    SourceFactory(kind=SourceKind.PRESS_RELEASE, published=datetime.date(2026, 7, 1))
    currency = data_currency()
    assert (currency.as_of, currency.national) == (table.published, table.published)
    assert currency.curated == datetime.date(2026, 7, 1)


def test_with_no_sources_the_datas_date_is_unknown():
    assert (data_currency().as_of, data_currency().curated) == (None, None)


def test_areas_come_with_their_latest_inspection_in_two_queries(django_assert_num_queries):
    area, never = AreaFactory(name="A"), AreaFactory(name="B")
    InspectionFactory(area=area, published=datetime.date(2020, 1, 1))
    latest = InspectionFactory(area=area, published=datetime.date(2024, 1, 1))
    with django_assert_num_queries(2):
        areas = areas_with_latest()
    assert [(a, a.latest) for a in areas] == [(area, latest), (never, None)]


def test_findings_url_repeats_a_parameter_for_each_value():
    assert findings_url(area=["a b"], kind=["strength", "weakness"]) == (
        "/findings/?area=a+b&kind=strength&kind=weakness"
    )
