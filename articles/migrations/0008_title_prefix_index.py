"""Indexes for suggestions: title and vocabulary prefixes (PostgreSQL)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS article_title_prefix "
            'ON articles_article ((lower(title) COLLATE "C"))'
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS searchword_prefix "
            "ON articles_searchword (word text_pattern_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_title_prefix")
        schema_editor.execute("DROP INDEX IF EXISTS searchword_prefix")


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_search_term_permissions")]

    operations = [migrations.RunPython(create, drop)]
