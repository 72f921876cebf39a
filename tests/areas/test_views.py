import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from reports.models import FindingKind, Outcome
from tests.factories import FindingFactory, InspectionFactory, SourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_home_lists_every_area_by_region_with_its_latest_outcome(client):
    response = client.get("/")
    assertTemplateUsed(response, "areas/area_index.html")
    assertContains(response, '<h1 class="govuk-heading-xl">Find your area</h1>', html=False)
    assertContains(response, "East of England")
    assertContains(response, "Region not stated")  # Medway, whose region the table lacks
    assertContains(response, 'href="/areas/cornwall/"')
    assertContains(response, "Widespread and/or systemic failings")
    assertContains(response, "National outcomes table of 29 June 2026")


@pytest.mark.parametrize(
    "query", ["southend", "Southend on Sea", "Southend-on-Sea", "SOUTHEND!", "882"]
)
def test_search_finds_southend_however_it_is_written(client, query):
    response = client.get("/", {"q": query})
    assertContains(response, "1 area found")
    assertContains(response, 'href="/areas/southend-on-sea/"', count=2)


def test_search_matches_partial_names(client):
    response = client.get("/", {"q": "north"})
    assertContains(response, "North Yorkshire")
    assertContains(response, "North Northamptonshire")


def test_search_for_an_unknown_area_says_so_and_suggests_close_matches(client):
    response = client.get("/", {"q": "Cornwal"})
    assertContains(response, "1 area found")  # a partial name still matches
    response = client.get("/", {"q": "Cambrigeshire"})
    assertContains(response, "No areas found")
    assertContains(response, "Did you mean")
    assertContains(response, 'href="/areas/cambridgeshire/"', count=2)


@pytest.mark.parametrize(
    "query", ["!!!", "x" * 5000, "\x00\x07southend\x1b", "%ff", "😀", "<script>alert(1)</script>"]
)
def test_odd_search_input_gets_a_helpful_answer(client, query):
    response = client.get("/", {"q": query})
    assert response.status_code == 200
    assertNotContains(response, "<script>alert(1)</script>")


def test_an_over_long_search_is_explained(client):
    response = client.get("/", {"q": "x" * 500})
    assertContains(response, "Enter an area name of 100 characters or fewer", count=2)


def test_a_repeated_search_parameter_is_a_bad_request(client):
    response = client.get("/?q=cornwall&q=slough")
    assertContains(response, "was given more than once", status_code=400)
    assertTemplateUsed(response, "400.html")


def test_area_page_shows_the_outcome_in_ofsteds_words_and_plain_english(client):
    response = client.get("/areas/southend-on-sea/")
    assertTemplateUsed(response, "areas/area_detail.html")
    assertContains(response, "<title>Southend-on-Sea – send_inspections</title>", html=False)
    assertContains(response, "govuk-tag--yellow")
    assertContains(response, "The local area partnership’s arrangements lead to inconsistent")
    assertContains(response, "some children and young people with SEND get the help they need")
    assertContains(response, "6 to 10 March 2023")
    assertContains(response, "9 June 2023")
    assertContains(response, "Mid and South Essex Integrated Care Board")
    assertContains(response, 'href="https://files.ofsted.gov.uk/v1/file/50219405"')


def test_area_page_quotes_findings_with_their_citations(client):
    response = client.get("/areas/cambridgeshire/")
    assertContains(response, "What the area does well")
    assertContains(response, "What must improve")
    assertContains(response, "improve access to, and reduce waiting times for, specialist mental")
    assertContains(response, "Recommendation.")
    assertContains(
        response,
        "(Council or partnership press release, Cambridgeshire County Council, 13 May 2025), "
        "The report makes five recommendations for improvement, item 2.",
    )
    assertContains(response, "January 2025")
    assertContains(response, "(exact dates not stated)")


def test_area_page_marks_responses_as_not_findings(client):
    response = client.get("/areas/cambridgeshire/")
    assertContains(response, "Responses and context")
    assertContains(response, "They are not inspection findings.")
    assertContains(response, "Martin Purbrick")


def test_area_page_says_what_happens_next(client):
    response = client.get("/areas/cornwall/")
    assertContains(response, "What happens next")
    assertContains(response, "23 March 2029")
    response = client.get("/areas/southend-on-sea/")
    assertContains(response, "6 March 2026")
    assertContains(response, "This date has passed")


def test_area_page_shows_history_across_frameworks_with_a_warning(client):
    response = client.get("/areas/cornwall/")
    assertContains(response, "Inspection history")
    assertContains(response, "3 to 7 July 2017")
    assertContains(response, "Results under the two frameworks cannot be compared")


def test_an_area_with_only_national_data_says_findings_are_not_yet_curated(client):
    response = client.get("/areas/slough/")
    assertContains(response, "Findings for this inspection are not yet curated")
    assertContains(response, "not stated")
    assertContains(response, "could not extract the outcome wording")


def test_an_unknown_area_is_a_404_page_linking_to_the_area_list(client):
    response = client.get("/areas/atlantis/")
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, 'href="/#all-areas"', status_code=404)


def test_area_page_query_count_does_not_grow_with_findings(client, django_assert_num_queries):
    inspection = InspectionFactory(outcome=Outcome.SYSTEMIC)
    url = reverse("areas:detail", args=[inspection.area.slug])
    source, theme = SourceFactory(), ThemeFactory()
    FindingFactory(inspection=inspection, source=source, themes=[theme])
    with django_assert_num_queries(8) as few:
        client.get(url)
    for order in range(2, 40):
        kind = FindingKind.IMPROVEMENT if order % 2 else FindingKind.STRENGTH
        FindingFactory(inspection=inspection, source=source, order=order, kind=kind, themes=[theme])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assertContains(response, "Finding number", count=39)


def test_home_query_count_is_constant(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/", {"q": "north"})
    with django_assert_max_num_queries(3):
        client.get("/")


def test_area_page_links_the_glossary_terms_its_quotes_use(client):
    response = client.get("/areas/cornwall/")
    assertContains(response, "Words used on this page")
    assertContains(response, 'href="/glossary/#ehc-plan">EHC plan</a>')
    assertContains(response, 'href="/glossary/#co-production">Co-production</a>')
    assertNotContains(response, 'href="/glossary/#written-statement-of-action"')
    response = client.get("/areas/southend-on-sea/")
    assertContains(response, 'href="/glossary/#sendiass">SENDIASS</a>')


def test_area_page_lists_every_source_it_draws_on_and_how_current_it_is(client):
    response = client.get("/areas/cambridgeshire/")
    assertContains(response, "Where this data comes from")
    assertContains(response, "Send pupils not thriving after delays, says council")
    assertContains(response, "Area SEND inspection outcomes (national table, as of 29 June 2026)")
    assertContains(response, "curated sources dated up to 13 May 2025")
