import threading

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import feedback
from articles.models import Article, Vote
from support import routing
from tests.factories import make_article, make_comment, make_staff, make_user

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def vote_url(article):
    return reverse("articles:vote", args=[article.pk])


def counts(article):
    article.refresh_from_db()
    return article.helpful_count, article.vote_count


# ---- Casting votes ------------------------------------------------------


@pytest.mark.parametrize(
    ("steps", "expected", "final"),
    [
        ([True], (1, 1), True),
        ([False], (0, 1), False),
        ([True, False], (0, 1), False),
        ([False, True], (1, 1), True),
        ([True, True], (1, 1), True),
        ([True, None], (0, 0), None),
        ([False, None], (0, 0), None),
        ([None], (0, 0), None),
        ([True, None, False], (0, 1), False),
    ],
)
def test_cast_vote_keeps_counters_equal_to_the_votes(steps, expected, final):
    article = make_article()
    user = make_user()
    for step in steps:
        feedback.cast_vote(article, user, step)

    assert counts(article) == expected
    vote = Vote.objects.filter(article=article, user=user).first()
    assert (None if vote is None else vote.helpful) is final


def test_counters_add_up_over_many_users():
    article = make_article()
    for n in range(7):
        feedback.cast_vote(article, make_user(), n % 3 != 0)

    assert counts(article) == (4, 7)
    assert article.helpful_count == Vote.objects.filter(helpful=True).count()


def test_changing_to_yes_clears_the_reason():
    article = make_article()
    user = make_user()
    vote = feedback.cast_vote(article, user, False)
    feedback.explain_vote(vote, Vote.Reason.INACCURATE, "Prices changed.")

    feedback.cast_vote(article, user, True)

    vote.refresh_from_db()
    assert (vote.helpful, vote.reason, vote.details) == (True, "", "")


def test_the_database_allows_one_vote_per_user_and_article():
    from django.db import IntegrityError, transaction

    article = make_article()
    user = make_user()
    Vote.objects.create(article=article, user=user, helpful=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(article=article, user=user, helpful=False)


@pytest.mark.parametrize(
    ("helpful", "total", "text"),
    [
        (0, 0, "No votes yet"),
        (1, 1, "1 out of 1 found this helpful"),
        (26, 66, "26 out of 66 found this helpful"),
        (0, 3, "0 out of 3 found this helpful"),
    ],
)
def test_helpfulness_line(helpful, total, text):
    assert feedback.helpfulness(Article(helpful_count=helpful, vote_count=total)) == (
        text
    )


# ---- Concurrency (PostgreSQL) -------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; concurrency is tested on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_votes_give_exact_counts():
    article = make_article()
    users = [make_user() for _ in range(50)]
    barrier = threading.Barrier(len(users))
    errors = []

    def vote(user, helpful):
        try:
            barrier.wait()
            feedback.cast_vote(article, user, helpful)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=vote, args=(user, n % 2 == 0))
        for n, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert counts(article) == (25, 50)
    assert Vote.objects.filter(article=article).count() == 50


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers; concurrency is tested on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_user_voting_from_many_tabs_at_once_counts_once():
    article = make_article()
    user = make_user()
    barrier = threading.Barrier(10)
    errors = []

    def vote(helpful):
        try:
            barrier.wait()
            feedback.cast_vote(article, user, helpful)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(n % 2 == 0,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    vote = Vote.objects.get(article=article, user=user)
    assert counts(article) == (int(vote.helpful), 1)


# ---- Wilson ranking -----------------------------------------------------


def test_wilson_lower_bound_prefers_a_long_record():
    assert feedback.wilson_lower_bound(1, 1) == pytest.approx(0.2065, abs=1e-3)
    assert feedback.wilson_lower_bound(90, 100) == pytest.approx(0.8256, abs=1e-3)
    assert feedback.wilson_lower_bound(0, 0) is None


def test_wilson_score_in_the_database_matches_python():
    pairs = [(1, 1), (90, 100), (0, 5), (26, 66), (3, 3)]
    for helpful, total in pairs:
        make_article(helpful_count=helpful, vote_count=total)
    make_article()

    scored = feedback.with_wilson_score(Article.objects.all())
    by_counts = {(a.helpful_count, a.vote_count): a.wilson for a in scored}

    for helpful, total in pairs:
        assert by_counts[(helpful, total)] == pytest.approx(
            feedback.wilson_lower_bound(helpful, total)
        )
    assert by_counts[(0, 0)] is None


# ---- The vote view ------------------------------------------------------


def test_a_visitor_who_votes_is_sent_to_sign_in_and_back(client):
    article = make_article()

    response = client.post(vote_url(article), {"helpful": "yes"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]
    assert Vote.objects.count() == 0


def test_the_article_page_sends_visitors_to_sign_in_from_the_vote_buttons(client):
    article = make_article()

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'action="{reverse("account_login")}"' in html
    assert f'value="{article.get_absolute_url()}#feedback"' in html
    assert "Sign in to vote." in html


def test_voting_without_javascript_redirects_back_with_a_message(client):
    article = make_article()
    client.force_login(make_user())

    response = client.post(vote_url(article), {"helpful": "yes"}, follow=True)

    assert response.redirect_chain[-1][0] == article.get_absolute_url() + "#feedback"
    html = response.content.decode()
    assert "Thank you for your feedback." in html
    assert "1 out of 1 found this helpful" in html
    assert 'value="yes" class="button button-secondary vote-button" ' in html
    assert 'aria-pressed="true"' in html


def test_voting_with_javascript_answers_json(client):
    article = make_article()
    client.force_login(make_user())

    yes = client.post(vote_url(article), {"helpful": "yes"}, **JSON).json()
    no = client.post(vote_url(article), {"helpful": "no"}, **JSON).json()
    withdrawn = client.post(vote_url(article), {"helpful": "withdraw"}, **JSON).json()

    assert yes["vote"] == "yes"
    assert yes["summary"] == "1 out of 1 found this helpful"
    assert no["vote"] == "no"
    assert no["summary"] == "0 out of 1 found this helpful"
    assert "What went wrong" not in no["message"]
    assert withdrawn == {
        "vote": None,
        "helpful_count": 0,
        "vote_count": 0,
        "summary": "No votes yet",
        "message": "Your vote is withdrawn.",
    }


def test_a_bad_choice_is_refused_without_a_change(client):
    article = make_article()
    client.force_login(make_user())

    response = client.post(vote_url(article), {"helpful": "maybe"}, **JSON)

    assert response.status_code == 400
    assert counts(article) == (0, 0)


@pytest.mark.parametrize("visibility", ["signed_in", "staff"])
def test_nobody_votes_on_an_article_they_cannot_read(client, visibility):
    article = make_article(visibility=visibility)
    reader = make_user() if visibility == "staff" else None
    if reader:
        client.force_login(reader)

    response = client.post(vote_url(article), {"helpful": "yes"})

    assert response.status_code in (302, 404)
    if reader:
        assert response.status_code == 404
    assert Vote.objects.count() == 0


def test_drafts_take_no_votes(client):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(make_staff())

    assert client.post(vote_url(article), {"helpful": "yes"}).status_code == 404


def test_votes_are_rate_limited_with_a_clear_message(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "vote": "3/m"}
    article = make_article()
    client.force_login(make_user())

    codes = [
        client.post(vote_url(article), {"helpful": "yes"}, **JSON).status_code
        for _ in range(4)
    ]
    refused = client.post(vote_url(article), {"helpful": "no"})

    assert codes == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert "Wait a minute" in refused.content.decode()
    assert counts(article) == (1, 1)


def test_vote_needs_post_and_csrf(client):
    from django.test import Client

    article = make_article()
    user = make_user()
    client.force_login(user)
    assert client.get(vote_url(article)).status_code == 405

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post(vote_url(article), {"helpful": "yes"}).status_code == 403
    assert counts(article) == (0, 0)


# ---- What went wrong ----------------------------------------------------


def reason_url(article):
    return reverse("articles:vote-reason", args=[article.pk])


def test_after_a_no_the_reader_says_what_went_wrong(client):
    article = make_article()
    user = make_user()
    client.force_login(user)
    client.post(vote_url(article), {"helpful": "no"})

    page = client.get(article.get_absolute_url()).content.decode()
    response = client.post(
        reason_url(article),
        {"reason": "broken", "details": "The screenshot is missing."},
        **JSON,
    )

    assert "What went wrong?" in page
    assert "data-vote-reasons hidden" not in page
    assert response.json() == {"message": "Thank you. Our team reads every answer."}
    vote = Vote.objects.get(user=user)
    assert (vote.reason, vote.details) == ("broken", "The screenshot is missing.")


def test_the_reasons_are_hidden_until_a_no(client):
    article = make_article()
    client.force_login(make_user())

    page = client.get(article.get_absolute_url()).content.decode()

    assert "data-vote-reasons hidden" in page


def test_reasons_are_never_published(client):
    article = make_article()
    user = make_user()
    vote = feedback.cast_vote(article, user, False)
    feedback.explain_vote(vote, "other", "Secret remark for staff")

    client.force_login(make_user())
    assert (
        "Secret remark for staff"
        not in client.get(article.get_absolute_url()).content.decode()
    )


def test_a_reason_needs_a_no_vote(client):
    article = make_article()
    user = make_user()
    client.force_login(user)
    client.post(vote_url(article), {"helpful": "yes"})

    response = client.post(reason_url(article), {"reason": "other"}, **JSON)

    assert response.status_code == 400
    assert Vote.objects.get(user=user).reason == ""


def test_a_missing_reason_keeps_the_typed_details(client):
    article = make_article()
    client.force_login(make_user())
    client.post(vote_url(article), {"helpful": "no"})

    response = client.post(reason_url(article), {"details": "Typed text"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose what went wrong." in html
    assert "Typed text" in html


# ---- Query counts -------------------------------------------------------


def _page_queries(client, article):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["visitor", "publisher", "manager"])
def test_article_page_queries_do_not_grow_with_comments_and_votes(
    client, django_assert_max_num_queries, role
):
    from tests.factories import make_manager

    small = make_article()
    large = make_article(section=small.section)
    authors = [make_user() for _ in range(30)] + [make_staff() for _ in range(3)]
    for article, n in [(small, 3), (large, 300)]:
        for i in range(n):
            author = authors[i % len(authors)]
            make_comment(article=article, author=author, edited_by=authors[0])
            if i < 60:
                feedback.cast_vote(article, make_user(), i % 2 == 0)
    reader = {"visitor": None, "publisher": make_user(), "manager": make_manager()}[
        role
    ]
    if reader:
        client.force_login(reader)
        feedback.cast_vote(large, reader, False)
        feedback.cast_vote(small, reader, False)

    client.get(small.get_absolute_url())  # warms the cached support regions
    caches["pages"].clear()  # then the pages are rendered, not from the cache
    routing.regions()
    few = _page_queries(client, small)
    many = _page_queries(client, large)

    assert few == many
    with django_assert_max_num_queries(11):
        client.get(large.get_absolute_url())


def test_saving_an_article_loaded_before_a_vote_keeps_the_count():
    article = make_article()
    stale = Article.objects.get(pk=article.pk)
    feedback.cast_vote(article, make_user(), True)

    stale.title = "Edited by staff meanwhile"
    stale.save()

    assert counts(article) == (1, 1)
    assert article.title == "Edited by staff meanwhile"


def test_after_a_no_the_reader_gets_their_regional_contacts(client):
    article = make_article()
    client.force_login(make_user(language="de"))
    client.post(vote_url(article), {"helpful": "no"})

    html = client.get(article.get_absolute_url()).content.decode()
    box = html.split('id="feedback-help-heading"', 1)[1].split("</aside>", 1)[0]

    assert "Still need help?" in box
    assert "depubsupport@example.com" in box
    assert reverse("support:request") in box
