"""Search data again for every article and translation: text with a "<" is
now read as words, where PostgreSQL's parser took it for an HTML tag."""

from django.db import migrations


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from articles import search

    using = schema_editor.connection
    search.index_articles(apps.get_model("articles", "Article").objects.all(), using)
    search.index_translations(
        apps.get_model("articles", "ArticleTranslation").objects.all(), using
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_translation_data")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
