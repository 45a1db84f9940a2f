"""Search indexes (PostgreSQL only) and the search data of existing articles.

On SQLite the search falls back to a scan, and none of this SQL runs.
"""

from django.db import migrations

POSTGRES_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS article_search_vector "
    "ON articles_article USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS article_title_vector "
    "ON articles_article USING gin (title_vector)",
    "CREATE INDEX IF NOT EXISTS article_title_trigram "
    "ON articles_article USING gin (title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS searchword_trigram "
    "ON articles_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_REVERSE_SQL = [
    "DROP INDEX IF EXISTS article_search_vector",
    "DROP INDEX IF EXISTS article_title_vector",
    "DROP INDEX IF EXISTS article_title_trigram",
    "DROP INDEX IF EXISTS searchword_trigram",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_SQL:
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_REVERSE_SQL:
            schema_editor.execute(statement)


def index_existing_articles(apps, schema_editor):
    # The live code does the work, so existing articles are indexed exactly
    # as saved ones are.
    from articles import search
    from helpcenter.markup import plain_text

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("pk", "body_html").iterator():
        Article.objects.filter(pk=article.pk).update(
            body_text=plain_text(article.body_html)
        )
    search.index_articles(Article.objects.all(), using=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_search")]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(index_existing_articles, migrations.RunPython.noop),
    ]
