"""Sitemaps: the categories, sections and articles a visitor may read.

Everything starts from what an anonymous visitor sees (`visible_to()`):
signed-in and staff articles, drafts and scheduled ones are never listed,
nor a category or section that holds only such articles. Each page is
listed in every language it exists in, with the others as `hreflang`
alternates, and `lastmod` is when its content last changed.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.utils.translation import get_language

from .models import Article, ArticleTranslation, Category, Section

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _visible_articles():
    return Article.objects.visible_to(AnonymousUser())


def _latest_change(**filters) -> Subquery:
    """When the newest visible article under this row last changed."""
    return Subquery(
        _visible_articles()
        .filter(**filters)
        .order_by()
        .values(*filters)
        .annotate(at=Max("content_updated_at"))
        .values("at")[:1]
    )


class _Alternates(Sitemap):
    """i18n sitemaps with hreflang alternates and an x-default of our own:
    the original language for an article, English for the rest (Django's
    own x-default is the address without a language)."""

    i18n = True
    alternates = True
    limit = 10_000  # each entry carries its alternates: well under 50 MB

    def x_default_language(self, item) -> str:
        return settings.LANGUAGE_CODE

    def get_latest_lastmod(self):
        """For the index: one aggregate, not a walk through every item."""
        return _visible_articles().aggregate(at=Max("content_updated_at"))["at"]

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            item = url["item"][0]
            language = self.x_default_language(item)
            location = self._location((item, language))
            url["alternates"].append(
                {
                    "location": f"{protocol}://{domain}{location}",
                    "lang_code": "x-default",
                }
            )
        return urls


class CategorySitemap(_Alternates):
    def items(self):
        return (
            Category.objects.with_visible_sections(AnonymousUser())
            .annotate(changed_at=_latest_change(section__category=OuterRef("pk")))
            .order_by("pk")
        )

    def lastmod(self, category):
        return category.changed_at


class SectionSitemap(_Alternates):
    def items(self):
        return (
            Section.objects.with_article_counts(AnonymousUser())
            .annotate(changed_at=_latest_change(section=OuterRef("pk")))
            .order_by("pk")
        )

    def lastmod(self, section):
        return section.changed_at


class ArticleSitemap(_Alternates):
    """An article in its own language and each published translation."""

    def items(self):
        return (
            _visible_articles()
            .only("pk", "slug", "language", "content_updated_at")
            .prefetch_related(
                Prefetch(
                    "translations",
                    queryset=ArticleTranslation.objects.published().only(
                        "article_id", "language", "slug", "content_updated_at"
                    ),
                    to_attr="published_translations",
                )
            )
            .order_by("pk")
        )

    def get_languages_for_item(self, article):
        languages = {article.language} | {
            t.language for t in article.published_translations
        }
        return [code for code in LANGUAGE_CODES if code in languages]

    def x_default_language(self, article) -> str:
        return article.language

    def get_latest_lastmod(self):
        translated = (
            ArticleTranslation.objects.published()
            .filter(article__in=_visible_articles())
            .aggregate(at=Max("content_updated_at"))["at"]
        )
        return max(
            filter(None, [super().get_latest_lastmod(), translated]), default=None
        )

    def location(self, article):
        translation = article.translation_in(get_language())
        return (translation or article).get_absolute_url()

    def lastmod(self, article):
        translation = article.translation_in(get_language())
        if translation is None:
            return article.content_updated_at
        return max(article.content_updated_at, translation.content_updated_at)


SITEMAPS = {
    "categories": CategorySitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
}
