import pytest
from django.db import IntegrityError

from tests.factories import make_staff, make_user
from users.models import User

pytestmark = pytest.mark.django_db


def test_users_log_in_by_email_without_username():
    user = User.objects.create_user("Pat@Example.COM", "secret-pass-123")

    assert user.email == "Pat@example.com"
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username") or user.username is None
    assert User.objects.get_by_natural_key("pat@example.com") == user


def test_superuser_is_staff():
    admin = User.objects.create_superuser("admin@example.com", "pw-long-enough")

    assert admin.is_staff
    assert admin.is_superuser


def test_site_id_is_unique():
    make_user(site_id=42)
    with pytest.raises(IntegrityError):
        make_user(site_id=42)


def test_site_id_must_be_positive_in_the_database():
    user = make_user()
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=user.pk).update(site_id=0)


def test_signature_adds_the_title_for_staff_only():
    staff = make_staff(name="Sally Anne", title="Customer Experience Manager")
    publisher = make_user(name="Pat", title="Boss")

    assert staff.signature == "Sally Anne - Customer Experience Manager"
    assert publisher.signature == "Pat"


def test_display_name_falls_back_to_the_email_local_part():
    assert make_user(name="", email="jo.doe@example.com").display_name == "jo.doe"


def test_support_staff_set_a_publishers_sid_and_nothing_else(client):
    from django.urls import reverse

    from tests.factories import make_staff

    publisher = make_user(email="pat@example.com", name="Pat")
    client.force_login(make_staff())
    url = reverse("admin:users_user_change", args=[publisher.pk])

    page = client.get(url)
    response = client.post(
        url,
        {
            "site_id": "7654321",
            "name": "Hacked",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    publisher.refresh_from_db()
    assert publisher.site_id == 7654321
    assert publisher.name == "Pat"
    assert not publisher.is_staff and not publisher.is_superuser


def test_support_staff_cannot_change_staff_accounts(client):
    from django.urls import reverse

    from tests.factories import make_manager, make_staff

    manager = make_manager()
    client.force_login(make_staff())
    url = reverse("admin:users_user_change", args=[manager.pk])

    client.post(url, {"site_id": "1"})

    manager.refresh_from_db()
    assert manager.site_id is None
