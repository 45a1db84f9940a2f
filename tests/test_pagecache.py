"""Cached pages and fragments: nothing stale, nothing leaked, nothing shared
between languages or roles (helpcenter.pagecache, articles.caching)."""

import re
import time
from datetime import timedelta

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Comment, SearchTerm, Visibility
from helpcenter import pagecache
from tests.articles.test_admin import article_form
from tests.factories import (
    make_article,
    make_comment,
    make_manager,
    make_staff,
    make_translation,
    make_user,
    signed_in,
)

pytestmark = pytest.mark.django_db
QUEUE = "/en/moderation/"


@pytest.fixture
def article():
    return make_article(title="How do payouts work?")


def html(client, url, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitors_page_comes_from_the_cache_with_one_query(
    client, article, django_assert_max_num_queries
):
    url = article.get_absolute_url()
    first = client.get(url)

    with django_assert_max_num_queries(1):  # the content version
        second = client.get(url)

    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]
    assert second["Cache-Control"] == "public, max-age=0"
    assert {"Cookie", "Accept-Language"} <= set(re.split(r",\s*", second["Vary"]))
    # The security headers and the request id are not cached.
    assert "default-src" in second["Content-Security-Policy"]
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_visitors_pages_hold_no_token_and_set_no_cookie(client, article):
    urls = [
        reverse("home"),
        article.section.category.get_absolute_url(),
        article.section.get_absolute_url(),
        article.get_absolute_url(),
        reverse("support:contact"),
    ]
    for url in urls * 2:  # rendered, then from the cache
        response = client.get(url)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies
        assert "public" in response["Cache-Control"]


def test_signed_in_pages_and_forms_are_private(client, article):
    assert "private" in client.get(reverse("account_login"))["Cache-Control"]
    client.force_login(make_user())
    assert "private" in client.get(article.get_absolute_url())["Cache-Control"]


def test_a_vote_shows_on_everyones_next_request(client, article):
    url = article.get_absolute_url()
    voter, other = signed_in(make_user()), signed_in(make_user())
    for reader in (client, voter, other):
        assert "No votes yet" in html(reader, url)

    voter.post(reverse("articles:vote", args=[article.pk]), {"helpful": "yes"})

    for reader in (client, voter, other):
        assert "1 out of 1 found this helpful" in html(reader, url)


def test_comments_moderation_and_edits_show_to_those_they_concern(client, article):
    url = article.get_absolute_url()
    author, other = make_user(name="Ann Author"), make_user(name="Olaf Other")
    ann, olaf, manager = signed_in(author), signed_in(other), signed_in(make_manager())
    for reader in (client, ann, olaf, manager):
        assert "0 comments" in html(reader, url)

    ann.post(reverse("articles:comment-create", args=[article.pk]), {"body": "Hi!"})
    comment = Comment.objects.get(author=author)
    assert comment.status == Comment.Status.PENDING
    assert "Awaiting moderation" in html(ann, url)
    for reader in (client, olaf, manager):
        assert "Hi!" not in html(reader, url)

    manager.post(QUEUE, {"one": f"approve:{comment.pk}"})
    edit = reverse("articles:comment-edit", args=[comment.pk])
    for reader in (client, ann, olaf, manager):
        page = html(reader, url)
        assert "Hi!" in page
        assert (edit in page) == (reader in (ann, manager))
        assert "<!--actions" not in page

    ann.post(edit, {"body": "Hello again!"})
    for reader in (client, olaf, manager):
        assert "Hello again!" in html(reader, url)


def test_a_new_name_and_an_admin_edit_show_at_once(client, article):
    author = make_user(name="Old Name")
    make_comment(article=article, author=author)
    url = article.get_absolute_url()
    assert "Old Name" in html(client, url)

    author.name = "New Name"
    author.save()
    assert "New Name" in html(client, url)

    staff = signed_in(make_manager())
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form(article.section, title="Payouts, explained", slug=article.slug)
    assert staff.post(change, data).status_code == 302
    assert "Payouts, explained" in html(client, url)


def test_a_scheduled_article_appears_when_it_is_due(client, article):
    due = timezone.now() + timedelta(seconds=2)
    make_article(section=article.section, title="Coming soon", published_at=due)
    url = article.section.get_absolute_url()
    assert "Coming soon" not in html(client, url)
    assert pagecache.timeout(pagecache.version()) <= 2

    time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.1)

    assert "Coming soon" in html(client, url)


def test_an_article_leaves_on_the_next_request_after_its_unpublish_time(
    client, article
):
    due = timezone.now() + timedelta(seconds=2)
    make_article(section=article.section, title="Going soon", unpublish_at=due)
    url = article.section.get_absolute_url()
    assert "Going soon" in html(client, url)
    assert pagecache.timeout(pagecache.version()) <= 2

    time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.1)

    assert "Going soon" not in html(client, url)


def test_a_scheduled_translation_appears_on_the_next_request_when_due(client, article):
    due = timezone.now() + timedelta(seconds=2)
    make_translation(article, title="Bientôt là", published_at=due)
    url = article.section.get_absolute_url().replace("/en/", "/fr/")
    assert "Bientôt là" not in html(client, url)

    time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.1)

    assert "Bientôt là" in html(client, url)


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_nobody_sees_anothers_name_sid_vote_token_messages_or_pending_comments(
    client, article
):
    url = article.get_absolute_url()
    people = {
        "a": make_user(name="Alice Able", site_id=111111),
        "b": make_user(name="Bob Baker", site_id=222222),
    }
    a, b = signed_in(people["a"]), signed_in(people["b"])
    for reader in (client, a, b):
        html(reader, url)

    a.post(reverse("articles:vote", args=[article.pk]), {"helpful": "yes"})
    b.post(reverse("articles:comment-create", args=[article.pk]), {"body": "Bobs note"})
    pages = {"v": html(client, url), "a": html(a, url), "b": html(b, url)}

    assert "Thank you for your feedback." in pages["a"]
    assert "Thank you. Your comment will appear" in pages["b"]
    assert "Alice Able" in pages["a"] and "SID 111111" in pages["a"]
    assert "Bob Baker" in pages["b"] and "SID 222222" in pages["b"]
    assert "You found this article helpful." in pages["a"]
    assert "Bobs note" in pages["b"]
    for name, page in pages.items():
        others = [other for other in pages if other != name]
        if "a" in others:
            assert "Alice Able" not in page and "111111" not in page
            assert "You found this article helpful." not in page
            assert "Thank you for your feedback." not in page
        if "b" in others:
            assert "Bob Baker" not in page and "222222" not in page
            assert "Bobs note" not in page
            assert "Thank you. Your comment" not in page
    assert "csrfmiddlewaretoken" not in pages["v"]
    for name, reader in (("a", a), ("b", b)):
        secret = reader.cookies["csrftoken"].value
        assert _unmask_cipher_token(_token(pages[name])) == secret


def test_each_language_and_role_gets_its_own_page(client, article):
    url = article.get_absolute_url()
    section = article.section
    make_article(section=section, title="For staff", visibility=Visibility.STAFF)
    make_article(
        section=section, title="For publishers", visibility=Visibility.SIGNED_IN
    )
    staff, publisher = signed_in(make_staff()), signed_in(make_user())

    for _ in range(2):  # rendered, then cached
        assert "For staff" in html(staff, url)
        assert "For publishers" in html(publisher, url)
        assert "For staff" not in html(publisher, url)
        for page in (html(client, url), html(client, reverse("home"))):
            assert "For staff" not in page and "For publishers" not in page
        assert '<html lang="fr">' in html(client, url.replace("/en/", "/fr/", 1))
        assert '<html lang="en">' in html(client, url)
        contact = reverse("support:contact")
        assert "Germany" in html(client, contact, accept_language="de-DE")
        assert "France" in html(client, contact, accept_language="fr-FR")


def test_a_signed_in_article_page_stays_small_in_queries(
    client, article, django_assert_max_num_queries
):
    authors = [make_user(), make_staff()]
    for n in range(50):
        make_comment(article=article, author=authors[n % 2])
    url = article.get_absolute_url()
    first, second = signed_in(make_user()), make_user()
    client.force_login(second)
    html(first, url)

    # Session, user, version, article and its translations, related
    # articles, vote, follow, pending comments: the thread is cached.
    with django_assert_max_num_queries(9):
        assert "50 comments" in html(client, url)
    # Then the person's own copy (once their CSRF cookie is set, as it is
    # when they sign in): the session and the version; the user is not
    # loaded for it.
    html(client, url)
    with django_assert_max_num_queries(2):
        assert "50 comments" in html(client, url)


def test_a_copy_is_never_served_to_a_session_that_no_longer_signs_in(article):
    url = article.get_absolute_url()
    reader = make_user(name="Rita Reader")
    owner = signed_in(reader)
    html(owner, url)
    assert "Rita Reader" in html(owner, url)  # the copy is stored
    thief = Client()
    thief.cookies = owner.cookies  # the same session cookie, replayed

    owner.post(reverse("account_logout"))
    page = html(thief, url)
    assert "Rita Reader" not in page
    assert "Sign in" in page

    owner = signed_in(reader)
    html(owner, url)
    assert "Rita Reader" in html(owner, url)
    thief.cookies = owner.cookies
    reader.set_password("a-new-password-nobody-else-knows")
    reader.save()  # signs out every other session (the session hash)
    page = html(thief, url)
    assert "Rita Reader" not in page
    assert "Sign in" in page


def test_a_signed_in_persons_copy_follows_their_changes(client, article):
    url = article.get_absolute_url()
    reader = make_user(name="Rita Reader")
    client.force_login(reader)
    assert "Get an email about new comments" in html(client, url)
    html(client, url)

    client.post(reverse("articles:follow", args=[article.pk]), {"follow": "1"})
    page = html(client, url)
    assert "You follow this article" in page  # the message: not from a copy
    assert "You get an email about new comments" in page
    assert "You get an email about new comments" in html(client, url)

    reader.name = "Rita Renamed"
    reader.save()
    assert "Rita Renamed" in html(client, url)
    other = signed_in(reader)  # another session: another copy, another token
    page = html(other, url)
    assert _unmask_cipher_token(_token(page)) == other.cookies["csrftoken"].value


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_committed_vote_shows_to_visitors_at_once(client):
    article = make_article()
    url = article.get_absolute_url()
    assert "No votes yet" in html(client, url)

    voter = signed_in(make_user())
    voter.post(reverse("articles:vote", args=[article.pk]), {"helpful": "no"})

    assert "0 out of 1 found this helpful" in html(client, url)
    assert Article.objects.get().vote_count == 1


SEARCH = "/en/search/"


def test_a_repeated_search_comes_from_the_cache_and_still_counts(
    client, article, django_assert_max_num_queries
):
    assert article.get_absolute_url() in html(client, SEARCH + "?q=payouts")
    with django_assert_max_num_queries(1):  # the content version
        response = client.get(SEARCH, {"q": "payouts"})
    assert not response.templates  # nothing rendered: the page was kept
    assert article.get_absolute_url() in response.content.decode()
    assert "private" in response["Cache-Control"]  # a CDN would not count it
    assert SearchTerm.objects.get(query="payouts").count == 1  # the same person

    # Another visitor gets the same copy; their search counts.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert article.get_absolute_url() in html(other, SEARCH + "?q=payouts")
    assert SearchTerm.objects.get(query="payouts").count == 2
    empty = Client(REMOTE_ADDR="192.0.2.8")
    html(empty, SEARCH + "?q=zebra")
    html(other, SEARCH + "?q=zebra")
    assert (SearchTerm.objects.get(query="zebra").empty_count) == 2


def test_search_results_follow_changes_and_each_reader_gets_their_own(client, article):
    members = make_article(title="Payouts for members", visibility=Visibility.SIGNED_IN)
    url = SEARCH + "?q=payouts"
    page = html(client, url)
    assert article.get_absolute_url() in page
    assert members.get_absolute_url() not in page

    reader = signed_in(make_user(name="Rita Reader"))
    html(reader, url)
    page = html(reader, url)
    assert members.get_absolute_url() in page
    assert "Rita Reader" in page
    page = html(client, url)
    assert members.get_absolute_url() not in page
    assert "Rita Reader" not in page

    faster = make_article(title="Faster payouts").get_absolute_url()
    assert faster in html(client, url)
    assert faster in html(reader, url)
    members.status = Article.Status.DRAFT
    members.save()
    assert members.get_absolute_url() not in html(reader, url)
    assert 'lang="fr"' in html(client, "/fr/search/?q=payouts")
