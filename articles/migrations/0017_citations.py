"""Which articles link to which, and how many published articles link to
each: search ranks an article that many others point to a little higher.
The links already in the articles' bodies are recorded here."""

import django.db.models.deletion
from django.db import migrations, models


def record_existing(apps, schema_editor):
    from articles.search.citations import record_citations

    article = apps.get_model("articles", "Article")
    record_citations(article.objects.using(schema_editor.connection.alias).all())


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_search_vocabulary_from_bodies")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="citations",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="linked from"
            ),
        ),
        migrations.CreateModel(
            name="Citation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="citing",
                        to="articles.article",
                    ),
                ),
                (
                    "target",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cited",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "verbose_name": "citation",
                "verbose_name_plural": "citations",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("source", "target"), name="citation_once"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("source", models.F("target")), _negated=True
                        ),
                        name="citation_not_self",
                    ),
                ],
            },
        ),
        migrations.RunPython(record_existing, migrations.RunPython.noop),
    ]
