"""Indexing: the stored search vectors, the vocabulary and the links
between articles (`citations`), kept current by signal receivers that
ArticlesConfig.ready() connects (connect())."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, OuterRef, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, NullIf, Replace
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from modeltranslation.utils import build_localized_fieldname

from ..models import Article, ArticleTranslation, Category, Section
from .citations import forget_citations, record_citations
from .common import (
    CONFIGS,
    TRANSLATED_CACHE_KEY,
    is_postgres,
    new_version,
    note_configs,
    words_of,
)

# Words of this length go into the vocabulary of typo correction.
VOCABULARY_LENGTHS = range(3, 61)


def index_articles(queryset, using=None) -> None:
    """Refresh the search data of these articles (after a save or a rename)."""
    model = queryset.model
    note_configs(queryset)
    new_version()
    if is_postgres(using or connection):
        # Through the article (whose manager does not translate names): the
        # section's original name, in the language the article is written in.
        section_name = Subquery(
            model.objects.filter(pk=OuterRef("pk")).values("section__name")[:1]
        )
        config = Case(
            *(When(language=code, then=Value(name)) for code, name in CONFIGS.items()),
            default=Value("simple"),
        )
        heading = _heading(config, F("labels"), section_name)
        queryset.update(
            title_vector=heading,
            search_vector=heading
            + SearchVector(_text("body_text"), weight="D", config=config),
        )
    add_words(queryset, ("title", "labels", "section__name", "body_text"))


def index_translations(queryset, using=None) -> None:
    """Refresh the search data of these translations, as for articles.

    The heading part holds the translated title, the article's labels and
    the section's name in the translation's language.
    """
    note_configs(queryset)
    translations_changed()
    if is_postgres(using or connection):
        languages = queryset.order_by().values_list("language", flat=True)
        for language in set(languages):
            config = Value(CONFIGS.get(language, "simple"))
            article = Article.objects.filter(pk=OuterRef("article_id"))
            labels = Subquery(article.values("labels")[:1])
            section = Subquery(
                article.annotate(name=_section_name(language)).values("name")[:1]
            )
            heading = _heading(config, labels, section)
            queryset.filter(language=language).update(
                title_vector=heading,
                search_vector=heading
                + SearchVector(_text("body_text"), weight="D", config=config),
            )
    add_words(queryset, ("title", "body_text"))


def translations_changed() -> None:
    """A translation was saved or deleted: cached results and the list of
    translated languages are out of date."""
    cache.delete(TRANSLATED_CACHE_KEY)
    new_version()


def names_changed() -> None:
    """A section or category was saved or deleted: cached results show its
    old name."""
    new_version()


def _heading(config, labels, section):
    """Title (A), labels (B) and section name (C): the heading vector."""
    return (
        SearchVector(_text("title"), weight="A", config=config)
        + SearchVector(_text(labels), weight="B", config=config)
        + SearchVector(_text(section), weight="C", config=config)
    )


def _text(expression):
    """Text as the search parser should read it: PostgreSQL's parser takes
    "<word ..." for an HTML tag and drops what it thinks is inside, so a
    title or code sample with a "<" would lose words."""
    if isinstance(expression, str):
        expression = F(expression)
    return Replace(expression, Value("<"), Value(" "), output_field=TextField())


def _section_name(language: str, prefix: str = "section__"):
    """The section's name in `language`, or in English where it has none."""
    column = build_localized_fieldname("name", language)
    return Coalesce(NullIf(F(prefix + column), Value("")), F(prefix + "name"))


def add_words(queryset, fields: tuple[str, ...]) -> None:
    """Every word of these rows, so that typo correction knows it: a word
    of a title or of a body is never "corrected" into another."""
    words = set()
    for row in queryset.order_by().values_list(*fields).iterator(chunk_size=500):
        for text in row:
            words.update(
                w for w in words_of(text or "") if len(w) in VOCABULARY_LENGTHS
            )
    word_model = queryset.model._meta.apps.get_model("articles", "SearchWord")
    word_model.objects.bulk_create(
        [word_model(word=w) for w in sorted(words)],
        ignore_conflicts=True,
        batch_size=1000,
    )


# ---- Receivers --------------------------------------------------------------


def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        saved = Article.objects.filter(pk=instance.pk)
        index_articles(saved)
        record_citations(saved)


def _article_deleting(sender, instance, **kwargs):
    forget_citations(instance)


def _translation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_translations(ArticleTranslation.objects.filter(pk=instance.pk))


def _translation_deleted(sender, instance, **kwargs):
    translations_changed()


def _section_saving(sender, instance, raw=False, **kwargs):
    """Whether the name changes: it is part of its articles' index."""
    instance._search_renamed = (
        instance._state.adding
        or not Section.objects.filter(pk=instance.pk, name=instance.name).exists()
    )


def _section_saved(sender, instance, raw=False, **kwargs):
    if not raw and getattr(instance, "_search_renamed", True):
        index_articles(Article.objects.filter(section=instance))
    else:
        names_changed()


def _names_changed(sender, **kwargs):
    names_changed()


def connect() -> None:
    """Keep the index current on every save (ArticlesConfig.ready())."""
    uid = "articles.search"
    post_save.connect(_article_saved, Article, dispatch_uid=f"{uid}.article")
    pre_delete.connect(_article_deleting, Article, dispatch_uid=f"{uid}.article")
    post_save.connect(
        _translation_saved, ArticleTranslation, dispatch_uid=f"{uid}.translation"
    )
    post_delete.connect(
        _translation_deleted, ArticleTranslation, dispatch_uid=f"{uid}.translation"
    )
    pre_save.connect(_section_saving, Section, dispatch_uid=f"{uid}.section")
    post_save.connect(_section_saved, Section, dispatch_uid=f"{uid}.section")
    post_save.connect(_names_changed, Category, dispatch_uid=f"{uid}.category")
    post_delete.connect(_names_changed, Category, dispatch_uid=f"{uid}.category")
    post_delete.connect(_names_changed, Section, dispatch_uid=f"{uid}.section")
