# The outbox (helpcenter.outbox) records what was sent. The two columns stay
# in the database for one release, so that app servers of the previous
# release keep working during a rolling update (docs/deploy.md, "Releases
# and migrations"); the next release drops them.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0005_queue_unsent_mail"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="supportrequest",
            name="support_request_unsent",
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="supportrequest",
                    name="confirmation_sent_at",
                ),
                migrations.RemoveField(
                    model_name="supportrequest",
                    name="mail_sent_at",
                ),
            ],
        ),
    ]
