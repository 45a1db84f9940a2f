import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article, ArticleImage
from tests.factories import (
    make_article,
    make_manager,
    make_section,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 30), image_format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 95, 191)).save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


def article_form(section, **overrides):
    data = {
        "title": "How do I find my SID?",
        "slug": "how-do-i-find-my-sid",
        "section": section.pk,
        "body": "## Where\n\nTop right.",
        "status": "published",
        "visibility": "everyone",
        "position": 0,
        "labels": "sid",
        "language": "en",
        "published_at_0": "",
        "published_at_1": "",
        "images-TOTAL_FORMS": 0,
        "images-INITIAL_FORMS": 0,
        "images-MIN_NUM_FORMS": 0,
        "images-MAX_NUM_FORMS": 1000,
        "translations-TOTAL_FORMS": 0,
        "translations-INITIAL_FORMS": 0,
        "translations-MIN_NUM_FORMS": 0,
        "translations-MAX_NUM_FORMS": 1000,
    }
    data.update(overrides)
    return data


def test_roles_exist_after_migrate():
    support = Group.objects.get(name="Support staff")
    managers = Group.objects.get(name="Managers")

    assert support.permissions.filter(codename="change_article").exists()
    assert support.permissions.filter(codename="add_articleimage").exists()
    assert managers.permissions.filter(codename="moderate_comment").exists()


def test_support_staff_can_use_the_article_admin(staff_client):
    make_article(title="Listed article")

    response = staff_client.get(
        reverse("admin:articles_article_changelist"),
        {"status__exact": "published", "visibility__exact": "everyone", "q": "Listed"},
    )

    assert response.status_code == 200
    assert "Listed article" in response.content.decode()


def test_publishers_cannot_reach_the_admin(client):
    client.force_login(make_user())

    response = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_manager_creates_an_article_with_rendered_body_and_author(client):
    section = make_section()
    client.force_login(make_manager())

    response = client.post(reverse("admin:articles_article_add"), article_form(section))

    assert response.status_code == 302
    article = Article.objects.get(slug="how-do-i-find-my-sid")
    assert article.body_html == '<h2 id="where">Where</h2>\n<p>Top right.</p>'
    assert article.author is not None
    assert article.published_at is not None


def test_support_staff_create_drafts_whatever_status_they_send(staff_client):
    section = make_section()

    response = staff_client.post(
        reverse("admin:articles_article_add"), article_form(section)
    )

    assert response.status_code == 302
    article = Article.objects.get(slug="how-do-i-find-my-sid")
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None


def test_admin_refuses_a_title_over_200_characters(staff_client):
    section = make_section()

    response = staff_client.post(
        reverse("admin:articles_article_add"), article_form(section, title="T" * 201)
    )

    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()
    assert not Article.objects.exists()


def test_admin_refuses_a_body_over_200_kb(staff_client):
    section = make_section()

    response = staff_client.post(
        reverse("admin:articles_article_add"),
        article_form(section, body="word " * 41_000),
    )

    assert response.status_code == 200
    assert "too long" in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.parametrize("body", ["1. " * 600, "> " * 600, "[" * 5000 + "x"])
def test_admin_refuses_pathological_markdown_with_a_message(staff_client, body):
    section = make_section()

    response = staff_client.post(
        reverse("admin:articles_article_add"), article_form(section, body=body)
    )

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Article.objects.exists()


def test_a_bad_image_leaves_the_article_unsaved(staff_client):
    section = make_section()
    data = article_form(
        section,
        **{
            "images-TOTAL_FORMS": 1,
            "images-0-alt": "Not really a picture",
            "images-0-image": SimpleUploadedFile(
                "fake.png", b"hello", content_type="image/png"
            ),
        },
    )

    response = staff_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    assert not ArticleImage.objects.exists()


def test_staff_upload_an_image_inline_and_get_its_markdown(staff_client):
    section = make_section()
    data = article_form(
        section,
        **{
            "images-TOTAL_FORMS": 1,
            "images-0-alt": "The SID at the top right",
            "images-0-image": SimpleUploadedFile(
                "sid.png", png_bytes(), content_type="image/png"
            ),
        },
    )

    response = staff_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    image = ArticleImage.objects.get()
    assert image.article.slug == "how-do-i-find-my-sid"
    assert image.uploaded_by is not None
    assert image.image.name.endswith(".png")
    assert "sid" not in image.image.name.rsplit("/", 1)[-1]
    assert image.markdown == f"![The SID at the top right]({image.image.url})"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.png", b"not an image at all", "Upload a valid image"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "Upload a valid image",
        ),
        ("picture.bmp", png_bytes(image_format="BMP"), "not accepted"),
    ],
)
def test_image_upload_refuses_what_is_not_a_safe_image(
    staff_client, name, content, message
):
    response = staff_client.post(
        reverse("admin:articles_articleimage_add"),
        {"alt": "x", "image": SimpleUploadedFile(name, content)},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_image_upload_refuses_files_over_5_mb(staff_client, settings):
    settings.ARTICLE_IMAGE_MAX_BYTES = 1000
    big = png_bytes(size=(400, 400))
    assert len(big) > 1000

    response = staff_client.post(
        reverse("admin:articles_articleimage_add"),
        {"alt": "x", "image": SimpleUploadedFile("big.png", big)},
    )

    assert "the limit is" in response.content.decode()
    assert not ArticleImage.objects.exists()


def test_markdown_preview_uses_the_site_renderer(staff_client):
    response = staff_client.post(
        reverse("admin:articles_markdown_preview"),
        {"body": "## Hi\n\n<script>alert(1)</script> **there**"},
    )

    assert response.status_code == 200
    html = response.json()["html"]
    assert '<h2 id="hi">Hi</h2>' in html
    assert "<strong>there</strong>" in html
    assert "<script" not in html


def test_markdown_preview_explains_refused_input(staff_client):
    response = staff_client.post(
        reverse("admin:articles_markdown_preview"), {"body": "> " * 600}
    )

    assert response.status_code == 400
    assert response.json()["error"]


def test_markdown_preview_is_for_staff_only(client):
    client.force_login(make_user())

    response = client.post(reverse("admin:articles_markdown_preview"), {"body": "x"})

    assert response.status_code == 302


def test_draft_preview_in_admin_and_view_on_site(staff_client):
    draft = make_article(status=Article.Status.DRAFT, title="Coming soon")

    preview_url = reverse("admin:articles_article_preview", args=[draft.pk])
    response = staff_client.get(preview_url)
    change = staff_client.get(reverse("admin:articles_article_change", args=[draft.pk]))

    assert response.status_code == 200
    assert "Coming soon" in response.content.decode()
    assert preview_url in change.content.decode()


def test_view_on_site_goes_to_the_public_page_once_published(staff_client):
    article = make_article()

    change = staff_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )

    assert article.get_absolute_url() in change.content.decode() or (
        reverse("admin:view_on_site", args=[0, 0]).split("0/0")[0]
        in change.content.decode()
    )


# ---- Feedback ------------------------------------------------------------

FEEDBACK = reverse("admin:articles_article_feedback")


def _voted(title, helpful, total, reasons=()):
    from articles import feedback

    article = make_article(title=title)
    for n in range(total):
        vote = feedback.cast_vote(article, make_user(), n < helpful)
        if n >= helpful and reasons:
            feedback.explain_vote(vote, *reasons[(n - helpful) % len(reasons)])
    return article


def test_the_changelist_shows_votes_and_helpful_share(staff_client):
    _voted("Payments explained", 3, 4)

    html = staff_client.get(reverse("admin:articles_article_changelist")).content
    html = html.decode()

    assert "75%" in html
    assert FEEDBACK in html


def test_feedback_ranks_by_the_wilson_lower_bound(staff_client):
    _voted("One lucky vote", 1, 1)
    _voted("Long good record", 90, 100)
    _voted("Often unhelpful", 10, 40, [("inaccurate", "Fees are wrong")])
    make_article(title="Never voted on")

    worst_first = staff_client.get(FEEDBACK).content.decode()
    best_first = staff_client.get(FEEDBACK + "?order=best").content.decode()

    def order(html):
        titles = ["One lucky vote", "Long good record", "Often unhelpful"]
        return sorted(titles, key=html.index)

    assert order(best_first) == [
        "Long good record",
        "One lucky vote",
        "Often unhelpful",
    ]
    assert order(worst_first) == [
        "Often unhelpful",
        "One lucky vote",
        "Long good record",
    ]
    assert "Never voted on" not in worst_first
    assert "It is inaccurate or outdated: 30" in worst_first
    assert "Fees are wrong" in worst_first


def test_feedback_queries_stay_constant(staff_client, django_assert_max_num_queries):
    for n in range(12):
        _voted(f"Article {n}", n, 12, [("other", f"note {n}")])

    with django_assert_max_num_queries(10):
        assert staff_client.get(FEEDBACK).status_code == 200


def test_feedback_is_for_staff_only(client):
    client.force_login(make_user())
    assert client.get(FEEDBACK).status_code == 302

    no_groups = make_user(is_staff=True)
    client.force_login(no_groups)
    assert client.get(FEEDBACK).status_code == 403


def test_votes_are_read_only_in_the_admin(staff_client):
    from articles.models import Vote

    article = _voted("Counted", 1, 2)
    vote = Vote.objects.filter(article=article).first()

    listing = staff_client.get(reverse("admin:articles_vote_changelist"))
    change = staff_client.post(
        reverse("admin:articles_vote_change", args=[vote.pk]), {"helpful": "on"}
    )

    assert listing.status_code == 200
    assert change.status_code in (200, 403)
    vote.refresh_from_db()
    article.refresh_from_db()
    assert (article.helpful_count, article.vote_count) == (1, 2)
