from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.utils import timezone

from helpcenter import health, views

pytestmark = pytest.mark.django_db


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == (
        b"database: failing: no answer from default\ncache: ok\n"
        # The outbox is in the database too.
        b"outbox: failing: no answer (OperationalError)\n"
    )
    assert "no-store" in response["Cache-Control"]


def test_healthz_reports_every_check_and_fails_when_any_does(client, monkeypatch):
    checks = [
        *health.CHECKS[:2],
        ("outbox", lambda: "oldest mail waited 2 hours", False),
    ]
    monkeypatch.setattr(health, "CHECKS", checks)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "database: ok",
        "cache: ok",
        "outbox: failing: oldest mail waited 2 hours",
    ]


def test_a_check_that_raises_counts_as_failing(client, monkeypatch):
    def broken():
        raise RuntimeError("secret.internal:6379 refused")

    monkeypatch.setattr(health, "CHECKS", [("cache", broken, True)])

    response = client.get("/healthz")

    assert response.status_code == 503
    # The details go to the log, not to whoever asked.
    assert response.content == b"cache: failing: no answer (RuntimeError)\n"


def queue_mail(settings, minutes_ago: int):
    from django.core import mail
    from post_office.models import Email

    settings.EMAIL_QUEUE = True
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "medium"}
    settings.EMAIL_BACKEND = "helpcenter.outbox.OutboxBackend"
    mail.send_mail("Subject", "Body", None, ["pat@example.com"])
    Email.objects.update(created=timezone.now() - timedelta(minutes=minutes_ago))


def test_healthz_fails_when_mail_has_waited_too_long(client, settings):
    settings.OUTBOX_MAX_WAIT_MINUTES = 30
    queue_mail(settings, minutes_ago=45)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content.decode().splitlines()[-1] == (
        "outbox: failing: the oldest unsent mail has waited 45 min"
    )


def test_a_mail_backlog_keeps_no_server_out_of_rotation(client, settings):
    queue_mail(settings, minutes_ago=45)

    response = client.get("/healthz?serving")

    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\n"


def test_fresh_or_sent_mail_leaves_the_outbox_healthy(client, settings):
    from post_office.models import STATUS, Email

    queue_mail(settings, minutes_ago=5)
    assert client.get("/healthz").status_code == 200

    Email.objects.update(status=STATUS.sent, created=timezone.now() - timedelta(days=1))
    assert client.get("/healthz").status_code == 200


def test_server_error_page_is_branded_and_needs_no_database(
    django_assert_num_queries,
):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = views.server_error(request)

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
