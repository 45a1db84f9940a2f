from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Category, Section
from tests.factories import (
    make_article,
    make_manager,
    make_section,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db

EVERYONE = Article.Visibility.EVERYONE
SIGNED_IN = Article.Visibility.SIGNED_IN
STAFF = Article.Visibility.STAFF
PUBLISHED = Article.Status.PUBLISHED
DRAFT = Article.Status.DRAFT

ROLES = {
    "visitor": lambda: AnonymousUser(),
    "publisher": lambda: make_user(site_id=1234567),
    "support staff": make_staff,
    "manager": make_manager,
    "inactive publisher": lambda: make_user(is_active=False),
}

# (role, visibility, status) -> visible on the site?
EXPECTED = {
    ("visitor", EVERYONE): True,
    ("visitor", SIGNED_IN): False,
    ("visitor", STAFF): False,
    ("publisher", EVERYONE): True,
    ("publisher", SIGNED_IN): True,
    ("publisher", STAFF): False,
    ("support staff", EVERYONE): True,
    ("support staff", SIGNED_IN): True,
    ("support staff", STAFF): True,
    ("manager", EVERYONE): True,
    ("manager", SIGNED_IN): True,
    ("manager", STAFF): True,
    ("inactive publisher", EVERYONE): True,
    ("inactive publisher", SIGNED_IN): False,
    ("inactive publisher", STAFF): False,
}


@pytest.mark.parametrize("status", [PUBLISHED, DRAFT])
@pytest.mark.parametrize(("role", "visibility"), list(EXPECTED))
def test_visible_to_every_role_visibility_and_status(role, visibility, status):
    user = ROLES[role]()
    article = make_article(visibility=visibility, status=status)

    visible = Article.objects.visible_to(user).filter(pk=article.pk).exists()

    assert visible is (EXPECTED[role, visibility] and status == PUBLISHED)


def test_superusers_do_not_see_drafts_on_the_site():
    draft = make_article(status=DRAFT)
    admin = make_user(is_staff=True, is_superuser=True)

    assert draft not in Article.objects.visible_to(admin)


def test_scheduled_articles_are_hidden_until_their_date():
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=1))

    assert scheduled not in Article.objects.visible_to(make_staff())
    assert not scheduled.is_published()


def test_needs_sign_in_lists_only_published_signed_in_articles_for_visitors():
    gated = make_article(visibility=SIGNED_IN)
    make_article(visibility=EVERYONE)
    make_article(visibility=STAFF)
    make_article(visibility=SIGNED_IN, status=DRAFT)

    assert list(Article.objects.needs_sign_in(AnonymousUser())) == [gated]
    assert not Article.objects.needs_sign_in(make_user()).exists()


def test_publishing_sets_published_at_once():
    article = make_article(status=DRAFT)
    assert article.published_at is None

    article.status = PUBLISHED
    article.save()
    first = article.published_at
    article.save()

    assert first is not None
    assert article.published_at == first


def test_body_html_is_rendered_on_save_and_on_partial_save():
    article = make_article(body="## Chat Support\n\nAvailable *24/7*.")
    assert "<em>24/7</em>" in article.body_html

    article.body = "Now **bold**."
    article.save(update_fields=["body"])
    article.refresh_from_db()

    assert article.body_html == "<p>Now <strong>bold</strong>.</p>"


def test_database_refuses_unknown_visibility():
    article = make_article()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(visibility="friends")


def test_database_refuses_published_article_without_date():
    article = make_article()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_sections_count_only_articles_the_user_may_read():
    section = make_section()
    make_article(section=section)
    make_article(section=section, visibility=SIGNED_IN)
    make_article(section=section, visibility=STAFF)
    make_article(section=section, status=DRAFT)
    gated_only = make_section(category=section.category)
    make_article(section=gated_only, visibility=SIGNED_IN)

    def counts(user):
        return dict(
            Section.objects.with_article_counts(user).values_list("pk", "article_count")
        )

    assert counts(AnonymousUser()) == {section.pk: 1}
    assert counts(make_user()) == {section.pk: 2, gated_only.pk: 1}
    assert counts(make_staff()) == {section.pk: 3, gated_only.pk: 1}


def test_categories_without_readable_articles_are_left_out():
    public = make_article().section.category
    gated = make_article(visibility=SIGNED_IN).section.category
    make_article(status=DRAFT)

    assert list(Category.objects.with_visible_sections(AnonymousUser())) == [public]
    assert set(Category.objects.with_visible_sections(make_user())) == {public, gated}


def test_label_list_splits_and_trims():
    assert make_article(labels=" sid, support ,,chat").label_list == [
        "sid",
        "support",
        "chat",
    ]
