"""The themes and each theme's page, as a reader meets them."""

import pytest
from django.urls import resolve, reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports.selectors import themes as themes_selectors
from reports.views.themes import ThemeDetailView, ThemeListView
from reports.vocabulary import FindingKind, Outcome
from tests.factories import AreaFactory, FindingFactory, InspectionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "args", "path", "view"),
    [
        ("reports:themes", [], "/themes/", ThemeListView),
        ("reports:theme", ["ehc-plans"], "/themes/ehc-plans/", ThemeDetailView),
    ],
)
def test_urls_round_trip(name, args, path, view):
    assert reverse(name, args=args) == path
    assert resolve(path).func.view_class is view


def test_themes_list_counts_areas_by_kind(client, default_areas):
    response = client.get("/themes/")
    assertTemplateUsed(response, "reports/theme_list.html")
    assertContains(response, "Areas with each kind of finding, by theme")
    assertContains(response, 'href="/themes/ehc-plans/"')
    assertContains(response, "EHC plan timeliness and quality")


def test_theme_page_lists_every_area_told_to_fix_it(client, default_areas):
    response = client.get("/themes/ehc-plans/")
    assertTemplateUsed(response, "reports/theme_detail.html")
    assertContains(response, '<h1 class="govuk-heading-xl">EHC plan timeliness and quality</h1>')
    assertContains(response, "Areas told to improve this (3)")
    for area in ["cambridgeshire", "cornwall", "southend-on-sea"]:
        assertContains(response, f'href="/areas/{area}/"')
    assertContains(response, "Areas by outcome")
    assertContains(response, "Areas by region")
    assertContains(
        response, 'href="/findings/?theme=ehc-plans&amp;kind=improvement&amp;kind=priority_action"'
    )
    assertContains(response, 'href="/sources/')  # each quote cites its source


def test_theme_page_quotes_verbatim_with_a_citation(client):
    theme = ThemeFactory(name="Short breaks for testing")
    area = AreaFactory(name="Quoteshire")
    inspection = InspectionFactory(area=area, outcome=Outcome.SYSTEMIC)
    finding = FindingFactory(
        inspection=inspection,
        kind=FindingKind.PRIORITY_ACTION,
        text="Leaders must make sure that families can get short breaks.",
        responsible_body="The council",
        themes=[theme],
    )
    response = client.get(f"/themes/{theme.slug}/")
    assertContains(response, "Leaders must make sure that families can get short breaks.")
    assertContains(response, f'href="{finding.source.get_absolute_url()}"')
    assertContains(response, "Responsible: The council")
    assertContains(response, "Areas told to improve this (1)")


def test_unknown_theme_is_not_found(client):
    response = client.get("/themes/atlantis/")
    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")


def told_to_improve(theme, count: int, first: int = 1) -> None:
    """`count` areas, Improveshire 01 (or `first`) onwards, each told to improve `theme`."""
    for n in range(first, first + count):
        inspection = InspectionFactory(area=AreaFactory(name=f"Improveshire {n:02d}"))
        FindingFactory(
            inspection=inspection,
            kind=FindingKind.IMPROVEMENT,
            text=f"Improve number {n:02d}.",
            themes=[theme],
        )


def test_theme_page_quotes_twenty_areas_a_page_and_says_which(client):
    theme = ThemeFactory(name="Paged theme")
    told_to_improve(theme, 25)
    first = client.get(f"/themes/{theme.slug}/")
    assertContains(first, "Areas told to improve this (25)", count=2)  # contents and heading
    assertContains(first, "Showing areas 1 to 20 of 25, by name.")
    assertContains(first, "Improve number 20.")
    assertNotContains(first, "Improve number 21.")
    assertContains(first, 'href="?page=2" rel="next"')
    second = client.get(f"/themes/{theme.slug}/", {"page": "2"})
    assertContains(second, "Areas told to improve this (25)", count=2)
    assertContains(second, "Showing areas 21 to 25 of 25, by name.")
    assertContains(second, "Improve number 21.")
    assertNotContains(second, "Improve number 20.")
    assertContains(second, 'href="?page=1" rel="prev"')
    # Every page keeps the counts and the link to all of these findings.
    assertContains(
        second, f"/findings/?theme={theme.slug}&amp;kind=improvement&amp;kind=priority_action"
    )


def test_theme_page_on_one_page_shows_no_pages(client):
    theme = ThemeFactory(name="Short theme")
    told_to_improve(theme, 3)
    response = client.get(f"/themes/{theme.slug}/")
    assertContains(response, "Areas told to improve this (3)", count=2)
    assertContains(response, "Improve number 03.")
    assertNotContains(response, "Showing areas")
    assertNotContains(response, 'class="govuk-pagination"')


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("?page=3", 404, "Page not found"),
        ("?page=0", 404, "Page not found"),
        ("?page=two", 404, "Page not found"),
        ("?page=99999999999999999999", 404, "Page not found"),
        ("?page=1e309", 404, "Page not found"),
        ("?page=1&page=2", 400, "was given more than once"),
    ],
)
def test_a_theme_page_that_is_not_one_gets_the_error_page(client, query, status, says):
    theme = ThemeFactory(name="Paged theme")
    told_to_improve(theme, 25)
    assertContains(client.get(f"/themes/{theme.slug}/{query}"), says, status_code=status)


def test_theme_page_queries_and_size_stay_the_same_as_areas_grow(client, django_assert_num_queries):
    theme = ThemeFactory(name="Growing theme")
    told_to_improve(theme, 25)
    with django_assert_num_queries(6):  # data version and currency, and the theme's 4
        before = client.get(f"/themes/{theme.slug}/")
    told_to_improve(theme, 25, first=26)  # Improveshire 26 to 50, after the first page
    with django_assert_num_queries(6):
        after = client.get(f"/themes/{theme.slug}/")
    assertContains(after, "Showing areas 1 to 20 of 50, by name.")
    assert len(after.content) < len(before.content) + 1000  # a few more page links


def test_a_theme_group_too_long_to_name_gives_its_count_and_link(client, monkeypatch):
    monkeypatch.setattr(themes_selectors, "MAX_NAMED", 2)
    theme = ThemeFactory(name="Strong theme")
    for n in range(1, 4):
        FindingFactory(
            inspection=InspectionFactory(area=AreaFactory(name=f"Strongshire {n}")),
            themes=[theme],
        )
    response = client.get(f"/themes/{theme.slug}/")
    assertContains(response, "Areas with a strength in this (3)")
    assertContains(
        response, "Read what inspectors said in these 3 areas</a>, too many to name here."
    )
    assertNotContains(response, ">Strongshire 1</a>")


def test_navigation_offers_the_new_pages(client):
    response = client.get("/themes/")
    for label in ["Compare areas", "Themes", "Outcomes in England"]:
        assertContains(response, label)
    assertContains(response, 'href="/themes/" aria-current="page"')


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/themes/", 3),
        ("/themes/ehc-plans/", 4),  # and the quotes of the page's areas
        ("/themes/ehc-plans/?page=2", 4),
    ],
)
def test_page_queries_do_not_grow_with_areas_or_findings(
    client, grow, path, queries, django_assert_num_queries
):
    grow(20)  # 23 areas told to improve EHC plans: two pages
    # The page's selector, plus what every page costs (data version, currency).
    with django_assert_num_queries(queries + 2):
        assert client.get(path).status_code == 200
    grow(20)
    with django_assert_num_queries(queries + 2):
        assert client.get(path).status_code == 200
