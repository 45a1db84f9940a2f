"""Staff can be required to sign in with an authenticator app (allauth MFA)."""

import re
import time

import pytest
from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import PASSWORD, make_manager, make_staff, make_user

pytestmark = pytest.mark.django_db


# A code is accepted in its own period only (no tolerance): it is made with
# at least this long left, so that typing and sending it on a slow machine
# does not carry it into the next period.
CODE_MARGIN_SECONDS = 10


def current_code(secret):
    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < CODE_MARGIN_SECONDS:
        time.sleep(left + 0.1)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.mark.parametrize("url", ["/admin/", "/en/moderation/"])
def test_required_second_factor_sends_staff_to_set_one_up(client, settings, url):
    settings.STAFF_REQUIRE_MFA = True
    manager = make_manager(email="morgan@example.com")
    client.post(
        reverse("account_login"), {"login": manager.email, "password": PASSWORD}
    )

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before a factor is added.
    confirm = client.get(response["Location"])
    assert confirm["Location"].startswith(reverse("account_reauthenticate"))
    reauthenticate = client.get(confirm["Location"]).content.decode()
    assert "Staff accounts need a second factor" in reauthenticate
    back = client.post(confirm["Location"], {"password": PASSWORD})
    assert back["Location"] == reverse("mfa_activate_totp")
    page = client.get(back["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in html  # the QR code, allowed by the CSP
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', html)
    if secret is None:
        secret = re.search(r'value="([A-Z2-7]{32})"', html)

    activated = client.post(
        reverse("mfa_activate_totp"), {"code": current_code(secret.group(1))}
    )

    assert activated.status_code == 302
    assert Authenticator.objects.filter(
        user=manager, type=Authenticator.Type.TOTP
    ).exists()
    assert client.get(url).status_code == 200


def test_staff_with_an_authenticator_get_in(client, settings):
    settings.STAFF_REQUIRE_MFA = True
    staff = make_staff()
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200


def test_without_the_requirement_staff_get_in_and_publishers_are_never_asked(
    client, settings
):
    settings.STAFF_REQUIRE_MFA = False
    client.force_login(make_staff())
    assert client.get("/admin/").status_code == 200

    settings.STAFF_REQUIRE_MFA = True
    client.force_login(make_user())
    assert client.get("/en/").status_code == 200


def test_sign_in_asks_for_the_code_once_an_authenticator_is_set_up(client):
    staff = make_staff(email="sally@example.com")
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    first = client.post(
        reverse("account_login"), {"login": staff.email, "password": PASSWORD}
    )
    assert first.status_code == 302
    assert first["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert SESSION_KEY not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert right.status_code == 302
    assert client.session[SESSION_KEY] == str(staff.pk)
    assert Authenticator.objects.filter(user=staff).count() == 1
