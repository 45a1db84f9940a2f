"""What every part of search shares: limits, result types, the query's words,
the database it reads, the cache's version and the names it shows."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from ..models import Article, ArticleTranslation, visibilities_for

MAX_QUERY_LENGTH = 200
MAX_WORDS = 32  # a question is a sentence, not a few keywords
PER_PAGE = 10
COUNT_CAP = 100  # "More than 100 results" past this
SUGGESTIONS = 8
CONFIGS = {"en": "english", "fr": "french", "de": "german", "pt-br": "portuguese"}
KNOWN_CONFIGS = {*CONFIGS.values(), "simple"}
CONFIGS_CACHE_KEY = "articles:search:configs:v1"
VERSION_CACHE_KEY = "articles:search:version"
TRANSLATED_CACHE_KEY = "articles:search:translated-languages"
RESULTS_CACHE_SECONDS = 300
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
    """At most 200 characters and 32 words; no control characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in text or "")
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    return " ".join(text.split()[:MAX_WORDS])


def words_of(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text) if not w.isdigit() or len(w) > 1]


# The English stop words of PostgreSQL's (Snowball's) list, for SQLite and
# for deciding what makes a question.
_STOP_WORDS = (
    "a about above after again against all am an and any are as at be because "
    "been before being below between both but by can did do does doing don "
    "down during each few for from further had has have having he her here "
    "hers herself him himself his how i if in into is it its itself just me "
    "more most my myself no nor not now of off on once only or other our ours "
    "ourselves out over own s same she should so some such t than that the "
    "their theirs them themselves then there these they this those through to "
    "too under until up very was we were what when where which while who whom "
    "why will with you your yours yourself yourselves"
)
STOP_WORDS = frozenset(_STOP_WORDS.split())
# Websearch syntax: a query with these means exactly what it says.
PHRASE_OR_NOT = re.compile(r"\"|(^|\s)-\w")  # "a phrase", -word
OPERATORS = re.compile(PHRASE_OR_NOT.pattern + r"|\bor\b", re.IGNORECASE)


def is_question(query: str) -> bool:
    """Three words or more, not counting the commonest: a sentence."""
    return len([w for w in words_of(query) if w not in STOP_WORDS]) >= 3


def wants_any_word(query: str, total: int) -> bool:
    """Whether to match any of the words: a query of two words or more that
    found nothing, or a question that found less than a page."""
    if OPERATORS.search(query):
        return False
    words = [w for w in words_of(query) if w not in STOP_WORDS]
    return (total == 0 and len(words) >= 2) or (total < PER_PAGE and is_question(query))


def reading():
    """The connection search reads through: the router's choice (the
    replica, when one is configured and no write is under way)."""
    return connections[router.db_for_read(Article)]


def is_postgres(using=None) -> bool:
    return (using or reading()).vendor == "postgresql"


def pages_for(total: int) -> int:
    return max(1, -(-min(total, COUNT_CAP) // PER_PAGE))


def new_version() -> None:
    """Every cached result page and suggestion list is out of date."""
    try:
        cache.incr(VERSION_CACHE_KEY)
    except ValueError:
        cache.set(VERSION_CACHE_KEY, 1, None)


def cache_key(query, user, category, section, page, language) -> str:
    """Results depend on the words, what the reader may see, filters, page and
    the reader's language.

    The index version changes whenever an article is indexed, so a cached
    page never outlives a change to the articles.
    """
    version = cache.get_or_set(VERSION_CACHE_KEY, 1, None)
    parts = [
        str(version),
        reading().vendor,
        ",".join(sorted(visibilities_for(user))),
        query.lower(),
        str(category or ""),
        str(section or ""),
        str(page),
        language,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"articles:search:results:{digest}"


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


def translations_of(visible, language: str):
    """Published translations into `language` of the articles in `visible`."""
    return ArticleTranslation.objects.published(language).filter(
        article__in=visible.values("pk")
    )


def configs_in_use(language: str | None = None) -> list[str]:
    """The text-search configurations of the articles' and translations'
    languages (cached), the reader's own language's first."""
    reader = CONFIGS.get(language or get_language() or "", "simple")
    configs = cache.get(CONFIGS_CACHE_KEY)
    if configs is None:
        # A question per language, each answered from an index: a DISTINCT
        # over every article would read the whole table.
        languages = {
            code
            for code, _name in settings.LANGUAGES
            if Article.objects.filter(language=code).exists()
            or ArticleTranslation.objects.filter(language=code).exists()
        }
        configs = sorted({CONFIGS.get(code, "simple") for code in languages})
        cache.set(CONFIGS_CACHE_KEY, configs, 3600)
    found = [reader, *(c for c in configs if c != reader)]
    return [c for c in found if c in KNOWN_CONFIGS]


def in_every_config(template: str, configs: list[str]) -> str:
    """SQL: `template` (with a {config} slot) once for each of `configs`
    (configs_in_use(): ours, so safe to format), OR-ed with `||`, which
    joins tsqueries and tsvectors alike. The one place a query is spread
    over the languages: a query matches articles in any of them."""
    return "(" + " || ".join(template.format(config=c) for c in configs) + ")"


def note_configs(queryset) -> None:
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


def name_column(language: str) -> str:
    """The column of a name in `language`, checked: it goes into SQL text."""
    if language not in CONFIGS:
        language = "en"
    return build_localized_fieldname("name", language)


SECTION_NAMES = """
    SELECT s.id, coalesce(nullif(s.{name}, ''), s.name),
           c.id, coalesce(nullif(c.{name}, ''), c.name)
    FROM articles_section s
    JOIN articles_category c ON c.id = s.category_id
"""


def section_names(language: str, wanted: set[int]) -> dict[int, tuple]:
    """Every section's name, category id and category name in `language`,
    or in English where it has none (cached until a section or category is
    saved: see names_changed())."""
    version = cache.get_or_set(VERSION_CACHE_KEY, 1, None)
    key = f"articles:search:sections:{version}:{language}"
    names = cache.get(key)
    if names is None or not wanted <= names.keys():
        with reading().cursor() as cursor:
            cursor.execute(SECTION_NAMES.format(name=name_column(language)))
            names = {row[0]: row[1:] for row in cursor.fetchall()}
        cache.set(key, names, RESULTS_CACHE_SECONDS)
    return names


def facets(results: Results, rows) -> None:
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


def marked(text: str | None) -> SafeString:
    """Escape the text, then turn the markers into <mark> elements."""
    safe = escape(text or "")
    return mark_safe(  # noqa: S308 - escaped above; only our markers become tags
        safe.replace(START, "<mark>").replace(STOP, "</mark>")
    )
