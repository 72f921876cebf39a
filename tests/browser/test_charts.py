"""The charts and the map as Chromium draws them, and the same numbers without JavaScript."""

import json

import pytest

from reports.selectors.compare import compare_query
from tests import sample_site as site

pytestmark = pytest.mark.browser

CHART_PAGES = {
    "compare": ("/compare/", ["themes", "regions", "timeline"]),
    "outcomes": ("/outcomes/", ["regions", "years", "frameworks"]),
}
PAINTED = """() => [...document.querySelectorAll('canvas[data-chart]')].map(canvas => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
  return {id: canvas.id, drawn: Boolean(window.Chart.getChart(canvas)), painted,
          visible: canvas.checkVisibility(), width: canvas.width, height: canvas.height};
})"""


@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_every_chart_is_drawn_and_the_map_is_there_without_console_errors(page, site_url, name):
    path, charts = CHART_PAGES[name]
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else 0)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(site_url + path)
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length > 0")
    page.wait_for_timeout(300)
    canvases = page.evaluate(PAINTED)
    assert [c["id"] for c in canvases] == [f"chart-{chart}" for chart in charts]
    for canvas in canvases:
        assert canvas["drawn"] and canvas["visible"], canvas
        # Bars, points, axes and legend cover far more than a few stray pixels.
        assert canvas["painted"] > canvas["width"] * canvas["height"] * 0.02, canvas
    svg = page.locator("svg.hexmap__svg")
    assert svg.count() == 1
    assert svg.get_attribute("role") == "group"
    tiles = page.locator("svg.hexmap__svg a.hexmap__tile")
    assert tiles.count() == len(site.AREAS)  # every area we hold, linked to its page
    assert ": " in tiles.first.get_attribute("aria-label")
    assert problems == []


def test_the_compare_map_outlines_the_compared_areas(page, site_url):
    page.goto(site_url + "/compare/?" + compare_query([site.WITH_HISTORY, site.NATIONAL_ONLY]))
    assert page.locator(".hexmap__outline").count() == 2
    tile = page.locator(f'a.hexmap__tile[href="/areas/{site.WITH_HISTORY}/"]')
    name = site.AREAS[site.WITH_HISTORY][0]
    assert tile.get_attribute("aria-label").startswith(f"{name} (compared): ")
    tile.focus()
    stroke = page.evaluate(
        "() => getComputedStyle(document.activeElement.querySelector('polygon')).strokeWidth"
    )
    assert stroke == "2.5px"  # the focused tile is outlined (with a yellow ring in CSS)


def _table(page, chart: str) -> tuple[list[str], list[list[str]]]:
    table = page.locator(f"#chart-{chart}-caption").locator("xpath=..")
    header = [cell.strip() for cell in table.locator("thead th").all_inner_texts()]
    rows = [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    return header, rows


@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_without_javascript_every_number_is_in_a_table(browser, site_url, name):
    path, charts = CHART_PAGES[name]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + path)
    assert page.locator(".chart__canvas").first.is_hidden()  # no empty box where a chart was
    assert page.locator("svg.hexmap__svg").is_visible()
    for chart in charts:
        data = json.loads(page.locator(f"#chart-{chart}-data").text_content())
        header, rows = _table(page, chart)
        assert rows, chart
        if chart == "themes":
            for dataset in data["datasets"]:
                column = header.index(dataset["label"])
                for label, value in zip(data["labels"], dataset["data"], strict=True):
                    (row,) = [r for r in rows if r[0] == label and r[1] == dataset["area"]]
                    assert row[column] == str(value)
        elif chart == "timeline":
            for dataset in data["datasets"]:
                for point in dataset["data"]:
                    assert [point["y"], point["text"]] in [[r[0], r[2]] for r in rows]
        else:  # outcomes: counts per category, by region or year
            assert [r[0] for r in rows] == [
                label.removesuffix(" (compared)") for label in data["labels"]
            ]
            for n, dataset in enumerate(data["datasets"]):
                assert header[n + 1] == dataset["label"]
                for row, count in zip(rows, dataset["counts"], strict=True):
                    assert row[n + 1].split(" ")[0] == str(count)
    context.close()


def test_areas_are_chosen_by_typing_their_names_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    first, second = site.AREAS[site.NATIONAL_ONLY][0], site.AREAS[site.NO_REGION][0]
    page.goto(site_url + "/compare/")
    page.get_by_label("First area").fill(first)
    page.get_by_label("Second area").fill(second.lower())
    page.get_by_label("Third area (optional)").fill("")
    page.get_by_role("button", name="Compare").click()
    assert page.url.endswith("/compare/?" + compare_query([site.NATIONAL_ONLY, site.NO_REGION]))
    assert f"Comparing {first} and {second}" in page.locator("main").inner_text()
    page.get_by_label("Second area").fill("Atlantis")
    page.get_by_role("button", name="Compare").click()
    assert page.get_by_role("alert").inner_text().count("We hold no area called “Atlantis”.") == 1
    assert page.get_by_label("Second area").input_value() == "Atlantis"
    context.close()
