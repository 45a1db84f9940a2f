import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from articles import sitemaps
from articles.models import ArticleTranslation
from tests.factories import make_article, make_section, make_translation

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
LANGUAGES = ["en", "fr", "de", "pt-br"]
SERVER = "http://testserver"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def entries(client, kind: str) -> dict[str, dict]:
    """loc -> {"lastmod": ..., "alternates": {hreflang: href}}."""
    root = parse(client.get(f"/sitemap-{kind}.xml"))
    found = {}
    for url in root.findall("sm:url", NS):
        found[url.findtext("sm:loc", namespaces=NS)] = {
            "lastmod": url.findtext("sm:lastmod", namespaces=NS),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", NS)
            },
        }
    return found


def in_language(language: str, obj) -> str:
    with override(language):
        return SERVER + obj.get_absolute_url()


def test_the_index_lists_one_sitemap_per_kind(client):
    make_article()

    root = parse(client.get("/sitemap.xml"))

    locations = [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]
    assert locations == [
        f"{SERVER}/sitemap-categories.xml",
        f"{SERVER}/sitemap-sections.xml",
        f"{SERVER}/sitemap-articles.xml",
    ]


def test_the_index_pages_a_sitemap_that_outgrows_one_file(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 4)
    section = make_section()
    for _ in range(3):
        make_article(section=section)  # 3 articles x 1 language...
    make_translation(make_article(section=section), "fr")  # ...+ 2 = 5 entries

    root = parse(client.get("/sitemap.xml"))
    locations = [loc.text for loc in root.findall("sm:sitemap/sm:loc", NS)]

    assert f"{SERVER}/sitemap-articles.xml" in locations
    assert f"{SERVER}/sitemap-articles.xml?p=2" in locations
    first = parse(client.get("/sitemap-articles.xml"))
    second = parse(client.get("/sitemap-articles.xml?p=2"))
    assert len(first.findall("sm:url", NS)) == 4
    assert len(second.findall("sm:url", NS)) == 1


def test_articles_are_listed_in_each_language_they_are_published_in(client):
    article = make_article(slug="reset-password", language="en")
    make_translation(article, "fr", slug="reinitialiser")
    make_translation(
        article, "de", slug="zuruecksetzen", status=ArticleTranslation.Status.DRAFT
    )
    french_original = make_article(slug="paiements", language="fr")
    translation = article.translations.get(language="fr")

    found = entries(client, "articles")

    english = SERVER + reverse("articles:detail", args=[article.pk, "reset-password"])
    with override("fr"):
        french = SERVER + reverse("articles:detail", args=[article.pk, "reinitialiser"])
    assert set(found) == {english, french, in_language("fr", french_original)}
    alternates = {"en": english, "fr": french, "x-default": english}
    assert found[english]["alternates"] == alternates
    assert found[french]["alternates"] == alternates
    assert found[french]["lastmod"] == translation.content_updated_at.date().isoformat()
    # An article written in French has its original as x-default.
    original = found[in_language("fr", french_original)]
    assert original["alternates"] == {
        "fr": in_language("fr", french_original),
        "x-default": in_language("fr", french_original),
    }


def test_only_what_visitors_may_read_is_listed(client):
    public = make_article(title="Public")
    hidden = [
        make_article(visibility="signed_in"),
        make_article(visibility="staff"),
        make_article(status="draft"),
        make_article(published_at=timezone.now() + timedelta(days=1)),  # scheduled
    ]
    for article in hidden:
        make_translation(article, "fr")

    articles = entries(client, "articles")
    sections = entries(client, "sections")
    categories = entries(client, "categories")

    assert set(articles) == {in_language("en", public)}
    # Sections and categories holding only such articles are left out too.
    assert set(sections) == {in_language(code, public.section) for code in LANGUAGES}
    assert set(categories) == {
        in_language(code, public.section.category) for code in LANGUAGES
    }
    xml = b"".join(
        client.get(f"/sitemap-{kind}.xml").content
        for kind in ("articles", "sections", "categories")
    )
    for article in hidden:
        assert f"/{article.pk}-".encode() not in xml
        assert f"sections/{article.section_id}-".encode() not in xml


def test_sections_and_categories_are_listed_in_every_language(client):
    article = make_article()
    section = article.section

    found = entries(client, "sections")

    english = in_language("en", section)
    assert found[english]["alternates"] == {
        **{code: in_language(code, section) for code in LANGUAGES},
        "x-default": english,
    }
    # When their newest visible article last changed.
    assert found[english]["lastmod"] == article.content_updated_at.date().isoformat()


def test_a_new_article_is_in_the_sitemap_at_once(client):
    make_article()
    client.get("/sitemap-articles.xml")  # now cached

    added = make_article(title="Just published")

    assert in_language("en", added) in entries(client, "articles")


def test_sitemaps_are_cached_for_visitors_with_validators(client):
    make_article()

    first = client.get("/sitemap-articles.xml")
    again = client.get(
        "/sitemap-articles.xml", headers={"if-none-match": first["ETag"]}
    )

    assert "public" in first["Cache-Control"]
    assert again.status_code == 304


def test_a_sitemap_costs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    for _ in range(10):
        make_translation(make_article(), "de")

    # The content version, the articles, their translations, and (once per
    # version) when the next scheduled article falls due, for the cache.
    with django_assert_max_num_queries(4):
        response = client.get("/sitemap-articles.xml")
    assert response.status_code == 200
    with django_assert_max_num_queries(2):
        client.get("/sitemap-sections.xml")
    with django_assert_max_num_queries(2):
        client.get("/sitemap-categories.xml")
    # Each sitemap's pages and latest change.
    with django_assert_max_num_queries(1 + 2 + 2 + 4):
        client.get("/sitemap.xml")
