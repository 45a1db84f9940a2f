"""Editorial workflow data: who may publish, and where history begins.

Managers get the publish_article permission (Support staff write drafts
and submit them for review); both may read revisions. Each existing
article and translation gets a first revision of its current text, and its
"Updated" date starts from its last save.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import F

GRANTS = {
    "Support staff": ["view_revision"],
    "Managers": ["view_revision", "publish_article"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=group_name):
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="articles", codename__in=codenames
                )
            )


def begin_history(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleTranslation = apps.get_model("articles", "ArticleTranslation")
    Revision = apps.get_model("articles", "Revision")
    Article.objects.update(content_updated_at=F("updated_at"))
    ArticleTranslation.objects.update(content_updated_at=F("updated_at"))
    ArticleTranslation.objects.filter(
        status="published", published_at__isnull=True
    ).update(published_at=F("created_at"))
    revisions = [
        Revision(
            article=article,
            language=article.language,
            title=article.title,
            body=article.body,
            status=article.status,
            visibility=article.visibility,
            author_id=article.author_id,
            created_at=article.updated_at,
        )
        for article in Article.objects.iterator()
    ]
    revisions += [
        Revision(
            article_id=translation.article_id,
            translation=translation,
            language=translation.language,
            title=translation.title,
            body=translation.body,
            status=translation.status,
            created_at=translation.updated_at,
        )
        for translation in ArticleTranslation.objects.iterator()
    ]
    Revision.objects.bulk_create(revisions, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_editorial_workflow")]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(begin_history, migrations.RunPython.noop),
    ]
