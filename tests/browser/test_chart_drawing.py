"""What each Chart.js chart actually draws, read back from the chart on the page (its elements'
pixels turned back into values through its own scales), point by point against the table beside
it: a chart whose data is right but whose drawing puts a point on another area's row fails here."""

import csv
import datetime
import io
from urllib.parse import urljoin

import pytest

from reports.selectors.compare import compare_query
from tests import sample_site as site

pytestmark = pytest.mark.browser

# Each drawn element as (dataset label, category label, value): bars give their category and
# the length of their segment, points their row and their x; the tooltip each would show too.
DRAWN = """(id) => {
  const chart = window.Chart.getChart(document.getElementById(id));
  const text = (label) =>
    Array.isArray(label) ? label.join(" ").replace(/- /g, "-") : String(label);
  const tooltip = chart.options.plugins.tooltip.callbacks.label;
  const drawn = [];
  chart.data.datasets.forEach((dataset, index) => {
    const meta = chart.getDatasetMeta(index);
    meta.data.forEach((element, n) => {
      const [rows, values] =
        meta.iScale.type === "category" ? [meta.iScale, meta.vScale] : [meta.vScale, meta.iScale];
      const along = (scale) => (scale.axis === "y" ? element.y : element.x);
      const row = rows.getLabels()[Math.round(rows.getValueForPixel(along(rows)))];
      let value = values.getValueForPixel(along(values));
      if (meta.type === "bar") value -= values.getValueForPixel(element.base);
      // One pixel in the value's units: how exactly a drawing can be read back.
      const pixel = Math.abs(values.getValueForPixel(1) - values.getValueForPixel(0));
      const item = {raw: dataset.data[n], dataset, dataIndex: n, datasetIndex: index};
      drawn.push({dataset: dataset.label, row: text(row), value, pixel, tooltip: tooltip(item)});
    });
  });
  return drawn;
}"""


def drawn(page, chart: str) -> list[dict]:
    page.wait_for_function(
        f"window.Chart && window.Chart.getChart(document.getElementById('chart-{chart}'))"
    )
    return page.evaluate(DRAWN, f"chart-{chart}")


def table(page, chart: str) -> tuple[list[str], list[list[str]]]:
    table = page.locator(f"#chart-{chart}-caption").locator("xpath=..")
    header = [cell.strip() for cell in table.locator("thead th").all_inner_texts()]
    rows = [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    return header, rows


def chart_csv(page, chart: str) -> list[dict]:
    href = page.locator(f"#chart-{chart}-title").locator("xpath=..").locator("a[download]").first
    response = page.request.get(urljoin(page.url, href.get_attribute("href")))
    return list(csv.DictReader(io.StringIO(response.text())))


def decimal_year(day: datetime.date) -> float:
    start = datetime.date(day.year, 1, 1)
    return day.year + (day - start).days / (datetime.date(day.year + 1, 1, 1) - start).days


def assert_timeline_drawn_as_tabled(page):
    points = drawn(page, "timeline")
    rows = chart_csv(page, "timeline")
    dated = [r for r in rows if r["Date"]]
    assert len(points) == len(dated) > 0
    unmatched = list(dated)
    for point in points:
        match = next(
            (
                r
                for r in unmatched
                if r["Area"] == point["row"]
                and r["Outcome or event"] == point["dataset"]
                and abs(decimal_year(datetime.date.fromisoformat(r["Date"])) - point["value"])
                < 0.01
            ),
            None,
        )
        assert match, f"drawn on the wrong row or date: {point}"
        unmatched.remove(match)
        # The tooltip names the area whose row the point sits on.
        assert point["tooltip"].startswith(f"{point['row']}: "), point


def assert_bars_drawn_as_tabled(page, chart: str, *, by_area: bool = False):
    header, rows = table(page, chart)
    for bar in drawn(page, chart):
        if by_area:  # themes: a row per (theme, area); the bar's dataset is one area's kind
            area = bar["tooltip"].split(":")[0]
            (row,) = [r for r in rows if r[0] == bar["row"] and r[1] == area]
        else:
            (row,) = [r for r in rows if r[0] == bar["row"].removesuffix(" (compared)")]
        cell = row[header.index(bar["dataset"])]
        if "%" in cell:  # "12 (34.5%)": the bar's length is the share
            expected = float(cell.split("(")[1].rstrip("%)"))
        else:
            expected = int(cell)
        assert abs(expected - bar["value"]) <= 1.5 * bar["pixel"] + 0.05, (bar, cell)


COMPARISONS = [
    "/compare/",
    "/compare/?" + compare_query(site.TIMELINE),  # four areas whose outcomes differ
    "/compare/?" + compare_query([site.EARLIER_ONLY, site.WITH_HISTORY]),  # 2016 to 2022 only
]


@pytest.mark.parametrize("path", COMPARISONS)
def test_the_timeline_puts_every_inspection_on_its_own_areas_row(page, site_url, path):
    page.goto(site_url + path)
    assert_timeline_drawn_as_tabled(page)


@pytest.mark.parametrize("path", COMPARISONS)
def test_the_compare_bar_charts_draw_what_their_tables_say(page, site_url, path):
    page.goto(site_url + path)
    assert_bars_drawn_as_tabled(page, "themes", by_area=True)
    assert_bars_drawn_as_tabled(page, "regions")


def test_the_overview_charts_draw_what_their_tables_say(page, site_url):
    page.goto(site_url + "/outcomes/")
    assert_bars_drawn_as_tabled(page, "regions")
    assert_bars_drawn_as_tabled(page, "years")
    assert_bars_drawn_as_tabled(page, "frameworks")
