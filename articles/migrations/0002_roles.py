"""Create the Support staff and Managers groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SUPPORT_STAFF = "Support staff"
MANAGERS = "Managers"

ROLE_PERMISSIONS = {
    SUPPORT_STAFF: [
        ("articles", "category", ["add", "change", "delete", "view"]),
        ("articles", "section", ["add", "change", "delete", "view"]),
        ("articles", "article", ["add", "change", "delete", "view"]),
        ("articles", "articleimage", ["add", "change", "delete", "view"]),
        ("articles", "comment", ["view"]),
    ],
    MANAGERS: [
        ("articles", "comment", ["change", "delete", "view", "moderate"]),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations have run; make them
    # now so that a fresh database has complete groups.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, model, actions in grants:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=codenames,
                )
            )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
