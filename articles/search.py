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
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
)
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Collate, Lower, NullIf, Replace
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from .models import (
    Article,
    ArticleTranslation,
    SearchTerm,
    SearchWord,
    Section,
    visibilities_for,
)

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
PER_PAGE = 10
# How much is ranked: up to 50 heading matches and 101 matches in the body
# only (one past the count cap, so the window tells whether there are more).
HEADING_WINDOW = 50
COUNT_CAP = 100  # "More than 100 results" past this
BODY_WINDOW = COUNT_CAP + 1
SUGGESTIONS = 8
ENDINGS = 6  # completions of the word being typed, from the vocabulary
# A snippet is made from this many characters of the body, starting a little
# before the first match.
SNIPPET_CHARS = 320
SNIPPET_BEFORE = 100
# Without a place to start from, the snippet is looked for in this much.
SNIPPET_FALLBACK = 4000
CONFIGS = {"en": "english", "fr": "french", "de": "german", "pt-br": "portuguese"}
KNOWN_CONFIGS = {*CONFIGS.values(), "simple"}
CONFIGS_CACHE_KEY = "articles:search:configs:v1"
VERSION_CACHE_KEY = "articles:search:version"
TRANSLATED_CACHE_KEY = "articles:search:translated-languages"
RESULTS_CACHE_SECONDS = 300
# The same person's same search within this many seconds is counted once.
RECOUNT_SECONDS = 30 * 60
WORD = re.compile(r"\w+", re.UNICODE)
# Markers that cannot occur in text; turned into <mark> after escaping.
START, STOP = "\x02", "\x03"


@dataclass
class Hit:
    url: str
    category: str
    section: str
    title: SafeString
    snippet: SafeString

    @property
    def plain_title(self) -> str:
        return self.title.replace("<mark>", "").replace("</mark>", "")


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
    _note_configs(queryset)
    _new_version()
    if is_postgres(connection_):
        # Through the article (whose manager does not translate names): the
        # section's original name, in the language the article is written in.
        section_name = Subquery(
            model.objects.filter(pk=OuterRef("pk")).values("section__name")[:1]
        )
        config = _config()
        heading = (
            SearchVector(_text("title"), weight="A", config=config)
            + SearchVector(_text("labels"), weight="B", config=config)
            + SearchVector(_text(section_name), weight="C", config=config)
        )
        queryset.update(
            title_vector=heading,
            search_vector=heading
            + SearchVector(_text("body_text"), weight="D", config=config),
        )
    _add_words(queryset, model)


def index_translations(queryset, using=None) -> None:
    """Refresh the search data of these translations, as for articles.

    The heading part holds the translated title, the article's labels and
    the section's name in the translation's language.
    """
    _note_configs(queryset)
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
            heading = (
                SearchVector(_text("title"), weight="A", config=config)
                + SearchVector(_text(labels), weight="B", config=config)
                + SearchVector(_text(section), weight="C", config=config)
            )
            queryset.filter(language=language).update(
                title_vector=heading,
                search_vector=heading
                + SearchVector(_text("body_text"), weight="D", config=config),
            )
    words = set()
    for title in queryset.values_list("title", flat=True).iterator():
        words.update(w for w in words_of(title) if 3 <= len(w) <= 60)
    SearchWord.objects.bulk_create(
        [SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True
    )


def _text(expression):
    """Text as the search parser should read it: PostgreSQL's parser takes
    "<word ..." for an HTML tag and drops what it thinks is inside, so a
    title or code sample with a "<" would lose words."""
    if isinstance(expression, str):
        expression = F(expression)
    return Replace(expression, Value("<"), Value(" "), output_field=TextField())


def _regconfig(column: str) -> str:
    """SQL for the text-search configuration of a language column."""
    whens = " ".join(
        f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in CONFIGS.items()
    )
    return f"CASE {column} {whens} ELSE 'simple'::regconfig END"


def _query_text(query: str) -> str:
    return query.replace("<", " ")


def translated_languages() -> set[str]:
    """The languages some published translation is in (cached).

    Readers of any other language skip every translation query.
    """
    found = cache.get(TRANSLATED_CACHE_KEY)
    if found is None:
        found = set(
            ArticleTranslation.objects.published()
            .order_by()
            .values_list("language", flat=True)
            .distinct()
        )
        cache.set(TRANSLATED_CACHE_KEY, found, 3600)
    return found


def translations_changed() -> None:
    """A translation was saved or deleted: cached results and the list of
    translated languages are out of date."""
    cache.delete(TRANSLATED_CACHE_KEY)
    _new_version()


def _translations(visible, language: str):
    """Published translations into `language` of the articles in `visible`."""
    return ArticleTranslation.objects.published(language).filter(
        article__in=visible.values("pk")
    )


def _new_version() -> None:
    """Every cached result page and suggestion list is out of date."""
    try:
        cache.incr(VERSION_CACHE_KEY)
    except ValueError:
        cache.set(VERSION_CACHE_KEY, 1, None)


def _section_name(language: str, prefix: str = "section__"):
    """The section's name in `language`, or in English where it has none."""
    column = build_localized_fieldname("name", language)
    return Coalesce(NullIf(F(prefix + column), Value("")), F(prefix + "name"))


def _name_column(language: str) -> str:
    """The column of a name in `language`, checked: it goes into SQL text."""
    if language not in CONFIGS:
        language = "en"
    return build_localized_fieldname("name", language)


def _add_words(queryset, model) -> None:
    words = set()
    for title, labels in queryset.values_list("title", "labels").iterator():
        words.update(w for w in words_of(f"{title} {labels}") if 3 <= len(w) <= 60)
    for section in (
        queryset.order_by().values_list("section__name", flat=True).distinct()
    ):
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
    searcher: str = "",
) -> Results:
    query = clean_query(text)
    results = Results(query=query)
    if not words_of(query):
        return results
    language = get_language() or "en"
    key = _cache_key(query, user, category, section, page, language)
    found = cache.get(key)
    if found is None:
        found = _search(query, user, category, section, page, language)
        cache.set(key, found, RESULTS_CACHE_SECONDS)
    if record:
        record_search(query, found.total, searcher=searcher)
    return found


def _cache_key(query, user, category, section, page, language) -> str:
    """Results depend on the words, what the reader may see, filters, page and
    the reader's language.

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
        language,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"articles:search:results:{digest}"


def _search(query, user, category, section, page, language) -> Results:
    engine = _search_postgres if is_postgres() else _search_scan
    found = engine(query, user, category, section, page, language)
    if found.total < 3 and not category and not section:
        corrected = correct(query)
        if corrected and corrected != query.lower():
            if found.total == 0:
                retry = engine(corrected, user, category, section, page, language)
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


def _configs_in_use(language: str | None = None) -> list[str]:
    """The text-search configurations of the articles' and translations'
    languages (cached), the reader's own language's first."""
    reader = CONFIGS.get(language or get_language() or "", "simple")
    configs = cache.get(CONFIGS_CACHE_KEY)
    if configs is None:
        # A question per language (articles are written in one of the
        # site's languages), each answered from an index: a DISTINCT over
        # every article would read the whole table.
        languages = {
            code
            for code, _name in settings.LANGUAGES
            if Article.objects.filter(language=code).exists()
            or ArticleTranslation.objects.filter(language=code).exists()
        }
        configs = sorted({CONFIGS.get(code, "simple") for code in languages})
        cache.set(CONFIGS_CACHE_KEY, configs, 3600)
    return [reader, *(c for c in configs if c != reader)]


def _note_configs(queryset) -> None:
    """Add the languages of freshly indexed articles to the cached list.

    A language that no article uses any more stays until the entry expires:
    an extra configuration only widens the query a little.
    """
    configs = cache.get(CONFIGS_CACHE_KEY)
    if configs is None:
        return
    languages = queryset.order_by().values_list("language", flat=True).distinct()
    added = {CONFIGS.get(code, "simple") for code in languages} - set(configs)
    if added:
        cache.set(CONFIGS_CACHE_KEY, sorted({*configs, *added}), 3600)


def _tsquery(query: str, language: str | None = None):
    combined = None
    for config in _configs_in_use(language):
        part = SearchQuery(_query_text(query), config=config, search_type="websearch")
        combined = part if combined is None else combined | part
    return combined


def _search_postgres(query, user, category, section, page, language) -> Results:
    """One round trip: the window, its ranking, the count and the snippets.

    Who may see what still comes from visible_to(): its conditions, built
    by the ORM, start every candidate query (see _visible_where). Each
    candidate query ranks its rows as it finds them; only ids and ranks
    travel through the window, and the ten rows shown are read for their
    slugs and snippets. Section and category names come from a cached map.
    """
    results = Results(query=query)
    configs = [c for c in _configs_in_use(language) if c in KNOWN_CONFIGS]
    q_sql = "(" + " || ".join(f"websearch_to_tsquery('{c}', %s)" for c in configs) + ")"
    q_params = [_query_text(query)] * len(configs)
    # No ordering in the candidate queries: sorting every match is what would
    # make a broad word slow.
    article = (
        "articles_article",
        "articles_article.id AS hit_article, NULL::bigint AS hit_translation, "
        "articles_article.section_id AS hit_section, "
        "articles_article.published_at AS hit_published",
        "",
    )
    # Published translations into the reader's language are searched too;
    # an article found both ways is shown once, in the reader's language.
    # (Skipped outright in a language nothing is translated into.)
    translation_ = (
        "articles_articletranslation",
        "tr_article.id, articles_articletranslation.id, tr_article.section_id, "
        "tr_article.published_at",
        "JOIN articles_article tr_article"
        " ON tr_article.id = articles_articletranslation.article_id",
    )
    sources = [(article, None)]
    if language in translated_languages():
        sources.append((translation_, language))
    found = [
        _candidates(
            *names,
            _visible_where(user, category, section, in_language),
            in_heading,
            limit,
            q_sql,
            q_params,
            query,
        )
        for names, in_language in sources
        for in_heading, limit in ((True, HEADING_WINDOW), (False, BODY_WINDOW))
    ]
    found_sql = " UNION ALL ".join(f"({sql})" for sql, _ in found)
    # An article found through itself and through its translation is shown
    # once, through the translation.
    best = "found"
    if len(sources) > 1:
        best = """(
            SELECT DISTINCT ON (hit_article) * FROM found
            ORDER BY hit_article, hit_translation IS NULL, in_heading DESC
        ) best"""
    found_params = [p for _, params in found for p in params]
    # A snippet is the stretch of the body around the first place a stem of
    # the query's words appears (a stem mostly begins the words it stands
    # for), cut at whole words, with every match marked: ts_headline parses
    # every word it is given, so it is not given the whole body. Without such
    # a place, ts_headline picks a fragment of the body's beginning.
    stretch_options = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
    fragment_options = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15"
    words = " || ".join(f"to_tsvector('{c}', %s)" for c in configs)
    begin = f"CASE WHEN at IS NULL THEN 1 ELSE greatest(at - {SNIPPET_BEFORE}, 1) END"
    size = f"CASE WHEN at IS NULL THEN {SNIPPET_FALLBACK} ELSE {SNIPPET_CHARS} END"
    start = (
        "CASE WHEN p.cut_start THEN regexp_replace(p.piece, '^\\S*\\s+', '')"
        " ELSE p.piece END"
    )
    stretch = (
        f"CASE WHEN p.cut_end THEN regexp_replace({start}, '\\s+\\S*$', '')"
        f" ELSE {start} END"
    )
    # Safe to format: configurations and column names are ours; the
    # candidate queries are the ORM's own SQL, with parameters passed apart.
    sql = f"""
        WITH found AS ({found_sql}),
        ranked AS MATERIALIZED (
            SELECT hit_article, hit_translation, hit_section,
                   row_number() OVER (
                       ORDER BY in_heading DESC, score DESC, hit_published DESC,
                                hit_article
                   ) AS n,
                   count(*) OVER () AS total
            FROM {best}
        ),
        shown AS MATERIALIZED (
            SELECT r.n, coalesce(t.slug, a.slug) AS slug,
                   {_regconfig("coalesce(t.language, a.language)")} AS config,
                   coalesce(t.title, a.title) AS title,
                   coalesce(t.body_text, a.body_text) AS body
            FROM ranked r
            JOIN articles_article a ON a.id = r.hit_article
            LEFT JOIN articles_articletranslation t ON t.id = r.hit_translation
            WHERE r.n BETWEEN %s AND %s
        ),
        placed AS MATERIALIZED (
            SELECT s.*, (
                SELECT min(nullif(strpos(lower(s.body), needle), 0))
                FROM unnest(tsvector_to_array({words})) needle
                WHERE length(needle) >= 3
            ) AS at
            FROM shown s
        ),
        pieces AS (
            SELECT n, slug, config, title,
                   substr(body, {begin}, {size}) AS piece,
                   at IS NOT NULL AS placed,
                   at IS NOT NULL AND {begin} > 1 AS cut_start,
                   at IS NOT NULL AND length(body) >= {begin} + {size} AS cut_end
            FROM placed
        )
        SELECT r.n, r.total, r.hit_article, r.hit_section, p.slug,
               ts_headline(p.config, p.title, {q_sql}, %s),
               ts_headline(p.config, {stretch}, {q_sql},
                           CASE WHEN p.placed THEN %s ELSE %s END),
               p.cut_start, p.cut_end
        FROM ranked r
        LEFT JOIN pieces p ON p.n = r.n
        ORDER BY r.n
    """  # noqa: S608
    # The page is clamped before the query from the largest possible count.
    page = max(page, 1)
    first, last = (page - 1) * PER_PAGE + 1, page * PER_PAGE
    params = [
        *found_params,
        first,
        last,
        *q_params,
        *q_params,
        stretch_options,
        *q_params,
        stretch_options,
        fragment_options,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = rows[0][1] if rows else 0
    results.capped = total > COUNT_CAP
    results.total = min(total, COUNT_CAP)
    results.pages = _pages(results.total)
    if page > results.pages and total:
        return _search_postgres(query, user, category, section, results.pages, language)
    results.page = page
    names = _section_names(language, {row[3] for row in rows})
    results.hits = [
        Hit(
            url=reverse("articles:detail", kwargs={"pk": row[2], "slug": row[4]}),
            category=names[row[3]][2],
            section=names[row[3]][0],
            title=_marked(row[5]),
            snippet=_marked(_snippet(row[6], row[7], row[8])),
        )
        for row in rows
        if row[4] is not None
    ]
    _facets_from_rows(results, [(row[3], *names[row[3]]) for row in rows])
    if not user.is_authenticated:
        tsquery = _tsquery(query, language)
        translated = ArticleTranslation.objects.published(language).filter(
            article=OuterRef("pk"), search_vector=tsquery
        )
        results.hidden_count = _capped_count(
            Article.objects.needs_sign_in(user).filter(
                Q(search_vector=tsquery) | Exists(translated)
            )
        )
    return results


def _snippet(text: str | None, cut_start: bool, cut_end: bool) -> str:
    """The stretch, from the beginning of the sentence of its first match
    where that is in it, with "…" where the body goes on."""
    text = text or ""
    if cut_start:
        before = text[: max(text.find(START), 0)]
        end = max(before.rfind(". "), before.rfind("? "), before.rfind("! "))
        if end >= 0:
            text, cut_start = text[end + 2 :], False
    return f"{'… ' if cut_start else ''}{text}{' …' if cut_end else ''}"


def _section_names(language: str, wanted: set[int]) -> dict[int, tuple]:
    """Every section's name, category id and category name in `language`,
    or in English where it has none (cached until a section or category is
    saved: see names_changed())."""
    version = cache.get_or_set(VERSION_CACHE_KEY, 1, None)
    key = f"articles:search:sections:{version}:{language}"
    names = cache.get(key)
    if names is None or not wanted <= names.keys():
        name = _name_column(language)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT s.id, coalesce(nullif(s.{name}, ''), s.name),
                           c.id, coalesce(nullif(c.{name}, ''), c.name)
                    FROM articles_section s
                    JOIN articles_category c ON c.id = s.category_id"""  # noqa: S608
            )
            names = {row[0]: row[1:] for row in cursor.fetchall()}
        cache.set(key, names, RESULTS_CACHE_SECONDS)
    return names


def names_changed() -> None:
    """A section or category was saved or deleted: cached results show its
    old name."""
    _new_version()


def _candidates(
    table, columns, join, visible, in_heading, limit, q_sql, q_params, query
) -> tuple[str, list]:
    """Up to `limit` rows of `table` that `visible` lets through and that
    match the query in their heading (title, labels, section), or only in
    their body, with the rank, as SQL and parameters. The two sets do not
    overlap, so no row is found twice.

    Safe to format: the names, numbers and configurations are ours, the
    conditions are the ORM's own SQL; every value is a parameter.
    """
    where, where_params = visible
    if in_heading:
        match, match_params = f"{table}.title_vector @@ {q_sql}", q_params
    else:
        match = (
            f"{table}.search_vector @@ {q_sql} AND NOT {table}.title_vector @@ {q_sql}"
        )
        match_params = [*q_params, *q_params]
    sql = f"""
        SELECT {columns}, {"true" if in_heading else "false"} AS in_heading,
               ts_rank({table}.search_vector, {q_sql})
               + CASE WHEN lower({table}.title) = lower(%s) THEN 2
                      WHEN strpos(lower({table}.title), lower(%s)) > 0 THEN 1
                      ELSE 0 END AS score
        FROM {table} {join}
        WHERE ({where}) AND {match}
        LIMIT {limit}
    """  # noqa: S608
    return sql, [*q_params, query, query, *where_params, *match_params]


# Conditions of visible_to() as SQL, by access and filters (see below).
_VISIBLE_WHERE: dict[tuple, tuple[str, tuple]] = {}


def _visible_where(user, category, section, language) -> tuple[str, tuple]:
    """The WHERE conditions of `Article.objects.visible_to(user)` (and the
    filters), as the ORM writes them: for articles, or for the published
    translations into `language` of those articles.

    Built once per process for each access level: visible_to() depends on
    the user only through visibilities_for(), and compares with the
    database's clock, so its SQL is the same for everyone with the same
    access. The filters stay parameters.
    """
    key = (
        connection.alias,
        tuple(visibilities_for(user)),
        bool(category),
        bool(section),
        language,
    )
    found = _VISIBLE_WHERE.get(key)
    if found is None:
        visible = Article.objects.visible_to(user).order_by()
        if category:
            visible = visible.filter(
                section__in=Section.objects.filter(category=-1).values("pk")
            )
        if section:
            visible = visible.filter(section=-2)
        queryset = visible if language is None else _translations(visible, language)
        query = queryset.query
        if any(n for a, n in query.alias_refcount.items() if a != query.base_table):
            raise ValueError("The visibility conditions need a join.")
        found = query.get_compiler(connection=connection).compile(query.where)
        _VISIBLE_WHERE[key] = found
    where, params = found
    # The filters were built with stand-in values: put in the real ones.
    values = {-1: category, -2: section}
    return where, tuple(values.get(p, p) if type(p) is int else p for p in params)


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


def _search_scan(query, user, category, section, page, language) -> Results:
    results = Results(query=query)
    terms = [_stem(w) for w in words_of(query)]
    visible = Article.objects.visible_to(user)
    if category:
        visible = visible.filter(section__category=category)
    if section:
        visible = visible.filter(section=section)
    section_column = "section__" + _name_column(language)

    def matching(queryset):
        for term in terms:
            queryset = queryset.filter(
                Q(title__icontains=term)
                | Q(labels__icontains=term)
                | Q(section__name__icontains=term)
                | Q(**{section_column + "__icontains": term})
                | Q(body_text__icontains=term)
            )
        return queryset

    def matching_translations():
        queryset = _translations(visible, language)
        for term in terms:
            queryset = queryset.filter(
                Q(title__icontains=term)
                | Q(article__labels__icontains=term)
                | Q(**{"article__" + section_column + "__icontains": term})
                | Q(body_text__icontains=term)
            )
        return queryset

    candidates = {
        article.pk: article
        for article in matching(visible).select_related("section__category")[:2000]
    }
    # A translation into the reader's language stands in for its article.
    for translation in matching_translations().select_related(
        "article__section__category"
    )[:2000]:
        article = candidates.get(translation.article_id, translation.article)
        article.show_in(translation)
        candidates[article.pk] = article
    lowered = query.lower()
    patterns = [
        (
            re.compile(rf"\b{re.escape(term)}\w*", re.IGNORECASE),
            re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE),
        )
        for term in terms
    ]

    def shown(article):
        translation = getattr(article, "shown_translation", None)
        return translation or article

    def score(article):
        title = shown(article).title.lower()
        fields = [
            (title, 8),
            (article.labels.lower(), 4),
            (article.section.name.lower(), 2),
            (shown(article).body_text.lower(), 1),
        ]
        total = 0.0
        for pattern, exact in patterns:
            for text, weight in fields:
                hits = len(pattern.findall(text))
                if hits:
                    total += weight * (1 + min(hits, 5) / 10)
                    if exact.search(text):
                        total += weight / 4
        if lowered == title:
            total += 20
        elif lowered in title:
            total += 10
        return total

    ranked = sorted(
        candidates.values(),
        key=lambda a: (-score(a), -(a.published_at.timestamp()), a.pk),
    )
    results.total = len(ranked)
    results.pages = _pages(results.total)
    results.page = page = min(max(page, 1), results.pages)
    shown_page = ranked[(page - 1) * PER_PAGE : page * PER_PAGE]
    results.hits = [
        Hit(
            url=a.get_absolute_url(),
            category=a.section.category.name,
            section=a.section.name,
            title=_highlight(shown(a).title, terms),
            snippet=_highlight(_window(shown(a).body_text, terms), terms),
        )
        for a in shown_page
    ]
    _facets_from_rows(
        results,
        [
            (
                a.section_id,
                a.section.name,
                a.section.category_id,
                a.section.category.name,
            )
            for a in ranked[: HEADING_WINDOW + BODY_WINDOW]
        ],
    )
    hidden = Article.objects.needs_sign_in(user)
    translated = ArticleTranslation.objects.published(language).filter(
        article=OuterRef("pk")
    )
    for term in terms:
        translated = translated.filter(
            Q(title__icontains=term) | Q(body_text__icontains=term)
        )
    results.hidden_count = hidden.filter(
        Q(pk__in=matching(hidden).values("pk")) | Exists(translated)
    ).count()
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
    """Titles for the search box as one types; only what the user may open.

    Titles that start with the typed words come first (an index on the
    lowercased title serves them in order); then titles with a word starting
    with each typed word (the heading index). Both stop at eight rows, so a
    short prefix that matches thousands of titles costs no more than a rare
    one.
    """
    query = clean_query(text)
    words = [w for w in words_of(query) if len(w) >= 2][:5]
    if not words:
        return []
    language = get_language() or "en"
    key = "articles:search:suggest:" + _cache_key(query, user, None, None, 0, language)
    found = cache.get(key)
    if found is None:
        found = _suggest(query, words, user, language)
        cache.set(key, found, RESULTS_CACHE_SECONDS)
    return found


def _suggest(query: str, words: list[str], user, language: str) -> list[dict]:
    prefix = " ".join(query.lower().split())
    translated = language in translated_languages()
    if not translated and is_postgres():
        return _suggestions(_suggest_postgres(words, prefix, user), language)
    # Only what a suggestion shows is read; section names come from the
    # cached map.
    visible = Article.objects.visible_to(user).only("pk", "slug", "title", "section")
    if not translated:
        rows = _suggest_titles(words, prefix, visible, SUGGESTIONS)
        return _suggestions(rows, language)
    # Titles in the reader's language first: translations are few, so a
    # scan of those in one language is cheap.
    translated = _translations(visible, language)
    for word in words:
        translated = translated.filter(title__icontains=word)
    found = list(translated.select_related("article").order_by("title")[:SUGGESTIONS])
    for translation in found:
        translation.article.show_in(translation)
    rows = [translation.article for translation in found]
    if len(rows) == SUGGESTIONS:
        return _suggestions(rows, language)
    visible = visible.exclude(pk__in=[row.pk for row in rows]).localized(language)
    rows += _suggest_titles(words, prefix, visible, SUGGESTIONS - len(rows))
    return _suggestions(rows, language)


def _suggest_postgres(words, prefix, user) -> list[Article]:
    """_suggest_titles() on PostgreSQL for a reader of an untranslated
    language, in two statements: the titles that start with the typed text
    together with the endings of the word being typed, then titles with
    those words. visible_to() gives the conditions (see _visible_where)."""
    where, where_params = _visible_where(user, None, None, None)
    title = 'lower(articles_article.title) COLLATE "C"'
    *done, typing = words
    # Safe to format: names are ours, the conditions are the ORM's own SQL,
    # and every value is a parameter.
    sql = f"""
        (SELECT articles_article.id, articles_article.slug,
                articles_article.title, articles_article.section_id
         FROM articles_article
         WHERE ({where}) AND {title} LIKE %s
         ORDER BY {title} LIMIT {SUGGESTIONS})
        UNION ALL
        (SELECT NULL, NULL, word, NULL FROM articles_searchword
         WHERE word LIKE %s ORDER BY word LIMIT {ENDINGS})
    """  # noqa: S608
    like = connection.ops.prep_for_like_query
    # Walk the title index in order and stop at eight, rather than collect
    # and sort every title with this prefix. The "C" collation is the
    # index's, so it serves both the prefix and the order.
    with _planner(enable_bitmapscan="off"), connection.cursor() as cursor:
        cursor.execute(sql, [*where_params, like(prefix) + "%", like(typing) + "%"])
        found = cursor.fetchall()
    rows = [row for row in found if row[0] is not None]
    endings = [row[2] for row in found if row[0] is None]
    if len(rows) < SUGGESTIONS and endings:
        raw = _completed(done, endings)
        configs = [c for c in _configs_in_use() if c in KNOWN_CONFIGS]
        tsquery = " || ".join(f"to_tsquery('{c}', %s)" for c in configs)
        sql = f"""
            SELECT articles_article.id, articles_article.slug,
                   articles_article.title, articles_article.section_id
            FROM articles_article
            WHERE ({where}) AND NOT articles_article.id = ANY(%s)
                  AND articles_article.title_vector @@ ({tsquery})
            LIMIT {SUGGESTIONS - len(rows)}
        """  # noqa: S608
        with (
            _planner(enable_seqscan="off", enable_indexscan="off"),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                sql, [*where_params, [row[0] for row in rows], *[raw] * len(configs)]
            )
            # The index gives them in no order: list them by title.
            rows += sorted(cursor.fetchall(), key=lambda row: row[2].lower())
    return [
        Article(pk=pk, slug=slug, title=title, section_id=section_id)
        for pk, slug, title, section_id in rows
    ]


def _completed(done: list[str], endings: list[str]) -> str:
    r"""A raw tsquery for titles and labels with the typed words, the last
    one completed by any of its `endings` from the vocabulary.

    Words are \w+ only, so they are safe in to_tsquery syntax; :AB keeps to
    titles and labels (the section name is weight C).
    """
    return " & ".join(
        [f"{w}:AB" for w in done] + ["(" + " | ".join(f"{w}:AB" for w in endings) + ")"]
    )


def _suggest_titles(words, prefix, visible, wanted: int) -> list:
    with _planner(enable_bitmapscan="off"):
        # Walk the title index in order and stop at eight, rather than
        # collect and sort every title with this prefix. The "C" collation
        # is the index's, so it serves both the prefix and the order.
        lowered = Lower("title")
        if is_postgres():
            lowered = Collate(lowered, "C")
        rows = list(
            visible.annotate(lowered=lowered)
            .filter(lowered__startswith=prefix)
            .order_by("lowered")[:wanted]
        )
    if len(rows) < wanted:
        others = visible.exclude(pk__in=[row.pk for row in rows]).order_by()
        if is_postgres():
            # The last word is still being typed: complete it from the
            # vocabulary of titles, then find titles with those words through
            # the heading index (per-word estimates keep the plan sound,
            # where a prefix query would lead PostgreSQL to scan the table).
            *done, typing = words
            endings = list(
                SearchWord.objects.filter(word__startswith=typing)
                .order_by("word")
                .values_list("word", flat=True)[:ENDINGS]
            )
            if not endings:
                return rows
            raw = _completed(done, endings)
            combined = None
            for config in _configs_in_use():
                part = SearchQuery(raw, config=config, search_type="raw")
                combined = part if combined is None else combined | part
            others = others.filter(title_vector=combined)
        else:
            for word in words:
                others = others.filter(title__icontains=word)
        with _planner(enable_seqscan="off", enable_indexscan="off"):
            # Through the GIN index: with LIMIT 8 the planner would rather
            # read the table in the hope of meeting eight rare titles early.
            # The index gives them in no order: list them by title.
            found = others[: wanted - len(rows)]
            rows += sorted(found, key=lambda row: row.local_title.lower())
    return rows


def _suggestions(rows, language: str) -> list[dict]:
    names = _section_names(language, {row.section_id for row in rows})
    return [
        {
            "title": row.local_title,
            "url": row.get_absolute_url(),
            "section": names[row.section_id][0],
        }
        for row in rows
    ]


@contextmanager
def _planner(**options: str):
    """PostgreSQL planner settings for one transaction (nothing elsewhere)."""
    if not is_postgres():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for name, value in options.items():
            if name not in {"enable_bitmapscan", "enable_indexscan", "enable_seqscan"}:
                raise ValueError(name)
            cursor.execute(f"SET LOCAL {name} = %s", [value])
        yield


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
