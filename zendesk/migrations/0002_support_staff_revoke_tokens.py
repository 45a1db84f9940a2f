"""Support staff see everyone's API tokens in the admin and revoke them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


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
            content_type__app_label="zendesk",
            codename__in=["view_apitoken", "change_apitoken", "view_zendeskrecord"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("zendesk", "0001_zendesk_records_and_api_tokens"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
