"""The admin has no sign-in of its own: its login page is allauth's.

Django's admin login form would skip allauth's rate limits, its email
verification and the second factor; every way into the admin goes through
the sign-in page everybody uses instead.
"""

import contextlib
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.contrib.auth import SESSION_KEY
from django.urls import NoReverseMatch, reverse

from tests.factories import PASSWORD, make_staff, make_user
from tests.users.test_second_factor import current_code

pytestmark = pytest.mark.django_db

LOCKED_OUT = ("Too many failed login attempts", "please wait a few minutes")


def admin_login(client, email, password, next_url="/admin/"):
    return client.post(
        f"{reverse('admin:login')}?next={next_url}",
        {"username": email, "password": password},
    )


def sign_in(client, email, password, next_url="/admin/"):
    return client.post(
        f"{reverse('account_login')}?next={quote(next_url, safe='')}",
        {"login": email, "password": password},
    )


def admin_pages() -> list[str]:
    """The index, the password change and every model's list and add page."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        for view in ("changelist", "add"):
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse("admin:{}_{}_{}".format(*info, view)))
    return urls


def test_the_admin_login_page_sends_people_to_the_common_sign_in(client):
    response = client.get("/admin/articles/article/", follow=True)

    assert response.redirect_chain[-1] == (
        reverse("account_login") + "?next=" + quote("/admin/articles/article/", ""),
        302,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="login"' in html  # allauth's form, not the admin's
    assert 'name="username"' not in html


def test_the_admin_sends_people_to_the_sign_in_in_their_language(client):
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr", follow=True)

    assert response.redirect_chain[-1][0].startswith("/fr/accounts/login/?next=")
    assert response.status_code == 200


def test_the_sign_in_leads_back_to_the_admin_page_asked_for(client):
    staff = make_staff()
    entry = client.get("/admin/login/?next=/admin/articles/article/")

    response = client.post(
        entry["Location"], {"login": staff.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/articles/article/"
    assert client.get(response["Location"]).status_code == 200


def test_a_password_posted_to_the_admin_login_signs_nobody_in(client):
    staff = make_staff()

    response = admin_login(client, staff.email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302


def test_wrong_passwords_through_the_admin_are_locked_out_before_the_20th(client):
    staff = make_staff()
    answers = []
    for _ in range(20):
        # What a person (or a script) at the admin's login meets: the
        # common sign-in, with its limits.
        entry = admin_login(client, staff.email, "wrong password")
        response = client.post(
            entry["Location"], {"login": staff.email, "password": "wrong password"}
        )
        locked = response.status_code == 429 or any(
            text in response.content.decode() for text in LOCKED_OUT
        )
        answers.append(locked)

    assert True in answers[:19], "20 wrong passwords were all let through"
    # Once locked out, even the right password does not open the admin.
    assert sign_in(client, staff.email, PASSWORD).status_code != 302
    assert SESSION_KEY not in client.session


def test_staff_with_an_authenticator_reach_no_admin_page_with_a_password(
    client, settings
):
    settings.STAFF_REQUIRE_MFA = True
    staff = make_staff(is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    admin_login(client, staff.email, PASSWORD)
    asked_for_code = sign_in(client, staff.email, PASSWORD)

    assert asked_for_code["Location"].startswith(reverse("mfa_authenticate"))
    pages = admin_pages()
    assert len(pages) > 10
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    assert SESSION_KEY not in client.session

    # The code opens them.
    done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    for url in pages:
        response = client.get(url)
        # Open, or refused by the model's own rules (no add page for votes):
        # never the sign-in again.
        assert response.status_code in (200, 403), url


def test_staff_with_an_unverified_email_are_held_at_the_admin(client):
    staff = make_staff()
    EmailAddress.objects.filter(user=staff).update(verified=False)

    admin_login(client, staff.email, PASSWORD)
    response = sign_in(client, staff.email, PASSWORD)

    assert response["Location"] == reverse("account_email_verification_sent")
    assert SESSION_KEY not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_publisher_is_told_the_admin_is_not_theirs(client):
    publisher = make_user(email="pat@example.com")
    client.force_login(publisher)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    html = response.content.decode()
    assert "No access to this page" in html
    assert "You are signed in as pat@example.com" in html
