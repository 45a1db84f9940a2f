"""English names from the original columns, search indexes (PostgreSQL) for
the article translations, and support staff's permission to write them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

POSTGRES_SQL = [
    "CREATE INDEX IF NOT EXISTS translation_search_vector "
    "ON articles_articletranslation USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS translation_title_vector "
    "ON articles_articletranslation USING gin (title_vector)",
]
POSTGRES_REVERSE_SQL = [
    "DROP INDEX IF EXISTS translation_search_vector",
    "DROP INDEX IF EXISTS translation_title_vector",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_SQL:
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_REVERSE_SQL:
            schema_editor.execute(statement)


def english_names(apps, schema_editor):
    for model_name in ("Category", "Section"):
        model = apps.get_model("articles", model_name)
        for item in model.objects.all():
            item.name_en = item.name_en or item.name
            item.description_en = item.description_en or item.description
            item.save(update_fields=["name_en", "description_en"])


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Support staff")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=[
                f"{action}_articletranslation"
                for action in ("add", "change", "delete", "view")
            ],
        )
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_translations")]

    operations = [
        migrations.RunPython(english_names, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
