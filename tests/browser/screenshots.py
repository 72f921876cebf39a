"""Screenshots of the main pages for review: `make screenshots` (not part of the test run)."""

import pytest

from tests.browser.test_pages import MAIN_PAGES, PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", MAIN_PAGES)
def test_screenshots_for_review(browser, site_url, screenshots_dir, name, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + PAGES[name])
    path = screenshots_dir / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    context.close()
