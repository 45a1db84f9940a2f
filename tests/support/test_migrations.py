import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from post_office.models import Email

BEFORE_OUTBOX = [("support", "0004_region_texts")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_mail_the_old_retry_command_had_left_goes_to_the_outbox():
    apps = migrate(BEFORE_OUTBOX)
    Region = apps.get_model("support", "Region")
    SupportRequest = apps.get_model("support", "SupportRequest")
    region = Region.objects.create(name="Europe", email="eu@example.com")
    for email, team_sent, confirmed in [
        ("none@example.com", None, None),
        ("team@example.com", timezone.now(), None),
        ("both@example.com", timezone.now(), timezone.now()),
    ]:
        SupportRequest.objects.create(
            reference=email[:4],
            email=email,
            region=region,
            subject="Help",
            topic="other",
            description="Words",
            mail_sent_at=team_sent,
            confirmation_sent_at=confirmed,
        )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert sorted(email.to[0] for email in Email.objects.all()) == [
        "eu@example.com",
        "none@example.com",
        "team@example.com",
    ]
