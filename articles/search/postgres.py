"""Search on PostgreSQL: the query is made a tsquery (one round trip, so
that the statement sees a constant PostgreSQL can estimate), then one
statement finds, ranks, counts and cuts snippets.

What is ranked: every match, when there are at most RANK_ALL of them (the
probe finds out, reading no more than that); past that (a word in most
articles), the RECENT most recently published matches in the heading
(title, labels, section) and as many in the whole text, walked in order
through an index. Either way the set does not depend on where rows are
stored, and each candidate is scored on its own text:

    score = coverage ** 2 * (text / (text + 0.3) * (1 + 0.4 ln(1 + cited))
                             + title bonus)

Coverage is the share of the query's words an article holds, each word
weighted by its rarity among the candidates (an inverse document
frequency, as BM25's): a question's rare words count, its filler does not.
The text rank is ts_rank_cd, which rewards words in the title (A), labels
(B) and section (C) over the body (D), normalised by length: for a few
words, of the query as a whole (the words close together); for a question
(three words or more), of each word on its own, averaged with the same
rarity weights, since a sentence's words are no phrase. It saturates (as
BM25's term frequency does): a long page saying a word a hundred times is
not ten times the answer. `cited` is how many published articles link to
this one (`citations`): where the authors send readers for a subject is
where its answer lives. An exact title, or one that begins with or holds
the query, comes first.

A query matches all of its words (websearch syntax: "phrases", -word),
in every text-search configuration in use; a question that finds fewer than
a page that way (or a query that finds nothing) matches any of its words
instead, so a person can type a sentence; its candidates are then found
through its words in fewer than COMMON_SHARE of the articles, where it has
any.

Who may see what comes from visible_to(), compiled once per access level
(see conditions()); every value is a named parameter.
"""

from __future__ import annotations

import re
from collections import namedtuple

from django.core.cache import cache
from django.urls import reverse

from ..models import Article, ArticleTranslation, Section, visibilities_for, where_sql
from .common import (
    CONFIGS,
    COUNT_CAP,
    PER_PAGE,
    PHRASE_OR_NOT,
    RESULTS_CACHE_SECONDS,
    START,
    VERSION_CACHE_KEY,
    Hit,
    Results,
    configs_in_use,
    facets,
    in_every_config,
    is_question,
    marked,
    pages_for,
    reading,
    section_names,
    translated_languages,
    translations_of,
    words_of,
)
from .sql import (
    ALL_WORDS,
    ANY_CONFIG,
    ANY_WORD,
    ARTICLE_ROWS,
    BEGIN,
    CANDIDATES,
    COMMON,
    COVERAGE,
    DENSITY,
    HIDDEN,
    HIDDEN_TRANSLATED,
    OPTIONS,
    PAGE,
    PER_WORD,
    QUERY_WORDS,
    SCORES,
    SIZE,
    SNIPPETS,
    STRETCH,
    TERMS,
    TRANSLATION_CANDIDATES,
    TRANSLATION_ROWS,
    TSQUERY,
)

RANK_ALL = 500
RECENT = 100
COMMON_SHARE = 0.3  # see sql.COMMON
# Ranking, tuned on `make bench-relevance` (never on the demo content).
# Words weighed by rarity inside the text rank score better there for
# questions only (short queries lose their proximity); a separate bonus for
# words in the heading scored lower.
RANKING = {
    "weights": [0.2, 0.2, 0.4, 1.0],  # body D, section C, labels B, title A
    "normalization": 1,  # divided by 1 + the logarithm of the length
    "saturation": 0.3,  # the text rank at which it counts half
    "cited_weight": 0.4,  # for each factor e of the articles linking to it
    "exact": 4.0,
    "prefix": 2.0,
    "contains": 1.0,
    "coverage_power": 2.0,
}


def search(
    query, user, category, section, page, language, any_word, common=COMMON_SHARE
) -> Results:
    """A page of results for `query`: all of its words, or any of them (its
    words in fewer than `common` of the articles finding the candidates)."""
    page = max(page, 1)
    matching = tsquery(query, language, any_word, common)
    if not matching:
        return Results(query=query)
    sql, params = statement(
        query, matching, user, category, section, language, any_word
    )
    params.update(first=(page - 1) * PER_PAGE + 1, last=page * PER_PAGE)
    with reading().cursor() as cursor:
        cursor.execute(sql, params)
        Row = namedtuple("Row", [column.name for column in cursor.description])
        rows = [Row(*row) for row in cursor.fetchall()]
    results = Results(query=query, hidden_count=rows[0].hidden if rows else 0)
    rows = [row for row in rows if row.n is not None]
    total = rows[0].total if rows else 0
    if any_word and not total and common < 1:
        # Its rarer words are in no article: every word finds candidates.
        return search(query, user, category, section, page, language, True, 1.0)
    results.capped = total > COUNT_CAP
    results.total = min(total, COUNT_CAP)
    results.pages = pages_for(results.total)
    if page > results.pages and total:
        return search(
            query, user, category, section, results.pages, language, any_word, common
        )
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


def tsquery(query: str, language: str, any_word: bool, common: float) -> str:
    """The query as a tsquery (text): all of its words (websearch syntax) or
    any of them, in every configuration in use; "" if it has no words that
    count."""
    configs = configs_in_use(language)
    text = query.replace("<", " ")
    match = ANY_WORD.format(reader=configs[0])
    if not any_word:
        match = in_every_config(ALL_WORDS, configs)
    with reading().cursor() as cursor:
        cursor.execute(
            TSQUERY.format(terms=_terms(configs), match=match),
            {
                "query": text,
                "words": words_of(text),
                "common": common_lexemes(common) if any_word else [],
            },
        )
        return cursor.fetchone()[0] or ""


def common_lexemes(share: float) -> list[str]:
    """The lexemes in more than `share` of the articles, as the column's
    statistics say (sql.COMMON). They change with ANALYZE alone: kept with
    the results, under the index version, for as long."""
    if share >= 1:
        return []
    version = cache.get_or_set(VERSION_CACHE_KEY, 1, None)
    key = f"articles:search:common:{version}:{share}"
    found = cache.get(key)
    if found is None:
        with reading().cursor() as cursor:
            cursor.execute(COMMON, {"common_share": share})
            found = cursor.fetchone()[0]
        cache.set(key, found, RESULTS_CACHE_SECONDS)
    return found


def _terms(configs: list[str]) -> str:
    any_config = in_every_config(ANY_CONFIG, configs)
    return TERMS.format(any_config=any_config, reader=configs[0])


def statement(
    query, tsquery, user, category, section, language, any_word
) -> tuple[str, dict]:
    """The SQL and named parameters of one search (all but the page)."""
    configs = configs_in_use(language)
    text = query.replace("<", " ")
    params = {
        **RANKING,
        **OPTIONS,
        "query": text,
        "tsquery": tsquery,
        "words": words_of(text),
        "rank_all": RANK_ALL,
        "probe": RANK_ALL + 1,
        "recent": RECENT,
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
    sql = "WITH " + "".join(
        [
            _terms(configs) + ",",
            "query AS MATERIALIZED (SELECT %(tsquery)s::tsquery AS q),",
            CANDIDATES.format(
                articles=ARTICLE_ROWS, visible=visible, translations=translations
            ),
            SCORES.format(
                coverage=COVERAGE if any_word else "1.0",
                text_rank=PER_WORD if _by_word(text) else DENSITY,
            ),
            hidden,
            SNIPPETS.format(
                config=_regconfig("coalesce(t.language, a.language)"),
                query_words=in_every_config(QUERY_WORDS, configs),
                begin=BEGIN,
                size=SIZE,
            ),
            PAGE.format(stretch=STRETCH),
        ]
    )
    return sql, params


def _by_word(query: str) -> bool:
    """Whether to rank each word on its own: a question, unless it holds
    "a phrase" or -word, whose words go together."""
    return is_question(query) and not PHRASE_OR_NOT.search(query)


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
