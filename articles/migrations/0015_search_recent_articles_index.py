"""An index of articles by publication, newest first (PostgreSQL): search
walks it for the candidates of a word in most articles."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS article_recent "
            "ON articles_article (published_at DESC, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS article_recent")


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_editorial_data")]

    operations = [migrations.RunPython(create, drop)]
