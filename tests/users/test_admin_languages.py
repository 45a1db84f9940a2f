import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_staff, make_user

pytestmark = pytest.mark.django_db


def test_an_administrator_limits_a_translator_to_some_languages():
    translator = make_staff()
    admin = Client()
    admin.force_login(make_user(is_staff=True, is_superuser=True))
    url = reverse("admin:users_user_change", args=[translator.pk])
    page = admin.get(url).content.decode()
    assert 'name="edit_languages" value="fr"' in page

    data = {
        "email": translator.email,
        "name": translator.name,
        "is_active": "on",
        "is_staff": "on",
        "edit_languages": ["fr", "de"],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    response = admin.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    translator.refresh_from_db()
    assert translator.edit_languages == ["fr", "de"]
