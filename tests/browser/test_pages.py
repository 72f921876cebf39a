"""Every page pattern, as a person and an accessibility auditor meet it in Chromium."""

import json
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from reports.selectors.compare import compare_query
from tests import sample_site as site

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

PAGES = {
    "home": "/",
    "search-results": "/?q=southend",
    "search-no-results": "/?q=Cambrigeshire",
    "search-too-long": "/?q=" + "x" * 200,
    "area-second-hand": f"/areas/{site.SECOND_HAND}/",
    "area-with-history": f"/areas/{site.WITH_HISTORY}/",
    "area-with-report": f"/areas/{site.WITH_REPORT}/",
    "area-national-only": f"/areas/{site.NATIONAL_ONLY}/",
    "about": "/about/",
    "sources": "/sources/?page=2",
    "data-quality": "/about/data-quality/",
    "glossary": "/glossary/",
    "accessibility": "/accessibility/",
    "feedback": "/feedback/",
    "not-found": "/areas/atlantis/",
    "bad-request": "/?q=a&q=b",
    "compare": "/compare/",
    "compare-four": "/compare/?"
    + compare_query([site.WITH_HISTORY, site.NATIONAL_ONLY, site.NO_REGION, site.WITH_REPORT]),
    "compare-bad-request": f"/compare/?area={site.WITH_HISTORY}",
    "themes": "/themes/",
    "theme": f"/themes/{site.THEME}/",
    "outcomes": "/outcomes/",
    "area-systemic-with-report": f"/areas/{site.SYSTEMIC}/",
    "area-never-inspected": f"/areas/{site.NEVER_INSPECTED}/",
    "region": f"/regions/{site.REGION}/",
    "source-report": f"/sources/{site.REPORT_SOURCE}/",
    "source-press-release": f"/sources/{site.PRESS_RELEASE}/",
    "findings": "/findings/",
    "findings-filtered": f"/findings/?kind=improvement&theme={site.THEME}&outcome=inconsistent"
    "&published_after=2023-01-01",
    "findings-searched": "/findings/?q=%22annual+reviews%22+plans",
    "findings-invalid": "/findings/?year=99999&theme=nope",
    "inspections": "/inspections/?due=already&sort=-full_due",
    "inspections-invalid": "/inspections/?due_before=soon",
    "data": "/data/",
}
# Every other page is a 200, and a list that is filtered or searched finds something.
STATUS = {
    "not-found": 404,
    "bad-request": 400,
    "compare-bad-request": 400,
    "findings-invalid": 400,
    "inspections-invalid": 400,
}
NOT_EMPTY = ["search-results", "findings-filtered", "findings-searched", "inspections"]
MAIN_PAGES = ["home", "area-with-history", "area-second-hand", "about", "findings", "inspections"]


def audit(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_is_the_page_its_name_says(page, site_url, name):
    """So that an audit below never passes on a "not found" page in place of the real one."""
    response = page.request.get(site_url + PAGES[name])
    assert response.status == STATUS.get(name, 200)
    if name in NOT_EMPTY:
        page.goto(site_url + PAGES[name])
        assert page.locator("main a[href^='/areas/']").count() > 0


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_accessibility_violations(page, site_url, name):
    page.goto(site_url + PAGES[name])
    violations = audit(page)
    assert violations == [], f"{name}: " + json.dumps(violations, indent=2)


def test_method_not_allowed_page_has_no_accessibility_violations(page, site_url):
    response = page.request.post(site_url + PAGES["area-with-history"])
    assert response.status == 405
    page.goto(site_url + "/accessibility/")
    page.set_content(response.text())
    assert "This page cannot do that" in page.locator("h1").inner_text()
    violations = audit(page)
    assert violations == [], json.dumps(violations, indent=2)


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_server_error_pages_have_no_accessibility_violations(page, site_url, template):
    """These cannot be caused on a healthy server, so Django renders them here."""
    page.goto(site_url + "/accessibility/")
    page.set_content(render_to_string(template, request=RequestFactory().get("/")))
    assert "Sorry" in page.locator("h1").inner_text()
    violations = audit(page)
    assert violations == [], json.dumps(violations, indent=2)


@pytest.mark.parametrize("name", ["home", "area-with-history", "about"])
def test_every_link_and_control_is_reachable_by_tab_with_a_visible_focus(page, site_url, name):
    page.goto(site_url + PAGES[name])
    expected = page.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input, summary')]
            .filter(el => el.checkVisibility({visibilityProperty: true}))
            .map(el => el.outerHTML)"""
    )
    reached, unstyled = set(), []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
              const el = document.activeElement;
              if (el === document.body) return {html: '', visible: true};
              const style = getComputedStyle(el);
              const visible = style.outlineStyle !== 'none' || style.boxShadow !== 'none'
                || style.backgroundColor === 'rgb(255, 221, 0)';
              return {html: el.outerHTML, visible};
            }"""
        )
        reached.add(focused["html"])
        if not focused["visible"]:
            unstyled.append(focused["html"][:120])
    missing = [html[:120] for html in expected if html not in reached]
    assert missing == []
    assert unstyled == []


def test_the_area_page_works_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + PAGES["area-with-report"])
    assert page.locator("h1").inner_text() == site.AREAS[site.WITH_REPORT][0]
    summary = page.locator("details.govuk-details summary").first
    summary.click()
    assert page.locator("details.govuk-details").first.get_attribute("open") is not None
    assert page.get_by_role("heading", name="What must improve").is_visible()
    context.close()


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_pages_fit_a_320_pixel_screen(browser, site_url, name):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_url + PAGES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_print_hides_navigation_and_opens_long_quotes(page, site_url):
    page.goto(site_url + PAGES["area-with-report"])
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation__wrapper").is_visible()
    assert page.locator(".quote__more .govuk-details__text").first.is_visible()


def test_at_375px_an_area_shows_outcome_what_must_improve_and_next_within_five_screens(
    browser, site_url
):
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(site_url + PAGES["area-with-report"])
    screens = {
        name: page.evaluate(
            f"document.querySelector('{selector}').getBoundingClientRect().bottom / 667"
        )
        for name, selector in [
            ("outcome", ".govuk-tag"),
            ("first improvement", "#must-improve ol li"),
            ("what happens next", "#next dl"),
        ]
    }
    context.close()
    assert all(bottom <= 5 for bottom in screens.values()), screens


@pytest.mark.parametrize("width", [375, 1280])
def test_summary_list_labels_never_break_mid_word(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + PAGES["area-with-report"])
    broken = page.evaluate(
        """() => [...document.querySelectorAll('.govuk-summary-list__key')].flatMap(key => {
            const range = document.createRange();
            const words = [];
            const walker = document.createTreeWalker(key, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              const node = walker.currentNode;
              for (const match of node.textContent.matchAll(/\\S+/g)) {
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                if (range.getClientRects().length > 1) words.push(match[0]);
              }
            }
            return words;
          })"""
    )
    context.close()
    assert broken == []


def test_keyboard_focus_follows_the_visual_order(page, site_url):
    page.goto(site_url + PAGES["area-with-history"])
    positions = []
    for _ in range(25):
        page.keyboard.press("Tab")
        box = page.evaluate(
            "() => { const r = document.activeElement.getBoundingClientRect();"
            " return [r.top + window.scrollY, r.left]; }"
        )
        positions.append(box)
    # Top to bottom within each column: the main column, then the sidebar beside it.
    main_column = [top for top, left in positions if left < 800]
    sidebar = [top for top, left in positions if left >= 800 and top > 300]
    assert main_column == sorted(main_column)
    assert sidebar == sorted(sidebar)


def test_print_shows_the_latest_inspection_once_without_relative_link_targets(page, site_url):
    page.goto(site_url + PAGES["area-with-report"])
    page.emulate_media(media="print")
    text = page.locator("main").inner_text()
    relative = page.evaluate(
        """() => [...document.querySelectorAll('main a[href^="/"], main a[href^="#"]')]
            .map(a => getComputedStyle(a, '::after').content)
            .filter(c => c && c !== 'none' && c !== 'normal')"""
    )
    assert relative == []
    assert "Read the rest of this finding" not in text
    assert text.count(site.LONG_IMPROVEMENT[:60]) == 1
    assert not page.locator("#history details").first.is_visible()


def test_at_1280px_four_areas_compare_without_any_table_overflowing(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + PAGES["compare-four"])
    assert page.locator(".compare-table thead th").count() == 4
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('main table')]
            .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
            .map(t => t.className)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()
    assert clipped == []


def test_on_a_phone_the_theme_table_scrolls_in_a_focusable_region_with_a_cue(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(site_url + PAGES["compare-four"])
    region = page.locator(".table-scroll:has(.theme-matrix)")
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # every column, by scrolling
    region.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")  # the keyboard reaches the columns off screen
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle())
    cue = page.locator(".table-scroll__cue").last
    assert cue.is_visible() and "sideways" in cue.inner_text()
    context.close()
