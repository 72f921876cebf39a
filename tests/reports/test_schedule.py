from datetime import date

import pytest

from reports.schedule import add_months, due_by, months_in, next_inspections

SYSTEMIC = (
    "The local area partnership must address urgently. A monitoring inspection will be carried "
    "out within approximately 18 months. The next full reinspection will be within approximately "
    "three years. As a result of this inspection, HMCI requires a priority action plan."
)


def test_a_systemic_outcome_states_both_the_monitoring_and_the_full_inspection():
    assert next_inspections(SYSTEMIC) == (
        "within approximately 18 months",
        "within approximately three years",
    )


@pytest.mark.parametrize(
    "text, full",
    [
        ("The next full area SEND inspection will be within approximately 5 years.", "5"),
        (
            "The next full area SEND inspection will take place within approximately three years.",
            "three",
        ),
        ("The next full Area SEND inspection will be within five years.", "five"),
    ],
)
def test_full_inspection_wording_variants(text, full):
    monitoring, wording = next_inspections(text)
    assert monitoring == ""
    assert full in wording


def test_months_and_due_dates_follow_the_national_tables_rule():
    assert months_in("within approximately three years") == 36
    assert months_in("within approximately 18 months") == 18
    assert months_in("soon") is None
    # Barnsley: began 2 February 2026, five years -> the table's 2 February 2031.
    assert due_by(date(2026, 2, 2), "within approximately 5 years") == date(2031, 2, 2)
    assert due_by(None, "within approximately 5 years") is None
    assert add_months(date(2024, 8, 31), 18) == date(2026, 2, 28)
