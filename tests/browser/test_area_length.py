"""Every area page of the shipped data, measured on a 375 px phone and printed on A4.

A parent should find the latest outcome, the first things that must improve, what happens next
and the report within 4 screens (667 px each), and the whole page within 10; the longest print
on at most 3 A4 pages. scripts/measure_area_pages.py measures a running site the same way;
docs/area-page.md records the figures.
"""

import pytest

from scripts.measure_area_pages import KEYS, MAX_KEY_SCREEN, SCREEN, WIDTH, measure, table

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def measures(browser, shipped_site_url):
    # One context and one page for every area keeps the whole measure within a minute.
    context = browser.new_context(viewport={"width": WIDTH, "height": SCREEN})
    page = context.new_page()
    found = measure(page, shipped_site_url)
    context.close()
    print("\n" + table(found))  # noqa: T201 (the figures are what this test is for)
    return found


def test_every_area_page_is_measured_and_within_the_limits(measures):
    assert len(measures) > 100  # every area of England, not a sample
    faults = [fault for m in measures for fault in m.faults()]
    assert faults == []


def test_the_three_longest_pages_print_on_at_most_three_a4_pages(measures):
    printed = [m.printed for m in measures[:3]]
    assert None not in printed
    assert max(printed) <= 3


def test_an_inspected_area_shows_all_four_things_a_parent_looks_for(measures):
    """So that a selector gone stale cannot pass the limits by measuring nothing."""
    systemic = next(m for m in measures if m.path == "/areas/oxfordshire/")
    assert all(systemic.keys[key] is not None for key in KEYS)
    assert all(screen <= MAX_KEY_SCREEN for screen in systemic.keys.values())
