"""Measure how well search ranks, on the Python documentation.

    manage.py bench_relevance [--shuffle SEED] [--misses]

Loads the library reference, tutorial and how-tos of Debian's python3-doc
as articles (PostgreSQL only; use a database of its own), once, then runs
every FAQ question and glossary term through `articles.search` and prints
MRR@10, Recall@10, Success@10 (a right page in the top ten) and nDCG@10,
beside two baselines on the same text in the same run: plain PostgreSQL
`ts_rank` over title and body (any of the words) and BM25 (rank_bm25).

--shuffle loads the pages again in another order: the figures must not move.

It first says which questions and terms are left out, and why: none of the
pages their answer links to is loaded (see `pydocs` for the judgements), or
they hold no word to search for; and the highest Recall@10 possible.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from articles import search
from articles.management import pydocs
from articles.models import Article, Category, Section, render_body

TOP = 10
WORD = re.compile(r"\w+")
ARTICLE_ID = re.compile(r"/articles/(\d+)-")
# BM25's tokens: lowercased words, without the most common English ones.
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "my",
        "of",
        "on",
        "or",
        "the",
        "this",
        "to",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "with",
        "you",
        "your",
    }
)


def _tokens(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS]


def scores(ranked: list[str], relevant: set[str]) -> dict[str, float]:
    top = ranked[:TOP]
    hits = [page in relevant for page in top]
    first = hits.index(True) + 1 if any(hits) else 0
    dcg = sum(1 / math.log2(n + 2) for n, hit in enumerate(hits) if hit)
    ideal = sum(1 / math.log2(n + 2) for n in range(min(len(relevant), TOP)))
    return {
        "MRR@10": 1 / first if first else 0.0,
        "Recall@10": sum(hits) / len(relevant),
        "Success@10": 1.0 if first else 0.0,
        "nDCG@10": dcg / ideal,
        "no result": 0.0 if ranked else 1.0,
    }


class Command(BaseCommand):
    help = "Relevance of search on the Python documentation, beside baselines."

    def add_arguments(self, parser):
        parser.add_argument("--shuffle", type=int, metavar="SEED")
        parser.add_argument("--misses", action="store_true")

    documents_made = False

    def handle(self, *args, shuffle, misses, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The relevance benchmark needs PostgreSQL.")
        if not pydocs.DOCS.is_dir():
            raise CommandError(f"{pydocs.DOCS} is missing: install python3-doc.")
        translation.activate("en")
        pages = pydocs.pages()
        paths = self.load(pages, shuffle)
        candidates = pydocs.candidates(set(paths.values()))
        queries = [q for q in candidates if q.relevant and WORD.search(q.text)]
        self.stdout.write(f"{len(pages)} pages; {len(queries)} queries.")
        self.judgements(candidates, queries)
        cache.clear()
        systems = {
            "articles.search": lambda q: self.search(q, paths),
            "ts_rank (any word)": lambda q: self.ts_rank(q, paths),
            "BM25 (rank_bm25)": self.bm25(pages),
        }
        results = {
            name: [run(q.text) for q in queries] for name, run in systems.items()
        }
        self.table(queries, results)
        if misses:
            self.misses(queries, results)

    def load(self, pages, shuffle) -> dict[int, str]:
        """The pages as articles (again if --shuffle or if they changed):
        article id -> path."""
        category, _ = Category.objects.get_or_create(
            slug="python-docs", defaults={"name": "Python documentation"}
        )
        existing = Article.objects.filter(section__category=category)
        loaded = dict(existing.values_list("slug", "body"))
        urls = self.urls(existing, pages)
        if shuffle is not None or loaded != {self.slug(p): p.body(urls) for p in pages}:
            self.stdout.write("Loading the pages…")
            order = list(pages)
            if shuffle is not None:
                random.Random(shuffle).shuffle(order)  # noqa: S311 - an order
            with transaction.atomic():
                existing.delete()
                self.create(category, order)
        by_slug = {self.slug(page): page.path for page in pages}
        return {pk: by_slug[slug] for pk, slug in existing.values_list("pk", "slug")}

    def urls(self, articles, pages) -> dict[str, str]:
        """Each page's address as an article: path -> address."""
        by_slug = {self.slug(page): page.path for page in pages}
        return {
            by_slug[article.slug]: article.get_absolute_url()
            for article in articles.only("pk", "slug")
            if article.slug in by_slug
        }

    def create(self, category, pages) -> None:
        sections = {
            part: Section.objects.get_or_create(
                category=category, slug=part, defaults={"name": name}
            )[0]
            for part, name in pydocs.PARTS.items()
        }
        now = timezone.now()
        articles = []
        for page in pages:
            article = Article(
                section=sections[page.path.split("/")[0]],
                title=page.title,
                slug=self.slug(page),
                body=page.body({}),
                status=Article.Status.PUBLISHED,
                published_at=now,
            )
            render_body(article, {})
            articles.append(article)
        created = Article.objects.bulk_create(articles, batch_size=50)
        # Then their links to each other, to the articles' addresses.
        urls = self.urls(Article.objects.filter(pk__in=[a.pk for a in created]), pages)
        for article, page in zip(created, pages, strict=True):
            article.body = page.body(urls)
            render_body(article, {})
        Article.objects.bulk_update(
            created, ["body", "body_html", "body_text"], batch_size=50
        )
        saved = Article.objects.filter(pk__in=[a.pk for a in created])
        search.index_articles(saved)
        search.record_citations(saved)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")

    def search(self, query: str, paths: dict[int, str]) -> list[str]:
        found = search.search(query, AnonymousUser(), record=False)
        ids = [int(ARTICLE_ID.search(hit.url).group(1)) for hit in found.hits]
        return [paths[pk] for pk in ids if pk in paths]

    def ts_rank(self, query: str, paths: dict[int, str]) -> list[str]:
        with connection.cursor() as cursor:
            if not self.documents_made:
                # Each page's vector, made once for the run.
                cursor.execute(
                    """CREATE TEMPORARY TABLE bench_documents AS
                       SELECT id, slug,
                              to_tsvector('english', title || ' ' || body_text)
                              AS document
                       FROM articles_article WHERE id = ANY(%s)""",
                    [list(paths)],
                )
                self.documents_made = True
            cursor.execute(
                f"""
                WITH q AS (SELECT replace(plainto_tsquery('english', %s)::text,
                                          ' & ', ' | ') AS text)
                SELECT id FROM bench_documents, q
                WHERE q.text <> '' AND document @@ q.text::tsquery
                ORDER BY ts_rank(document, q.text::tsquery) DESC, slug
                LIMIT {TOP}
                """,  # noqa: S608 - our own number
                [query],
            )
            return [paths[pk] for (pk,) in cursor.fetchall()]

    def bm25(self, pages):
        from rank_bm25 import BM25Okapi

        paths = [page.path for page in pages]
        texts = dict(
            Article.objects.filter(slug__contains="--").values_list("slug", "body_text")
        )
        corpus = [
            _tokens(page.title + " " + texts.get(self.slug(page), "")) for page in pages
        ]
        model = BM25Okapi(corpus)

        def run(query: str) -> list[str]:
            tokens = _tokens(query)
            if not tokens:
                return []
            ranked = sorted(
                zip(model.get_scores(tokens), paths, strict=True),
                key=lambda pair: (-pair[0], pair[1]),
            )
            return [path for score, path in ranked[:TOP] if score > 0]

        return run

    def slug(self, page) -> str:
        part, name = page.path.removesuffix(".html").split("/", 1)
        return f"{part}--{slugify(name)}"[:200]

    def judgements(self, candidates, queries) -> None:
        """What was left out of the candidates, and why; what is left."""
        unjudged = [q for q in candidates if not q.relevant]
        parts = Counter(
            part
            for q in unjudged
            for part in {p.split("/")[0] if "/" in p else p for p in q.linked}
            or {"no page at all"}
        )
        wordless = [q.text for q in candidates if q.relevant and q not in queries]
        relevant = [len(q.relevant) for q in queries]
        ceiling = sum(min(n, TOP) / n for n in relevant) / len(relevant)
        self.stdout.write(
            f"Of {len(candidates)} FAQ questions and glossary terms, "
            f"{len(unjudged)} link to no loaded page (they link to: "
            + ", ".join(f"{part} {n}" for part, n in parts.most_common())
            + f"); {len(wordless)} without a word to search for {wordless}. "
            "All left out.\n"
            f"Relevant pages per query: {min(relevant)} to {max(relevant)}, "
            f"{sum(relevant) / len(relevant):.2f} on average; "
            f"the highest Recall@10 possible: {ceiling:.3f}.\n"
        )

    def table(self, queries, results) -> None:
        columns = ["MRR@10", "Recall@10", "Success@10", "nDCG@10"]
        long = [n for n, q in enumerate(queries) if len(q.text.split()) >= 6]
        header = f"{'system':22}" + "".join(f"{c:>11}" for c in columns)
        self.stdout.write(header + f"{'no result':>11}{'long: S@10':>12}")
        for name, ranked in results.items():
            rows = [scores(r, q.relevant) for r, q in zip(ranked, queries, strict=True)]
            mean = {c: sum(row[c] for row in rows) / len(rows) for c in columns}
            empty = sum(int(row["no result"]) for row in rows)
            long_found = sum(rows[n]["Success@10"] for n in long) / max(len(long), 1)
            self.stdout.write(
                f"{name:22}"
                + "".join(f"{mean[c]:11.3f}" for c in columns)
                + f"{empty:11d}{long_found:12.2f}"
            )
        self.stdout.write(f"({len(long)} long questions, of six words or more)")

    def misses(self, queries, results) -> None:
        """Queries a baseline answers in its top ten and search does not."""
        ours, *baselines = results.values()
        self.stdout.write("\nMissed by articles.search, found by a baseline:")
        for n, query in enumerate(queries):
            if scores(ours[n], query.relevant)["Success@10"]:
                continue
            if any(scores(b[n], query.relevant)["Success@10"] for b in baselines):
                self.stdout.write(
                    f"- {query.text!r}: wants {sorted(query.relevant)}, "
                    f"got {ours[n][:3]}"
                )
