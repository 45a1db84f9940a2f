"""What pages tell search engines and link previews: descriptions, addresses,
OpenGraph and Twitter cards, robots rules, JSON-LD, icons."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse
from django.utils.translation import override

from articles import search as search_engine
from helpcenter.pagemeta import describe_html, shorten
from tests.factories import (
    make_article,
    make_category,
    make_section,
    make_translation,
    make_user,
)
from tests.hostile_payloads import PAYLOADS

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SERVER = "http://testserver"


class Head(HTMLParser):
    """The <title>, <meta>, <link> and JSON-LD of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self.json_ld: list[str] = []
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            key = attrs.get("name") or attrs.get("property")
            self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "title" or (
            tag == "script" and attrs.get("type") == "application/ld+json"
        ):
            self._in = tag
            if tag == "script":
                self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.json_ld[-1] += data

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, (key, values)
        return values[0]

    def link(self, rel: str) -> list[dict]:
        return [link for link in self.links if link.get("rel") == rel]

    @property
    def canonical(self) -> str | None:
        found = self.link("canonical")
        assert len(found) <= 1
        return found[0]["href"] if found else None

    @property
    def hreflang(self) -> dict[str, str]:
        return {
            link["hreflang"]: link["href"]
            for link in self.link("alternate")
            if "hreflang" in link
        }

    @property
    def data(self) -> list[dict]:
        return [json.loads(text) for text in self.json_ld]


def head(client, url: str) -> Head:
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


def in_language(language: str, path_of) -> str:
    with override(language):
        return SERVER + path_of()


@pytest.fixture
def content():
    category = make_category(name="Payments", description="Getting paid, on time.")
    section = make_section(category=category, name="Thresholds", description="")
    body = (
        "When does the money arrive? **Every month**, once your balance is over "
        "the threshold of your region, we send it to the account you chose in "
        "your profile. Read on for the details and the dates.\n\n"
        "## Dates\n\nThe 15th."
    )
    article = make_article(section=section, title="When am I paid?", body=body)
    make_translation(article, "fr", title="Quand suis-je payé ?", slug="paye")
    return {"category": category, "section": section, "article": article}


@pytest.mark.parametrize("language", LANGUAGES)
def test_listing_pages_describe_themselves_in_each_language(client, content, language):
    category, section = content["category"], content["section"]
    pages = {
        "home": lambda: reverse("home"),
        "category": category.get_absolute_url,
        "section": section.get_absolute_url,
    }
    for name, path_of in pages.items():
        url = in_language(language, path_of)
        page = head(client, url)

        assert page.canonical == url, name
        assert page.hreflang == {
            **{code: in_language(code, path_of) for code in LANGUAGES},
            "x-default": in_language("en", path_of),
        }, name
        assert "robots" not in page.meta, name
        description = page.one("description")
        assert 0 < len(description) <= 155, name
        assert page.one("og:description") == description
        assert page.one("twitter:description") == description
        assert page.one("og:url") == url
        assert page.one("og:image").startswith(f"{SERVER}/static/img/share")
        assert (
            page.one("og:locale")
            == {
                "en": "en_US",
                "fr": "fr_FR",
                "de": "de_DE",
                "pt-br": "pt_BR",
            }[language]
        )
        assert page.one("twitter:card") == "summary_large_image"
        assert page.one("og:site_name") == settings.PORTAL_NAME

    category_page = head(client, in_language(language, category.get_absolute_url))
    assert category_page.one("description") == "Getting paid, on time."
    assert category_page.one("og:title") == "Payments"
    assert category_page.title.startswith("Payments · ")
    section_page = head(client, in_language(language, section.get_absolute_url))
    assert "Thresholds" in section_page.one("description")  # its own, generated


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_pages_describe_themselves_in_each_language(client, content, language):
    article = content["article"]
    translated = language == "fr"
    english = SERVER + article.get_absolute_url()
    french = SERVER + article.translations.get().get_absolute_url()
    with override(language):
        url = SERVER + reverse(
            "articles:detail", args=[article.pk, "paye" if translated else article.slug]
        )

    page = head(client, url)

    # Shown untranslated, the page is not a version: the original is canonical.
    assert page.canonical == (french if translated else english)
    assert page.hreflang == {"en": english, "fr": french, "x-default": english}
    assert page.one("og:type") == "article"
    assert page.one("og:url") == page.canonical
    title = "Quand suis-je payé ?" if translated else "When am I paid?"
    assert page.one("og:title") == title
    assert page.one("twitter:title") == title
    assert page.title == f"{title} · {settings.PORTAL_NAME}"
    if not translated:
        description = page.one("description")
        assert description.startswith("When does the money arrive? Every month, once")
        assert description.endswith("…")
        assert len(description) <= 155
        assert "Dates" not in description


def test_a_translated_article_is_described_by_its_translation(client):
    article = make_article(
        title="When am I paid?",
        body="Every month, once your balance is over the threshold of your region.",
    )
    make_translation(
        article,
        "fr",
        title="Quand suis-je payé ?",
        slug="paye",
        body="Chaque mois, dès que votre **solde** dépasse le seuil de votre région.",
    )
    with override("fr"):
        url = SERVER + article.translations.get().get_absolute_url()

    page = head(client, url)

    description = page.one("description")
    assert description == (
        "Chaque mois, dès que votre solde dépasse le seuil de votre région."
    )
    assert page.one("og:description") == description
    assert page.one("twitter:description") == description
    assert "Every month" not in description


def test_pages_that_should_not_be_indexed_say_so(client, content):
    noindex = [
        reverse("articles:search") + "?q=paid",
        reverse("account_login"),
        reverse("account_signup"),
        reverse("support:request"),
        "/en/no-such-page/",
    ]
    for url in noindex:
        response = client.get(url)
        page = Head(response.content.decode())
        assert page.one("robots") == "noindex", url
        assert page.canonical is None, url
        assert page.hreflang == {}, url
        assert page.title, url
        assert page.one("og:title"), url


def test_error_pages_are_not_indexed(client, settings, monkeypatch):
    """400, 403, 413 (both kinds), 500 and 503 each tell robots to keep out."""
    client.raise_request_exception = False
    client.force_login(make_user())
    settings.MAX_REQUEST_BYTES = 100_000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    request = reverse("support:request")
    search = reverse("articles:search") + "?q=paid"

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    def database_away(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    # (status, what the page says, how to get it)
    pages = [
        (
            400,
            "We could not understand that request",
            lambda: client.get(reverse("home"), HTTP_HOST="not-ours.example"),
        ),
        (
            403,
            "No access to this page",
            lambda: client.get(reverse("articles:moderation")),
        ),
        (
            413,
            "Requests are limited to",
            lambda: client.post(
                request, data=b"x" * 200_000, content_type="application/octet-stream"
            ),
        ),
        (
            413,
            "too many fields",
            lambda: client.post(request, {f"field{n}": "x" for n in range(50)}),
        ),
        (500, "Something went wrong on our side", lambda: client.get(search)),
        (503, "The help center is back in a moment", lambda: client.get(search)),
    ]
    for status, says, fetch in pages:
        if status == 500:
            monkeypatch.setattr(search_engine, "search", crash)
        if status == 503:
            monkeypatch.setattr(search_engine, "search", database_away)

        response = fetch()

        html = response.content.decode()
        assert response.status_code == status, says
        assert says in html
        page = Head(html)
        assert page.one("robots") == "noindex", says
        assert page.canonical is None, says
        assert page.hreflang == {}, says
        assert page.title, says


def test_generated_descriptions_are_escaped_once(client):
    section = make_section(name="Tax & VAT's rules", description="")
    make_article(section=section)

    html = client.get(section.get_absolute_url()).content.decode()

    assert Head(html).one("description").startswith("Tax & VAT's rules (")
    assert "&amp;amp;" not in html
    assert "&amp;#x27;" not in html


def test_the_second_page_of_a_section_is_its_own_canonical(client):
    section = make_section()
    for _ in range(31):
        make_article(section=section)
    url = SERVER + section.get_absolute_url() + "?page=2"

    page = head(client, url)

    assert page.canonical == url
    assert page.hreflang == {}


def test_article_json_ld_describes_the_article_and_its_breadcrumbs(client, content):
    article = content["article"]
    article.author = make_user(name="Ada Lovelace")
    article.save()
    with override("fr"):
        url = SERVER + article.translations.get().get_absolute_url()

    article_data, breadcrumbs = head(client, url).data

    assert article_data["@context"] == "https://schema.org"
    assert article_data["@type"] == "Article"
    assert article_data["headline"] == "Quand suis-je payé ?"
    assert article_data["inLanguage"] == "fr"
    assert article_data["author"] == {"@type": "Person", "name": "Ada Lovelace"}
    assert article_data["mainEntityOfPage"] == url
    assert article_data["datePublished"].startswith(
        article.published_at.date().isoformat()
    )
    assert article_data["dateModified"]
    assert breadcrumbs["@type"] == "BreadcrumbList"
    names = [item["name"] for item in breadcrumbs["itemListElement"]]
    assert names == [
        settings.PORTAL_NAME,
        "Payments",
        "Thresholds",
        "Quand suis-je payé ?",
    ]
    assert [item["position"] for item in breadcrumbs["itemListElement"]] == [1, 2, 3, 4]
    assert breadcrumbs["itemListElement"][-1]["item"] == url


def test_home_json_ld_offers_the_site_search(client, content):
    (website,) = head(client, "/fr/").data

    assert website["@type"] == "WebSite"
    assert website["url"] == f"{SERVER}/fr/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert (
        action["target"]["urlTemplate"]
        == f"{SERVER}/fr/search/?q={{search_term_string}}"
    )
    assert action["query-input"] == "required name=search_term_string"


@pytest.mark.parametrize(
    "title",
    [
        '</script><script>alert("x")</script>',
        "Quotes \" and ' and \\ and <!-- and ]]> & &amp;",
        *[p for p in PAYLOADS if len(p) <= 200][:8],
    ],
)
def test_hostile_titles_stay_inside_json_ld(client, title):
    section = make_section(name=title[:100])
    article = make_article(section=section, title=title)

    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )

    assert len(scripts) == 2  # nothing closed a script early
    assert "<" not in "".join(scripts)
    article_data, breadcrumbs = (json.loads(text) for text in scripts)
    assert article_data["headline"] == title
    assert breadcrumbs["itemListElement"][2]["name"] == title[:100]
    page = Head(html)
    assert page.one("og:title") == title


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {SERVER}/sitemap.xml" in lines
    for language in LANGUAGES:
        for path in ("accounts/", "search/", "moderation/", "*/vote/"):
            assert f"Disallow: /{language}/{path}" in lines
    assert "Disallow: /admin/" in lines
    assert not any(
        line == "Disallow: /" or line == f"Disallow: /{language}/" for line in lines
    )


def test_robots_txt_does_not_reveal_a_custom_admin_path(client, settings):
    settings.ADMIN_PATH = "back-office-7f3a/"

    text = client.get("/robots.txt").content.decode()

    assert "back-office" not in text
    assert "/admin/" not in text


def test_icons_and_manifest_are_served(client):
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200
    assert favicon["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}

    page = head(client, reverse("home"))
    assert page.link("apple-touch-icon")
    (manifest_link,) = page.link("manifest")
    assert {link["href"] for link in page.link("icon")} >= {"/favicon.ico"}
    assert manifest_link["href"].startswith("/static/")


def test_the_web_app_manifest_is_served_and_names_icons_that_are_served(client):
    (manifest_link,) = head(client, reverse("home")).link("manifest")
    manifest_url = urljoin(SERVER + reverse("home"), manifest_link["href"])

    response = client.get(manifest_url)

    assert response.status_code == 200
    manifest = json.loads(b"".join(response.streaming_content))
    assert manifest["name"] == "Publisher Help Center"
    assert manifest["short_name"]
    assert manifest["start_url"] == "/"
    assert manifest["display"] in {"fullscreen", "standalone", "minimal-ui", "browser"}
    assert manifest["icons"]
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        # An icon's src is relative to the manifest's own address.
        icon_url = urljoin(manifest_url, icon["src"])
        served = client.get(icon_url)
        assert served.status_code == 200, icon_url
        assert served["Content-Type"].startswith("image/"), icon_url
        assert served["Content-Type"] == icon.get("type", served["Content-Type"])
        assert b"".join(served.streaming_content), icon_url


def test_descriptions_are_cut_at_a_word():
    assert shorten("word " * 100).endswith("word…")
    assert len(shorten("word " * 100)) <= 155
    assert shorten("  short \n text ") == "short text"
    assert describe_html("<h2>Intro</h2><p></p><p>First &amp; <em>only</em>.</p>") == (
        "First & only."
    )
    assert describe_html("<ul><li>No paragraph</li></ul>") == "No paragraph"
