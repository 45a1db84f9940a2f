"""Broken links in published texts, for `manage.py check_links`.

A link to an article (`/articles/<id>/`, with or without a language prefix
and slug) is broken when the article is missing, not published, or hidden
from some of the people who can read the linking text. An image is broken
when its file is missing from the media storage.
"""

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction

from .models import Article, ArticleTranslation, BrokenLink, Visibility

ARTICLE_PATH = re.compile(
    r"^(?:/[a-z]{2}(?:-[a-z]{2,4})?)?/articles/(?P<pk>\d+)(?:-[\w-]*)?/?$"
)
# Who may read a text of each visibility: a link must not lead further in.
OPENNESS = {Visibility.EVERYONE: 0, Visibility.SIGNED_IN: 1, Visibility.STAFF: 2}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []  # ("a" or "img", address)

    def handle_starttag(self, tag, attrs):
        wanted = {"a": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.links.append((tag, value))


def links_in(html: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def find_broken() -> list[BrokenLink]:
    """Every broken link and image in published articles and translations."""
    articles = Article.objects.published().only(
        "pk", "visibility", "body_html", "language"
    )
    sources = [(article, None, article.body_html) for article in articles.iterator()]
    translations = (
        ArticleTranslation.objects.published()
        .filter(article__in=Article.objects.published())
        .select_related("article")
        .only("id", "language", "body_html", "article__id", "article__visibility")
    )
    sources += [(t.article, t, t.body_html) for t in translations.iterator()]
    found = [
        (article, translation, tag, url)
        for article, translation, html in sources
        for tag, url in links_in(html)
    ]
    ids = {int(m["pk"]) for *_, url in found if (m := _article_link(url))}
    targets = {
        row["pk"]: row
        for row in Article.objects.filter(pk__in=ids).values("pk", "visibility")
    }
    published = set(
        Article.objects.published().filter(pk__in=ids).values_list("pk", flat=True)
    )
    broken = []
    for article, translation, tag, url in found:
        reason = _problem(article, tag, url, targets, published)
        if reason:
            broken.append(
                BrokenLink(
                    article=article,
                    translation=translation,
                    language=(translation or article).language,
                    url=url[:2_000],
                    reason=reason,
                )
            )
    return broken


def _article_link(url: str):
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    return ARTICLE_PATH.match(parts.path)


def linked_articles(html: str) -> set[int]:
    """The ids of the articles that this (sanitised) HTML links to."""
    found = set()
    for tag, url in links_in(html):
        if tag == "a" and (match := _article_link(url)):
            found.add(int(match["pk"]))
    return found


def _problem(article, tag, url, targets, published) -> str | None:
    if tag == "img":
        media = "/" + settings.MEDIA_URL.lstrip("/")
        path = urlsplit(url).path
        if path.startswith(media) and not default_storage.exists(
            unquote(path.removeprefix(media))
        ):
            return BrokenLink.Reason.MISSING_IMAGE
        return None
    match = _article_link(url)
    if match is None:
        return None
    target = targets.get(int(match["pk"]))
    if target is None:
        return BrokenLink.Reason.MISSING
    if target["pk"] not in published:
        return BrokenLink.Reason.UNPUBLISHED
    if OPENNESS[target["visibility"]] > OPENNESS[article.visibility]:
        return BrokenLink.Reason.LESS_VISIBLE
    return None


def check_links() -> list[BrokenLink]:
    """Find the broken links and keep them for the Needs attention page."""
    broken = find_broken()
    with transaction.atomic():
        BrokenLink.objects.all().delete()
        BrokenLink.objects.bulk_create(broken)
    return broken
