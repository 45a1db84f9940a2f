"""The SQL of articles.search.postgres, as named constants (see its
docstring). Names and numbers are formatted in; every value is a named
parameter."""

from .common import START, STOP

# A snippet is made from this many characters of the body, starting a little
# before the first match; without a place to start from, from this much.
SNIPPET_CHARS = 320
SNIPPET_BEFORE = 100
SNIPPET_FALLBACK = 4000

# The rows a candidate brings: its article, translation, section, date,
# title, vector and how many articles link to it.
ARTICLE_ROWS = """
    SELECT articles_article.id AS hit_article, NULL::bigint AS hit_translation,
           articles_article.section_id AS hit_section,
           articles_article.published_at AS hit_published,
           articles_article.title, articles_article.search_vector AS vector,
           articles_article.citations AS cited
    FROM articles_article
"""
TRANSLATION_ROWS = """
    SELECT tr_article.id, articles_articletranslation.id, tr_article.section_id,
           tr_article.published_at, articles_articletranslation.title,
           articles_articletranslation.search_vector, tr_article.citations
    FROM articles_articletranslation
    JOIN articles_article tr_article
      ON tr_article.id = articles_articletranslation.article_id
"""
# The query as a tsquery, worked out first: in the statement it is then a
# constant, whose frequency PostgreSQL estimates from the column's
# statistics (a word in most articles is walked through the recent index,
# a rare one found through the GIN index).
TSQUERY = """
    WITH {terms}
    SELECT ({match})::text
"""
# Words in more than a share of the articles (the column's statistics, as
# the planner keeps them) find candidates only when no rarer word does: the
# articles with a question's rare words are the ones worth ranking.
COMMON = """
    SELECT coalesce(array_agg(elem), '{}') AS lexemes
    FROM pg_stats s
    CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[],
                              s.most_common_elem_freqs) AS e(elem, freq)
    WHERE s.schemaname = current_schema() AND s.tablename = 'articles_article'
          AND s.attname = 'search_vector' AND e.freq > %(common_share)s
"""
ALL_WORDS = "websearch_to_tsquery('{config}', %(query)s)"
ANY_WORD = """coalesce(
    (SELECT string_agg('(' || tq::text || ')', ' | ') FROM terms
     WHERE NOT tsvector_to_array(to_tsvector('{reader}', word))
               <@ %(common)s::text[]),
    (SELECT string_agg('(' || tq::text || ')', ' | ') FROM terms)
)"""
ANY_CONFIG = "plainto_tsquery('{config}', word)"
# The idf-weighted share of the words an article holds (any-word matches:
# with all words, every candidate holds them all).
COVERAGE = """
    coalesce((SELECT sum(idf) FROM weights w WHERE b.vector @@ w.tq)
             / nullif((SELECT sum(idf) FROM weights), 0), 1)
"""
# Every match, or (when the probe found more than RANK_ALL) the RECENT most
# recently published of those matching in the heading (title, labels,
# section), and as many of all matches.
CANDIDATES = """
    probe AS MATERIALIZED (
        {articles} WHERE ({visible})
                   AND articles_article.search_vector @@ %(tsquery)s::tsquery
        LIMIT %(probe)s
    ),
    broad AS MATERIALIZED (SELECT count(*) > %(rank_all)s AS yes FROM probe),
    found AS MATERIALIZED (
        SELECT * FROM probe WHERE NOT (TABLE broad)
        UNION ALL
        ({articles} WHERE (TABLE broad) AND ({visible})
               AND articles_article.title_vector @@ %(tsquery)s::tsquery
         ORDER BY articles_article.published_at DESC, articles_article.id DESC
         LIMIT %(recent)s)
        UNION ALL
        ({articles} WHERE (TABLE broad) AND ({visible})
               AND articles_article.search_vector @@ %(tsquery)s::tsquery
         ORDER BY articles_article.published_at DESC, articles_article.id DESC
         LIMIT %(recent)s)
        {translations}
    ),
"""
TRANSLATION_CANDIDATES = """
    UNION ALL
    ({translations} WHERE ({visible})
           AND articles_articletranslation.search_vector @@ %(tsquery)s::tsquery
     LIMIT %(rank_all)s)
"""
# The words that count (not stop words in the reader's language), each as a
# tsquery in every configuration; their rarity among the candidates.
TERMS = """
    terms AS MATERIALIZED (
        SELECT n, word, ({any_config}) AS tq
        FROM unnest(%(words)s::text[]) WITH ORDINALITY AS w(word, n)
        WHERE numnode(plainto_tsquery('{reader}', word)) > 0
    )
"""
# How well an article's text answers the query: for a few words, by how
# close together they stand (cover density); for a question, by each of its
# words on its own, weighted by rarity (a question's words are no phrase,
# and one in every article says little).
DENSITY = """ts_rank_cd(%(weights)s::float4[], b.vector, (TABLE query),
                       %(normalization)s)"""
PER_WORD = """coalesce(
                (SELECT sum(w.idf * ts_rank_cd(%(weights)s::float4[], b.vector,
                                               w.tq, %(normalization)s))
                 FROM weights w)
                / nullif((SELECT sum(idf) FROM weights), 0), 0)"""
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
{coverage} AS coverage,
            {text_rank} AS text_rank,
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
                            * (text_rank / (text_rank + %(saturation)s)
                               * (1 + %(cited_weight)s * ln(1 + cited))
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
QUERY_WORDS = "to_tsvector('{config}', %(query)s)"
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
