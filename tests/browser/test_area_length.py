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


# Words that span two lines when printed: a hyphen or slash may end a line, nothing else.
BROKEN_WORDS = """() => {
  const range = document.createRange();
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  const broken = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.checkVisibility()) continue;
    for (const match of node.textContent.matchAll(/[^\\s\\-\\/]{2,}/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (range.getClientRects().length > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


def test_the_longest_page_prints_in_one_column_without_breaking_a_word(
    browser, shipped_site_url, measures
):
    # A4 less 12 mm margins is about 700 CSS pixels wide.
    context = browser.new_context(viewport={"width": 700, "height": 960})
    page = context.new_page()
    page.goto(shipped_site_url + measures[0].path)
    page.emulate_media(media="print")
    sidebar = page.locator(".govuk-grid-column-one-third").bounding_box()
    broken = page.evaluate(BROKEN_WORDS)
    context.close()
    assert sidebar["width"] > 600  # the full width, not a narrow column
    assert broken == []
