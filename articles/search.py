"""Search: the one entry point for results, suggestions and indexing.

Every result, suggestion, snippet and count comes from
`Article.objects.visible_to(user)`, so nothing leaks from an article the
reader cannot open.

On PostgreSQL each article has two stored, weighted `tsvector`s: the whole
article (title A, labels B, section name C, body D) and its title, labels and
section alone. The text-search configuration follows the article's language;
a query is parsed with `websearch_to_tsquery` in every configuration at once,
so it matches articles in any language.

Ranking every match is what makes broad queries slow (a common word matches
most articles), so only a bounded window is ranked: articles matching in
title, labels or section first (found through their own small index), then
up to 200 of the body matches. Counts are capped ("more than 250"), and
snippets are made for the ten results shown only.

On SQLite (the default for `make run`) a scan gives the same result shape.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Article, SearchTerm, SearchWord, visibilities_for

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
PER_PAGE = 10
# How much is ranked: up to 100 heading matches, then up to 200 body matches.
HEADING_WINDOW = 100
BODY_WINDOW = 200
COUNT_CAP = 250  # "More than 250 results" past this
SUGGESTIONS = 8
CONFIGS = {"en": "english", "fr": "french", "de": "german", "pt-br": "portuguese"}
CONFIGS_CACHE_KEY = "articles:search:configs:v1"
VERSION_CACHE_KEY = "articles:search:version"
RESULTS_CACHE_SECONDS = 300
WORD = re.compile(r"\w+", re.UNICODE)
# Markers that cannot occur in text; turned into <mark> after escaping.
START, STOP = "\x02", "\x03"


@dataclass
class Hit:
    article: Article
    title: SafeString
    snippet: SafeString


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    capped: bool = False
    page: int = 1
    pages: int = 1
    categories: list[tuple] = field(default_factory=list)
    sections: list[tuple] = field(default_factory=list)
    hidden_count: int = 0
    suggestion: str = ""
    corrected_from: str = ""
    cap: int = COUNT_CAP

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def clean_query(text: str) -> str:
    """At most 200 characters and 12 words; no control characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in text or "")
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    return " ".join(text.split()[:MAX_WORDS])


def words_of(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text) if not w.isdigit() or len(w) > 1]


def is_postgres(using=None) -> bool:
    return (using or connection).vendor == "postgresql"


# ---- Indexing -----------------------------------------------------------


def _config():
    return Case(
        *(When(language=code, then=Value(name)) for code, name in CONFIGS.items()),
        default=Value("simple"),
    )


def index_articles(queryset, using=None) -> None:
    """Refresh the search data of these articles (after a save or a rename)."""
    connection_ = using or connection
    model = queryset.model
    forget_configs()
    try:
        cache.incr(VERSION_CACHE_KEY)
    except ValueError:
        cache.set(VERSION_CACHE_KEY, 1, None)
    if is_postgres(connection_):
        section_name = Subquery(
            model._meta.get_field("section")
            .related_model.objects.filter(pk=OuterRef("section_id"))
            .values("name")[:1]
        )
        config = _config()
        heading = (
            SearchVector("title", weight="A", config=config)
            + SearchVector("labels", weight="B", config=config)
            + SearchVector(section_name, weight="C", config=config)
        )
        queryset.update(
            title_vector=heading,
            search_vector=heading
            + SearchVector("body_text", weight="D", config=config),
        )
    _add_words(queryset, model)


def _add_words(queryset, model) -> None:
    words = set()
    for title, labels in queryset.values_list("title", "labels").iterator():
        words.update(w for w in words_of(f"{title} {labels}") if 3 <= len(w) <= 60)
    for section in queryset.values_list("section__name", flat=True).distinct():
        words.update(w for w in words_of(section or "") if 3 <= len(w) <= 60)
    word_model = model._meta.apps.get_model("articles", "SearchWord")
    word_model.objects.bulk_create(
        [word_model(word=w) for w in sorted(words)],
        ignore_conflicts=True,
        batch_size=1000,
    )


# ---- Searching ------------------------------------------------------------


def search(
    text: str,
    user,
    *,
    category: int | None = None,
    section: int | None = None,
    page: int = 1,
    record: bool = True,
) -> Results:
    query = clean_query(text)
    results = Results(query=query)
    if not words_of(query):
        return results
    key = _cache_key(query, user, category, section, page)
    found = cache.get(key)
    if found is None:
        found = _search(query, user, category, section, page)
        cache.set(key, found, RESULTS_CACHE_SECONDS)
    if record:
        record_search(query, found.total)
    return found


def _cache_key(query, user, category, section, page) -> str:
    """Results depend on the words, what the reader may see, filters and page.

    The index version changes whenever an article is indexed, so a cached
    page never outlives a change to the articles.
    """
    version = cache.get_or_set(VERSION_CACHE_KEY, 1, None)
    parts = [
        str(version),
        connection.vendor,
        ",".join(sorted(visibilities_for(user))),
        query.lower(),
        str(category or ""),
        str(section or ""),
        str(page),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"articles:search:results:{digest}"


def _search(query, user, category, section, page) -> Results:
    engine = _search_postgres if is_postgres() else _search_scan
    found = engine(query, user, category, section, page)
    if found.total < 3 and not category and not section:
        corrected = correct(query)
        if corrected and corrected != query.lower():
            if found.total == 0:
                retry = engine(corrected, user, category, section, page)
                if retry.total:
                    retry.query = query
                    retry.corrected_from = query
                    retry.suggestion = corrected
                    found = retry
            else:
                found.suggestion = corrected
    return found


def _pages(total: int) -> int:
    return max(1, -(-min(total, HEADING_WINDOW + BODY_WINDOW) // PER_PAGE))


def _configs_in_use() -> list[str]:
    """The text-search configurations of the articles' languages (cached)."""
    configs = cache.get(CONFIGS_CACHE_KEY)
    if configs is None:
        languages = Article.objects.values_list("language", flat=True).distinct()
        configs = sorted({CONFIGS.get(code, "simple") for code in languages})
        cache.set(CONFIGS_CACHE_KEY, configs, 600)
    return configs or ["simple"]


def forget_configs() -> None:
    cache.delete(CONFIGS_CACHE_KEY)


def _tsquery(query: str):
    combined = None
    for config in _configs_in_use():
        part = SearchQuery(query, config=config, search_type="websearch")
        combined = part if combined is None else combined | part
    return combined


def _search_postgres(query, user, category, section, page) -> Results:
    results = Results(query=query)
    tsquery = _tsquery(query)
    # No ordering until the window is ranked: sorting every match is what
    # would make a broad word slow.
    visible = Article.objects.visible_to(user).order_by()
    if category:
        visible = visible.filter(section__category=category)
    if section:
        visible = visible.filter(section=section)
    matches = visible.filter(search_vector=tsquery)
    total = _capped_count(matches)
    results.total, results.capped = total, total > COUNT_CAP
    results.pages = _pages(total)
    page = min(max(page, 1), results.pages)
    results.page = page

    # One query ranks the window: heading matches above body matches, each
    # by rank, with an exact or contained title on top.
    heading = visible.filter(title_vector=tsquery).values("pk")[:HEADING_WINDOW]
    body = matches.values("pk")[:BODY_WINDOW]
    rank = SearchRank(F("search_vector"), tsquery)
    exact = Case(When(title__iexact=query, then=Value(2.0)), default=Value(0.0))
    phrase = Case(When(title__icontains=query, then=Value(1.0)), default=Value(0.0))
    if not total:
        return results
    window = list(
        Article.objects.filter(pk__in=heading.union(body))
        .annotate(
            in_heading=Case(
                When(title_vector=tsquery, then=Value(1)), default=Value(0)
            ),
            score=rank + exact + phrase,
        )
        .order_by("-in_heading", "-score", "-published_at", "pk")
        .values_list(
            "pk",
            "section_id",
            "section__name",
            "section__category_id",
            "section__category__name",
        )
    )
    ordered = [row[0] for row in window]
    shown = ordered[(page - 1) * PER_PAGE : page * PER_PAGE]
    rows = (
        Article.objects.filter(pk__in=shown)
        .select_related("section__category")
        .annotate(
            title_marked=SearchHeadline(
                "title",
                tsquery,
                start_sel=START,
                stop_sel=STOP,
                highlight_all=True,
            ),
            # The opening of the body is enough for a snippet, and keeps
            # ts_headline's cost flat however long an article is.
            snippet_marked=SearchHeadline(
                Left("body_text", 4000),
                tsquery,
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .defer("body", "body_html", "body_text", "search_vector", "title_vector")
    )
    by_pk = {row.pk: row for row in rows}
    results.hits = [
        Hit(
            article=by_pk[pk],
            title=_marked(by_pk[pk].title_marked),
            snippet=_marked(by_pk[pk].snippet_marked),
        )
        for pk in shown
        if pk in by_pk
    ]
    _facets_from_rows(results, [row[1:] for row in window])
    results.hidden_count = _capped_count(
        Article.objects.needs_sign_in(user).filter(search_vector=tsquery)
    )
    return results


def _capped_count(queryset) -> int:
    return queryset.order_by().values("pk")[: COUNT_CAP + 1].count()


def _facets_from_rows(results: Results, rows) -> None:
    """Counts by category and section from (section, name, category, name)."""
    sections: dict[int, list] = {}
    categories: dict[int, list] = {}
    for section_id, section_name, category_id, category_name in rows:
        sections.setdefault(section_id, [section_name, 0])[1] += 1
        categories.setdefault(category_id, [category_name, 0])[1] += 1
    results.sections = sorted(
        ((pk, name, n) for pk, (name, n) in sections.items()),
        key=lambda item: (-item[2], item[1]),
    )
    results.categories = sorted(
        ((pk, name, n) for pk, (name, n) in categories.items()),
        key=lambda item: (-item[2], item[1]),
    )


def _facets(results: Results, ordered_ids: list[int], total: int) -> None:
    """Counts by category and section of the ranked window (all, when small)."""
    rows = (
        Article.objects.filter(pk__in=ordered_ids)
        .values(
            "section_id",
            "section__name",
            "section__category_id",
            "section__category__name",
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "section__name")
    )
    categories: dict[int, list] = {}
    for row in rows:
        entry = categories.setdefault(
            row["section__category_id"], [row["section__category__name"], 0]
        )
        entry[1] += row["n"]
        results.sections.append((row["section_id"], row["section__name"], row["n"]))
    results.categories = sorted(
        ((pk, name, n) for pk, (name, n) in categories.items()),
        key=lambda item: (-item[2], item[1]),
    )


def _marked(text: str | None) -> SafeString:
    """Escape the text, then turn the markers into <mark> elements."""
    safe = escape(text or "")
    return mark_safe(  # noqa: S308 - escaped above; only our markers become tags
        safe.replace(START, "<mark>").replace(STOP, "</mark>")
    )


# ---- The SQLite fallback ----------------------------------------------------


def _stem(word: str) -> str:
    for ending in ("ing", "ed", "es", "s"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def _search_scan(query, user, category, section, page) -> Results:
    results = Results(query=query)
    terms = [_stem(w) for w in words_of(query)]
    visible = Article.objects.visible_to(user)
    if category:
        visible = visible.filter(section__category=category)
    if section:
        visible = visible.filter(section=section)

    def matching(queryset):
        for term in terms:
            queryset = queryset.filter(
                Q(title__icontains=term)
                | Q(labels__icontains=term)
                | Q(section__name__icontains=term)
                | Q(body_text__icontains=term)
            )
        return queryset

    candidates = list(
        matching(visible)
        .select_related("section__category")
        .only(
            "pk",
            "title",
            "slug",
            "labels",
            "body_text",
            "published_at",
            "visibility",
            "section__name",
            "section__slug",
            "section__category__name",
            "section__category__slug",
        )[:2000]
    )
    lowered = query.lower()

    def score(article):
        fields = [
            (article.title.lower(), 8),
            (article.labels.lower(), 4),
            (article.section.name.lower(), 2),
            (article.body_text.lower(), 1),
        ]
        total = 0.0
        for term in terms:
            pattern = re.compile(rf"\b{re.escape(term)}\w*", re.IGNORECASE)
            exact = re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)
            for text, weight in fields:
                hits = len(pattern.findall(text))
                if hits:
                    total += weight * (1 + min(hits, 5) / 10)
                    if exact.search(text):
                        total += weight / 4
        if lowered == article.title.lower():
            total += 20
        elif lowered in article.title.lower():
            total += 10
        return total

    ranked = sorted(
        candidates,
        key=lambda a: (-score(a), -(a.published_at.timestamp()), a.pk),
    )
    results.total = len(ranked)
    results.pages = _pages(results.total)
    results.page = page = min(max(page, 1), results.pages)
    shown = ranked[(page - 1) * PER_PAGE : page * PER_PAGE]
    results.hits = [
        Hit(
            article=a,
            title=_highlight(a.title, terms),
            snippet=_highlight(_window(a.body_text, terms), terms),
        )
        for a in shown
    ]
    _facets(
        results, [a.pk for a in ranked[: HEADING_WINDOW + BODY_WINDOW]], results.total
    )
    results.hidden_count = matching(Article.objects.needs_sign_in(user)).count()
    return results


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
        return _marked(text)
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE
    )
    return _marked(pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text))


# ---- Typos, suggestions and statistics ---------------------------------------


def correct(query: str) -> str:
    """The query with unknown words replaced by the closest known ones."""
    words = words_of(query)
    if not words:
        return ""
    known = set(
        SearchWord.objects.filter(word__in=words).values_list("word", flat=True)
    )
    corrected = []
    changed = False
    for word in words:
        if word in known or len(word) < 4:
            corrected.append(word)
            continue
        match = _closest(word)
        if match and match != word:
            corrected.append(match)
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else ""


def _closest(word: str) -> str:
    key = "articles:search:closest:" + hashlib.sha256(word.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _closest_uncached(word)
        cache.set(key, found, 3600)
    return found


def _closest_uncached(word: str) -> str:
    if is_postgres():
        from django.contrib.postgres.search import TrigramSimilarity

        found = list(
            SearchWord.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity", "word")
            .values_list("word", flat=True)[:1]
        )
        return found[0] if found else ""
    candidates = SearchWord.objects.filter(
        word__startswith=word[0], word__regex=rf"^.{{{len(word) - 2},{len(word) + 2}}}$"
    ).values_list("word", flat=True)[:5000]
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return close[0] if close else ""


def suggest(text: str, user) -> list[dict]:
    """Titles for the search box as one types; only what the user may open."""
    query = clean_query(text)
    words = [w for w in words_of(query) if len(w) >= 2][:5]
    if not words:
        return []
    matches = Article.objects.visible_to(user)
    for word in words:
        matches = matches.filter(title__icontains=word)
    rows = (
        matches.annotate(
            starts=Case(
                When(title__istartswith=words[0], then=Value(1)), default=Value(0)
            ),
        )
        .order_by("-starts", "-promoted", "-helpful_count", "title")
        .select_related("section")
        .only("pk", "slug", "title", "section__name")[:SUGGESTIONS]
    )
    return [
        {
            "title": row.title,
            "url": row.get_absolute_url(),
            "section": row.section.name,
        }
        for row in rows
    ]


def record_search(query: str, total: int) -> None:
    """Count the search, and whether it found nothing (no personal data)."""
    normalized = query.lower()[:MAX_QUERY_LENGTH]
    if not normalized:
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
        .select_related("section")
        .only("pk", "slug", "title", "section__name", "section__slug")
        .order_by("-promoted", "-helpful_count", "title")[:limit]
    )
