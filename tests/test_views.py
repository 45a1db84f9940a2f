import pytest
from django.db import OperationalError
from django.test import RequestFactory

from helpcenter import views

pytestmark = pytest.mark.django_db


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Cache-Control"].startswith("max-age=0")


def test_server_error_page_is_branded_and_needs_no_database(
    django_assert_num_queries,
):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = views.server_error(request)

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
