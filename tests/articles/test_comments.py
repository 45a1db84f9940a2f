import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from articles import comments as rules
from articles.models import Comment, Follow
from articles.notifications import unfollow_token
from tests.factories import (
    make_article,
    make_comment,
    make_manager,
    make_staff,
    make_user,
)
from tests.test_markup import HOSTILE, assert_harmless

pytestmark = pytest.mark.django_db


def post_url(article):
    return reverse("articles:comment-create", args=[article.pk])


def post(client, article, body, **extra):
    return client.post(post_url(article), {"body": body, "website": "", **extra})


# ---- Posting ------------------------------------------------------------


def test_a_visitor_is_sent_to_sign_in_to_comment(client):
    article = make_article()

    response = post(client, article, "Hello")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Comment.objects.count() == 0
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Sign in to leave a comment" in page


def test_a_publishers_comment_awaits_moderation_and_only_they_see_it(client):
    article = make_article()
    author = make_user(name="Pat Publisher")
    client.force_login(author)

    response = post(client, article, "Where do I find my **SID**?")

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.body_html == "<p>Where do I find my <strong>SID</strong>?</p>"
    assert response["Location"] == (
        f"{article.get_absolute_url()}#comment-{comment.pk}"
    )
    own = client.get(article.get_absolute_url()).content.decode()
    assert "Awaiting moderation" in own
    assert "Where do I find my" in own
    for other in [Client(), _client_for(make_user()), _client_for(make_manager())]:
        assert (
            "Where do I find my"
            not in other.get(article.get_absolute_url()).content.decode()
        )


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("make_author", [make_staff, make_manager])
def test_staff_and_managers_publish_at_once(client, make_author):
    article = make_article()
    client.force_login(make_author(name="Sally Anne"))

    post(client, article, "We answer here.")

    assert Comment.objects.get().status == Comment.Status.PUBLISHED
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Sally Anne - Customer Experience Manager" in page or "Sally Anne" in page
    assert "We answer here." in page


def test_staff_comments_are_marked_official_with_their_title(client):
    article = make_article()
    make_comment(article=article, author=make_staff(name="Sally Anne"))

    page = client.get(article.get_absolute_url()).content.decode()

    assert "Sally Anne - Customer Experience Manager" in page
    assert "comment-official" in page
    assert "Official" in page


def test_without_premoderation_a_publisher_publishes_at_once(client, settings):
    settings.COMMENTS_PREMODERATION = False
    article = make_article()
    client.force_login(make_user())

    post(client, article, "Thanks, this worked.")

    assert Comment.objects.get().status == Comment.Status.PUBLISHED


def test_many_links_are_held_even_without_premoderation(client, settings):
    settings.COMMENTS_PREMODERATION = False
    article = make_article()
    client.force_login(make_user())
    links = " ".join(f"[site {n}](https://example.com/{n})" for n in range(4))

    post(client, article, "Three are fine: " + links.rsplit(" [", 1)[0])
    post(client, article, "Four are not: " + links)

    statuses = list(Comment.objects.values_list("status", flat=True))
    assert statuses == [Comment.Status.PUBLISHED, Comment.Status.PENDING]


@pytest.mark.parametrize("history", [Comment.Status.REJECTED, Comment.Status.SPAM])
def test_a_bad_history_holds_comments_even_without_premoderation(
    client, settings, history
):
    settings.COMMENTS_PREMODERATION = False
    article = make_article()
    author = make_user()
    make_comment(article=article, author=author, status=history)
    client.force_login(author)

    post(client, article, "Buy now")

    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write your comment before posting it."),
        ("   \n  ", "Write your comment before posting it."),
        ("x" * 10_001, "at most 10000 characters"),
    ],
)
def test_bad_comments_are_refused_and_the_text_is_kept(client, body, message):
    article = make_article()
    client.force_login(make_user())

    response = post(client, article, body)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if body.strip():
        assert body in html
    assert Comment.objects.count() == 0


def test_too_costly_markdown_is_refused_with_a_message(client):
    article = make_article()
    client.force_login(make_user())

    response = post(client, article, ">" * 5000 + " deep")

    assert response.status_code == 400
    assert Comment.objects.count() == 0


def test_the_honeypot_refuses_bots(client):
    article = make_article()
    client.force_login(make_user())

    response = post(client, article, "Great article", website="http://spam.example")

    assert response.status_code == 400
    assert "could not be posted" in response.content.decode()
    assert Comment.objects.count() == 0


def test_comments_are_rate_limited_and_the_text_is_kept(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "2/m"}
    article = make_article()
    client.force_login(make_user())

    codes = [post(client, article, f"Comment {n}").status_code for n in range(3)]
    refused = post(client, article, "One more thought")

    assert codes == [302, 302, 429]
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Wait a minute" in html
    assert "One more thought" in html
    assert Comment.objects.count() == 2


def test_comments_need_csrf():
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())

    assert post(client, article, "Hi").status_code == 403
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_comments_render_harmless(client, settings, text):
    settings.COMMENTS_PREMODERATION = False
    article = make_article()
    client.force_login(make_user())

    post(client, article, text)

    comment = Comment.objects.get()
    assert_harmless(comment.body_html)
    page = Client().get(article.get_absolute_url()).content.decode()
    body = page.split('<div class="comment-body">', 1)[1].split("</div>", 1)[0]
    assert_harmless(body)


def test_posting_follows_the_article(client):
    article = make_article()
    author = make_user()
    client.force_login(author)

    post(client, article, "Following along")

    assert Follow.objects.filter(article=article, user=author).exists()


def test_nobody_comments_on_an_article_they_cannot_read(client):
    article = make_article(visibility="staff")
    client.force_login(make_user())

    assert post(client, article, "Hi").status_code == 404
    assert Comment.objects.count() == 0


# ---- Editing and deleting: every pairing of roles -----------------------

ROLES = {
    "author": None,
    "other publisher": make_user,
    "support staff": make_staff,
    "manager": make_manager,
}


@pytest.mark.parametrize("author_role", ["publisher", "support staff", "manager"])
@pytest.mark.parametrize("actor_role", ["visitor", *ROLES])
@pytest.mark.parametrize("action", ["edit", "delete"])
def test_only_authors_and_managers_change_comments(
    client, author_role, actor_role, action
):
    author = {"publisher": make_user, "support staff": make_staff}.get(
        author_role, make_manager
    )()
    comment = make_comment(author=author, body="Original")
    actor = author if actor_role == "author" else None
    if actor_role not in ("visitor", "author"):
        actor = ROLES[actor_role]()
    if actor:
        client.force_login(actor)
    url = reverse(f"articles:comment-{action}", args=[comment.pk])
    data = {"body": "Changed", "website": ""} if action == "edit" else {}

    get = client.get(url)
    response = client.post(url, data)

    allowed = actor_role in ("author", "manager")
    if actor_role == "visitor":
        assert get.status_code == response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif allowed:
        assert get.status_code == 200
        assert response.status_code == 302
    else:
        assert get.status_code == response.status_code == 403
    remaining = Comment.objects.filter(pk=comment.pk).first()
    if allowed and action == "delete":
        assert remaining is None
    elif allowed:
        assert remaining.body == "Changed"
        assert remaining.edited_by == actor
        assert remaining.edited_at is not None
    else:
        assert remaining.body == "Original"
        assert remaining.edited_at is None


def test_an_edit_by_the_author_shows_edited(client):
    author = make_user()
    comment = make_comment(author=author)
    client.force_login(author)

    client.post(
        reverse("articles:comment-edit", args=[comment.pk]),
        {"body": "Better wording", "website": ""},
    )

    page = Client().get(comment.article.get_absolute_url()).content.decode()
    assert "Better wording" in page
    assert "Edited" in page
    assert "Edited by" not in page


def test_an_edit_by_a_manager_shows_who_edited(client):
    comment = make_comment(author=make_user())
    client.force_login(make_manager(name="Mona", title="Community Manager"))

    client.post(
        reverse("articles:comment-edit", args=[comment.pk]),
        {"body": "Removed a phone number", "website": ""},
    )

    page = Client().get(comment.article.get_absolute_url()).content.decode()
    assert "Edited by Mona - Community Manager" in page


def test_an_invalid_edit_keeps_the_text_and_changes_nothing(client):
    author = make_user()
    comment = make_comment(author=author, body="Original")
    client.force_login(author)

    response = client.post(
        reverse("articles:comment-edit", args=[comment.pk]),
        {"body": "y" * 10_001, "website": ""},
    )

    assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.body == "Original"


def test_a_publisher_edit_that_adds_many_links_is_held_again(client, settings):
    settings.COMMENTS_PREMODERATION = False
    author = make_user()
    comment = make_comment(author=author)
    client.force_login(author)
    links = " ".join(f"https://example.com/{n}" for n in range(5))

    client.post(
        reverse("articles:comment-edit", args=[comment.pk]),
        {"body": links, "website": ""},
    )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_edit_and_delete_links_show_only_to_those_who_may_use_them(client):
    author = make_user()
    comment = make_comment(author=author)
    edit = reverse("articles:comment-edit", args=[comment.pk])
    url = comment.article.get_absolute_url()

    assert edit not in Client().get(url).content.decode()
    assert edit not in _client_for(make_user()).get(url).content.decode()
    assert edit in _client_for(author).get(url).content.decode()
    assert edit in _client_for(make_manager()).get(url).content.decode()


# ---- Pagination and stable links ----------------------------------------


def test_comments_paginate_past_fifty_oldest_first_with_stable_links(client):
    article = make_article()
    made = [make_comment(article=article, body=f"Comment {n:03}") for n in range(60)]

    first = client.get(article.get_absolute_url()).content.decode()
    second = client.get(article.get_absolute_url() + "?page=2").content.decode()
    late = client.get(made[55].get_absolute_url())
    early = client.get(made[3].get_absolute_url())

    assert "60 comments" in first
    assert "Comment 000" in first and "Comment 049" in first
    assert "Comment 050" not in first
    assert first.index("Comment 000") < first.index("Comment 001")
    assert "Comment 050" in second and "Comment 059" in second
    assert 'href="?page=2#comments"' in first
    assert late["Location"] == (
        f"{article.get_absolute_url()}?page=2#comment-{made[55].pk}"
    )
    assert early["Location"] == f"{article.get_absolute_url()}#comment-{made[3].pk}"


def test_a_pending_comment_link_is_for_its_author_only(client):
    author = make_user()
    comment = make_comment(author=author, status=Comment.Status.PENDING)

    assert client.get(comment.get_absolute_url()).status_code == 404
    assert _client_for(author).get(comment.get_absolute_url()).status_code == 302


# ---- Moderation ---------------------------------------------------------

QUEUE = reverse("articles:moderation")


def test_the_queue_is_for_managers_only(client):
    assert client.get(QUEUE).status_code == 302
    assert _client_for(make_user()).get(QUEUE).status_code == 403
    assert _client_for(make_staff()).get(QUEUE).status_code == 403
    assert _client_for(make_manager()).get(QUEUE).status_code == 200


def test_the_queue_lists_pending_first_with_article_author_and_history(client):
    author = make_user(name="Pat", email="pat@example.com")
    article = make_article(title="Where is my SID?")
    make_comment(author=author, status=Comment.Status.REJECTED)
    make_comment(author=author, status=Comment.Status.PUBLISHED)
    make_comment(author=author, article=article, status="pending", body="Help me")
    make_comment(status=Comment.Status.PUBLISHED, body="Already public")
    client.force_login(make_manager())

    html = client.get(QUEUE).content.decode()

    assert "Help me" in html
    assert "Already public" not in html
    assert "Where is my SID?" in html
    assert "pat@example.com" in html
    assert "History: 1 published, 1 pending, 1 rejected, 0 spam" in html


def test_the_queue_uses_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    for _ in range(40):
        make_comment(status=Comment.Status.PENDING)
    client.force_login(make_manager())

    with django_assert_max_num_queries(9):
        assert client.get(QUEUE).status_code == 200


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", Comment.Status.PUBLISHED),
        ("reject", Comment.Status.REJECTED),
        ("spam", Comment.Status.SPAM),
    ],
)
def test_one_comment_is_moderated_and_who_and_when_are_recorded(client, action, status):
    comment = make_comment(status=Comment.Status.PENDING)
    manager = make_manager()
    client.force_login(manager)

    response = client.post(QUEUE, {"one": f"{action}:{comment.pk}"}, follow=True)

    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == manager
    assert comment.moderated_at is not None
    assert "1 comment" in response.content.decode()


def test_comments_are_moderated_in_bulk(client):
    chosen = [make_comment(status=Comment.Status.PENDING) for _ in range(3)]
    left = make_comment(status=Comment.Status.PENDING)
    client.force_login(make_manager())

    response = client.post(
        QUEUE,
        {"action": "approve", "comment": [c.pk for c in chosen]},
        follow=True,
    )

    assert "3 comments approved." in response.content.decode()
    assert set(Comment.objects.published().values_list("pk", flat=True)) == {
        c.pk for c in chosen
    }
    left.refresh_from_db()
    assert left.status == Comment.Status.PENDING


def test_moderation_without_a_selection_says_so(client):
    make_comment(status=Comment.Status.PENDING)
    client.force_login(make_manager())

    response = client.post(QUEUE, {"action": "approve"}, follow=True)

    assert "Select at least one comment first." in response.content.decode()
    assert Comment.objects.published().count() == 0


def test_publishers_cannot_moderate(client):
    comment = make_comment(status=Comment.Status.PENDING)
    client.force_login(make_user())

    assert client.post(QUEUE, {"one": f"approve:{comment.pk}"}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_authors_are_emailed_when_approved_or_rejected(client):
    author = make_user(email="pat@example.com")
    approved = make_comment(author=author, status=Comment.Status.PENDING)
    rejected = make_comment(author=author, status=Comment.Status.PENDING)
    spam = make_comment(author=author, status=Comment.Status.PENDING)
    client.force_login(make_manager())

    client.post(QUEUE, {"one": f"approve:{approved.pk}"})
    client.post(QUEUE, {"one": f"reject:{rejected.pk}"})
    client.post(QUEUE, {"one": f"spam:{spam.pk}"})

    to_author = [m for m in mail.outbox if m.to == ["pat@example.com"]]
    assert len(to_author) == 2
    assert "is published" in to_author[0].subject
    assert approved.get_absolute_url() in to_author[0].body
    assert "was not published" in to_author[1].subject


def test_the_admin_actions_moderate_too(client):
    comment = make_comment(status=Comment.Status.PENDING)
    manager = make_manager()
    client.force_login(manager)

    client.post(
        reverse("admin:articles_comment_changelist"),
        {"action": "approve", "_selected_action": [comment.pk]},
    )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.moderated_by == manager


def test_support_staff_see_no_moderation_actions_in_the_admin(client):
    client.force_login(make_staff())

    html = client.get(reverse("admin:articles_comment_changelist")).content.decode()

    assert 'value="approve"' not in html


# ---- Following ----------------------------------------------------------


def test_followers_are_emailed_about_new_published_comments(client):
    article = make_article()
    follower = make_user(email="follower@example.com")
    Follow.objects.create(article=article, user=follower)
    author = make_staff()
    Follow.objects.create(article=article, user=author)
    client.force_login(author)

    post(client, article, "An answer from the team")

    assert [m.to for m in mail.outbox] == [["follower@example.com"]]
    message = mail.outbox[0]
    assert "An answer from the team" in message.body
    assert "/unfollow/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )


def test_followers_hear_of_held_comments_only_once_approved(client):
    article = make_article()
    Follow.objects.create(article=article, user=make_user(email="f@example.com"))
    client.force_login(make_user())
    post(client, article, "Pending words")
    assert mail.outbox == []

    client.force_login(make_manager())
    client.post(QUEUE, {"one": f"approve:{Comment.objects.get().pk}"})

    assert ["f@example.com"] in [m.to for m in mail.outbox]


def test_followers_who_lost_access_are_not_emailed(client):
    article = make_article(visibility="staff")
    Follow.objects.create(article=article, user=make_user(email="gone@example.com"))
    client.force_login(make_staff())

    post(client, article, "Staff note")

    assert mail.outbox == []


def test_follow_and_unfollow_from_the_article(client):
    article = make_article()
    user = make_user()
    client.force_login(user)
    url = reverse("articles:follow", args=[article.pk])

    client.post(url, {"follow": "1"})
    following = client.get(article.get_absolute_url()).content.decode()
    client.post(url, {"follow": "0"})

    assert "Unfollow" in following
    assert not Follow.objects.filter(user=user).exists()


def test_the_unfollow_link_works_in_one_click_without_signing_in(client):
    article = make_article(title="Payments")
    follow = Follow.objects.create(article=article, user=make_user())
    url = reverse("articles:unfollow", args=[unfollow_token(follow)])

    response = client.get(url)

    assert response.status_code == 200
    assert "You no longer follow this article" in response.content.decode()
    assert not Follow.objects.exists()


def test_mail_clients_can_unfollow_with_a_post(client):
    follow = Follow.objects.create(article=make_article(), user=make_user())
    url = reverse("articles:unfollow", args=[unfollow_token(follow)])

    assert Client(enforce_csrf_checks=True).post(url).status_code == 200
    assert not Follow.objects.exists()


def test_a_forged_unfollow_link_does_nothing(client):
    follow = Follow.objects.create(article=make_article(), user=make_user())
    token = unfollow_token(follow)

    response = client.get(reverse("articles:unfollow", args=[token[:-2] + "xx"]))

    assert response.status_code == 400
    assert Follow.objects.exists()


def test_followers_are_emailed_when_staff_update_the_article(client):
    article = make_article(title="Payments", body="Old")
    Follow.objects.create(article=article, user=make_user(email="f@example.com"))
    client.force_login(make_user(is_superuser=True, is_staff=True))
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {
        "title": "Payments",
        "slug": article.slug,
        "section": article.section_id,
        "body": "New text",
        "status": "published",
        "visibility": "everyone",
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "position": 0,
        "labels": "",
        "language": "en",
        "author": "",
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
        "images-MIN_NUM_FORMS": 0,
        "images-MAX_NUM_FORMS": 1000,
        "translations-TOTAL_FORMS": 0,
        "translations-INITIAL_FORMS": 0,
        "translations-MIN_NUM_FORMS": 0,
        "translations-MAX_NUM_FORMS": 1000,
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["f@example.com"]]
    assert '"Payments" was updated' in mail.outbox[0].subject


def test_a_failing_mail_server_does_not_break_posting(client, settings, monkeypatch):
    article = make_article()
    Follow.objects.create(article=article, user=make_user())

    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", broken
    )
    client.force_login(make_staff())

    response = post(client, article, "Still posted")

    assert response.status_code == 302
    assert Comment.objects.get().body == "Still posted"


# ---- Rules as functions -------------------------------------------------


def test_count_links_counts_markdown_bare_and_html_links():
    comment = make_comment(
        body='[a](https://a.example) https://b.example www.c.example <a href="/d">d</a>'
    )

    assert rules.count_links(comment) >= 3


def test_avatars_have_initials_and_a_stable_colour():
    user = make_user(name="Sally Anne")

    assert user.initials == "SA"
    assert 0 <= user.avatar_colour < 8
    assert make_user(name="", email="pat.doe@example.com").initials == "PD"
