"""The compare, themes and outcomes pages and their CSV downloads, as a reader meets them."""

import csv
import io
import re

import pytest
from django.urls import resolve, reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports.selectors import themes as themes_selectors
from reports.selectors.national import MAX_LISTED, national_overview
from reports.views.compare import CompareCSVView, CompareView
from reports.views.national import OutcomesCSVView, OutcomesView
from reports.views.themes import ThemeDetailView, ThemeListView
from reports.vocabulary import FindingKind, Outcome
from tests.factories import AreaFactory, FindingFactory, InspectionFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "args", "path", "view"),
    [
        ("reports:compare", [], "/compare/", CompareView),
        ("reports:compare-csv", ["themes"], "/compare/themes.csv", CompareCSVView),
        ("reports:themes", [], "/themes/", ThemeListView),
        ("reports:theme", ["ehc-plans"], "/themes/ehc-plans/", ThemeDetailView),
        ("reports:outcomes", [], "/outcomes/", OutcomesView),
        ("reports:outcomes-csv", ["years"], "/outcomes/years.csv", OutcomesCSVView),
    ],
)
def test_urls_round_trip(name, args, path, view):
    assert reverse(name, args=args) == path
    assert resolve(path).func.view_class is view


def test_compare_page_shows_the_default_areas_side_by_side(client):
    response = client.get("/compare/")
    assertTemplateUsed(response, "reports/compare.html")
    assertContains(response, "<title>Compare areas: Cambridgeshire, Cornwall and Southend-on-Sea")
    for text in [
        "Side by side",
        "Findings by theme",
        "Inspections over time",
        "Latest outcomes by region",
        "Results under the two frameworks cannot be compared",
        "Where this data comes from",
        "3 years and 1 month before the latest",  # Cornwall: February 2023 to March 2026
    ]:
        assertContains(response, text)
    # Cambridgeshire's findings are quoted in a press release, and the page says so.
    assertContains(response, "Cambridgeshire: we hold the findings only as")
    assertContains(
        response, 'href="/findings/?area=cornwall&amp;theme=ehc-plans&amp;kind=weakness"'
    )
    assertContains(response, 'id="area-2" name="area" type="text" value="Cornwall"')
    # Side by side, the theme matrix, three charts' tables and the map's table.
    assertContains(response, 'role="region"', count=6)
    assertContains(response, 'id="chart-themes-data" type="application/json"')
    assertContains(
        response, 'aria-label="Cornwall (compared): inconsistent experiences and outcomes"'
    )
    assertNotContains(response, "<script>")  # data goes through json_script only
    assertNotContains(response, "style=")


def test_compare_page_takes_any_two_to_four_areas_from_the_address(client):
    response = client.get("/compare/", {"area": ["southend-on-sea", "slough"]})
    assertContains(response, "Comparing <strong>Southend-on-Sea and Slough</strong>")
    assertContains(response, 'id="area-2" name="area" type="text" value="Slough"')
    assertNotContains(response, "Cambridgeshire: we hold the findings")


def test_the_form_offers_text_boxes_not_a_list_of_every_area(client):
    response = client.get("/compare/")
    assertNotContains(response, "<option")
    assertContains(response, 'name="area" type="text"', count=4)


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        # As the form sends them: names in any case, a code, unused boxes left blank.
        (["Southend", "slough", "908", ""], "?area=southend-on-sea&area=slough&area=cornwall"),
        (["  CORNWALL ", "E10000003"], "?area=cornwall&area=cambridgeshire"),
    ],
)
def test_typed_names_and_codes_redirect_to_the_address_of_their_areas(client, typed, address):
    response = client.get("/compare/", {"area": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/compare/{address}"
    assertContains(client.get(response["Location"]), "Comparing <strong>")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("area=atlantis&area=cornwall", "We hold no area called “atlantis”."),
        ("area=cornwell&area=slough", "We hold no area called “cornwell”. Did you mean Cornwall"),
        ("area=north&area=slough", "“north” could mean"),
        ("area=cornwall", "Choose at least 2 areas to compare; the address names 1."),
        ("area=&area=", "Choose at least 2 areas to compare; the address names 0."),
        (
            "area=cornwall&area=slough&area=medway&area=southend-on-sea&area=cambridgeshire",
            "Choose at most 4 areas to compare; the address names 5.",
        ),
        ("area=cornwall&area=Cornwall", "Cornwall is chosen more than once"),
        ("area=cornwall&area=%3Cscript%3E", "We hold no area called “&lt;script&gt;”."),
        ("area=cornwall&area=corn%00wall", "cannot contain control characters"),
        ("area=cornwall&area=" + "x" * 101, "at most 100 characters long"),
        ("area=x" + "&area=x" * 40, "The address names an area 41 times."),
    ],
)
def test_bad_choices_of_areas_show_the_form_again_with_the_problem(client, query, message):
    response = client.get(f"/compare/?{query}")
    assertContains(response, message, status_code=400)
    assertTemplateUsed(response, "reports/compare.html")
    assertContains(response, "govuk-error-summary", status_code=400)
    assertContains(response, 'name="area" type="text"', count=4, status_code=400)
    assertNotContains(response, "<script>", status_code=400)
    assertNotContains(response, "\x00", status_code=400)


def test_typed_names_go_back_in_the_boxes_to_correct(client):
    response = client.get("/compare/", {"area": ["Cornwell", "Slough"]})
    assertContains(
        response, 'id="area-1" name="area" type="text" value="Cornwell"', status_code=400
    )
    assertContains(response, 'id="area-2" name="area" type="text" value="Slough"', status_code=400)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("area=atlantis&area=cornwall", "We hold no area called “atlantis”."),
        ("area=cornwall", "Choose at least 2 areas to compare; the address names 1."),
    ],
)
def test_bad_choices_of_areas_for_a_chart_csv_get_a_400_page(client, query, message):
    response = client.get(f"/compare/themes.csv?{query}")
    assertContains(response, message, status_code=400)
    assertTemplateUsed(response, "400.html")


def test_themes_list_counts_areas_by_kind(client):
    response = client.get("/themes/")
    assertTemplateUsed(response, "reports/theme_list.html")
    assertContains(response, "Areas with each kind of finding, by theme")
    assertContains(response, 'href="/themes/ehc-plans/"')
    assertContains(response, "EHC plan timeliness and quality")


def test_theme_page_lists_every_area_told_to_fix_it(client):
    response = client.get("/themes/ehc-plans/")
    assertTemplateUsed(response, "reports/theme_detail.html")
    assertContains(response, '<h1 class="govuk-heading-xl">EHC plan timeliness and quality</h1>')
    assert re.search(r"Areas told to improve this \((\d+)\)", response.content.decode())
    for area in ["Cambridgeshire", "Cornwall", "Southend-on-Sea"]:
        assertContains(response, f'href="/areas/{area.lower()}/"')
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


def test_outcomes_page_counts_every_area_of_england(client):
    AreaFactory(name="Uninspectedshire", region="NE")
    response = client.get("/outcomes/")
    assertTemplateUsed(response, "reports/outcomes.html")
    assertContains(response, "Latest outcomes by region")
    assertContains(response, "Latest outcomes by year of publication")
    assert re.search(
        r"Not yet inspected under the 2023 framework \(\d+\)", response.content.decode()
    )
    assertContains(response, ">Uninspectedshire</a></li>")
    assertContains(response, 'href="/outcomes/regions.csv"')
    assertContains(response, 'role="group"')  # the map


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
    with django_assert_num_queries(6) as few:  # data version and currency, and the theme's 4
        before = client.get(f"/themes/{theme.slug}/")
    told_to_improve(theme, 60, first=26)  # Improveshire 26 to 85, after the first page
    with django_assert_num_queries(len(few.captured_queries)):
        after = client.get(f"/themes/{theme.slug}/")
    assertContains(after, "Showing areas 1 to 20 of 85, by name.")
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


def test_outcomes_page_counts_long_lists_by_region_instead_of_naming_them(client):
    # Just enough areas, never inspected and with no tile on the map, to pass both limits.
    named = len(national_overview().not_inspected)
    count = max(MAX_LISTED + 1 - named, 61)
    AreaFactory.create_batch(count, region="NE")
    response = client.get("/outcomes/")
    total = named + count
    assertContains(response, f"Not yet inspected under the 2023 framework ({total:,})")
    assertContains(response, "Too many to name here. See each region’s page")
    assertContains(response, 'href="/regions/north-east/">North East</a>')
    assertContains(response, f"{count} areas are not on the map")
    assertContains(response, 'href="/#all-areas">its region’s page</a>')
    assertNotContains(response, ">Testshire")
    before = len(response.content)
    AreaFactory.create_batch(100, region="NE")
    with_more = client.get("/outcomes/")
    assertContains(with_more, f"Not yet inspected under the 2023 framework ({total + 100:,})")
    assert len(with_more.content) < before + 100  # only numbers change


@pytest.mark.parametrize(
    ("path", "first_row"),
    [
        ("/compare/themes.csv", ["Theme", "Area", "Strengths"]),
        ("/compare/regions.csv", ["Region", "Positive", "Inconsistent"]),
        ("/compare/timeline.csv", ["Area", "Event", "Date", "Outcome or event"]),
        ("/outcomes/regions.csv", ["Region", "Positive", "Inconsistent"]),
        ("/outcomes/years.csv", ["Year published", "Positive", "Inconsistent"]),
    ],
)
def test_csv_downloads(client, path, first_row):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][: len(first_row)] == first_row
    assert len(rows) > 1


def test_the_page_and_its_csv_give_the_same_numbers(client):
    page = client.get("/compare/", {"area": ["cornwall", "southend-on-sea"]})
    chart = page.context["page"].charts["themes"]
    response = client.get(chart.csv_url)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1:] == chart.table_rows
    for row in chart.table_rows:
        assertContains(page, f'<th scope="row" class="govuk-table__header">{row[0]}</th>')


def test_an_unknown_chart_is_not_found(client):
    assert client.get("/compare/pie.csv").status_code == 404
    assert client.get("/outcomes/pie.csv").status_code == 404


def test_compare_csv_refuses_post(client):
    assert client.post("/compare/themes.csv").status_code == 405


def test_area_page_shows_its_region_and_england_with_a_compare_link(client):
    response = client.get("/areas/cornwall/")
    assertContains(response, "In its region and England")
    assertContains(response, "South West")
    assertContains(response, "(this area)")
    assertContains(response, 'href="/compare/?area=cornwall&amp;area=')


def test_navigation_offers_the_new_pages(client):
    response = client.get("/themes/")
    for label in ["Compare areas", "Themes", "Outcomes in England"]:
        assertContains(response, label)
    assertContains(response, 'href="/themes/" aria-current="page"')


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # The comparison's 7, and 1 to look up the areas the address names.
        ("/compare/?area=cornwall&area=southend-on-sea", 8),
        ("/compare/?area=cornwall&area=southend-on-sea&area=cambridgeshire&area=slough", 8),
        ("/themes/", 3),
        ("/themes/ehc-plans/", 4),  # and the quotes of the page's areas
        ("/themes/ehc-plans/?page=2", 4),
        ("/outcomes/", 2),  # and the 2016 to 2022 results
        ("/compare/themes.csv?area=cornwall&area=slough", 8),
        ("/outcomes/years.csv", 1),
    ],
)
def test_page_queries_are_constant(client, django_assert_max_num_queries, path, queries):
    # The page's selector, plus what every page costs (data version, currency).
    with django_assert_max_num_queries(queries + 2):
        assert client.get(path).status_code == 200
