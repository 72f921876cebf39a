import datetime

import pytest
from django.db import IntegrityError, transaction

from reports.models import Inspection
from reports.vocabulary import Framework, Outcome
from tests.factories import AreaFactory, FindingFactory, InspectionFactory, RevisitFactory

pytestmark = pytest.mark.django_db


def rejected(constraint, **fields):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        InspectionFactory(**fields)


def test_an_outcome_must_be_one_of_the_choices():
    # Both checks reject it; which one a database reports first varies.
    rejected("inspection_outcome_valid|inspection_outcome_matches_framework", outcome="excellent")


def test_a_2023_outcome_cannot_belong_to_the_2016_framework():
    rejected(
        "inspection_outcome_matches_framework",
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.POSITIVE,
    )


def test_an_inspection_cannot_end_before_it_starts():
    rejected(
        "inspection_ends_after_start",
        start_date=datetime.date(2024, 3, 8),
        end_date=datetime.date(2024, 3, 4),
    )


def test_a_report_cannot_be_published_before_the_inspection_ends():
    rejected(
        "inspection_published_after_end",
        end_date=datetime.date(2024, 3, 8),
        published=datetime.date(2024, 3, 1),
    )


def test_an_area_has_one_inspection_per_start_date():
    area = AreaFactory()
    InspectionFactory(area=area, start_date=datetime.date(2024, 1, 8))
    # SQLite names the columns of a unique constraint, PostgreSQL its name.
    rejected(
        "inspection_unique_area_start|UNIQUE constraint failed: reports_inspection.area_id",
        area=area,
        start_date=datetime.date(2024, 1, 8),
    )


def test_unknown_dates_and_outcome_are_stored_as_unknown():
    inspection = InspectionFactory(
        framework=Framework.LOCAL_AREA_2016, outcome=Outcome.UNKNOWN, start_date=None
    )
    inspection.refresh_from_db()
    assert inspection.start_date is None
    assert inspection.get_outcome_display() == "Not stated"
    assert inspection.dates_display == ""


def test_a_finding_needs_text():
    with pytest.raises(IntegrityError, match="finding_text_not_empty"), transaction.atomic():
        FindingFactory(text="")


def test_findings_of_one_kind_have_distinct_positions():
    first = FindingFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        FindingFactory(inspection=first.inspection, order=1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2023, 2, 6), (2023, 2, 10), "6 to 10 February 2023"),
        ((2024, 1, 29), (2024, 2, 2), "29 January to 2 February 2024"),
        ((2024, 12, 30), (2025, 1, 3), "30 December 2024 to 3 January 2025"),
        (None, (2018, 10, 6), "ended 6 October 2018"),
    ],
)
def test_inspection_dates_read_as_a_person_writes_them(start, end, expected):
    inspection = Inspection(
        start_date=start and datetime.date(*start), end_date=datetime.date(*end)
    )
    assert inspection.dates_display == expected


def test_dates_in_a_sources_own_words_are_used_when_no_exact_dates_are_known():
    assert Inspection(dates_as_stated="January 2025").dates_display == "January 2025"


def test_only_a_written_statement_of_action_has_significant_weaknesses_to_count():
    rejected(
        "inspection_weaknesses_need_wsoa",
        framework=Framework.LOCAL_AREA_2016,
        outcome=Outcome.NO_WSOA,
        significant_weaknesses=2,
    )


@pytest.mark.parametrize(
    ("result", "progressed", "not_progressed"),
    [("all", 2, 1), ("some", 3, 0), ("none", 1, 2)],
)
def test_a_revisits_counts_must_fit_its_result(result, progressed, not_progressed):
    with pytest.raises(IntegrityError, match="revisit_counts_match_result"), transaction.atomic():
        RevisitFactory(result=result, progressed=progressed, not_progressed=not_progressed)


def test_a_revisit_cannot_be_published_before_it_starts():
    with pytest.raises(IntegrityError, match="revisit_published_after_visit"), transaction.atomic():
        RevisitFactory(start_date=datetime.date(2020, 2, 3), published=datetime.date(2020, 1, 1))
