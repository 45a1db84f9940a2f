"""Freshness: outdated translations for readers, check_links, the Needs
attention page, and the editor's helpers."""

import io
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import feedback
from articles.models import Article, ArticleImage, BrokenLink
from tests.articles.test_admin import article_form, png_bytes
from tests.factories import (
    make_article,
    make_manager,
    make_staff,
    make_translation,
    make_user,
    signed_in,
)

pytestmark = pytest.mark.django_db


def test_readers_of_an_outdated_translation_get_a_link_to_the_original(client):
    article = make_article(title="Payouts")
    translation = make_translation(article, title="Paiements")
    url = translation.get_absolute_url()
    note = "peut-être pas les dernières modifications"  # the page is in French
    assert note not in client.get(url).content.decode()

    article.body = "Paid weekly now."
    article.save()

    page = client.get(url).content.decode()
    assert note in page
    assert f'href="http://testserver/en/articles/{article.pk}-{article.slug}/"' in page


def test_readers_see_updated_for_text_changes_only(client):
    long_ago = timezone.now() - timedelta(days=400)
    article = make_article()
    Article.objects.filter(pk=article.pk).update(content_updated_at=long_ago)
    article.refresh_from_db()
    article.position = 3
    article.save()

    page = client.get(article.get_absolute_url()).content.decode()
    assert f'datetime="{long_ago.date().isoformat()}T' in page


def link_body(*targets) -> str:
    return "\n\n".join(f"[link]({target})" for target in targets)


def test_check_links_finds_links_readers_cannot_follow(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    healthy = make_article(title="Healthy")
    draft = make_article(status="draft", published_at=None)
    staff_only = make_article(visibility="staff")
    image = ArticleImage(alt="Shot")
    image.image.save("shot.png", SimpleUploadedFile("shot.png", png_bytes()))
    public = make_article(
        body=link_body(
            f"/articles/{healthy.pk}/",
            f"/fr/articles/{healthy.pk}-{healthy.slug}/",
            f"/articles/{draft.pk}/",
            f"/articles/{staff_only.pk}-x/",
            "/articles/99999/",
            "https://example.com/articles/1/",
        )
        + f"\n\n![Shot]({image.image.url})\n\n![Gone](/media/articles/gone.png)"
    )
    make_article(visibility="staff", body=link_body(f"/articles/{staff_only.pk}/"))

    out = io.StringIO()
    call_command("check_links", stdout=out)

    found = {(link.url, link.reason) for link in BrokenLink.objects.all()}
    assert found == {
        (f"/articles/{draft.pk}/", "unpublished"),
        (f"/articles/{staff_only.pk}-x/", "less_visible"),
        ("/articles/99999/", "missing"),
        ("/media/articles/gone.png", "missing_image"),
    }
    assert all(link.article == public for link in BrokenLink.objects.all())
    assert "4 broken link(s) found." in out.getvalue()

    public.body = "No links any more."
    public.save()
    call_command("check_links", stdout=io.StringIO())
    assert not BrokenLink.objects.exists()


def test_the_needs_attention_page_lists_what_needs_care(
    settings, django_assert_max_num_queries
):
    settings.ARTICLE_REVIEW_DAYS = 30
    make_article(title="Flagged one", needs_update=True, needs_update_note="New fees")
    stale = make_article(title="Stale one")
    Article.objects.filter(pk=stale.pk).update(
        content_updated_at=timezone.now() - timedelta(days=31)
    )
    fresh = make_article(title="Fresh one")
    translation = make_translation(fresh, title="Traduction vieillie")
    fresh.body = "Changed."
    fresh.save()
    unhelpful = make_article(title="Unhelpful one")
    for _n in range(6):
        feedback.cast_vote(unhelpful, make_user(), False)
    make_article(title="Broken one", body="[x](/articles/99999/)")
    call_command("check_links", stdout=io.StringIO())
    manager = signed_in(make_manager())

    with django_assert_max_num_queries(20):
        page = manager.get(reverse("admin:articles_article_attention")).content
    page = page.decode()
    for text in [
        "Flagged one",
        "New fees",
        "Stale one",
        translation.title,
        "Unhelpful one",
        "Broken one",
        "/articles/99999/",
    ]:
        assert text in page
    assert "Fresh one" not in page.split('id="unreviewed"')[1].split("</section>")[0]


def attention_section(client, name: str) -> str:
    """One list of the Needs attention page, as HTML."""
    page = client.get(reverse("admin:articles_article_attention")).content.decode()
    return page.split(f'id="{name}"')[1].split("</section>")[0]


def test_marking_articles_reviewed_in_bulk_takes_them_off_the_not_reviewed_list(
    settings,
):
    settings.ARTICLE_REVIEW_DAYS = 30
    long_ago = timezone.now() - timedelta(days=31)
    checked = make_article(title="Checked one", needs_update=True)
    also_checked = make_article(title="Also checked")
    left = make_article(title="Left alone")
    Article.objects.update(content_updated_at=long_ago)
    staff = signed_in(make_staff())
    unreviewed = attention_section(staff, "unreviewed")
    assert all(a.title in unreviewed for a in (checked, also_checked, left))
    assert "Checked one" in attention_section(staff, "flagged")
    selected = {
        "action": "mark_reviewed",
        ACTION_CHECKBOX_NAME: [checked.pk, also_checked.pk],
    }
    changelist = reverse("admin:articles_article_changelist")

    page = staff.post(changelist, selected).content.decode()
    assert "Mark these articles as reviewed and still right?" in page
    assert not Article.objects.filter(reviewed_at__isnull=False).exists()
    staff.post(changelist, {**selected, "confirm": "yes"})

    for article in (checked, also_checked):
        article.refresh_from_db()
        assert timezone.now() - article.reviewed_at < timedelta(minutes=1)
        assert not article.needs_update
    left.refresh_from_db()
    assert left.reviewed_at is None
    unreviewed = attention_section(staff, "unreviewed")
    assert "Left alone" in unreviewed
    assert "Checked one" not in unreviewed and "Also checked" not in unreviewed
    assert "Checked one" not in attention_section(staff, "flagged")


def test_a_manager_flags_needs_update_in_the_form_and_the_note_shows_on_the_page():
    article = make_article(title="Payouts", body="Paid monthly.")
    manager = signed_in(make_manager())
    assert "Payouts" not in attention_section(manager, "flagged")
    data = article_form(
        article.section,
        title=article.title,
        slug=article.slug,
        body=article.body,
        needs_update="on",
        needs_update_note="The fees change in May.",
    )

    response = manager.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.needs_update
    assert article.needs_update_note == "The fees change in May."
    assert article.body == "Paid monthly."
    flagged = attention_section(manager, "flagged")
    assert f"{article.title}</a>: The fees change in May." in flagged


def test_the_link_picker_finds_articles_by_title_with_stable_links():
    article = make_article(title="Where is my SID?")
    make_article(title="Payouts")
    staff = signed_in(make_staff())

    found = staff.get(reverse("admin:articles_article_links"), {"q": "sid where"})

    assert found.json()["results"] == [
        {
            "id": article.pk,
            "title": "Where is my SID?",
            "status": "published",
            "visibility": "everyone",
            "url": f"/articles/{article.pk}/",
        }
    ]
    assert (
        signed_in(make_user()).get(reverse("admin:articles_article_links")).status_code
        == 302
    )


def test_a_stable_link_leads_readers_to_the_article(client):
    article = make_article()

    response = client.get(f"/articles/{article.pk}/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == article.get_absolute_url()


def test_the_image_button_uploads_and_answers_the_markdown(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    article = make_article()
    staff = signed_in(make_staff())
    upload = reverse("admin:articles_image_upload")

    response = staff.post(
        upload,
        {
            "image": SimpleUploadedFile("a.png", png_bytes(), "image/png"),
            "alt": "The button",
            "article": article.pk,
        },
    )

    image = ArticleImage.objects.get()
    assert response.json()["markdown"] == f"![The button]({image.image.url})"
    assert image.article == article
    refused = staff.post(
        upload, {"image": SimpleUploadedFile("a.svg", b"<svg/>"), "alt": "x"}
    )
    assert refused.status_code == 400
    assert "image" in refused.json()["error"]
    assert ArticleImage.objects.count() == 1
