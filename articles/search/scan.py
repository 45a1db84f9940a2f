"""Search on SQLite (the default for `make run`): a scan of the visible
articles with the same result shape, weights and highlighting as on
PostgreSQL. A query matches all of its words; a question that finds
little that way matches any of them, ranked by how many it holds, and
(as there) a little higher the more articles link to it."""

from __future__ import annotations

import math
import re

from django.db.models import Exists, OuterRef, Q
from django.utils.safestring import SafeString

from ..models import Article, ArticleTranslation
from .common import (
    PER_PAGE,
    START,
    STOP,
    STOP_WORDS,
    Hit,
    Results,
    facets,
    marked,
    name_column,
    pages_for,
    translations_of,
    words_of,
)
from .postgres import RANKING

SCANNED = 2000  # candidates read at most, from each table
FIELD_WEIGHTS = (8, 4, 2, 1)  # title, labels, section, body
CITED_WEIGHT = RANKING["cited_weight"]  # the same as on PostgreSQL


def search(query, user, category, section, page, language, any_word) -> Results:
    """A page of results for `query`: all of its words, or any of them."""
    terms = [_stem(w) for w in words_of(query)]
    if any_word:
        terms = [t for t in terms if t not in STOP_WORDS and len(t) > 2]
    return _search(query, terms, user, category, section, page, language, any_word)


def _search(query, terms, user, category, section, page, language, any_word):
    results = Results(query=query)
    visible = Article.objects.visible_to(user)
    if category:
        visible = visible.filter(section__category=category)
    if section:
        visible = visible.filter(section=section)
    column = "section__" + name_column(language)
    candidates = {
        article.pk: article
        for article in _matching(visible, terms, column, any_word).select_related(
            "section__category"
        )[:SCANNED]
    }
    # A translation into the reader's language stands in for its article.
    translations = _matching_translations(
        translations_of(visible, language), terms, column, any_word
    )
    for translation in translations.select_related("article__section__category")[
        :SCANNED
    ]:
        article = candidates.get(translation.article_id, translation.article)
        article.show_in(translation)
        candidates[article.pk] = article
    ranked = _ranked(list(candidates.values()), query, terms)
    results.total = len(ranked)
    results.pages = pages_for(results.total)
    results.page = page = min(max(page, 1), results.pages)
    results.hits = [
        Hit(
            url=a.get_absolute_url(),
            category=a.section.category.name,
            section=a.section.name,
            title=_highlight(_shown(a).title, terms),
            snippet=_highlight(_window(_shown(a).body_text, terms), terms),
        )
        for a in ranked[(page - 1) * PER_PAGE : page * PER_PAGE]
    ]
    rows = [
        (a.section_id, a.section.name, a.section.category_id, a.section.category.name)
        for a in ranked[: results.pages * PER_PAGE]
    ]
    facets(results, rows)
    results.hidden_count = _hidden_count(user, terms, column, language, any_word)
    return results


def _combine(conditions: list[Q], any_word: bool) -> Q:
    combined = Q()
    for condition in conditions:
        combined = (combined | condition) if any_word else (combined & condition)
    return combined


def _matching(queryset, terms, column, any_word):
    return queryset.filter(
        _combine(
            [
                Q(title__icontains=term)
                | Q(labels__icontains=term)
                | Q(section__name__icontains=term)
                | Q(**{column + "__icontains": term})
                | Q(body_text__icontains=term)
                for term in terms
            ],
            any_word,
        )
    )


def _matching_translations(queryset, terms, column, any_word):
    return queryset.filter(
        _combine(
            [
                Q(title__icontains=term)
                | Q(article__labels__icontains=term)
                | Q(**{"article__" + column + "__icontains": term})
                | Q(body_text__icontains=term)
                for term in terms
            ],
            any_word,
        )
    )


def _shown(article):
    return getattr(article, "shown_translation", None) or article


def _ranked(articles: list, query: str, terms: list[str]) -> list:
    """By the weight of the fields each word is found in, how often, and
    whether as a whole word, times the links to it; an exact or containing
    title first."""
    lowered = query.lower()
    patterns = [
        (
            re.compile(rf"\b{re.escape(term)}\w*", re.IGNORECASE),
            re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE),
        )
        for term in terms
    ]

    def score(article):
        title = _shown(article).title.lower()
        fields = zip(
            (
                title,
                article.labels.lower(),
                article.section.name.lower(),
                _shown(article).body_text.lower(),
            ),
            FIELD_WEIGHTS,
            strict=True,
        )
        total = 0.0
        for text, weight in fields:
            for pattern, exact in patterns:
                hits = len(pattern.findall(text))
                if hits:
                    total += weight * (1 + min(hits, 5) / 10)
                    if exact.search(text):
                        total += weight / 4
        total *= 1 + CITED_WEIGHT * math.log1p(article.citations)
        if lowered == title:
            total += 20
        elif lowered in title:
            total += 10
        return total

    return sorted(
        articles, key=lambda a: (-score(a), -(a.published_at.timestamp()), a.pk)
    )


def _hidden_count(user, terms, column, language, any_word) -> int:
    """How many more articles a visitor would find after signing in."""
    hidden = Article.objects.needs_sign_in(user)
    if not user.is_authenticated:
        translated = ArticleTranslation.objects.published(language).filter(
            article=OuterRef("pk")
        )
        conditions = [
            Q(title__icontains=term) | Q(body_text__icontains=term) for term in terms
        ]
        translated = translated.filter(_combine(conditions, any_word))
        matching = _matching(hidden, terms, column, any_word)
        return hidden.filter(
            Q(pk__in=matching.values("pk")) | Exists(translated)
        ).count()
    return 0


def _stem(word: str) -> str:
    for ending in ("ing", "ed", "es", "s"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def _window(text: str, terms: list[str], size: int = 30) -> str:
    words = text.split()
    lowered = [w.lower() for w in words]
    start = 0
    for i, word in enumerate(lowered):
        if any(term in word for term in terms):
            start = max(0, i - 8)
            break
    piece = " ".join(words[start : start + size])
    prefix = "… " if start else ""
    suffix = " …" if start + size < len(words) else ""
    return f"{prefix}{piece}{suffix}"


def _highlight(text: str, terms: list[str]) -> SafeString:
    if not terms:
        return marked(text)
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE
    )
    return marked(pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text))
