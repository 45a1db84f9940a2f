import html

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles import search
from articles.models import Article, SearchTerm
from tests.factories import make_article, make_section, make_staff, make_user

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")
SUGGEST = reverse("articles:suggest")
VISITOR = AnonymousUser()


def titles(results):
    return [html.unescape(hit.plain_title) for hit in results.hits]


def test_title_beats_labels_beats_section_beats_body():
    body = make_article(title="Getting paid", body="Your payout threshold is 50.")
    section = make_article(
        title="Bank details", section=make_section(name="Payout settings")
    )
    label = make_article(title="Money transfers", labels="payout, bank")
    title = make_article(title="Payout threshold explained")

    found = titles(search.search("payout", VISITOR))

    assert found == [title.title, label.title, section.title, body.title]


def test_an_exact_title_comes_first():
    make_article(title="Reset your password and email", body="reset password")
    exact = make_article(title="Reset password")

    assert titles(search.search("reset password", VISITOR))[0] == exact.title


def test_all_words_must_match():
    make_article(title="Payment threshold")
    make_article(title="Payment methods")

    assert titles(search.search("payment threshold", VISITOR)) == ["Payment threshold"]


def test_matches_are_highlighted_and_text_is_escaped():
    make_article(
        title="Payment <b>threshold</b>",
        body="Set the `<script>` payment threshold in your account settings.",
    )

    hit = search.search("threshold", VISITOR).hits[0]

    assert "<mark>threshold</mark>" in hit.title.lower()
    assert "<b>" not in hit.title
    assert "&lt;b&gt;" in hit.title
    assert "<mark>threshold</mark>" in hit.snippet.lower()
    assert "<script>" not in hit.snippet


def test_each_hit_has_its_category_and_section_path(client):
    make_article(title="Payment threshold", section=make_section(name="Payments"))

    html = client.get(SEARCH, {"q": "payment"}).content.decode()

    assert "Payments" in html
    assert "result-path" in html


# ---- Visibility ---------------------------------------------------------


@pytest.fixture
def three_visibilities():
    make_article(title="Payout for everyone")
    make_article(title="Payout for publishers", visibility="signed_in")
    make_article(title="Payout for staff", visibility="staff")
    make_article(title="Payout draft", status=Article.Status.DRAFT)


@pytest.mark.parametrize(
    ("role", "expected", "hidden"),
    [
        ("visitor", {"Payout for everyone"}, 1),
        ("publisher", {"Payout for everyone", "Payout for publishers"}, 0),
        (
            "staff",
            {"Payout for everyone", "Payout for publishers", "Payout for staff"},
            0,
        ),
    ],
)
def test_search_shows_only_what_each_role_may_open(
    three_visibilities, role, expected, hidden
):
    user = {"visitor": VISITOR, "publisher": make_user(), "staff": make_staff()}[role]

    results = search.search("payout", user)

    assert set(titles(results)) == expected
    assert results.total == len(expected)
    assert results.hidden_count == hidden
    suggested = {s["title"] for s in search.suggest("payout", user)}
    assert suggested == expected


def test_visitors_see_a_count_of_gated_results_never_their_titles(
    client, three_visibilities
):
    html = client.get(SEARCH, {"q": "payout"}).content.decode()

    assert "1 more result for signed-in publishers" in html
    assert "Payout for publishers" not in html
    assert "Payout for staff" not in html
    assert "Payout draft" not in html
    assert f"?next={SEARCH}%3Fq%3Dpayout" in html


def test_suggestions_never_leak_gated_titles(client, three_visibilities):
    response = client.get(SUGGEST, {"q": "payout"})

    assert response.status_code == 200
    assert [s["title"] for s in response.json()["suggestions"]] == [
        "Payout for everyone"
    ]


# ---- Typos --------------------------------------------------------------


def test_typos_still_find_the_right_articles(client):
    make_article(title="How do I reset my password?")
    make_article(title="Can several people use one account?")
    make_article(title="Something else")

    password = search.search("pasword reset", VISITOR)
    account = search.search("acount", VISITOR)

    assert titles(password) == ["How do I reset my password?"]
    assert password.corrected_from == "pasword reset"
    assert password.suggestion == "password reset"
    assert titles(account) == ["Can several people use one account?"]
    html = client.get(SEARCH, {"q": "acount"}).content.decode()
    assert "Showing results for" in html


def test_did_you_mean_appears_when_a_query_finds_little():
    make_article(title="Payment methods")
    make_article(title="Threshold for publishers")

    results = search.search("paymnet threshold", VISITOR)

    # Nothing has both words, even corrected: any of them is found.
    assert titles(results) == ["Threshold for publishers"]
    assert (results.suggestion, results.corrected_from) == ("payment threshold", "")


def test_a_word_of_some_article_is_never_corrected():
    make_article(title="Payment threshold")
    make_article(title="Other things", body="Why has my message appeared twice?")

    results = search.search("Why hasn't my message appeared", VISITOR)

    assert titles(results) == ["Other things"]
    assert (results.suggestion, results.corrected_from) == ("", "")


# ---- Bad queries --------------------------------------------------------

BAD_QUERIES = [
    "",
    "   \t\n ",
    "x" * 10_000,
    "payment " * 2_000,
    "&|!:*()'\"\\<>",
    "!!!",
    "'",
    "\\",
    "' OR 1=1 --",
    "'; DROP TABLE articles_article; --",
    "payment & | !",
    "a:* & b:*",
    "<script>alert(1)</script>",
    "日本語 ✓ émoji 🎉",
    "\x00\x01",
    '"unterminated phrase',
    "-",
    "or",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_never_fail(client, query):
    make_article(title="Payment threshold")

    page = client.get(SEARCH, {"q": query})
    suggestions = client.get(SUGGEST, {"q": query})

    assert page.status_code == 200
    assert suggestions.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()
    assert Article.objects.count() == 1


def test_long_queries_are_cut():
    assert len(search.clean_query("word " * 5_000)) <= search.MAX_QUERY_LENGTH
    assert len(search.clean_query("word " * 5_000).split()) <= search.MAX_WORDS


# ---- The results page ---------------------------------------------------


def test_filters_by_category_and_section_with_counts(client):
    payments = make_section(name="Payments")
    tracking = make_section(name="Tracking")
    for n in range(3):
        make_article(title=f"Payout {n}", section=payments)
    make_article(title="Payout tracking", section=tracking)

    results = search.search("payout", VISITOR)
    only_tracking = search.search("payout", VISITOR, section=tracking.pk)
    by_category = search.search("payout", VISITOR, category=payments.category_id)

    assert (payments.pk, "Payments", 3) in results.sections
    assert (tracking.pk, "Tracking", 1) in results.sections
    assert titles(only_tracking) == ["Payout tracking"]
    assert by_category.total == 3
    html = client.get(SEARCH, {"q": "payout"}).content.decode()
    assert f"section={tracking.pk}" in html


def test_results_paginate(client):
    section = make_section()
    for n in range(25):
        make_article(title=f"Payout question {n:02}", section=section)

    first = search.search("payout", VISITOR)
    third = search.search("payout", VISITOR, page=3)
    beyond = search.search("payout", VISITOR, page=99)

    assert (first.total, first.pages, len(first.hits)) == (25, 3, 10)
    assert len(third.hits) == 5
    assert beyond.page == 3
    assert "page=2" in client.get(SEARCH, {"q": "payout"}).content.decode()


def test_an_empty_result_suggests_popular_articles_and_contact(client):
    make_article(title="Popular one", promoted=True)

    html = client.get(SEARCH, {"q": "zebra"}).content.decode()

    assert "0 results" in html
    assert "Popular one" in html
    assert reverse("support:contact") in html


def test_searches_are_counted_without_personal_data():
    Client(REMOTE_ADDR="192.0.2.1").get(SEARCH, {"q": "Payout  Threshold"})
    Client(REMOTE_ADDR="192.0.2.2").get(SEARCH, {"q": "payout threshold"})
    make_article(title="Payout threshold")
    Client(REMOTE_ADDR="192.0.2.3").get(SEARCH, {"q": "payout threshold"})

    term = SearchTerm.objects.get()
    assert term.query == "payout threshold"
    assert (term.count, term.empty_count, term.last_results) == (3, 2, 1)
    assert {f.name for f in SearchTerm._meta.fields} == {
        "id",
        "query",
        "count",
        "empty_count",
        "last_results",
        "last_searched_at",
    }


def test_a_persons_repeated_search_is_counted_once(client):
    make_article(title="Payout threshold")
    for params in ({"q": "payout"}, {"q": "Payout"}, {"q": "payout", "page": 2}):
        client.get(SEARCH, params)  # a reload, another case, the next page
    assert SearchTerm.objects.get(query="payout").count == 1

    Client(HTTP_USER_AGENT="Another browser").get(SEARCH, {"q": "payout"})
    Client(REMOTE_ADDR="192.0.2.9").get(SEARCH, {"q": "payout"})
    assert SearchTerm.objects.get(query="payout").count == 3

    user = make_user()
    for address in ("192.0.2.10", "192.0.2.11"):  # one person, two networks
        reader = Client(REMOTE_ADDR=address)
        reader.force_login(user)
        reader.get(SEARCH, {"q": "payout"})
    client.get(SEARCH, {"q": "payout threshold"})
    assert SearchTerm.objects.get(query="payout").count == 4
    assert SearchTerm.objects.get(query="payout threshold").count == 1


def test_staff_see_searches_that_found_nothing_in_the_admin(client):
    client.get(SEARCH, {"q": "zebra stripes"})
    client.force_login(make_staff())

    html = client.get(
        reverse("admin:articles_searchterm_changelist"), {"found": "none"}
    ).content.decode()

    assert "zebra stripes" in html


def test_the_search_page_query_count_is_bounded(client, django_assert_max_num_queries):
    section = make_section()
    for n in range(30):
        make_article(title=f"Payout {n}", section=section, body="payout " * 20)
    client.get(SEARCH, {"q": "payout"})

    with django_assert_max_num_queries(14):
        assert client.get(SEARCH, {"q": "payout"}).status_code == 200


def test_suggestion_queries_do_not_grow_with_the_suggestions(
    django_assert_max_num_queries,
):
    section = make_section(name="Payments")
    for n in range(8):
        make_article(title=f"Payout {n}", section=section)
    search.suggest("pay", VISITOR)  # the section names are cached from here on

    with django_assert_max_num_queries(7):
        found = search.suggest("payo", VISITOR)

    assert len(found) == 8
    assert {s["section"] for s in found} == {"Payments"}


def test_renaming_a_category_or_section_shows_in_the_next_search():
    section = make_section(name="Payments")
    make_article(title="Payout threshold", section=section)
    hit = search.search("payout", VISITOR).hits[0]
    assert (hit.category, hit.section) == (section.category.name, "Payments")

    section.category.name = "Money"
    section.category.save()
    section.name = "Payouts and invoices"
    section.save()

    hit = search.search("payout", VISITOR).hits[0]
    assert (hit.category, hit.section) == ("Money", "Payouts and invoices")


@pytest.mark.parametrize(
    ("word", "fillers"),
    [
        # The stem begins the word: the snippet is made from around it,
        # however far into the body.
        ("threshold", 500),
        # It does not ("happi"): the snippet is made from the whole beginning.
        ("happy", 100),
    ],
)
def test_a_snippet_shows_a_match_far_into_a_long_body(word, fillers):
    filler = " ".join(f"filler{n} text." for n in range(fillers))
    make_article(
        title="Getting paid",
        body=f"{filler} The payout {word} is fifty euros. {filler}",
    )

    snippet = search.search(word, VISITOR).hits[0].snippet

    assert f"<mark>{word}</mark>" in snippet.lower()
    assert len(snippet) < 600
    # Cut at whole words: every word of the snippet is a word of the body.
    words = {w.strip(".") for w in f"{filler} The payout {word} is fifty euros".split()}
    shown = snippet.replace("<mark>", "").replace("</mark>", "").replace("…", " ")
    assert {w.strip(".") for w in shown.split()} <= words


# ---- PostgreSQL full-text search ----------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


@postgres_only
def test_a_snippet_starts_at_the_sentence_of_its_match_and_says_where_it_goes_on():
    filler = " ".join(f"Filler number {n} is here." for n in range(40))
    make_article(
        title="Getting paid",
        body=f"{filler} The payout threshold is fifty euros. {filler}",
    )

    snippet = search.search("threshold", VISITOR).hits[0].snippet

    assert snippet.startswith("The payout <mark>threshold</mark> is fifty euros.")
    assert snippet.endswith(" …")


@postgres_only
def test_stemming_follows_the_article_language():
    make_article(title="Comment réinitialiser le mot de passe", language="fr")
    make_article(title="Wie ändere ich meine Bankverbindung", language="de")

    assert titles(search.search("réinitialisation", VISITOR)) == [
        "Comment réinitialiser le mot de passe"
    ]
    assert titles(search.search("Bankverbindungen", VISITOR)) == [
        "Wie ändere ich meine Bankverbindung"
    ]


@postgres_only
def test_the_search_vector_is_stored_and_kept_current():
    section = make_section(name="Payouts")
    article = make_article(title="Threshold", section=section)
    assert search.search("payouts", VISITOR).total == 1

    section.name = "Commissions"
    section.save()
    article.refresh_from_db()

    assert search.search("payouts", VISITOR).total == 0
    assert search.search("commissions", VISITOR).total == 1
    assert article.search_vector is not None


@postgres_only
def test_websearch_syntax_works():
    make_article(title="Payment threshold")
    make_article(title="Payment methods")

    assert titles(search.search('"payment threshold"', VISITOR)) == [
        "Payment threshold"
    ]
    assert titles(search.search("payment -threshold", VISITOR)) == ["Payment methods"]


@postgres_only
def test_the_benchmark_runs_and_prints_its_table():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("bench_search", articles=40, searches=6, stdout=out)

    table = out.getvalue()
    assert "40 generated articles; 6 searches each." in table
    for row in ["search cold: all", "search warm: all", "suggestions cold"]:
        assert row in table
    assert "Target search cold: all p95 under 10 ms:" in table
    assert "Target suggestions cold p95 under 10 ms:" in table


@postgres_only
def test_words_after_a_less_than_sign_are_still_searchable():
    # PostgreSQL's parser would take "<input ...>" for a tag and drop it.
    article = make_article(title='Code: <input value="x" onchange=payout> calendar')

    found = search.search("payout", make_user(), record=False)

    assert [hit.url for hit in found.hits] == [article.get_absolute_url()]
