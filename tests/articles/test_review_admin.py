"""Review before publishing in the admin: what each role may do, the pages
that show it, and the server's refusals whatever the browser sends."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleTranslation, Revision
from tests.articles.test_admin import article_form
from tests.factories import (
    make_article,
    make_manager,
    make_section,
    make_staff,
    make_translation,
    signed_in,
)

pytestmark = pytest.mark.django_db


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def edit(article, **overrides) -> dict:
    data = article_form(
        article.section,
        title=article.title,
        slug=article.slug,
        body=article.body,
        status=article.status,
    )
    data.update(overrides)
    return data


def test_a_staff_edit_of_a_published_article_leaves_readers_the_published_text(
    client,
):
    article = make_article(title="Payouts", body="Paid monthly.")
    staff = signed_in(make_staff())

    response = staff.post(
        change_url(article),
        edit(article, body="Paid weekly.", revision_message="New schedule"),
        follow=True,
    )

    assert "Your change awaits review" in response.content.decode()
    article.refresh_from_db()
    assert article.body == "Paid monthly."
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Paid monthly." in page and "Paid weekly." not in page
    proposal = Revision.objects.pending().get()
    assert (proposal.body, proposal.message) == ("Paid weekly.", "New schedule")


def test_support_staff_cannot_publish_through_the_admin_form():
    draft = make_article(status="draft", published_at=None)
    staff = signed_in(make_staff())

    response = staff.post(change_url(draft), edit(draft, status="published"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_support_staff_cannot_publish_with_a_bulk_action():
    draft = make_article(status="draft", published_at=None)
    staff = signed_in(make_staff())
    changelist = reverse("admin:articles_article_changelist")

    assert "Publish selected" not in staff.get(changelist).content.decode()
    for data in [
        {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk]},
        {"action": "publish", ACTION_CHECKBOX_NAME: [draft.pk], "confirm": "yes"},
    ]:
        staff.post(changelist, data)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_support_staff_cannot_publish_by_posting_to_the_review_urls():
    article = make_article(body="Old.")
    staff_user = make_staff()
    staff = signed_in(staff_user)
    staff.post(change_url(article), edit(article, body="New."))
    proposal = Revision.objects.pending().get()

    publish = reverse("admin:articles_revision_publish", args=[proposal.pk])
    send_back = reverse("admin:articles_revision_send_back", args=[proposal.pk])
    assert staff.post(publish).status_code == 403
    assert staff.post(send_back, {"comment": "No"}).status_code == 403
    restore = reverse("admin:articles_revision_restore", args=[proposal.pk])
    assert staff.post(restore).status_code == 403

    article.refresh_from_db()
    proposal.refresh_from_db()
    assert article.body == "Old."
    assert proposal.state == Revision.State.PENDING


def test_the_review_page_shows_the_diff_and_hides_buttons_from_submitters():
    article = make_article(body="Pay on the 5th.")
    staff = signed_in(make_staff())
    staff.post(change_url(article), edit(article, body="Pay on the 15th."))
    proposal = Revision.objects.pending().get()
    url = reverse("admin:articles_revision_change", args=[proposal.pk])

    page = staff.get(url).content.decode()
    assert "<del>5th</del>" in page and "<ins>15th</ins>" in page
    assert "Publish this change" not in page

    page = signed_in(make_manager()).get(url).content.decode()
    assert "Publish this change" in page
    assert "Send back to the author" in page


def test_a_manager_publishes_from_the_review_queue():
    article = make_article(body="Old.")
    signed_in(make_staff()).post(change_url(article), edit(article, body="New."))
    proposal = Revision.objects.pending().get()
    manager = signed_in(make_manager())

    queue = manager.get(
        reverse("admin:articles_revision_changelist") + "?state__exact=pending"
    )
    assert article.title in queue.content.decode()
    response = manager.post(
        reverse("admin:articles_revision_publish", args=[proposal.pk])
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "New."
    assert "is published" in mail.outbox[0].subject


def test_a_manager_sends_a_change_back_with_a_comment():
    article = make_article(body="Old.")
    staff_user = make_staff()
    signed_in(staff_user).post(change_url(article), edit(article, body="New."))
    proposal = Revision.objects.pending().get()
    manager = signed_in(make_manager())
    send_back = reverse("admin:articles_revision_send_back", args=[proposal.pk])

    empty = manager.post(send_back, {"comment": ""})
    assert "Tell the author what to change." in empty.content.decode()
    assert manager.post(send_back, {"comment": "Check the date."}).status_code == 302

    proposal.refresh_from_db()
    assert proposal.state == Revision.State.SENT_BACK
    page = signed_in(staff_user).get(change_url(article)).content.decode()
    assert "Check the date." in page
    (email,) = mail.outbox
    assert email.to == [staff_user.email]
    assert "was sent back" in email.subject
    assert "Check the date." in email.body


def test_staff_submit_a_draft_for_review_with_a_note():
    section = make_section()
    staff = signed_in(make_staff())
    add = reverse("admin:articles_article_add")
    assert "Submit for review" in staff.get(add).content.decode()

    staff.post(
        add,
        article_form(section, revision_message="Please check", _submit_review="1"),
    )

    article = Article.objects.get()
    assert article.status == "draft"
    proposal = Revision.objects.pending().get()
    assert proposal.message == "Please check"
    assert (
        "Submit for review" not in signed_in(make_manager()).get(add).content.decode()
    )


def test_the_history_compares_two_revisions_and_restores_one():
    manager_user = make_manager()
    manager = signed_in(manager_user)
    article = make_article(body="First.")
    manager.post(change_url(article), edit(article, body="Second."))
    old, new = Revision.objects.of(article).order_by("pk")
    url = reverse("admin:articles_article_revisions", args=[article.pk])

    page = manager.get(url, {"a": old.pk, "b": new.pk}).content.decode()
    assert "<del>First</del>" in page and "<ins>Second</ins>" in page
    assert "Restore this revision" in page

    manager.post(reverse("admin:articles_revision_restore", args=[old.pk]))
    article.refresh_from_db()
    assert article.body == "First."
    assert Revision.objects.of(article).count() == 3


def test_the_history_of_a_translation(django_assert_max_num_queries):
    manager = signed_in(make_manager())
    article = make_article()
    translation = make_translation(article, body="Un.")
    translation.body = "Deux."
    translation.save()
    url = reverse("admin:articles_article_revisions", args=[article.pk])

    with django_assert_max_num_queries(12):
        page = manager.get(url, {"language": "fr"}).content.decode()
    assert "<del>Un</del>" in page and "<ins>Deux</ins>" in page


def test_a_translator_limited_to_french_cannot_change_the_german_text():
    article = make_article()
    german = make_translation(article, "de", body="Alt.")
    translator = signed_in(make_staff(edit_languages=["fr"]))
    data = edit(article)
    data.update(
        {
            "translations-TOTAL_FORMS": 1,
            "translations-INITIAL_FORMS": 1,
            "translations-0-id": german.pk,
            "translations-0-article": article.pk,
            "translations-0-language": "de",
            "translations-0-title": german.title,
            "translations-0-slug": german.slug,
            "translations-0-body": "Neu.",
        }
    )

    response = translator.post(change_url(article), data)

    assert response.status_code == 200
    assert "You may not edit the de translation." in response.content.decode()
    assert ArticleTranslation.objects.get(pk=german.pk).body == "Alt."


def test_bulk_actions_ask_for_confirmation_first():
    draft = make_article(status="draft", published_at=None)
    other = make_section()
    manager = signed_in(make_manager())
    changelist = reverse("admin:articles_article_changelist")
    selected = {ACTION_CHECKBOX_NAME: [draft.pk]}

    page = manager.post(changelist, {"action": "publish", **selected})
    assert "Publish these articles?" in page.content.decode()
    assert Article.objects.get().status == "draft"

    manager.post(changelist, {"action": "publish", "confirm": "yes", **selected})
    manager.post(
        changelist,
        {
            "action": "move_to_section",
            "confirm": "yes",
            "section": other.pk,
            **selected,
        },
    )
    manager.post(
        changelist,
        {
            "action": "change_visibility",
            "confirm": "yes",
            "visibility": "signed_in",
            **selected,
        },
    )
    article = Article.objects.get()
    assert (article.status, article.section, article.visibility) == (
        "published",
        other,
        "signed_in",
    )


def test_a_manager_unpublishes_articles_in_bulk_after_confirming(client):
    payouts = make_article(title="Payouts")
    refunds = make_article(title="Refunds")
    fees = make_article(title="Fees")
    manager = signed_in(make_manager())
    changelist = reverse("admin:articles_article_changelist")
    selected = {"action": "unpublish", ACTION_CHECKBOX_NAME: [payouts.pk, refunds.pk]}
    assert client.get(payouts.get_absolute_url()).status_code == 200

    page = manager.post(changelist, selected).content.decode()

    assert "Unpublish these articles? Readers will no longer see them." in page
    assert "Payouts" in page and "Refunds" in page and "Fees" not in page
    assert Article.objects.visible_to(AnonymousUser()).count() == 3

    response = manager.post(changelist, {**selected, "confirm": "yes"})

    assert response.status_code == 302
    assert list(Article.objects.visible_to(AnonymousUser())) == [fees]
    assert list(Article.objects.visible_to(make_manager())) == [fees]
    assert client.get(payouts.get_absolute_url()).status_code == 404
    assert client.get(refunds.get_absolute_url()).status_code == 404
    assert client.get(fees.get_absolute_url()).status_code == 200
    payouts.refresh_from_db()
    assert payouts.status == "draft"
    assert Revision.objects.of(payouts).first().message == "Unpublished from the list."


def test_support_staff_cannot_unpublish_with_a_bulk_action(client):
    article = make_article(title="Payouts")
    staff = signed_in(make_staff())
    changelist = reverse("admin:articles_article_changelist")

    assert "Unpublish selected" not in staff.get(changelist).content.decode()
    for data in [
        {"action": "unpublish", ACTION_CHECKBOX_NAME: [article.pk]},
        {"action": "unpublish", ACTION_CHECKBOX_NAME: [article.pk], "confirm": "yes"},
    ]:
        page = staff.post(changelist, data, follow=True).content.decode()
        assert "Unpublish these articles?" not in page
    article.refresh_from_db()
    assert article.status == "published"
    assert list(Article.objects.visible_to(AnonymousUser())) == [article]
    assert client.get(article.get_absolute_url()).status_code == 200


def test_staff_submit_drafts_for_review_in_bulk():
    drafts = [make_article(status="draft", published_at=None) for _n in range(2)]
    staff = signed_in(make_staff())

    staff.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "submit_for_review",
            "confirm": "yes",
            "note": "Both ready",
            ACTION_CHECKBOX_NAME: [d.pk for d in drafts],
        },
    )

    assert Revision.objects.pending().count() == 2


def test_the_article_list_shows_scheduled_and_awaiting_review(
    django_assert_max_num_queries,
):
    from datetime import timedelta

    from django.utils import timezone

    make_article(title="Soon", published_at=timezone.now() + timedelta(days=1))
    article = make_article(title="Live")
    signed_in(make_staff()).post(change_url(article), edit(article, body="New."))
    manager = signed_in(make_manager())

    with django_assert_max_num_queries(12):
        page = manager.get(reverse("admin:articles_article_changelist")).content
    page = page.decode()
    assert "Scheduled" in page
    assert "Published, change awaiting review" in page


def test_the_submitter_goes_on_from_their_change_awaiting_review(client):
    article = make_article(title="Payouts", body="Paid monthly.")
    staff = signed_in(make_staff())
    staff.post(change_url(article), edit(article, body="Paid weekly."))

    page = staff.get(change_url(article)).content.decode()
    assert "Paid weekly." in page
    assert "The form shows the change awaiting review" in page
    assert (
        "Paid weekly."
        not in signed_in(make_manager())
        .get(change_url(article))
        .content.decode()
        .split('id="id_body"')[1][:200]
    )

    staff.post(change_url(article), edit(article, body="Paid weekly, on Fridays."))
    article.refresh_from_db()
    assert article.body == "Paid monthly."
    pending = Revision.objects.pending().get()
    assert pending.body == "Paid weekly, on Fridays."


def test_an_unpublish_time_before_the_publication_is_refused_with_a_message():
    article = make_article()
    manager = signed_in(make_manager())
    data = edit(
        article,
        published_at_0="2026-05-01",
        published_at_1="10:00:00",
        unpublish_at_0="2026-04-01",
        unpublish_at_1="10:00:00",
    )

    response = manager.post(change_url(article), data)

    assert response.status_code == 200
    assert "The unpublish time must come after the publication time." in (
        response.content.decode()
    )
    article.refresh_from_db()
    assert article.unpublish_at is None


def test_support_staff_cannot_delete_a_published_article():
    article = make_article()
    draft = make_article(status="draft", published_at=None)
    staff = signed_in(make_staff())

    delete = reverse("admin:articles_article_delete", args=[article.pk])
    assert staff.post(delete, {"post": "yes"}).status_code == 403
    staff.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "delete_selected",
            "post": "yes",
            ACTION_CHECKBOX_NAME: [article.pk],
        },
    )
    assert Article.objects.filter(pk=article.pk).exists()
    draft_delete = reverse("admin:articles_article_delete", args=[draft.pk])
    assert staff.post(draft_delete, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=draft.pk).exists()
    # Revisions and translations go with the article.
    make_translation(article)
    manager = signed_in(make_manager())
    assert manager.post(delete, {"post": "yes"}).status_code == 302
    assert not Revision.objects.filter(article=article.pk).exists()


def test_the_translation_list_shows_a_future_translation_as_scheduled():
    article = make_article(title="Payouts")
    make_translation(
        article, title="Paiements", published_at=timezone.now() + timedelta(days=1)
    )
    make_translation(article, "de", title="Auszahlungen")
    manager = signed_in(make_manager())

    page = manager.get(reverse("admin:articles_articletranslation_changelist"))

    rows = {
        title: row
        for row in page.content.decode().split("<tr")[1:]
        for title in ("Paiements", "Auszahlungen")
        if f">{title}</a>" in row
    }
    assert "Scheduled" in rows["Paiements"]
    assert "Scheduled" not in rows["Auszahlungen"]
    assert "Published" in rows["Auszahlungen"]


def test_the_translation_lists_outdated_filter_lists_only_outdated_translations():
    article = make_article(title="Payouts")
    outdated = make_translation(article, title="Paiements")
    article.body = "Paid weekly now."
    article.save()
    make_translation(article, "de", title="Auszahlungen")
    outdated.refresh_from_db()
    assert outdated.outdated
    manager = signed_in(make_manager())
    changelist = reverse("admin:articles_articletranslation_changelist")

    everything = manager.get(changelist).content.decode()
    only_outdated = manager.get(changelist, {"outdated__exact": "1"})
    up_to_date = manager.get(changelist, {"outdated__exact": "0"})

    assert ">Paiements</a>" in everything and ">Auszahlungen</a>" in everything
    assert ">Paiements</a>" in only_outdated.content.decode()
    assert ">Auszahlungen</a>" not in only_outdated.content.decode()
    assert only_outdated.context["cl"].result_count == 1
    assert ">Paiements</a>" not in up_to_date.content.decode()
    assert ">Auszahlungen</a>" in up_to_date.content.decode()
