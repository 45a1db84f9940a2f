"""Sign-in protection, through allauth's real views and Django's test client.

Rate limits are read from ACCOUNT_RATE_LIMITS (allauth's syntax:
"amount/period/per", several separated by commas; "per" is "ip" when left
out), so these tests follow the configuration instead of repeating it. The
cache that allauth counts in is cleared before each test (tests/conftest.py).
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client
from django.urls import reverse

from support.models import Region
from tests.factories import PASSWORD, make_user
from users.models import User

pytestmark = pytest.mark.django_db

TOO_MANY_FAILED_LOGINS = "Too many failed login attempts. Try again later."
LOGIN_MISMATCH = "The email address and/or password you specified are not correct."
# The portal's own 429 page (templates/429.html), which allauth renders.
TOO_MANY_REQUESTS = "please wait a few minutes before you try again"
ELSEWHERE = "10.0.0.2"  # another visitor's address (the client's is 127.0.0.1)


def limit(action: str, per: str) -> int:
    """How many `action`s ACCOUNT_RATE_LIMITS allows per "ip" or per "key"."""
    amounts = []
    for rate in settings.ACCOUNT_RATE_LIMITS[action].split(","):
        parts = rate.strip().split("/")
        if (parts[2] if len(parts) == 3 else "ip") == per:
            amounts.append(int(parts[0]))
    assert amounts, f"ACCOUNT_RATE_LIMITS[{action!r}] has no per-{per} limit"
    return min(amounts)


def login(client, email, password, **extra):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, **extra
    )


def signup(client, email, password=PASSWORD, **extra):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password},
        **extra,
    )


def reset(client, email, **extra):
    return client.post(reverse("account_reset_password"), {"email": email}, **extra)


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def authenticates(key: str, browser: Client) -> bool:
    """Does a request carrying only this session cookie come signed in?"""
    browser.cookies.clear()
    browser.cookies[settings.SESSION_COOKIE_NAME] = key
    return browser.get(reverse("home")).wsgi_request.user.is_authenticated


@pytest.fixture
def stranger():
    """A second browser (each Client loads the middleware: one per test)."""
    return Client()


def page_text(response, echoed_email: str) -> str:
    """The page, without the per-request CSRF token and the echoed email."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return html.replace(echoed_email, "EMAIL")


# 1. Rate limits --------------------------------------------------------------


def test_failed_logins_lock_the_email_even_against_the_right_password(client):
    per_email = limit("login_failed", "key")
    assert per_email + 1 < limit("login_failed", "ip"), "the IP limit acts first"
    make_user(email="pat@example.com")
    for _ in range(per_email):
        failed = login(client, "pat@example.com", "wrong password")
        assert failed.status_code == 200
        assert LOGIN_MISMATCH in failed.content.decode()

    # The count is the email's, whatever its case.
    locked = login(client, "Pat@Example.com", PASSWORD)

    assert locked.status_code == 200
    assert TOO_MANY_FAILED_LOGINS in locked.content.decode()
    assert not signed_in(client)
    # Another account, from the same address, is not locked.
    make_user(email="sam@example.com")
    assert login(client, "sam@example.com", PASSWORD).status_code == 302
    assert signed_in(client)


def test_one_failure_fewer_than_the_limit_leaves_the_email_usable(client):
    make_user(email="pat@example.com")
    for _ in range(limit("login_failed", "key") - 1):
        login(client, "pat@example.com", "wrong password")

    response = login(client, "Pat@Example.com", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_failed_logins_from_one_address_are_limited_across_emails(client):
    per_ip = limit("login_failed", "ip")
    assert per_ip < limit("login", "ip"), "the login limit acts first"
    make_user(email="pat@example.com")
    for n in range(per_ip):
        failed = login(client, f"guess{n}@example.com", "wrong password")
        assert LOGIN_MISMATCH in failed.content.decode()

    refused = login(client, "pat@example.com", PASSWORD)

    assert TOO_MANY_FAILED_LOGINS in refused.content.decode()
    assert not signed_in(client)
    assert (
        login(client, "pat@example.com", PASSWORD, REMOTE_ADDR=ELSEWHERE).status_code
        == 302
    )


def test_login_requests_from_one_address_get_the_429_page(client):
    per_ip = limit("login", "ip")
    # Incomplete forms: refused before authentication, so they are not
    # counted as failed logins, only as login requests.
    for _ in range(per_ip):
        assert login(client, "", "").status_code == 200

    refused = login(client, "pat@example.com", PASSWORD)

    assert refused.status_code == 429
    assert TOO_MANY_REQUESTS in refused.content.decode()


def test_signups_are_limited_per_address(client):
    per_ip = limit("signup", "ip")
    for n in range(per_ip):
        # A new X-Forwarded-For each time: allauth ignores the header (no
        # trusted proxy is configured), so a client cannot dodge the limit.
        forged = f"203.0.113.{n}"
        assert (
            signup(
                client, f"new{n}@example.com", HTTP_X_FORWARDED_FOR=forged
            ).status_code
            == 302
        )
        client.logout()

    refused = signup(client, "one-more@example.com", HTTP_X_FORWARDED_FOR="192.0.2.1")

    assert refused.status_code == 429
    assert TOO_MANY_REQUESTS in refused.content.decode()
    assert not User.objects.filter(email="one-more@example.com").exists()
    assert (
        signup(client, "one-more@example.com", REMOTE_ADDR=ELSEWHERE).status_code == 302
    )


def test_password_reset_requests_are_limited_per_email(client):
    per_email = limit("reset_password", "key")
    assert per_email < limit("reset_password", "ip"), "the IP limit acts first"
    make_user(email="pat@example.com")
    for _ in range(per_email):
        assert reset(client, "pat@example.com").status_code == 302
    assert len(mail.outbox) == per_email

    refused = reset(client, "PAT@example.com")
    from_elsewhere = reset(client, "pat@example.com", REMOTE_ADDR=ELSEWHERE)

    assert refused.status_code == from_elsewhere.status_code == 429
    assert TOO_MANY_REQUESTS in refused.content.decode()
    assert len(mail.outbox) == per_email


def test_password_reset_requests_are_limited_per_address(client):
    per_ip = limit("reset_password", "ip")
    make_user(email="pat@example.com")
    for n in range(per_ip):
        assert reset(client, f"someone{n}@example.com").status_code == 302
    sent = len(mail.outbox)

    refused = reset(client, "pat@example.com")

    assert refused.status_code == 429
    assert TOO_MANY_REQUESTS in refused.content.decode()
    assert len(mail.outbox) == sent
    assert reset(client, "pat@example.com", REMOTE_ADDR=ELSEWHERE).status_code == 302


# 2. No user enumeration ------------------------------------------------------


def test_password_reset_answers_alike_for_known_and_unknown_emails(client):
    make_user(email="known@example.com")

    known = reset(client, "known@example.com", follow=True)
    unknown = reset(client, "unknown@example.com", follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert known.redirect_chain[-1][0] == reverse("account_reset_password_done")
    assert known.status_code == unknown.status_code == 200
    assert page_text(known, "known@example.com") == page_text(
        unknown, "unknown@example.com"
    )
    # Each address gets one mail: a reset link, or "you have no account here".
    assert [m.to for m in mail.outbox] == [
        ["known@example.com"],
        ["unknown@example.com"],
    ]
    assert "/password/reset/key/" in mail.outbox[0].body
    assert "/password/reset/key/" not in mail.outbox[1].body


def test_login_answers_alike_for_a_wrong_password_and_an_unknown_email(client):
    make_user(email="known@example.com")

    known = login(client, "known@example.com", "wrong password")
    unknown = login(client, "unknown@example.com", "wrong password")

    assert known.status_code == unknown.status_code == 200
    assert LOGIN_MISMATCH in known.content.decode()
    assert page_text(known, "known@example.com") == page_text(
        unknown, "unknown@example.com"
    )


def test_signup_with_a_taken_email_is_indistinguishable_when_verifying(
    client, stranger, settings
):
    # allauth (flows/manage_email.assess_unique_email): with
    # ACCOUNT_PREVENT_ENUMERATION and *mandatory* verification, the portal's
    # default, a taken email gets the same "check your inbox" answer as a new
    # one, and its owner a mail. (With verification "none", allauth lets
    # uniqueness win and says the email is taken.)
    assert settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"
    owner = make_user(email="taken@example.com")
    taken_client, new_client = client, stranger

    taken = signup(taken_client, "taken@example.com", "an attacker's passphrase")
    new = signup(new_client, "new@example.com", "an attacker's passphrase")

    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]
    assert not signed_in(taken_client)
    assert not signed_in(new_client)
    assert [m.to for m in mail.outbox] == [["taken@example.com"], ["new@example.com"]]
    assert User.objects.filter(email__iexact="taken@example.com").get() == owner


def test_signup_with_a_taken_email_neither_signs_in_nor_takes_over(client, settings):
    # An operator who turns verification off: the email is said to be taken,
    # but nothing else leaks and nothing changes.
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    owner = make_user(email="taken@example.com", name="Pat Private")

    response = signup(client, "Taken@Example.com", "an attacker's passphrase")

    assert not signed_in(client)
    assert User.objects.filter(email__iexact="taken@example.com").get() == owner
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert not owner.check_password("an attacker's passphrase")
    assert "Pat Private" not in response.content.decode()
    assert mail.outbox == []


# 3. Sessions ------------------------------------------------------------------


def test_signing_in_rotates_the_session_key(client, stranger):
    # Choosing a support region keeps the choice in the visitor's session.
    region = Region.objects.first() or Region.objects.create(name="Everywhere")
    client.post(reverse("support:choose-region"), {"region": region.pk})
    before = session_key(client)
    assert SessionStore().exists(before), "the visit should have made a session"
    make_user(email="pat@example.com")

    assert login(client, "pat@example.com", PASSWORD).status_code == 302

    after = session_key(client)
    assert after != before
    assert authenticates(after, stranger)
    # A session planted before sign-in (fixation) gives no access.
    assert not authenticates(before, stranger)


def test_signing_out_ends_the_old_session(client, stranger):
    make_user(email="pat@example.com")
    login(client, "pat@example.com", PASSWORD)
    signed_in_key = session_key(client)
    assert authenticates(signed_in_key, stranger)

    assert client.post(reverse("account_logout")).status_code == 302

    assert not authenticates(signed_in_key, stranger)
    assert not SessionStore().exists(signed_in_key)


# 4. Signing out is a POST -------------------------------------------------------


def test_get_on_the_logout_url_only_asks_for_confirmation(client, stranger):
    client.force_login(make_user())

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert "Are you sure you want to sign out?" in response.content.decode()
    assert signed_in(client)
    assert authenticates(session_key(client), stranger)


def test_post_with_the_csrf_token_signs_out():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user())
    confirm = browser.get(reverse("account_logout"))
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm.content.decode()
    ).group(1)

    response = browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not signed_in(browser)


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_ORIGIN": "https://evil.example"}],
    ids=["no-token", "no-token-foreign-origin"],
)
def test_cross_site_post_without_token_is_refused(headers, stranger):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user())
    browser.get(reverse("account_logout"))  # the browser has a CSRF cookie
    key = session_key(browser)

    response = browser.post(reverse("account_logout"), **headers)

    assert response.status_code == 403
    assert signed_in(browser)
    assert authenticates(key, stranger)


# 5. `next` stays on the site ---------------------------------------------------


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example", "/\\evil.example"]
)
def test_next_after_sign_in_never_leaves_the_site(client, next_url):
    make_user(email="pat@example.com")
    url = reverse("account_login") + "?" + f"next={next_url}"

    response = client.post(url, {"login": "pat@example.com", "password": PASSWORD})
    again = client.get(url)  # signed in already: sent on at once

    assert signed_in(client)
    assert response.status_code == again.status_code == 302
    assert response["Location"] == again["Location"] == reverse("home")


def test_next_after_sign_in_keeps_an_on_site_page(client):
    # The control for the test above: `next` is followed when it is local.
    make_user(email="pat@example.com")
    on_site = reverse("support:contact")

    response = client.post(
        reverse("account_login") + f"?next={on_site}",
        {"login": "pat@example.com", "password": PASSWORD},
    )

    assert response["Location"] == on_site


# 6. Passwords -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", "This password is too common."),
        ("12345678", "This password is entirely numeric."),
        ("k9#Lm2", "This password is too short."),
        ("new@example.com", "The password is too similar to the email address."),
    ],
)
def test_weak_passwords_are_refused_at_signup(client, password, message):
    response = signup(client, "new@example.com", password)

    assert response.status_code == 200
    errors = response.context["form"].errors["password1"]
    assert any(error.startswith(message) for error in errors)
    assert message in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()
    assert not signed_in(client)
