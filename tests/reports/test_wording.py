"""Wording helpers (reports/wording.py)."""

import datetime

import pytest

from reports.wording import duration_text, months_between


@pytest.mark.parametrize(
    ("earlier", "later", "text"),
    [
        (datetime.date(2017, 7, 7), datetime.date(2023, 2, 6), "5 years and 6 months"),
        (datetime.date(2020, 1, 1), datetime.date(2023, 1, 1), "3 years"),
        (datetime.date(2022, 3, 1), datetime.date(2023, 1, 31), "10 months"),
        (datetime.date(2022, 3, 1), datetime.date(2022, 3, 20), "0 months"),
        (datetime.date(2021, 1, 15), datetime.date(2022, 2, 15), "1 year and 1 month"),
    ],
)
def test_time_between_inspections_in_words(earlier, later, text):
    assert duration_text(months_between(earlier, later)) == text
