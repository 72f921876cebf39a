"""Search in the field's words: spellings and synonyms the reports use interchangeably find the
same findings, and a query is read the same way on SQLite and PostgreSQL (exclusions, "or",
phrases, stop words). Nothing here is one database's syntax: the lead runs it on both."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from reports import search
from reports.models import Finding
from tests.factories import AreaFactory, FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

# Each finding's text, by a short name. Words are in forms both databases' stemmers treat alike.
TEXTS = {
    "ehc_plans": "Leaders have improved the timeliness of EHC plans.",
    "ehcps": "Too few EHCPs are completed within 20 weeks.",
    "long_form": "Education, health and care plans are of variable quality.",
    "hyphenated": "Parents describe co-production as a real strength.",
    "one_word": "Coproduction with families is embedded.",
    "verb": "Services co-produce their plans with young people.",
    "salt": "Waiting times for SALT are long.",
    "therapy": "Speech and language therapy is hard to reach.",
    "camhs": "CAMHS waiting lists are long.",
    "camhs_long": "Child and adolescent mental health services respond quickly.",
    "senco": "Every school has a SENCo.",
    "senco_long": "Special educational needs coordinators are well trained.",
    "nd": "ND assessments take two years.",
    "neuro": "Neurodevelopmental pathways are unclear.",
    "annual": "The annual review plans are late.",
    "transition": "Plans for transition to adulthood are weak.",
}
EHC = {"ehc_plans", "ehcps", "long_form"}
COPRODUCTION = {"hyphenated", "one_word", "verb"}
PLANS = {"ehc_plans", "long_form", "verb", "annual", "transition"}

QUERIES = [
    *[(q, EHC) for q in ["EHCP", "ehcps", "EHC plan", "EHC plans", '"EHC plan"',
                         "education, health and care plan", "Education, Health and Care Plans"]],
    *[(q, COPRODUCTION) for q in ["coproduction", "co-production", "co-produce", "Co-Production"]],
    *[(q, {"salt", "therapy"}) for q in ["SALT", "speech and language therapy"]],
    *[(q, {"camhs", "camhs_long"}) for q in ["CAMHS", "child and adolescent mental health services"]],  # noqa: E501
    *[(q, {"senco", "senco_long"}) for q in ["SENCo", "SENCO", "special educational needs coordinator"]],  # noqa: E501
    *[(q, {"nd", "neuro"}) for q in ["ND", "neurodevelopmental"]],
    ("plans", PLANS),
    ("the plans", PLANS),  # "the" is a stop word: PostgreSQL never indexes it
    ("plans -ehc", PLANS - {"ehc_plans"}),
    ("plans -EHCP", PLANS - EHC),
    ('plans -"annual review"', PLANS - {"annual"}),
    ("plans -co-production", PLANS - {"verb"}),
    ('"annual review" plans', {"annual"}),
    ("EHCP plans", {"ehc_plans", "long_form"}),  # the synonym, and the word
    ("salt or camhs", {"salt", "therapy", "camhs", "camhs_long"}),
    ("salt OR camhs long", {"salt", "camhs"}),
    ("long -salt", {"camhs"}),
    ("zebrafinch", set()),
]  # fmt: skip


@pytest.fixture
def findings():
    inspection = InspectionFactory(area=AreaFactory(name="Wordtestshire", slug="wordtestshire"))
    return {
        name: FindingFactory(inspection=inspection, text=text, order=n + 1)
        for n, (name, text) in enumerate(TEXTS.items())
    }


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_a_query_finds_exactly_the_findings_that_use_its_words_or_their_synonyms(
    findings, query, expected
):
    built = Finding.objects.filter(pk__in=[f.pk for f in findings.values()])
    names = {f.pk: name for name, f in findings.items()}
    assert {names[f.pk] for f in search.search(built, query)} == expected


@pytest.mark.parametrize(
    "queries",
    [
        ["coproduction", "co-production", "co-produce"],
        ["EHCP", "EHC plan", "EHC plans", "education, health and care plan"],
        ["SENCo", "SENCO", "special educational needs coordinator"],
    ],
)
def test_every_spelling_gives_the_same_rows(findings, queries):
    built = Finding.objects.filter(pk__in=[f.pk for f in findings.values()])
    rows = [list(search.search(built, q).values_list("pk", flat=True)) for q in queries]
    assert all(sorted(r) == sorted(rows[0]) for r in rows) and rows[0]


@pytest.mark.parametrize("query", ["-ehc", "the", "or", "-plans or the", '""'])
def test_a_query_of_only_exclusions_or_stop_words_asks_for_words(client, query):
    response = client.get("/findings/", {"q": query})
    assertContains(response, "Enter words to search for", status_code=400)


def test_the_findings_list_and_its_export_find_every_spelling(client, findings):
    params = {"q": "co-production", "area": "wordtestshire"}
    response = client.get("/findings/", params)
    assertContains(response, "<strong>3</strong> findings")
    assertContains(response, "<mark>Coproduction</mark> with families")
    # How each database marks a hyphenated word differs; that it is listed does not.
    assertContains(response, "Parents describe ")
    assertContains(response, "as a real strength.")
    assertNotContains(response, "Waiting times for SALT")
    export = json.loads(b"".join(client.get("/findings/", {**params, "format": "json"})))
    assert {row["text"] for row in export["rows"]} == {TEXTS[name] for name in COPRODUCTION}


@pytest.mark.parametrize("query", ["EHCP", "plans -ehc", "salt or camhs"])
def test_a_search_costs_the_same_queries_for_a_few_or_many_findings(
    client, django_assert_num_queries, findings, query
):
    params = {"q": query, "area": "wordtestshire"}
    with CaptureQueriesContext(connection) as few:
        assert client.get("/findings/", params).status_code == 200
    for n in range(6):
        FindingFactory(inspection=findings["annual"].inspection, text=f"EHCP plans, SALT {n}.")
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/findings/", params).status_code == 200
