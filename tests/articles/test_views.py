import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    make_article,
    make_comment,
    make_section,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db

SIGNED_IN = Article.Visibility.SIGNED_IN
STAFF = Article.Visibility.STAFF


@pytest.fixture
def publisher_client(client):
    client.force_login(make_user(site_id=7654321))
    return client


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff())
    return client


def test_home_lists_categories_sections_and_promoted_articles(client):
    public = make_article(title="How do I get paid?", promoted=True)
    make_article(title="Tax forms", visibility=SIGNED_IN, promoted=True)

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert public.section.category.name in html
    assert public.section.name in html
    assert "How do I get paid?" in html
    assert "Tax forms" not in html
    assert 'action="/en/search/"' in html
    assert reverse("support:contact") in html


def test_home_shows_the_sign_in_banner_to_visitors_only(client):
    banner = "to see all help articles and to make full use of Search"

    assert banner in client.get(reverse("home")).content.decode()
    client.force_login(make_user())
    assert banner not in client.get(reverse("home")).content.decode()


def test_signed_in_articles_show_up_in_lists_for_publishers(publisher_client):
    article = make_article(title="Tax forms", visibility=SIGNED_IN, promoted=True)

    home = publisher_client.get(reverse("home")).content.decode()
    section = publisher_client.get(article.section.get_absolute_url())

    assert "Tax forms" in home
    assert "Tax forms" in section.content.decode()


def test_section_page_lists_visible_articles_and_counts_gated_ones(client):
    section = make_section()
    make_article(section=section, title="Public one")
    make_article(section=section, title="Secret one", visibility=SIGNED_IN)

    response = client.get(section.get_absolute_url())

    html = response.content.decode()
    assert "Public one" in html
    assert "Secret one" not in html
    assert "to see 1 more article in this section" in html


def test_category_page_lists_its_sections_with_breadcrumbs(client):
    article = make_article(title="Public one")
    category = article.section.category

    response = client.get(category.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert article.section.name in html
    assert "Public one" in html
    assert 'aria-label="Breadcrumb"' in html


def test_article_page_shows_title_date_author_body_and_related(client):
    author = make_staff(name="Sally Anne")
    article = make_article(
        title="Contact us", body="## Chat Support\n\nAny *time*.", author=author
    )
    sibling = make_article(section=article.section, title="Sibling article")
    make_article(section=article.section, title="Gated sibling", visibility=SIGNED_IN)
    make_article(title="Elsewhere")

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Contact us" in html
    assert '<h2 id="chat-support">Chat Support</h2>' in html
    assert "<em>time</em>" in html
    assert "Written by Sally Anne" in html
    assert f'datetime="{article.updated_at.isoformat()}' in html or "Updated" in html
    assert sibling.title in html
    assert "Gated sibling" not in html
    assert "Elsewhere" not in html
    assert article.section.name in html
    assert article.section.category.name in html


def test_article_page_shows_published_comments_with_staff_titles(client):
    article = make_article()
    staff = make_staff(name="Sally Anne", title="Customer Experience Manager")
    make_comment(article=article, author=staff, body="Hope that's **helpful**!")
    make_comment(article=article, body="Pending one", status="pending")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Sally Anne - Customer Experience Manager" in html
    assert "<strong>helpful</strong>" in html
    assert "Pending one" not in html


def test_comment_edited_by_someone_else_says_who(client):
    manager = make_staff(name="Morgan Lee", title="Community Manager")
    comment = make_comment(edited_by=manager)
    comment.edited_at = comment.created_at
    comment.save()

    html = client.get(comment.article.get_absolute_url()).content.decode()

    assert "Edited by Morgan Lee - Community Manager" in html


def test_old_slug_redirects_permanently_to_the_current_address(client):
    article = make_article(slug="new-slug")

    response = client.get(
        reverse("articles:detail", kwargs={"pk": article.pk, "slug": "old-slug"})
    )

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_short_article_address_redirects_to_the_full_one(client):
    article = make_article()

    response = client.get(reverse("articles:detail-short", args=[article.pk]))

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_old_section_and_category_slugs_redirect(client):
    section = make_article().section

    section_response = client.get(f"/en/sections/{section.pk}-old/")
    category_response = client.get(f"/en/categories/{section.category.pk}-old/")

    assert section_response.status_code == 301
    assert section_response["Location"] == section.get_absolute_url()
    assert category_response.status_code == 301
    assert category_response["Location"] == section.category.get_absolute_url()


def test_unknown_article_gives_the_branded_404(client):
    response = client.get("/en/articles/999999-nothing/")

    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_gated_article_sends_visitors_to_sign_in_and_back(client):
    article = make_article(visibility=SIGNED_IN)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 302
    login = reverse("account_login")
    assert response["Location"] == f"{login}?next={article.get_absolute_url()}"


def test_gated_article_opens_for_publishers(publisher_client):
    article = make_article(visibility=SIGNED_IN, title="Tax forms")

    response = publisher_client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "Tax forms" in response.content.decode()


@pytest.mark.parametrize("role", ["visitor", "publisher"])
def test_staff_articles_do_not_exist_for_others(client, role):
    if role == "publisher":
        client.force_login(make_user())
    article = make_article(visibility=STAFF)

    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_articles_open_for_staff(staff_client):
    article = make_article(visibility=STAFF)

    assert staff_client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", ["visitor", "publisher", "staff"])
def test_drafts_are_404_on_the_site_for_everyone(client, role):
    if role == "publisher":
        client.force_login(make_user())
    elif role == "staff":
        client.force_login(make_staff())
    draft = make_article(status=Article.Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_search_page_finds_visible_articles_and_counts_gated_ones(client):
    shown = make_article(title="Payment threshold")
    make_article(title="Payment methods", visibility=SIGNED_IN)
    make_article(title="Payment escalations", visibility=STAFF)

    response = client.get(reverse("articles:search"), {"q": "payment"})

    html = response.content.decode()
    assert "<mark>Payment</mark> threshold" in html
    assert shown.get_absolute_url() in html
    assert "Payment methods" not in html
    assert "Payment escalations" not in html
    assert "1 more result for signed-in publishers" in html


@pytest.mark.parametrize(
    "query", ["", "   ", "x" * 10_000, "&|!:*()'\"\\<>", "' OR 1=1 --", "日本語 ✓"]
)
def test_search_page_survives_odd_queries(client, query):
    assert client.get(reverse("articles:search"), {"q": query}).status_code == 200


def test_support_placeholder_page_answers(client):
    response = client.get(reverse("support:contact"))

    assert response.status_code == 200
    assert "Contact Customer Support" in response.content.decode()


def test_healthz_answers_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\noutbox: ok\n"


def _fill_site(sections=3, articles=6):
    first = None
    for _ in range(sections):
        section = make_section()
        for n in range(articles):
            article = make_article(
                section=section,
                promoted=n == 0,
                visibility=["everyone", SIGNED_IN][n % 2],
            )
            make_comment(article=article)
            first = first or article
    return first


@pytest.mark.parametrize("signed_in", [False, True])
def test_home_query_count_does_not_grow_with_content(
    client, django_assert_max_num_queries, signed_in
):
    _fill_site(sections=6)
    if signed_in:
        client.force_login(make_user())

    # Rendered, not from the cache; signed in, with the session and the user,
    # plus the content version and the next scheduled publication.
    with django_assert_max_num_queries(7):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("signed_in", [False, True])
def test_section_and_category_query_counts(
    client, django_assert_max_num_queries, signed_in
):
    article = _fill_site(articles=12)
    if signed_in:
        client.force_login(make_user())

    with django_assert_max_num_queries(7):
        client.get(article.section.get_absolute_url())
    with django_assert_max_num_queries(7):
        client.get(article.section.category.get_absolute_url())


def _image_for(article):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import ArticleImage
    from tests.articles.test_admin import png_bytes

    image = ArticleImage(article=article, alt="A screenshot")
    image.image.save("shot.png", SimpleUploadedFile("shot.png", png_bytes()))
    return image


@pytest.mark.parametrize(
    ("visibility", "status", "expected"),
    [
        ("everyone", "published", {"visitor": 200, "publisher": 200, "staff": 200}),
        ("signed_in", "published", {"visitor": 404, "publisher": 200, "staff": 200}),
        ("staff", "published", {"visitor": 404, "publisher": 404, "staff": 200}),
        ("everyone", "draft", {"visitor": 404, "publisher": 404, "staff": 200}),
    ],
)
def test_article_images_are_as_gated_as_their_article(
    client, visibility, status, expected
):
    image = _image_for(make_article(visibility=visibility, status=status))
    users = {"visitor": None, "publisher": make_user(), "staff": make_staff()}

    for role, user in users.items():
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(image.image.url)
        assert response.status_code == expected[role], role
        if response.status_code == 200:
            assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_unknown_image_paths_are_404(client):
    assert client.get("/media/articles/../../settings.py").status_code == 404
    assert client.get("/media/articles/2026/01/nothing.png").status_code == 404
