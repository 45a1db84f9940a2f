import re
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from tests.factories import make_article, make_section, make_translation, make_user

pytestmark = pytest.mark.django_db

SERVER = "http://testserver"


def feed_url(language: str, name: str = "articles:feed", *args) -> str:
    with override(language):
        return reverse(name, args=args)


def read(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def links(feed) -> list[str]:
    return [entry.link for entry in feed.entries]


def in_language(language: str, obj) -> str:
    with override(language):
        return SERVER + obj.get_absolute_url()


def test_the_language_feed_lists_articles_readable_in_that_language(client):
    english = make_article(title="Payments", language="en")
    translated = make_article(title="Sign-up", language="en")
    make_translation(translated, "fr", title="Inscription", slug="inscription")
    make_translation(english, "de", title="Zahlungen")
    french = make_article(title="Paiements", language="fr", slug="paiements")

    in_french = read(client, feed_url("fr"))
    in_english = read(client, feed_url("en"))

    assert in_french.feed.language == "fr"
    assert sorted(links(in_french)) == sorted(
        [in_language("fr", translated.translations.get()), in_language("fr", french)]
    )
    titles = {entry.link: entry.title for entry in in_french.entries}
    assert titles[in_language("fr", french)] == "Paiements"
    assert "Inscription" in titles.values()
    assert sorted(links(in_english)) == sorted(
        [in_language("en", english), in_language("en", translated)]
    )


def test_feeds_leave_out_what_visitors_may_not_read(client):
    section = make_section()
    public = make_article(section=section)
    hidden = [
        make_article(section=section, visibility="signed_in", title="Gated"),
        make_article(section=section, visibility="staff", title="Staff"),
        make_article(section=section, status="draft", title="Draft"),
        make_article(
            section=section,
            title="Scheduled",
            published_at=timezone.now() + timedelta(hours=2),
        ),
    ]
    for article in hidden:
        make_translation(article, "fr", title=f"{article.title} FR")
    client.force_login(make_user(is_staff=True))  # whoever asks

    for url in (feed_url("en"), feed_url("en", "articles:section-feed", section.pk)):
        assert links(read(client, url)) == [in_language("en", public)]
    for url in (feed_url("fr"), feed_url("fr", "articles:section-feed", section.pk)):
        assert links(read(client, url)) == []


def test_the_section_feed_holds_its_own_articles(client):
    section = make_section(name="Payments")
    mine = make_article(section=section)
    make_article()  # another section's

    feed = read(client, feed_url("en", "articles:section-feed", section.pk))

    assert feed.feed.title == "Payments: new and updated articles"
    assert feed.feed.link == in_language("en", section)
    assert links(feed) == [in_language("en", mine)]


def test_a_section_of_only_gated_articles_has_no_feed(client):
    gated = make_article(visibility="signed_in")

    response = client.get(feed_url("en", "articles:section-feed", gated.section_id))

    assert response.status_code == 404


def test_newest_changes_come_first_with_their_dates_and_author(client):
    old = make_article(
        title="Old", author=make_user(name="Ada"), body="First words.\n\nMore."
    )
    new = make_article(title="New")
    old.body = "Rewritten words.\n\nMore."
    old.save()  # updated after `new`

    entries = read(client, feed_url("en")).entries

    assert [entry.link for entry in entries] == [
        in_language("en", old),
        in_language("en", new),
    ]
    assert entries[0].author == "Ada"
    assert entries[0].summary == "Rewritten words."
    assert entries[0].updated_parsed is not None
    assert entries[0].published_parsed is not None


def test_an_update_shows_in_the_feed_at_once(client):
    article = make_article(title="Before")
    read(client, feed_url("en"))  # now cached

    article.title = "After"
    article.save()

    assert [e.title for e in read(client, feed_url("en")).entries] == ["After"]


def test_hostile_titles_reach_feed_readers_as_text(client):
    title = """</title><script>alert("x")</script> & 'quotes'"""
    make_article(title=title, body="**bold** & co.")

    raw = client.get(feed_url("en")).content.decode()
    entry = read(client, feed_url("en")).entries[0]

    assert "<script>" not in raw
    assert entry.title == title
    assert entry.summary == "bold &amp; co."  # HTML summary: the text, escaped


def test_feed_queries_do_not_grow_with_articles(client, django_assert_max_num_queries):
    for n in range(12):
        article = make_article(author=make_user())
        if n % 2:
            make_translation(article, "fr")

    # The content version, the articles (with their authors and
    # translations), when the next scheduled article falls due (the cache).
    with django_assert_max_num_queries(3):
        assert len(read(client, feed_url("fr")).entries) == 6


def test_pages_link_to_the_feeds_that_cover_them(client):
    article = make_article()
    section = article.section
    language_feed = feed_url("en")
    section_feed = feed_url("en", "articles:section-feed", section.pk)
    pattern = r'<link rel="alternate" type="application/atom\+xml" href="([^"]+)"'

    pages = {
        reverse("home"): [language_feed],
        section.category.get_absolute_url(): [language_feed],
        section.get_absolute_url(): [language_feed, section_feed],
        article.get_absolute_url(): [language_feed, section_feed],
    }
    for url, feeds in pages.items():
        html = client.get(url).content.decode()
        assert re.findall(pattern, html) == feeds, url
    for url in re.findall(pattern, client.get(article.get_absolute_url()).text):
        read(client, url)
