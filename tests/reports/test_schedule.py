from datetime import date

import pytest

from reports.schedule import add_months, due_by, expected, months_in, next_inspections

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


DATA_DATE = date(2026, 6, 29)
TABLE_NOTE = "The national table's “Next Inspection By Date”."


def test_the_tables_date_says_how_it_follows_from_the_first_day_and_that_it_has_passed():
    # Bexley: began 4 December 2023; the table gives 4 June 2025 for the monitoring inspection.
    timing = expected(
        wording="within approximately 18 months",
        due=date(2025, 6, 4),
        start=date(2023, 12, 4),
        as_of=DATA_DATE,
        note=TABLE_NOTE,
        monitoring=True,
    )
    assert (timing.due, timing.passed, timing.computed) == (date(2025, 6, 4), True, False)
    assert timing.how == (
        "18 months from the inspection’s first day, 4 December 2023, "
        "as the national table works it out"
    )
    assert timing.status == (
        "Already due at our data’s date, 29 June 2026. This site holds no monitoring "
        "inspections, so our data may not show it yet."
    )


def test_a_date_the_table_could_not_give_is_worked_out_the_same_way_and_says_so():
    # Derbyshire: began 23 September 2024; the table could not work out a date.
    timing = expected(
        wording="within approximately 18 months",
        due=None,
        start=date(2024, 9, 23),
        as_of=DATA_DATE,
        note="",
        monitoring=True,
    )
    assert (timing.due, timing.passed, timing.computed) == (date(2026, 3, 23), True, True)
    assert "worked out by this site as the national table does" in timing.how


def test_a_full_inspection_to_come_is_not_yet_due_and_no_date_without_a_first_day():
    later = expected(
        wording="within approximately three years",
        due=None,
        start=date(2025, 1, 6),
        as_of=DATA_DATE,
        note="",
        monitoring=False,
    )
    assert (later.due, later.status) == (
        date(2028, 1, 6),
        "Not yet due at our data’s date, 29 June 2026.",
    )
    unknown = expected(
        wording="within approximately three years",
        due=None,
        start=None,
        as_of=DATA_DATE,
        note="",
        monitoring=False,
    )
    assert (unknown.due, unknown.how, unknown.passed) == (None, "", False)
    assert "do not give the inspection’s first day" in unknown.status
