"""Every word of the articles' and translations' bodies into the vocabulary
of typo correction, which held titles, labels and sections only: a word
some article holds is never "corrected" into another."""

from django.db import migrations


def add_body_words(apps, schema_editor):
    from articles.search.indexing import add_words

    add_words(apps.get_model("articles", "Article").objects.all(), ("body_text",))
    add_words(
        apps.get_model("articles", "ArticleTranslation").objects.all(),
        ("title", "body_text"),
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_search_recent_articles_index")]

    operations = [migrations.RunPython(add_body_words, migrations.RunPython.noop)]
