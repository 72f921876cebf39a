"""Full-text search of findings (reports/search.py): words are stemmed, "quoted phrases" kept
together, the best matches come first, and whatever is typed is words, never query syntax."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from reports import search
from reports.models import Finding
from tests.factories import FindingFactory

pytestmark = pytest.mark.django_db


def test_search_stems_words(client, researcher_data):
    # "plan" finds "plans"; "reviews" finds "review".
    response = client.get("/findings/", {"q": "zebrafinches plan"})
    assertContains(response, "<strong>1</strong> finding")
    assertContains(response, "<mark>plans</mark>")
    response = client.get("/findings/", {"q": "zebrafinches reviews"})
    assertContains(response, "<strong>2</strong> finding")


def test_every_word_must_match(client, researcher_data):
    response = client.get("/findings/", {"q": "zebrafinches speech"})
    assert [f.text for f in response.context["rows"]] == [researcher_data["older"].text]


def test_search_takes_quoted_phrases(client, researcher_data):
    response = client.get("/findings/", {"q": '"annual review process" zebrafinches'})
    assertContains(response, "<strong>1</strong> finding")
    assertContains(response, "works well")
    response = client.get("/findings/", {"q": '"review annual process" zebrafinches'})
    assertContains(response, "<strong>0</strong> findings")


def test_the_best_match_comes_first():
    passing = FindingFactory(
        text="A long finding about many things, among them one wombat, and transport, and "
        "schools, and health visiting, and more."
    )
    about = FindingFactory(text="Wombat wombat wombat.")
    assert list(search.search(Finding.objects.all(), "wombat")) == [about, passing]


def test_the_index_follows_a_finding_changed_or_deleted():
    finding = FindingFactory(text="Bilbies wait too long.")
    finding.text = "Numbats wait too long."
    finding.save()
    assert list(search.search(Finding.objects.all(), "numbats")) == [finding]
    assert not search.search(Finding.objects.all(), "bilbies").exists()
    finding.delete()
    assert not search.search(Finding.objects.all(), "numbats").exists()


def test_rebuilding_the_index_finds_the_same():
    finding = FindingFactory(text="Quolls wait too long.")
    search.rebuild_index()
    assert list(search.search(Finding.objects.all(), "quolls")) == [finding]


def test_matches_are_highlighted_without_letting_html_through(client):
    FindingFactory(text="Zebrafinches <script>alert(1)</script> & <b>plans</b>.")
    response = client.get("/findings/", {"q": "zebrafinches"})
    assertContains(response, "<mark>Zebrafinches</mark>")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)")
    response = client.get("/findings/", {"q": "<mark>zebrafinches</mark>"})
    assertNotContains(response, 'value="<mark>')


def test_a_headline_is_escaped_and_only_our_markers_become_marks():
    html = search.highlighted(f"<b>{search.START}plans{search.STOP}</b> & more")
    assert html == "&lt;b&gt;<mark>plans</mark>&lt;/b&gt; &amp; more"


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_is_no_search(client, researcher_data, query):
    response = client.get("/findings/", {"q": query})
    assertContains(response, f"<strong>{len(researcher_data)}</strong> findings")


@pytest.mark.parametrize("query", ['""', "!!!", "&*()", "“ ”"])
def test_a_search_with_no_words_is_explained(client, researcher_data, query):
    response = client.get("/findings/", {"q": query})
    assertContains(response, "Enter words to search for, such as EHC plans", status_code=400)


@pytest.mark.parametrize(
    "query",
    [
        "zebrafinch*",
        "NEAR(zebrafinches review)",
        "text:zebrafinches",
        "^zebrafinches",
        '"unclosed zebrafinches',
        "zebrafinches AND",
        "zebrafinches) OR (",
        "'; DROP TABLE reports_finding; --",
    ],
)
def test_search_syntax_typed_is_taken_as_words(client, researcher_data, query):
    response = client.get("/findings/", {"q": query})
    assert response.status_code == 200
    assert Finding.objects.count() == len(researcher_data)


@pytest.mark.parametrize(
    ("query", "expression"),
    [
        ("plans", '("plans")'),
        ('"annual review" plans', '("annual review") AND ("plans")'),
        # FTS5's own syntax is taken as words; "a" is a stop word on both databases.
        ("NEAR(a b) c*", '("near") AND ("b") AND ("c")'),
        ('say "hi', '("say") AND ("hi")'),
        ('"" !!!', ""),
    ],
)
def test_every_term_is_quoted_for_sqlite(query, expression):
    assert search.fts5_expression(query) == expression
    assert search.has_terms(query) == bool(expression)


def test_a_nul_in_a_search_is_refused_and_never_echoed(client):
    response = client.get("/findings/?q=zebra%00finches")
    assert response.status_code == 400
    assert b"\x00" not in response.content
