"""Each chart taken away as a PNG, with its title and its source drawn into the picture."""

import base64
import struct

import pytest

from tests import sample_site as site
from tests.browser.test_pages import audit

pytestmark = pytest.mark.browser

CHART_PAGES = {
    "/compare/": ["themes", "regions", "timeline"],
    "/outcomes/": ["regions", "years", "frameworks"],
}
PNG = b"\x89PNG\r\n\x1a\n"
# How many pixels of the picture's top and bottom rows are not white: its title and its source.
INKED = """async ([url, rows]) => {
  const image = new Image();
  image.src = url;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const inked = (y) => {
    const pixels = context.getImageData(0, y, image.width, rows).data;
    let count = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 200) count++;
    return count;
  };
  return [inked(0), inked(image.height - rows)];
}"""


@pytest.mark.parametrize("path", list(CHART_PAGES))
def test_each_chart_downloads_as_a_png_with_its_title_and_source(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_function("document.querySelectorAll('a.chart__image').length > 0")
    links = page.locator("a.chart__image")
    assert links.count() == len(CHART_PAGES[path])
    for slug in CHART_PAGES[path]:
        canvas = page.locator(f"#chart-{slug}")
        size = canvas.evaluate("canvas => [canvas.width, canvas.height]")
        link = page.locator(f"section:has(#chart-{slug}) a.chart__image")
        # Beside the CSV link: the paragraph after it.
        assert link.evaluate(
            "a => a.parentElement.previousElementSibling.querySelector('a')"
            ".textContent.startsWith('Download this data (CSV)')"
        )
        with page.expect_download() as download_info:
            link.click()
        download = download_info.value
        date = site.NATIONAL_TABLE_DATE.isoformat()
        assert download.suggested_filename == f"chart-{slug}-{date}.png"
        data = download.path().read_bytes()
        assert data[:8] == PNG
        width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
        assert width == size[0]
        assert height > size[1] + 60  # a band for the title above, one for the source below
        url = "data:image/png;base64," + base64.b64encode(data).decode()
        top, bottom = page.evaluate(INKED, [url, 30])
        assert top > 50, slug  # the title's letters
        assert bottom > 30, slug  # the source line's


@pytest.mark.parametrize("path", list(CHART_PAGES))
def test_the_image_links_leave_the_page_without_accessibility_violations(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_function("document.querySelectorAll('a.chart__image').length > 0")
    for link in page.locator("a.chart__image").all():
        assert link.get_attribute("download").endswith(".png")
        assert link.text_content().startswith("Download this chart (PNG): ")  # names its chart
    assert audit(page) == []


@pytest.mark.parametrize("path", list(CHART_PAGES))
def test_without_javascript_there_is_no_image_link(browser, site_url, path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + path)
    assert page.locator(".chart a[download]").count() == len(CHART_PAGES[path])  # the CSVs
    assert page.locator("a.chart__image").count() == 0
    context.close()
