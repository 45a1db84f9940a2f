"""Search on PostgreSQL: one statement finds, ranks, counts and cuts snippets.

What is ranked: every match, when there are at most RANK_ALL of them (the
probe finds out, reading no more than that); past that (a word in most
articles), the RANK_ALL most recently published matches, walked in order
through an index. Either way the set does not depend on where rows are
stored, and each candidate is scored on its own text:

    score = coverage ** COVERAGE_POWER
            * (ts_rank_cd + HEADING * heading coverage + title bonus)

Coverage is the share of the query's words an article holds, each word
weighted by its rarity among the candidates (an inverse document
frequency, as BM25's): a question's rare words count, its filler does not.
ts_rank_cd rewards the words close together and in the title (A), labels
(B) and section (C) over the body (D), normalised by length; heading
coverage is the same share in the title, labels and section; an exact
title, or one that begins with the query, comes first.

A query matches all of its words (websearch syntax: "phrases", -word),
in every text-search configuration in use; a question that finds fewer than
a page that way (or a query that finds nothing) matches any of its words
instead, so a person can type a sentence.

Who may see what comes from visible_to(), compiled once per access level
(see conditions()); every value is a named parameter.
"""

from __future__ import annotations

import re
from collections import namedtuple

from django.urls import reverse

from ..models import Article, ArticleTranslation, Section, visibilities_for, where_sql
from .common import (
    CONFIGS,
    COUNT_CAP,
    PER_PAGE,
    START,
    STOP,
    Hit,
    Results,
    configs_in_use,
    facets,
    marked,
    pages_for,
    reading,
    section_names,
    translated_languages,
    translations_of,
    words_of,
)

RANK_ALL = 1000
# Ranking, tuned on `make bench-relevance` (never on the demo content).
RANKING = {
    "weights": [0.1, 0.2, 0.4, 1.0],  # body D, section C, labels B, title A
    "normalization": 1,  # divided by 1 + the logarithm of the length
    "heading": 1.0,
    "exact": 4.0,
    "prefix": 2.0,
    "contains": 1.0,
    "coverage_power": 2.0,
}
# A snippet is made from this many characters of the body, starting a little
# before the first match; without a place to start from, from this much.
SNIPPET_CHARS = 320
SNIPPET_BEFORE = 100
SNIPPET_FALLBACK = 4000

# The rows a candidate brings: its article, translation, section, date,
# title, whole vector and heading vector.
ARTICLE_ROWS = """
    SELECT articles_article.id AS hit_article, NULL::bigint AS hit_translation,
           articles_article.section_id AS hit_section,
           articles_article.published_at AS hit_published,
           articles_article.title, articles_article.search_vector AS vector,
           articles_article.title_vector AS heading
    FROM articles_article
"""
TRANSLATION_ROWS = """
    SELECT tr_article.id, articles_articletranslation.id, tr_article.section_id,
           tr_article.published_at, articles_articletranslation.title,
           articles_articletranslation.search_vector,
           articles_articletranslation.title_vector
    FROM articles_articletranslation
    JOIN articles_article tr_article
      ON tr_article.id = articles_articletranslation.article_id
"""
# Every match, or (when the probe found more than RANK_ALL) the most recent.
CANDIDATES = """
    probe AS MATERIALIZED (
        {articles} WHERE ({visible}) AND articles_article.search_vector @@ (TABLE query)
        LIMIT %(probe)s
    ),
    broad AS MATERIALIZED (SELECT count(*) > %(rank_all)s AS yes FROM probe),
    found AS MATERIALIZED (
        SELECT * FROM probe WHERE NOT (TABLE broad)
        UNION ALL
        ({articles} WHERE (TABLE broad) AND ({visible})
               AND articles_article.search_vector @@ (TABLE query)
         ORDER BY articles_article.published_at DESC, articles_article.id DESC
         LIMIT %(rank_all)s)
        {translations}
    ),
"""
TRANSLATION_CANDIDATES = """
    UNION ALL
    ({translations} WHERE ({visible})
           AND articles_articletranslation.search_vector @@ (TABLE query)
     LIMIT %(rank_all)s)
"""
# The words that count (not stop words in the reader's language), each as a
# tsquery in every configuration; their rarity among the candidates.
TERMS = """
    terms AS MATERIALIZED (
        SELECT n, {any_config} AS tq
        FROM unnest(%(words)s::text[]) WITH ORDINALITY AS w(word, n)
        WHERE numnode(plainto_tsquery('{reader}', word)) > 0
    ),
"""
SCORES = """
    stats AS MATERIALIZED (
        SELECT greatest(count(*), (SELECT reltuples FROM pg_class
                                   WHERE oid = 'articles_article'::regclass), 1)
               ::float8 AS documents
        FROM found
    ),
    weights AS MATERIALIZED (
        SELECT t.tq, ln(1 + (s.documents - d.df + 0.5) / (d.df + 0.5)) AS idf
        FROM terms t CROSS JOIN stats s
        CROSS JOIN LATERAL (SELECT count(*) AS df FROM found f
                            WHERE f.vector @@ t.tq) d
    ),
    best AS (
        SELECT DISTINCT ON (hit_article) * FROM found
        ORDER BY hit_article, hit_translation IS NULL
    ),
    scored AS (
        SELECT b.*,
            coalesce((SELECT sum(idf) FROM weights w WHERE b.vector @@ w.tq)
                     / nullif((SELECT sum(idf) FROM weights), 0), 1) AS coverage,
            coalesce((SELECT sum(idf) FROM weights w WHERE b.heading @@ w.tq)
                     / nullif((SELECT sum(idf) FROM weights), 0),
                     (b.heading @@ (TABLE query))::int) AS heading_coverage,
            ts_rank_cd(%(weights)s::float4[], b.vector, (TABLE query),
                       %(normalization)s) AS text_rank,
            CASE WHEN lower(b.title) = lower(%(query)s) THEN %(exact)s
                 WHEN starts_with(lower(b.title), lower(%(query)s)) THEN %(prefix)s
                 WHEN strpos(lower(b.title), lower(%(query)s)) > 0 THEN %(contains)s
                 ELSE 0 END AS title_bonus
        FROM best b
    ),
    ranked AS MATERIALIZED (
        SELECT hit_article, hit_translation, hit_section,
               row_number() OVER (
                   ORDER BY power(coverage, %(coverage_power)s)
                            * (text_rank + %(heading)s * heading_coverage
                               + title_bonus) DESC,
                            lower(title), hit_article
               ) AS n,
               count(*) OVER () AS total
        FROM scored
    ),
"""
# Published translations into the reader's language count too.
HIDDEN_TRANSLATED = """
    OR EXISTS (
        SELECT 1 FROM articles_articletranslation
        WHERE ({published})
              AND articles_articletranslation.article_id = articles_article.id
              AND articles_articletranslation.search_vector @@ (TABLE query)
    )
"""
HIDDEN = """
    hidden AS (
        SELECT count(*) AS n FROM (
            SELECT 1 FROM articles_article
            WHERE ({hidden}) AND (
                articles_article.search_vector @@ (TABLE query)
                {translated}
            )
            LIMIT %(count_cap)s
        ) gated
    ),
"""
# The ten rows shown, read for slugs and snippets: the stretch of the body
# around the first place a stem of the query appears, cut at whole words,
# every match marked (ts_headline parses all it is given, so it is not given
# the whole body); without such a place, a fragment of the beginning.
SNIPPETS = """
    shown AS MATERIALIZED (
        SELECT r.n, coalesce(t.slug, a.slug) AS slug,
               {config} AS config,
               coalesce(t.title, a.title) AS title,
               coalesce(t.body_text, a.body_text) AS body
        FROM ranked r
        JOIN articles_article a ON a.id = r.hit_article
        LEFT JOIN articles_articletranslation t ON t.id = r.hit_translation
        WHERE r.n BETWEEN %(first)s AND %(last)s
    ),
    placed AS MATERIALIZED (
        SELECT s.*, (
            SELECT min(nullif(strpos(lower(s.body), needle), 0))
            FROM unnest(tsvector_to_array({query_words})) needle
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
"""
BEGIN = f"CASE WHEN at IS NULL THEN 1 ELSE greatest(at - {SNIPPET_BEFORE}, 1) END"
SIZE = f"CASE WHEN at IS NULL THEN {SNIPPET_FALLBACK} ELSE {SNIPPET_CHARS} END"
TRIMMED_START = (
    "CASE WHEN p.cut_start THEN regexp_replace(p.piece, '^\\S*\\s+', '')"
    " ELSE p.piece END"
)
STRETCH = (
    f"CASE WHEN p.cut_end THEN regexp_replace({TRIMMED_START}, '\\s+\\S*$', '')"
    f" ELSE {TRIMMED_START} END"
)
PAGE = """
    SELECT r.n, r.total, r.hit_article, r.hit_section, p.slug,
           ts_headline(p.config, p.title, (TABLE query), %(stretch_options)s)
               AS title,
           ts_headline(p.config, {stretch}, (TABLE query),
                       CASE WHEN p.placed THEN %(stretch_options)s
                            ELSE %(fragment_options)s END) AS snippet,
           p.cut_start, p.cut_end, (SELECT n FROM hidden) AS hidden
    FROM (SELECT 1) one
    LEFT JOIN (ranked r LEFT JOIN pieces p ON p.n = r.n) ON true
    ORDER BY r.n
"""
OPTIONS = {
    "stretch_options": f"StartSel={START}, StopSel={STOP}, HighlightAll=true",
    "fragment_options": f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=15",
}


def search(query, user, category, section, page, language, any_word) -> Results:
    """A page of results for `query`: all of its words, or any of them."""
    page = max(page, 1)
    sql, params = statement(query, user, category, section, language, any_word)
    params.update(first=(page - 1) * PER_PAGE + 1, last=page * PER_PAGE)
    with reading().cursor() as cursor:
        cursor.execute(sql, params)
        Row = namedtuple("Row", [column.name for column in cursor.description])
        rows = [Row(*row) for row in cursor.fetchall()]
    results = Results(query=query, hidden_count=rows[0].hidden if rows else 0)
    rows = [row for row in rows if row.n is not None]
    total = rows[0].total if rows else 0
    results.capped = total > COUNT_CAP
    results.total = min(total, COUNT_CAP)
    results.pages = pages_for(results.total)
    if page > results.pages and total:
        return search(query, user, category, section, results.pages, language, any_word)
    results.page = page
    names = section_names(language, {row.hit_section for row in rows})
    results.hits = [
        Hit(
            url=reverse(
                "articles:detail", kwargs={"pk": row.hit_article, "slug": row.slug}
            ),
            category=names[row.hit_section][2],
            section=names[row.hit_section][0],
            title=marked(row.title),
            snippet=marked(snippet(row.snippet, row.cut_start, row.cut_end)),
        )
        for row in rows
        if row.slug is not None
    ]
    facets(results, [(row.hit_section, *names[row.hit_section]) for row in rows])
    return results


def statement(query, user, category, section, language, any_word) -> tuple[str, dict]:
    """The SQL and named parameters of one search (all but the page)."""
    configs = configs_in_use(language)
    text = query.replace("<", " ")
    params = {
        **RANKING,
        **OPTIONS,
        "query": text,
        "words": words_of(text),
        "rank_all": RANK_ALL,
        "probe": RANK_ALL + 1,
        "count_cap": COUNT_CAP + 1,
    }
    visible = _named(conditions(user, category, section, None), "v", params)
    translations = ""
    if language in translated_languages():
        translations = TRANSLATION_CANDIDATES.format(
            translations=TRANSLATION_ROWS,
            visible=_named(conditions(user, category, section, language), "t", params),
        )
    hidden = "hidden AS (SELECT 0 AS n),"
    if not user.is_authenticated:
        gated = where_sql(Article.objects.needs_sign_in(user), reading())
        translated = ""
        if translations:
            published = ArticleTranslation.objects.published(language)
            translated = HIDDEN_TRANSLATED.format(
                published=_named(where_sql(published, reading()), "p", params)
            )
        hidden = HIDDEN.format(hidden=_named(gated, "h", params), translated=translated)
    any_config = " || ".join(f"plainto_tsquery('{c}', word)" for c in configs)
    all_words = " || ".join(f"websearch_to_tsquery('{c}', %(query)s)" for c in configs)
    match = "(SELECT string_agg('(' || tq::text || ')', ' | ') FROM terms)::tsquery"
    sql = "WITH " + "".join(
        [
            TERMS.format(any_config=f"({any_config})", reader=configs[0]),
            f"query AS MATERIALIZED (SELECT {match if any_word else all_words} AS q),",
            CANDIDATES.format(
                articles=ARTICLE_ROWS, visible=visible, translations=translations
            ),
            SCORES,
            hidden,
            SNIPPETS.format(
                config=_regconfig("coalesce(t.language, a.language)"),
                query_words=" || ".join(
                    f"to_tsvector('{c}', %(query)s)" for c in configs
                ),
                begin=BEGIN,
                size=SIZE,
            ),
            PAGE.format(stretch=STRETCH),
        ]
    )
    return sql, params


def snippet(text: str | None, cut_start: bool, cut_end: bool) -> str:
    """The stretch, from the beginning of the sentence of its first match
    where that is in it, with "…" where the body goes on."""
    text = text or ""
    if cut_start:
        before = text[: max(text.find(START), 0)]
        end = max(before.rfind(". "), before.rfind("? "), before.rfind("! "))
        if end >= 0:
            text, cut_start = text[end + 2 :], False
    return f"{'… ' if cut_start else ''}{text}{' …' if cut_end else ''}"


def _regconfig(column: str) -> str:
    """SQL for the text-search configuration of a language column."""
    whens = " ".join(
        f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in CONFIGS.items()
    )
    return f"CASE {column} {whens} ELSE 'simple'::regconfig END"


# Conditions of visible_to() as SQL, by access and filters (see below).
_CONDITIONS: dict[tuple, tuple[str, tuple]] = {}


def conditions(user, category, section, language) -> tuple[str, tuple]:
    """The WHERE conditions of `Article.objects.visible_to(user)` (and the
    filters), as the ORM writes them (models.where_sql()): for articles, or
    for the published translations into `language` of those articles.

    Built once per process for each access level: visible_to() depends on
    the user only through visibilities_for(), and compares with the
    database's clock, so its SQL is the same for everyone with the same
    access. The filters stay parameters.
    """
    connection = reading()
    key = (
        connection.alias,
        tuple(visibilities_for(user)),
        bool(category),
        bool(section),
        language,
    )
    found = _CONDITIONS.get(key)
    if found is None:
        visible = Article.objects.visible_to(user)
        if category:
            visible = visible.filter(
                section__in=Section.objects.filter(category=-1).values("pk")
            )
        if section:
            visible = visible.filter(section=-2)
        queryset = visible if language is None else translations_of(visible, language)
        found = _CONDITIONS[key] = where_sql(queryset, connection)
    where, params = found
    # The filters were built with stand-in values: put in the real ones.
    values = {-1: category, -2: section}
    return where, tuple(values.get(p, p) if type(p) is int else p for p in params)


_PLACEHOLDER = re.compile(r"%%|%s")


def _named(conditions: tuple[str, tuple], prefix: str, params: dict) -> str:
    """The ORM's SQL with its positional parameters named (prefix0, ...) and
    added to `params`."""
    sql, values = conditions
    values = iter(values)
    counter = iter(range(len(sql)))

    def name(match):
        if match.group(0) == "%%":
            return "%%"
        key = f"{prefix}{next(counter)}"
        params[key] = next(values)
        return f"%({key})s"

    return _PLACEHOLDER.sub(name, sql)
