"""Atom feeds of new and updated articles, per language and per section.

Only what a visitor may read (`visible_to(AnonymousUser())`), in the
feed's language: articles written in it and published translations into
it, newest change first.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import DateTimeField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helpcenter.pagemeta import describe_html

from .models import Article, ArticleTranslation, Section

FEED_ITEMS = 30


def articles_in_language(language: str):
    """Visitors' articles readable in `language`, with that version's title,
    slug, body and date of change, newest change first."""
    translation = ArticleTranslation.objects.published(language).filter(
        article=OuterRef("pk")
    )
    return (
        Article.objects.visible_to(AnonymousUser())
        .filter(Q(language=language) | Exists(translation))
        .localized(language)
        .annotate(
            tr_body_html=Subquery(translation.values("body_html")[:1]),
            changed_at=Greatest(
                "content_updated_at",
                Coalesce(
                    Subquery(translation.values("content_updated_at")[:1]),
                    "content_updated_at",
                    output_field=DateTimeField(),
                ),
            ),
        )
        .select_related("author")
        .order_by("-changed_at", "-pk")
    )


class ArticleFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("%(portal)s: new and updated articles") % {
            "portal": settings.PORTAL_NAME
        }

    def link(self):
        return reverse("home")

    def subtitle(self):
        return _(
            "Answers to publishers' questions, and the quickest way to reach "
            "Customer Support."
        )

    def items(self):
        return articles_in_language(get_language())[:FEED_ITEMS]

    def item_title(self, article):
        return article.local_title

    def item_description(self, article):
        # Atom's summary is HTML: the plain-text description, escaped.
        return escape(describe_html(article.tr_body_html or article.body_html, 300))

    def item_link(self, article):
        return article.get_absolute_url()

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.changed_at

    def item_author_name(self, article):
        return article.author.display_name if article.author else None


class SectionFeed(ArticleFeed):
    def get_object(self, request, pk: int):
        return get_object_or_404(
            Section.objects.with_article_counts(AnonymousUser()), pk=pk
        )

    def title(self, section):
        return _("%(name)s: new and updated articles") % {"name": section.name}

    def link(self, section):
        return section.get_absolute_url()

    def subtitle(self, section):
        return section.description or None

    def items(self, section):
        return articles_in_language(get_language()).filter(section=section)[:FEED_ITEMS]
