import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, make_article, make_user
from users.models import User

pytestmark = pytest.mark.django_db


def test_header_shows_name_and_sid_when_signed_in(client):
    client.force_login(make_user(name="Pat Publisher", site_id=1234567))

    html = client.get(reverse("home")).content.decode()

    assert "Pat Publisher" in html
    assert "SID 1234567" in html
    assert "No SID yet" not in html
    assert "Sign out" in html


def test_header_says_no_sid_yet_when_unset(client):
    client.force_login(make_user(site_id=None))

    html = client.get(reverse("home")).content.decode()

    assert "No SID yet" in html
    assert "SID " not in html.replace("No SID yet", "")


def test_header_offers_sign_in_and_sign_up_to_visitors(client):
    html = client.get(reverse("home")).content.decode()

    assert reverse("account_login") in html
    assert reverse("account_signup") in html
    assert "SID" not in html


def test_sign_up_verifies_the_email_then_signs_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "name": "New Publisher",
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new@example.com")
    assert user.name == "New Publisher"
    assert user.site_id is None
    assert SESSION_KEY not in client.session
    (link,) = re.findall(r"https?://\S+/confirm-email/\S+", mail.outbox[0].body)
    confirmed = client.post(urlsplit(link).path)
    assert confirmed.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_sign_up_refuses_a_taken_email_without_creating_anyone(client, settings):
    make_user(email="taken@example.com")

    client.post(
        reverse("account_signup"),
        {"email": "taken@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert User.objects.filter(email__iexact="taken@example.com").count() == 1
    assert SESSION_KEY not in client.session


def test_mandatory_email_verification_holds_the_sign_in(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    response = client.post(
        reverse("account_signup"),
        {"email": "verify@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert SESSION_KEY not in client.session
    assert len(mail.outbox) == 1
    assert "verify@example.com" in mail.outbox[0].to


def test_sign_in_with_email_and_password(client):
    user = make_user(email="pat@example.com")

    response = client.post(
        reverse("account_login"), {"login": "pat@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_wrong_password_is_refused_with_a_message(client):
    make_user(email="pat@example.com")

    response = client.post(
        reverse("account_login"), {"login": "pat@example.com", "password": "wrong"}
    )

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert "not correct" in response.content.decode()


def test_sign_in_returns_to_the_gated_article(client):
    make_user(email="pat@example.com")
    article = make_article(visibility="signed_in", title="Tax forms")

    to_login = client.get(article.get_absolute_url())
    response = client.post(
        to_login["Location"], {"login": "pat@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert "Tax forms" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "http:evil.example.com",
        "/\\evil.example.com",
        "\\\\evil.example.com",
        "https://testserver.evil.example.com/",
        "javascript:alert(1)",
        " //evil.example.com",
    ],
)
def test_next_never_redirects_off_site(client, next_url):
    make_user(email="pat@example.com")

    response = client.post(
        reverse("account_login"),
        {"login": "pat@example.com", "password": PASSWORD, "next": next_url},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_next_keeps_local_paths(client):
    make_user(email="pat@example.com")

    response = client.post(
        reverse("account_login") + "?next=/search/%3Fq%3Dpayments",
        {"login": "pat@example.com", "password": PASSWORD},
    )

    assert response["Location"] == "/search/?q=payments"


def test_sign_out_is_a_post(client):
    client.force_login(make_user())

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_password_reset_mails_a_working_link(client):
    make_user(email="pat@example.com")

    client.post(reverse("account_reset_password"), {"email": "pat@example.com"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://testserver(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a brand new passphrase", "password2": "a brand new passphrase"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="pat@example.com").check_password(
        "a brand new passphrase"
    )


def test_password_reset_for_unknown_email_does_not_reveal_it(client):
    response = client.post(
        reverse("account_reset_password"), {"email": "nobody@example.com"}
    )

    assert response.status_code == 302
    # allauth's enumeration protection mails the address instead of saying
    # on the page that there is no account.
    assert all("nobody@example.com" in m.to for m in mail.outbox)


def test_failed_logins_are_rate_limited_per_account(client):
    make_user(email="pat@example.com")
    for _ in range(5):
        client.post(
            reverse("account_login"), {"login": "pat@example.com", "password": "no"}
        )

    response = client.post(
        reverse("account_login"), {"login": "pat@example.com", "password": PASSWORD}
    )

    assert SESSION_KEY not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_login_requests_are_rate_limited_per_address(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    statuses = [
        client.post(
            reverse("account_login"), {"login": "x@example.com", "password": "no"}
        ).status_code
        for _ in range(4)
    ]

    assert statuses == [200, 200, 200, 429]
