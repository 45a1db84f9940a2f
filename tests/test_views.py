import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from helpcenter import health, views

pytestmark = pytest.mark.django_db


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database: failing: no answer from default\ncache: ok\n"
    assert "no-store" in response["Cache-Control"]


def test_healthz_reports_every_check_and_fails_when_any_does(client, monkeypatch):
    checks = [*health.CHECKS, ("outbox", lambda: "oldest mail waited 2 hours")]
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

    monkeypatch.setattr(health, "CHECKS", [("cache", broken)])

    response = client.get("/healthz")

    assert response.status_code == 503
    # The details go to the log, not to whoever asked.
    assert response.content == b"cache: failing: no answer (RuntimeError)\n"


def test_server_error_page_is_branded_and_needs_no_database(
    django_assert_num_queries,
):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = views.server_error(request)

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
