"""Revisions, review before publishing, schedules and freshness: the rules
(articles.editorial and the models), without the admin's pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles import editorial
from articles.models import Article, ArticleTranslation, Revision
from tests.factories import (
    make_article,
    make_manager,
    make_staff,
    make_translation,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_each_saved_change_keeps_a_revision_with_who_and_why():
    manager = make_manager()
    article = make_article(title="Payouts", body="Paid monthly.")
    article.body = "Paid every month."
    article.save(by=manager, message="Clearer wording")

    newest, first = Revision.objects.of(article)
    assert (first.title, first.body, first.status) == (
        "Payouts",
        "Paid monthly.",
        "published",
    )
    assert newest.body == "Paid every month."
    assert newest.author == manager
    assert newest.message == "Clearer wording"
    assert newest.visibility == "everyone"


def test_a_save_that_changes_no_text_keeps_no_revision_nor_a_new_updated_date():
    article = make_article()
    updated = article.content_updated_at
    article.position = 5
    article.labels = "payments"
    article.save()

    article.refresh_from_db()
    assert Revision.objects.of(article).count() == 1
    assert article.content_updated_at == updated


def test_the_updated_date_follows_text_changes():
    article = make_article()
    Article.objects.filter(pk=article.pk).update(
        content_updated_at=timezone.now() - timedelta(days=9)
    )
    article.refresh_from_db()
    article.title = "A new title"
    article.save()

    assert timezone.now() - article.content_updated_at < timedelta(minutes=1)


def test_translations_keep_their_own_revisions():
    article = make_article()
    translation = make_translation(article, title="Paiements")
    translation.body = "Payé chaque mois."
    translation.save()

    revisions = Revision.objects.of(translation)
    assert [r.body for r in revisions] == ["Payé chaque mois.", "Du *Markdown*."]
    assert {r.language for r in revisions} == {"fr"}
    assert Revision.objects.of(article).count() == 1


def test_restoring_makes_a_new_revision_and_loses_nothing():
    manager = make_manager()
    article = make_article(body="First text.")
    article.body = "Second text."
    article.save(by=manager)
    first = Revision.objects.of(article).last()

    editorial.restore(first, by=manager)

    article.refresh_from_db()
    assert article.body == "First text."
    bodies = [r.body for r in Revision.objects.of(article)]
    assert bodies == ["First text.", "Second text.", "First text."]
    assert "Restored" in Revision.objects.of(article).first().message


def test_a_translation_is_restored_and_compared_on_its_own():
    manager = make_manager()
    article = make_article()
    translation = make_translation(article, body="Payé chaque mois.")
    translation.body = "Payé chaque semaine."
    translation.save(by=manager)
    newest, oldest = Revision.objects.of(translation)

    diff = editorial.compare(oldest, newest)
    assert [(p.kind, p.text) for p in diff["body"]][1:3] == [
        ("removed", "mois"),
        ("added", "semaine"),
    ]
    editorial.restore(oldest, by=manager)

    translation.refresh_from_db()
    assert translation.body == "Payé chaque mois."
    assert Revision.objects.of(translation).count() == 3
    assert Revision.objects.of(article).count() == 1


def test_the_word_diff_shows_removed_and_added_words():
    pieces = editorial.word_diff(
        "Pay on the 5th.\nSame line.", "Pay on the 15th.\nSame line."
    )

    assert [(p.kind, p.text) for p in pieces] == [
        ("same", "Pay on the "),
        ("removed", "5th"),
        ("added", "15th"),
        ("same", ".\nSame line."),
    ]


def test_long_unchanged_stretches_are_cut_to_some_context():
    before = "".join(f"Line {n}.\n" for n in range(1, 21))
    after = before.replace("Line 10.", "Line ten.")

    pieces = editorial.collapsed(editorial.word_diff(before, after))

    assert [(p.kind, p.lines) for p in pieces] == [
        ("skipped", 7),
        ("same", 0),
        ("removed", 0),
        ("added", 0),
        ("same", 0),
        ("skipped", 8),
    ]
    assert pieces[1].text == "Line 8.\nLine 9.\nLine "
    assert pieces[-2].text == ".\nLine 11.\nLine 12.\n"


def test_line_ends_are_not_a_change():
    pieces = editorial.word_diff("One.\nTwo.", "One.\r\nTwo!")

    assert [(p.kind, p.text) for p in pieces] == [
        ("same", "One.\nTwo"),
        ("removed", "."),
        ("added", "!"),
    ]


def test_support_staff_edit_of_a_published_article_waits_for_review():
    staff = make_staff()
    article = make_article(title="Payouts", body="Paid monthly.")
    article = Article.objects.get(pk=article.pk)
    article.body = "Paid weekly."
    article.position = 3

    proposal = editorial.save_edit(article, user=staff, message="New schedule")

    article.refresh_from_db()
    assert article.body == "Paid monthly."  # readers keep the published text
    assert article.position == 3  # the rest is saved
    assert proposal.state == Revision.State.PENDING
    assert proposal.body == "Paid weekly."
    assert proposal.message == "New schedule"


def test_a_manager_publishes_a_change_awaiting_review():
    staff, manager = make_staff(), make_manager()
    article = Article.objects.get(pk=make_article(body="Old.").pk)
    article.body = "New."
    proposal = editorial.save_edit(article, user=staff)

    editorial.publish(proposal, by=manager)

    article.refresh_from_db()
    proposal.refresh_from_db()
    assert article.body == "New."
    assert article.reviewed_at is not None
    assert proposal.state == Revision.State.PUBLISHED
    assert proposal.reviewed_by == manager
    # The published change is its own revision, not a copy of it.
    assert Revision.objects.of(article).count() == 2


def test_a_draft_submitted_for_review_is_published_by_a_manager():
    staff, manager = make_staff(), make_manager()
    article = Article(
        section=make_article().section, title="New", slug="new", body="Text."
    )
    proposal = editorial.save_edit(article, user=staff, submit=True)
    assert article.status == Article.Status.DRAFT

    editorial.publish(proposal, by=manager)

    article.refresh_from_db()
    assert article.is_published()


def test_support_staff_can_publish_through_no_rule():
    staff = make_staff()
    draft = Article.objects.get(pk=make_article(status="draft").pk)
    draft.status = Article.Status.PUBLISHED
    with pytest.raises(PermissionDenied):
        editorial.save_edit(draft, user=staff)

    live = Article.objects.get(pk=make_article().pk)
    live.status = Article.Status.DRAFT
    with pytest.raises(PermissionDenied):
        editorial.save_edit(live, user=staff)

    live = Article.objects.get(pk=live.pk)
    live.body = "Changed."
    proposal = editorial.save_edit(live, user=staff)
    with pytest.raises(PermissionDenied):
        editorial.publish(proposal, by=staff)
    with pytest.raises(PermissionDenied):
        editorial.send_back(proposal, by=staff, comment="No.")
    assert Article.objects.filter(status="published").count() == 1
    assert Article.objects.get(pk=draft.pk).status == "draft"


def test_sending_back_keeps_the_published_text_and_the_comment():
    staff, manager = make_staff(), make_manager()
    article = Article.objects.get(pk=make_article(body="Old.").pk)
    article.body = "New."
    proposal = editorial.save_edit(article, user=staff)

    editorial.send_back(proposal, by=manager, comment="Check the dates.")

    proposal.refresh_from_db()
    assert proposal.state == Revision.State.SENT_BACK
    assert proposal.review_comment == "Check the dates."
    assert Article.objects.get(pk=article.pk).body == "Old."
    with pytest.raises(PermissionDenied):
        editorial.publish(proposal, by=manager)


def test_a_newer_proposal_replaces_the_older_one():
    staff = make_staff()
    pk = make_article().pk
    proposals = []
    for body in ["One.", "Two."]:
        article = Article.objects.get(pk=pk)
        article.body = body
        proposals.append(editorial.save_edit(article, user=staff))

    states = [Revision.objects.get(pk=p.pk).state for p in proposals]
    assert states == [Revision.State.SUPERSEDED, Revision.State.PENDING]


def test_translators_are_limited_to_their_languages():
    translator = make_staff(edit_languages=["fr"])
    article = make_article()
    french = ArticleTranslation.objects.get(pk=make_translation(article, "fr").pk)
    german = ArticleTranslation.objects.get(pk=make_translation(article, "de").pk)

    french.body = "Nouveau."
    assert editorial.save_edit(french, user=translator) is not None
    german.body = "Neu."
    with pytest.raises(PermissionDenied):
        editorial.save_edit(german, user=translator)
    article = Article.objects.get(pk=article.pk)
    article.body = "New."
    with pytest.raises(PermissionDenied):
        editorial.save_edit(article, user=translator)
    assert editorial.may_edit_language(make_staff(), "de")


def test_a_change_of_the_source_marks_its_translations_outdated():
    article = make_article()
    translation = make_translation(article)
    article.position = 4
    article.save()
    assert not ArticleTranslation.objects.get(pk=translation.pk).outdated

    article.body = "Something new."
    article.save()
    translation.refresh_from_db()
    assert translation.outdated

    translation.body = "Quelque chose de nouveau."
    translation.save()
    translation.refresh_from_db()
    assert not translation.outdated


def test_scheduled_and_unpublished_articles_follow_the_clock():
    now = timezone.now()
    live = make_article(unpublish_at=now + timedelta(days=1))
    make_article(published_at=now + timedelta(hours=1))  # scheduled
    make_article(
        published_at=now - timedelta(days=2), unpublish_at=now - timedelta(days=1)
    )
    visitor = make_user()

    assert list(Article.objects.visible_to(visitor)) == [live]
    assert Article.objects.scheduled().count() == 1
    assert Article.objects.expired().count() == 1
    assert {a.publication for a in Article.objects.all()} == {
        "Published",
        "Scheduled",
        "Unpublished",
    }


def test_the_next_scheduled_change_covers_unpublishing_and_translations():
    now = timezone.now()
    article = make_article(unpublish_at=now + timedelta(hours=5))
    assert Article.objects.next_scheduled_change() == article.unpublish_at

    translation = make_translation(article, published_at=now + timedelta(hours=2))
    assert Article.objects.next_scheduled_change() == translation.published_at

    make_article(published_at=now + timedelta(hours=1), title="Soon")
    assert (
        Article.objects.next_scheduled_change()
        == Article.objects.get(title="Soon").published_at
    )


def test_a_scheduled_translation_is_not_shown_before_it_is_due():
    article = make_article()
    make_translation(article, published_at=timezone.now() + timedelta(hours=1))
    assert not ArticleTranslation.objects.published("fr").exists()
    make_translation(article, "de")
    assert ArticleTranslation.objects.published("de").exists()
