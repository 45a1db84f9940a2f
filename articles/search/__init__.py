"""Search: the one entry point for results, suggestions and indexing.

Every result, suggestion, snippet and count comes from
`Article.objects.visible_to(user)`, so nothing leaks from an article the
reader cannot open. Reads go through the database router (the replica,
when there is one).

- `search()` (here): a page of ranked results, cached for five minutes under
  an index version that every save moves on; with few results, unknown
  words are corrected (`typos`). The work is done by `postgres` (stored
  weighted vectors, every match ranked by coverage, proximity and title;
  see its docstring) or, on SQLite, by `scan`.
- `suggest()` (`suggestions`): titles as one types.
- `indexing`: the stored vectors and the vocabulary, kept current by signal
  receivers connected in ArticlesConfig.ready(); `citations`: which
  articles link to which, counted for ranking.
- `record_search()` (here): what people search for, counted.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language

from ..models import Article, SearchTerm
from . import postgres, scan
from .citations import record_citations
from .common import (
    COUNT_CAP,
    MAX_QUERY_LENGTH,
    MAX_WORDS,
    PER_PAGE,
    RESULTS_CACHE_SECONDS,
    Hit,
    Results,
    cache_key,
    clean_query,
    is_postgres,
    wants_any_word,
    words_of,
)
from .indexing import (
    index_articles,
    index_translations,
    names_changed,
    translations_changed,
)
from .suggestions import suggest
from .typos import correct

# The same person's same search within this many seconds is counted once.
RECOUNT_SECONDS = 30 * 60

__all__ = [
    "COUNT_CAP",
    "MAX_QUERY_LENGTH",
    "MAX_WORDS",
    "PER_PAGE",
    "Hit",
    "Results",
    "cache_key",
    "clean_query",
    "correct",
    "index_articles",
    "index_translations",
    "names_changed",
    "popular_articles",
    "record_citations",
    "record_search",
    "search",
    "suggest",
    "translations_changed",
]


def search(
    text: str,
    user,
    *,
    category: int | None = None,
    section: int | None = None,
    page: int = 1,
    record: bool = True,
    exact: bool = False,
    searcher: str = "",
) -> Results:
    """A page of results for `text`; `exact`: the words as typed, never
    corrected; `searcher`: who searches (see `record_search`)."""
    query = clean_query(text)
    results = Results(query=query)
    if not words_of(query):
        return results
    language = get_language() or "en"
    key = cache_key(query, user, category, section, page, language)
    if exact:
        key += ":exact"
    found = cache.get(key)
    if found is None:
        found = _search(query, user, category, section, page, language, exact)
        cache.set(key, found, RESULTS_CACHE_SECONDS)
    if record:
        record_search(query, found.total, searcher=searcher)
    return found


def _search(query, user, category, section, page, language, exact) -> Results:
    """All the words; then, where that finds nothing, the words corrected;
    then, for a question that finds little, any of the words."""
    engine = postgres.search if is_postgres() else scan.search
    found = engine(query, user, category, section, page, language, False)
    corrected = ""
    if found.total < 3 and not (exact or category or section):
        corrected = correct(query)
    if found.total == 0 and corrected:
        retry = engine(corrected, user, category, section, page, language, False)
        if retry.total:
            retry.query = retry.corrected_from = query
            retry.suggestion = corrected
            return retry
    if wants_any_word(query, found.total):
        widened = engine(query, user, category, section, page, language, True)
        if widened.total > found.total:
            found = widened
    if corrected and found.total < 3:
        found.suggestion = corrected
    return found


def record_search(query: str, total: int, *, searcher: str = "") -> None:
    """Count the search, and whether it found nothing (no personal data).

    A search that the same `searcher` (who, as the view says it: a user, a
    session or an address) made within `RECOUNT_SECONDS` is not counted
    again: a reload, the next page of results or a return to them is the
    same search. Only a digest of who and what is kept, in the cache, for
    that long. This also keeps the write, which would queue every worker
    behind one row, off most searches.
    """
    normalized = query.lower()[:MAX_QUERY_LENGTH]
    if not normalized:
        return
    if searcher:
        digest = hashlib.sha256(f"{searcher}\x1f{normalized}".encode()).hexdigest()
        if not cache.add(f"articles:search:seen:{digest}", 1, RECOUNT_SECONDS):
            return
    now = timezone.now()
    empty = 1 if total == 0 else 0
    with transaction.atomic():
        updated = SearchTerm.objects.filter(query=normalized).update(
            count=F("count") + 1,
            empty_count=F("empty_count") + empty,
            last_results=total,
            last_searched_at=now,
        )
        if not updated:
            SearchTerm.objects.bulk_create(
                [
                    SearchTerm(
                        query=normalized,
                        count=1,
                        empty_count=empty,
                        last_results=total,
                        last_searched_at=now,
                    )
                ],
                ignore_conflicts=True,
            )


def popular_articles(user, limit: int = 5):
    return (
        Article.objects.visible_to(user)
        .localized()
        .select_related("section")
        .order_by("-promoted", "-helpful_count", "title")[:limit]
    )
