"""The help article's five support regions, and support staff's permissions.

Region 1 carries the article's own contacts. The article did not capture the
contacts of regions 2-5, so they get example addresses, numbers from ranges
reserved for fiction, and no toll-free number: staff replace them in the
admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EUROPE = (
    "AD AL AT BA BE BG BY CH CY CZ DK EE ES FI FO GB GG GI GR HR HU IE IM IS "
    "IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SJ SK SM UA VA"
).split()

REGIONS = [
    {
        "name": "US, Canada, Australia and other countries",
        "description": "Publishers located in the US, Canada, Australia, and "
        "non-European countries not listed below",
        "countries": ["US", "CA", "AU"],
        "languages": "",
        "email": "uspubsupport@rakuten.com",
        "toll_free_phone": "+1-888-880-8430",
        "phone": "+1-646-943-8200",
        "phone_option": "7",
        "support_language": "English",
        "is_default": True,
    },
    {
        "name": "UK and Europe",
        "description": "Publishers located in the UK and other European "
        "countries not listed below",
        "countries": EUROPE,
        "languages": "",
        "email": "eupubsupport@example.com",
        "phone": "+44 20 7946 0958",
        "phone_option": "2",
        "support_language": "English",
    },
    {
        "name": "France",
        "description": "Publishers located in France and/or who speak French",
        "countries": ["FR"],
        "languages": "fr",
        "email": "frpubsupport@example.com",
        "phone": "+33 1 99 00 12 34",
        "phone_option": "3",
        "support_language": "French",
    },
    {
        "name": "Germany",
        "description": "Publishers located in Germany and/or who speak German",
        "countries": ["DE"],
        "languages": "de",
        "email": "depubsupport@example.com",
        "phone": "+49 30 23125 000",
        "phone_option": "4",
        "support_language": "German",
    },
    {
        "name": "Brazil",
        "description": "Publishers located in Brazil, or who speak Brazilian "
        "Portuguese",
        "countries": ["BR"],
        "languages": "pt-br",
        "email": "brpubsupport@example.com",
        "support_language": "Brazilian Portuguese",
    },
]

GRANTS = {
    "Support staff": [
        ("region", ["add", "change", "delete", "view"]),
        ("supportrequest", ["change", "view"]),
        ("attachment", ["view"]),
    ],
}


def load(apps, schema_editor):
    Region = apps.get_model("support", "Region")
    for position, spec in enumerate(REGIONS):
        fields = {**spec, "countries": ",".join(spec["countries"])}
        Region.objects.get_or_create(
            name=spec["name"], defaults={**fields, "position": position}
        )
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, actions in grants:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="support",
                    content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


def unload(apps, schema_editor):
    Region = apps.get_model("support", "Region")
    Region.objects.filter(name__in=[spec["name"] for spec in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_initial"),
        ("articles", "0002_roles"),
    ]

    operations = [migrations.RunPython(load, unload)]
