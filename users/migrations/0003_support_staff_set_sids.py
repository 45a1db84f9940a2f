"""Support staff may look up users and set their SID (see users.admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_user", "change_user"]


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
            content_type__app_label="users", codename__in=CODENAMES
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Support staff"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="users", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_user_support_region"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
