"""Requests whose emails were never sent put them in the outbox.

Before the outbox, a request recorded when each of its two emails went out,
and `send_pending_support_mail` retried the others. That command is gone, so
what it had left to do becomes outbox mail here, before the next migration
drops the record.

The emails are built by the current code (`support.mail`), as the templates
need model methods that migration models lack; it only runs for installations
that still have such requests when they upgrade to the outbox.
"""

from django.db import migrations
from django.db.models import Q


def queue_unsent_mail(apps, schema_editor):
    historical = apps.get_model("support", "SupportRequest")
    unsent = {
        pk: (team_sent, confirmed)
        for pk, team_sent, confirmed in historical.objects.filter(
            Q(mail_sent_at__isnull=True) | Q(confirmation_sent_at__isnull=True)
        ).values_list("pk", "mail_sent_at", "confirmation_sent_at")
    }
    if not unsent:
        return
    from django.core.mail import get_connection

    from support.mail import request_messages
    from support.models import SupportRequest

    requests = SupportRequest.objects.filter(pk__in=unsent).select_related(
        "region", "user"
    )
    for support_request in requests:
        team, confirmation = request_messages(support_request)
        team_sent, confirmed = unsent[support_request.pk]
        messages = [
            message
            for message, sent in [(team, team_sent), (confirmation, confirmed)]
            if sent is None
        ]
        get_connection().send_messages(messages)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0004_region_texts"),
        ("post_office", "0014_alter_email_recipient_delivery_status_and_more"),
    ]

    operations = [
        migrations.RunPython(queue_unsent_mail, migrations.RunPython.noop),
    ]
