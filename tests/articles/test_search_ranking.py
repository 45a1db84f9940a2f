"""Ranking: questions, row order, typos, and the contracts search relies on."""

import html
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import override_settings
from django.urls import reverse

import articles.models
from articles import search
from articles.models import Article, where_sql
from tests.factories import make_article, make_section, make_staff, make_user

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")
VISITOR = AnonymousUser()


def titles(results):
    return [html.unescape(hit.plain_title) for hit in results.hits]


def test_a_question_finds_the_article_with_its_rare_words():
    answer = make_article(
        title="Reading files in the right encoding",
        body="A UnicodeDecodeError means the file is not in the encoding you gave.",
    )
    make_article(title="Writing files", body="Open the file for writing.")
    make_article(title="Doing things", body="What you are doing is fine.")

    found = search.search(
        "I'm getting a UnicodeDecodeError. What am I doing wrong?", VISITOR
    )

    assert titles(found)[0] == answer.title


def test_a_question_of_many_words_is_kept_whole():
    question = " ".join(["word"] * 20 + ["threshold"])

    assert search.clean_query(question).split()[-1] == "threshold"


def _create(bodies: list[tuple[str, str]], section) -> None:
    for title, body in bodies:
        make_article(title=title, body=body, section=section)


@pytest.mark.parametrize("order", ["as listed", "reversed"])
def test_the_best_match_comes_first_whatever_the_row_order(order):
    # 120 articles that mention the word once, in a long body, and one that
    # is about it: more than the old window of body matches.
    filler = " ".join(f"filler{n}" for n in range(60))
    bodies = [(f"Article {n:03}", f"{filler} payout {filler}") for n in range(120)]
    bodies.append(("All about it", "The payout, the payout date and payout fees."))
    _create(bodies if order == "as listed" else bodies[::-1], make_section())

    found = search.search("payout", VISITOR, record=False)

    assert titles(found)[0] == "All about it"
    assert found.total >= search.COUNT_CAP


def test_the_ranking_is_the_same_for_two_row_orders():
    section = make_section()
    rows = [
        ("Payout threshold", "When is the payout sent?"),
        ("Bank details", "Your payout goes to this bank account."),
        ("Invoices", "Each payout has an invoice; the payout date is on it."),
        ("Payout methods", "Bank transfer or PayPal."),
    ]
    _create(rows, section)
    first = titles(search.search("payout bank", VISITOR, record=False))
    Article.objects.all().delete()
    _create(rows[::-1], section)

    assert titles(search.search("payout bank", VISITOR, record=False)) == first


def test_showing_results_for_links_to_the_words_as_typed(client):
    make_article(title="How do I reset my password?")

    corrected = client.get(SEARCH, {"q": "pasword"}).content.decode()
    exact = search.search("pasword", VISITOR, exact=True)

    assert "Showing results for" in corrected
    assert "?q=pasword&amp;exact=1" in corrected
    assert (exact.total, exact.corrected_from, exact.suggestion) == (0, "", "")
    page = client.get(SEARCH, {"q": "pasword", "exact": "1"}).content.decode()
    assert "Showing results for" not in page


# ---- The contracts --------------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "publisher", "staff"])
def test_where_sql_selects_exactly_what_visible_to_does(role):
    user = {"visitor": VISITOR, "publisher": make_user(), "staff": make_staff()}[role]
    make_article(title="Everyone")
    make_article(title="Publishers", visibility="signed_in")
    make_article(title="Staff", visibility="staff")
    make_article(title="Draft", status=Article.Status.DRAFT)
    visible = Article.objects.visible_to(user)

    sql, params = where_sql(visible, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM articles_article WHERE {sql}", params)  # noqa: S608
        found = {pk for (pk,) in cursor.fetchall()}

    assert found == set(visible.values_list("pk", flat=True))


def test_where_sql_refuses_conditions_that_need_a_join():
    with pytest.raises(ValueError, match="join"):
        where_sql(Article.objects.filter(section__name="Payments"), connection)


def test_models_do_not_import_search_and_saving_still_indexes():
    source = Path(articles.models.__file__).read_text()
    article = make_article(title="Payout threshold")

    assert "import search" not in source
    assert search.search("payout", VISITOR, record=False).total == 1
    article.title = "Commission rates"
    article.save()
    assert search.search("commission", VISITOR, record=False).total == 1
    assert search.search("payout", VISITOR, record=False).total == 0


class RecordingRouter:
    """Sends every read to `default`, noting which models were read."""

    read: list = []

    def db_for_read(self, model, **hints):
        self.read.append(model._meta.label)
        return "default"


@override_settings(
    DATABASE_ROUTERS=["tests.articles.test_search_ranking.RecordingRouter"]
)
def test_search_reads_through_the_database_router():
    make_article(title="Payout threshold")
    RecordingRouter.read.clear()

    found = search.search("payout", VISITOR, record=False)
    search.suggest("payo", VISITOR)

    assert found.total == 1
    assert "articles.Article" in RecordingRouter.read


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL statistics")
def test_a_question_whose_rare_words_are_in_no_article_finds_the_common_ones():
    section = make_section()
    for n in range(10):
        make_article(
            title=f"Payout {n}", body="The payout is sent monthly.", section=section
        )
    with connection.cursor() as cursor:
        # Its statistics make "payout" and "sent" common words.
        cursor.execute("ANALYZE articles_article")

    found = search.search("when is my payout xqzvw qwxzk sent", VISITOR, record=False)

    assert found.total == 10


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL ranking")
def test_a_question_ranks_each_of_its_words_not_where_they_stand_together():
    filler = " ".join(f"filler{n}" for n in range(40))
    about = make_article(
        title="Timing",
        body=f"Payout. {filler} The payout. {filler} A payout bank. {filler} delay.",
    )
    make_article(title="Notes", body=f"{filler} bank payout delay {filler} {filler}")

    found = search.search("why is my bank payout delay", VISITOR, record=False)

    assert titles(found)[0] == about.title


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL statistics")
def test_the_common_words_are_read_from_the_statistics_once():
    from django.test.utils import CaptureQueriesContext

    section = make_section()
    for n in range(10):
        make_article(title=f"Payout {n}", body="The payout is sent.", section=section)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")

    with CaptureQueriesContext(connection) as queries:
        for question in ["when is my payout xqzvw sent", "is my payout qwxzk sent"]:
            assert search.search(question, VISITOR, record=False).total == 10

    assert sum("pg_stats" in q["sql"] for q in queries.captured_queries) == 1


def test_a_question_with_a_phrase_or_an_excluded_word_is_ranked_as_a_whole():
    from articles.search import postgres

    assert postgres._by_word("why is my bank payout late")
    assert postgres._by_word("is my bank payout late or lost")
    assert not postgres._by_word('why is my "bank payout" late')
    assert not postgres._by_word("why is my bank payout late -weekend")
    assert not postgres._by_word("bank payout")
