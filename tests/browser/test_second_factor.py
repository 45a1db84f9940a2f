"""Staff sign in with a password and a code from their authenticator app."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_staff
from tests.users.test_second_factor import current_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREENSHOT = "/tmp/second-factor.png"  # noqa: S108 - looked at by people


def test_staff_signs_in_with_an_authenticator_code(page, settings):
    staff = make_staff(email="sally@example.com", name="Sally Anne")
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    # The admin's address leads to the sign-in everybody uses.
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next="))
    page.get_by_label("Email").fill("sally@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    code = page.get_by_label("Code")
    page.screenshot(path=SCREENSHOT, full_page=True)
    code.fill("000000")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Incorrect code.")).to_be_visible()

    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
