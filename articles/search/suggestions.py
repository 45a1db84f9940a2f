"""Suggestions for the search box as one types: titles the reader may open.

Titles in the reader's language first, where some are translated into it
(translations are few, so a scan of those in one language is cheap); then
titles that start with the typed words (an index on the lowercased title
serves them in order); then titles with a word starting with each typed
word (the heading index on PostgreSQL). Each step stops at eight rows, so
a short prefix that matches thousands of titles costs no more than a rare
one.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate, Lower
from django.utils.translation import get_language

from ..models import Article, SearchWord
from .common import (
    RESULTS_CACHE_SECONDS,
    SUGGESTIONS,
    cache_key,
    clean_query,
    configs_in_use,
    in_every_config,
    is_postgres,
    reading,
    section_names,
    translated_languages,
    translations_of,
    words_of,
)

ENDINGS = 6  # completions of the word being typed, from the vocabulary


def suggest(text: str, user) -> list[dict]:
    """Up to eight titles for what is typed, with their addresses and
    sections; only what the user may open."""
    query = clean_query(text)
    words = [w for w in words_of(query) if len(w) >= 2][:5]
    if not words:
        return []
    language = get_language() or "en"
    key = "articles:search:suggest:" + cache_key(query, user, None, None, 0, language)
    found = cache.get(key)
    if found is None:
        found = _suggest(query, words, user, language)
        cache.set(key, found, RESULTS_CACHE_SECONDS)
    return found


def _suggest(query: str, words: list[str], user, language: str) -> list[dict]:
    prefix = " ".join(query.lower().split())
    # Only what a suggestion shows is read; section names come from the
    # cached map.
    visible = Article.objects.visible_to(user).only("pk", "slug", "title", "section")
    rows = []
    if language in translated_languages():
        translated = translations_of(visible, language)
        for word in words:
            translated = translated.filter(title__icontains=word)
        for translation in translated.select_related("article").order_by("title")[
            :SUGGESTIONS
        ]:
            translation.article.show_in(translation)
            rows.append(translation.article)
        visible = visible.exclude(pk__in=[row.pk for row in rows]).localized(language)
    if len(rows) < SUGGESTIONS:
        rows += _starting_with(prefix, visible, SUGGESTIONS - len(rows))
    if len(rows) < SUGGESTIONS:
        others = visible.exclude(pk__in=[row.pk for row in rows]).order_by()
        rows += _with_words(words, others, SUGGESTIONS - len(rows))
    names = section_names(language, {row.section_id for row in rows})
    return [
        {
            "title": row.local_title,
            "url": row.get_absolute_url(),
            "section": names[row.section_id][0],
        }
        for row in rows
    ]


def _starting_with(prefix: str, visible, wanted: int) -> list:
    """Titles that start with the typed text, in order."""
    lowered = Lower("title")
    if is_postgres():
        # The index's collation, so it serves both the prefix and the order.
        lowered = Collate(lowered, "C")
    with planner(enable_bitmapscan="off"):
        # Walk the title index in order and stop at eight, rather than
        # collect and sort every title with this prefix.
        return list(
            visible.annotate(lowered=lowered)
            .filter(lowered__startswith=prefix)
            .order_by("lowered")[:wanted]
        )


def _with_words(words: list[str], others, wanted: int) -> list:
    """Titles with every typed word, the last one still being typed."""
    if is_postgres():
        # Complete the last word from the vocabulary, then find titles with
        # those words through the heading index (per-word estimates keep
        # the plan sound, where a prefix query would lead PostgreSQL to
        # scan the table).
        *done, typing = words
        endings = list(
            SearchWord.objects.filter(word__startswith=typing)
            .order_by("word")
            .values_list("word", flat=True)[:ENDINGS]
        )
        if not endings:
            return []
        configs = configs_in_use()
        # Safe: the configurations are ours; the query is a parameter.
        others = others.filter(
            RawSQL(  # noqa: S611
                "articles_article.title_vector @@ "
                + in_every_config("to_tsquery('{config}', %s)", configs),
                [completed(done, endings)] * len(configs),
                output_field=BooleanField(),
            )
        )
    else:
        for word in words:
            others = others.filter(title__icontains=word)
    with planner(enable_seqscan="off", enable_indexscan="off"):
        # Through the GIN index: with LIMIT 8 the planner would rather read
        # the table in the hope of meeting eight rare titles early. The
        # index gives them in no order: list them by title.
        found = list(others[:wanted])
    return sorted(found, key=lambda row: row.local_title.lower())


def completed(done: list[str], endings: list[str]) -> str:
    r"""A raw tsquery for titles and labels with the typed words, the last
    one completed by any of its `endings` from the vocabulary.

    Words are \w+ only, so they are safe in to_tsquery syntax; :AB keeps to
    titles and labels (the section name is weight C).
    """
    return " & ".join(
        [f"{w}:AB" for w in done] + ["(" + " | ".join(f"{w}:AB" for w in endings) + ")"]
    )


PLANNER_SETTINGS = {"enable_bitmapscan", "enable_indexscan", "enable_seqscan"}


@contextmanager
def planner(**options: str):
    """PostgreSQL planner settings for one transaction (nothing elsewhere),
    on the connection search reads through."""
    connection = reading()
    if not is_postgres(connection):
        yield
        return
    if not options.keys() <= PLANNER_SETTINGS:
        raise ValueError(options)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # One round trip for all of them (true: for this transaction only).
        cursor.execute(
            "SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(options)),
            [item for pair in options.items() for item in pair],
        )
        yield
