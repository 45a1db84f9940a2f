"""The Help Center API read back by Zendesk's own Python client, zenpy,
against the live test server."""

import pytest
from zenpy import Zenpy

from articles.models import Article
from tests.factories import (
    make_article,
    make_comment,
    make_section,
    make_translation,
    make_user,
)
from zendesk import pagination
from zendesk.models import ApiToken

# Serialized like the other transactional tests (see tests/test_database_down.py).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def zendesk(live_server, monkeypatch):
    """A zenpy client for the live server: anonymous, or with a token."""
    host = live_server.url.removeprefix("http://")
    monkeypatch.setenv("ZENPY_FORCE_NETLOC", host)
    monkeypatch.setenv("ZENPY_FORCE_SCHEME", "http")
    # Pages of two rows, so that zenpy follows pages on a handful of articles.
    monkeypatch.setattr(pagination, "MAX_PER_PAGE", 2)

    def client(email=None, token=None):
        if token:
            return Zenpy(
                subdomain="partners", email=email, token=token, disable_cache=True
            )
        return Zenpy(subdomain="partners", anonymous=True, disable_cache=True)

    return client


@pytest.fixture
def content():
    section = make_section(name="Reports")
    public = [
        make_article(section=section, title=f"Public {n}", body=f"Public figures {n}.")
        for n in range(5)
    ]
    gated = make_article(
        section=section,
        title="Partner figures",
        body="Partner figures.",
        visibility=Article.Visibility.SIGNED_IN,
    )
    make_comment(article=public[0], body="First!")
    make_translation(public[0], "fr", title="Public 0 en français")
    return {"section": section, "public": public, "gated": gated}


def test_zenpy_reads_the_portal_anonymously(zendesk, content):
    hc = zendesk().help_center
    assert [c.id for c in hc.categories()] == [content["section"].category_id]
    assert [s.name for s in hc.sections()] == ["Reports"]
    # Five articles, on three pages of two, followed by zenpy.
    titles = [a.title for a in hc.articles()]
    assert titles == [f"Public {n}" for n in range(5)]
    found = [a.title for a in hc.articles.search(query="figures")]
    assert sorted(found) == [f"Public {n}" for n in range(5)]
    first = content["public"][0]
    article = hc.articles(id=first.pk)
    assert article.title == "Public 0" and article.html_url.endswith(
        f"/articles/{first.pk}-{first.slug}/"
    )
    assert [t.locale for t in hc.articles.translations(article)] == ["fr"]
    assert [c.body for c in hc.articles.comments(article)] == ["<p>First!</p>"]
    exported = [a.title for a in hc.articles.incremental(start_time=0)]
    assert sorted(exported) == [f"Public {n}" for n in range(5)]
    # Gated articles never reach an anonymous client.
    assert "Partner figures" not in titles + found + exported


def test_zenpy_with_a_token_reads_and_votes_as_its_owner(zendesk, content):
    user = make_user()
    _token, secret = ApiToken.objects.create_for(user=user, name="zenpy")
    hc = zendesk(user.email, secret).help_center
    titles = [a.title for a in hc.articles()]
    assert "Partner figures" in titles and len(titles) == 6
    assert "Partner figures" in [a.title for a in hc.articles.search(query="partner")]
    gated = content["gated"]
    hc.articles.vote_up(gated.pk)
    gated.refresh_from_db()
    assert (gated.helpful_count, gated.vote_count) == (1, 1)
    assert hc.articles(id=gated.pk).vote_sum == 1


def test_zenpy_with_a_wrong_token_is_refused(zendesk, content):
    from zenpy.lib.exception import APIException

    user = make_user()
    hc = zendesk(user.email, "not-a-token").help_center
    with pytest.raises(APIException):
        list(hc.articles())
