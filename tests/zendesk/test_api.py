import base64

import pytest
from django.core.cache import cache

from articles.models import Article, Vote
from tests.factories import (
    make_article,
    make_comment,
    make_section,
    make_staff,
    make_translation,
    make_user,
)
from zendesk.models import ApiToken

pytestmark = pytest.mark.django_db

API = "/api/v2/help_center"


def basic(email: str, secret: str) -> dict:
    encoded = base64.b64encode(f"{email}/token:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {encoded}"}


@pytest.fixture
def content():
    section = make_section(name="Reports")
    public = make_article(section=section, title="Public report", body="Read **this**.")
    gated = make_article(
        section=section, title="Partner report", visibility=Article.Visibility.SIGNED_IN
    )
    staff = make_article(
        section=section, title="Staff report", visibility=Article.Visibility.STAFF
    )
    draft = make_article(section=section, title="Draft report", status="draft")
    return {"public": public, "gated": gated, "staff": staff, "draft": draft}


def titles(response, key="articles"):
    return sorted(item["title"] for item in response.json()[key])


def test_visitors_read_only_what_everyone_may_read(client, content):
    response = client.get(f"{API}/articles.json")
    assert response.status_code == 200
    assert titles(response) == ["Public report"]
    assert client.get(f"{API}/articles/{content['gated'].pk}.json").status_code == 404
    assert client.get(f"{API}/articles/{content['draft'].pk}.json").status_code == 404
    assert (
        client.get(f"{API}/articles/{content['gated'].pk}/comments.json").status_code
        == 404
    )


def test_a_token_reads_what_its_owner_may_read(client, content):
    user = make_user()
    _token, secret = ApiToken.objects.create_for(user=user, name="script")
    response = client.get(f"{API}/articles.json", **basic(user.email, secret))
    assert titles(response) == ["Partner report", "Public report"]
    staff = make_staff()
    _token, secret = ApiToken.objects.create_for(user=staff, name="script")
    response = client.get(f"{API}/articles.json", **basic(staff.email, secret))
    assert titles(response) == ["Partner report", "Public report", "Staff report"]


def test_a_session_works_too(client, content):
    client.force_login(make_user())
    assert titles(client.get(f"{API}/articles.json")) == [
        "Partner report",
        "Public report",
    ]


@pytest.mark.parametrize(
    "header",
    [
        "Basic " + base64.b64encode(b"someone@example.com/token:wrong").decode(),
        "Basic " + base64.b64encode(b"someone@example.com:password").decode(),
        "Basic not-base64!",
        "Bearer abc",
    ],
)
def test_bad_credentials_answer_401_in_json(client, content, header):
    make_user(email="someone@example.com")
    response = client.get(f"{API}/articles.json", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["error"] == "Couldn't authenticate you"
    assert response["WWW-Authenticate"].startswith("Basic")


def test_a_revoked_token_or_an_inactive_user_is_refused(client, content):
    user = make_user()
    token, secret = ApiToken.objects.create_for(user=user, name="script")
    assert (
        client.get(f"{API}/articles.json", **basic(user.email, secret)).status_code
        == 200
    )
    token.revoke()
    assert (
        client.get(f"{API}/articles.json", **basic(user.email, secret)).status_code
        == 401
    )
    _other, secret = ApiToken.objects.create_for(user=user, name="other")
    user.is_active = False
    user.save()
    assert (
        client.get(f"{API}/articles.json", **basic(user.email, secret)).status_code
        == 401
    )


def test_tokens_are_stored_hashed_and_note_their_use(client, content):
    user = make_user()
    token, secret = ApiToken.objects.create_for(user=user, name="script")
    assert secret not in token.key_hash and token.prefix == secret[:8]
    client.get(f"{API}/articles.json", **basic(user.email.upper(), secret))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_article_shape(client, content):
    article = content["public"]
    shape = client.get(f"{API}/articles/{article.pk}.json").json()["article"]
    assert shape["id"] == article.pk
    assert shape["url"] == f"http://testserver{API}/en-us/articles/{article.pk}.json"
    assert (
        shape["html_url"]
        == f"http://testserver/en/articles/{article.pk}-{article.slug}/"
    )
    assert shape["body"] == "<p>Read <strong>this</strong>.</p>"
    assert shape["section_id"] == article.section_id
    assert shape["locale"] == shape["source_locale"] == "en-us"
    assert shape["draft"] is False
    assert {"vote_sum", "vote_count", "label_names", "created_at", "edited_at"} <= set(
        shape
    )


def test_articles_in_a_locale_come_in_that_language(client, content):
    article = content["public"]
    make_translation(article, "fr", title="Rapport public", body="Lisez *ceci*.")
    response = client.get(f"{API}/fr/articles.json")
    assert [a["title"] for a in response.json()["articles"]] == ["Rapport public"]
    shape = response.json()["articles"][0]
    assert shape["locale"] == "fr" and shape["source_locale"] == "en-us"
    assert shape["html_url"].startswith("http://testserver/fr/articles/")
    assert client.get(f"{API}/de/articles.json").json()["articles"] == []
    translations = client.get(f"{API}/articles/{article.pk}/translations.json").json()
    assert [t["locale"] for t in translations["translations"]] == ["fr"]


def test_categories_and_sections_are_those_with_readable_articles(client, content):
    make_article(
        section=make_section(name="Secret"), visibility=Article.Visibility.STAFF
    )
    section = content["public"].section
    sections = client.get(f"{API}/sections.json").json()["sections"]
    assert [s["name"] for s in sections] == ["Reports"]
    categories = client.get(f"{API}/categories.json").json()["categories"]
    assert [c["id"] for c in categories] == [section.category_id]
    nested = client.get(f"{API}/categories/{section.category_id}/sections.json")
    assert [s["id"] for s in nested.json()["sections"]] == [section.pk]
    listed = client.get(f"{API}/sections/{section.pk}/articles.json")
    assert titles(listed) == ["Public report"]
    assert (
        client.get(f"{API}/sections/{section.pk}.json").json()["section"]["id"]
        == section.pk
    )


def test_comments_are_the_published_ones(client, content):
    article = content["public"]
    make_comment(article=article, body="Shown")
    make_comment(article=article, body="Waiting", status="pending")
    response = client.get(f"{API}/articles/{article.pk}/comments.json")
    assert [c["body"] for c in response.json()["comments"]] == ["<p>Shown</p>"]


def test_offset_pagination(client, content):
    section = content["public"].section
    for n in range(4):
        make_article(section=section, title=f"More {n}")
    first = client.get(f"{API}/articles.json?per_page=2").json()
    assert (first["count"], first["page_count"], first["page"]) == (5, 3, 1)
    assert (
        first["next_page"] == f"http://testserver{API}/articles.json?per_page=2&page=2"
    )
    assert first["previous_page"] is None
    last = client.get(f"{API}/articles.json?per_page=2&page=3").json()
    assert len(last["articles"]) == 1 and last["next_page"] is None
    seen = [
        a["id"]
        for p in (1, 2, 3)
        for a in client.get(f"{API}/articles.json?per_page=2&page={p}").json()[
            "articles"
        ]
    ]
    assert len(set(seen)) == 5


def test_cursor_pagination(client, content):
    section = content["public"].section
    for n in range(4):
        make_article(section=section, title=f"More {n}")
    url, seen = f"{API}/articles.json?page[size]=2", []
    while url:
        page = client.get(url).json()
        seen += [a["id"] for a in page["articles"]]
        url = page["links"]["next"] if page["meta"]["has_more"] else None
    assert len(seen) == 5 and seen == sorted(seen)


@pytest.mark.parametrize(
    "query",
    [
        "per_page=101",
        "per_page=0",
        "page=abc",
        "page[size]=x",
        "page[after]=not-a-cursor",
        "page[after]=aWQ6MQ&page[before]=aWQ6MQ",
        # id:99999999999999999999, past any database integer
        "page[after]=aWQ6OTk5OTk5OTk5OTk5OTk5OTk5OTk",
    ],
)
def test_bad_parameters_answer_400_in_json(client, content, query):
    response = client.get(f"{API}/articles.json?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == "InvalidParameter"


def test_other_bad_requests(client, content):
    assert client.get(f"{API}/xx/articles.json").status_code == 400
    assert client.get(f"{API}/articles/search.json").status_code == 400
    assert client.get(f"{API}/incremental/articles.json").status_code == 400
    assert (
        client.get(
            f"{API}/incremental/articles.json?start_time=99999999999999"
        ).status_code
        == 400
    )
    # Ids past any database integer are not found, not a server error.
    huge = "9" * 25
    assert client.get(f"{API}/articles/{huge}.json").json()["error"] == "RecordNotFound"
    assert client.post(f"{API}/articles/{huge}/up.json").status_code == 401
    assert client.get(f"/hc/en-us/articles/{huge}").status_code == 404
    response = client.post(f"{API}/articles.json")
    assert (
        response.status_code == 405 and response.json()["error"] == "MethodNotAllowed"
    )


def test_search_results_with_marked_snippets(client, content):
    for article in (content["public"], content["gated"]):
        article.body = "The monthly figures, explained."
        article.save()
    response = client.get(f"{API}/articles/search.json?query=figures&locale=en-us")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["title"] for r in results] == ["Public report"]
    assert results[0]["result_type"] == "article"
    assert "<em>figures</em>" in results[0]["snippet"]
    assert response.json()["count"] == 1


def test_incremental_export(client, content):
    response = client.get(f"{API}/incremental/articles.json?start_time=0").json()
    assert [a["title"] for a in response["articles"]] == ["Public report"]
    assert response["count"] == 1 and response["next_page"] is None
    assert response["end_time"] == int(content["public"].updated_at.timestamp())
    later = client.get(
        f"{API}/incremental/articles.json?start_time={response['end_time'] + 1}"
    )
    assert later.json()["articles"] == []


def test_a_page_costs_a_constant_number_of_queries(
    client, content, django_assert_max_num_queries
):
    section = content["public"].section
    for n in range(10):
        make_translation(make_article(section=section, title=f"More {n}"), "fr")
    with django_assert_max_num_queries(6):
        response = client.get(f"{API}/fr/articles.json?per_page=100")
    assert len(response.json()["articles"]) == 10


def test_requests_are_rate_limited_per_address(client, content, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/m"}
    cache.clear()
    for _ in range(3):
        assert client.get(f"{API}/articles.json").status_code == 200
    response = client.get(f"{API}/articles.json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"] == "TooManyRequests"


def test_requests_are_rate_limited_per_token(client, content, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "2/m"}
    user = make_user()
    _token, secret = ApiToken.objects.create_for(user=user, name="script")
    auth = basic(user.email, secret)
    assert (
        client.get(f"{API}/articles.json", REMOTE_ADDR="10.0.0.1", **auth).status_code
        == 200
    )
    assert (
        client.get(f"{API}/articles.json", REMOTE_ADDR="10.0.0.2", **auth).status_code
        == 200
    )
    third = client.get(f"{API}/articles.json", REMOTE_ADDR="10.0.0.3", **auth)
    assert third.status_code == 429


# ---- Votes -------------------------------------------------------------------


def test_votes_with_a_token_follow_the_vote_buttons_rule(client, content):
    article = content["gated"]
    user = make_user()
    _token, secret = ApiToken.objects.create_for(user=user, name="script")
    auth = basic(user.email, secret)
    up = client.post(f"{API}/articles/{article.pk}/up.json", **auth)
    assert up.status_code == 200
    assert (
        up.json()["vote"]["value"] == 1 and up.json()["vote"]["item_id"] == article.pk
    )
    article.refresh_from_db()
    assert (article.helpful_count, article.vote_count) == (1, 1)
    client.post(f"{API}/articles/{article.pk}/down.json", **auth)
    article.refresh_from_db()
    assert (article.helpful_count, article.vote_count) == (0, 1)
    assert Vote.objects.get().helpful is False


def test_voting_needs_a_token_and_a_readable_article(client, content):
    user = make_user()
    client.force_login(user)
    # A cookie alone cannot vote (no CSRF token in API calls).
    assert (
        client.post(f"{API}/articles/{content['public'].pk}/up.json").status_code == 401
    )
    _token, secret = ApiToken.objects.create_for(user=user, name="script")
    staff_only = content["staff"]
    response = client.post(
        f"{API}/articles/{staff_only.pk}/up.json", **basic(user.email, secret)
    )
    assert response.status_code == 404
    assert not Vote.objects.exists()
