import pytest
from django.urls import reverse

from tests.factories import make_staff, make_user
from zendesk.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db

TOKENS = "/en/accounts/api-tokens/"


def test_the_page_asks_to_sign_in(client):
    response = client.get(TOKENS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_token_is_shown_once_and_stored_hashed(client):
    user = make_user()
    client.force_login(user)
    response = client.post(TOKENS, {"name": "Reporting script"}, follow=True)
    assert response.redirect_chain == [(TOKENS, 302)]
    token = ApiToken.objects.get(user=user)
    secret = response.context["secret"]
    assert token.key_hash == hash_token(secret)
    assert secret in response.content.decode()
    assert (
        "no-store" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )
    again = client.get(TOKENS).content.decode()
    assert secret not in again
    assert "Reporting script" in again and token.prefix in again


def test_a_name_is_required(client):
    client.force_login(make_user())
    response = client.post(TOKENS, {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_people_revoke_their_own_tokens_only(client):
    owner, other = make_user(), make_user()
    token, _secret = ApiToken.objects.create_for(user=owner, name="Nightly sync")
    client.force_login(other)
    revoke = reverse("zendesk-account:revoke", args=[token.pk])
    assert client.post(revoke).status_code == 404
    assert client.get(revoke).status_code == 405
    client.force_login(owner)
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = client.get(TOKENS)
    assert "The token “Nightly sync” is revoked." in page.content.decode()
    assert list(page.context["tokens"]) == []


def test_the_account_pages_link_to_the_tokens(client):
    client.force_login(make_user())
    page = client.get("/en/accounts/email/").content.decode()
    assert f'href="{TOKENS}"' in page


def test_staff_see_and_revoke_tokens_in_the_admin(client):
    token, secret = ApiToken.objects.create_for(user=make_user(), name="script")
    client.force_login(make_staff())  # Support staff, not a superuser
    listing = client.get(reverse("admin:zendesk_apitoken_changelist")).content.decode()
    assert "script" in listing and secret not in listing
    client.post(
        reverse("admin:zendesk_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
