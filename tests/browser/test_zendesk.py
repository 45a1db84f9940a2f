"""A Zendesk help center moved in, and API tokens made and revoked."""

import base64
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to
from tests.factories import make_user
from tests.zendesk.conftest import EXAMPLE, run_import
from zendesk.models import ApiToken

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARTICLE_SCREENSHOT = "/tmp/zendesk-imported-article.png"  # noqa: S108 - looked at by people
TOKENS_SCREENSHOT = "/tmp/zendesk-api-tokens.png"  # noqa: S108


def test_an_imported_article_reads_like_any_other_from_its_old_address(page):
    run_import(EXAMPLE)
    # The address people bookmarked on Zendesk.
    page.goto("/hc/en-us/articles/3001-Find-your-SID")
    expect(page).to_have_url(re.compile(r"/en/articles/\d+-find-your-sid/$"))
    expect(page.get_by_role("heading", name="Find your SID", level=1)).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader", name="Used for")).to_be_visible()
    image = page.get_by_role("img", name="The SID at the top right of the dashboard")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=ARTICLE_SCREENSHOT, full_page=True)
    # Its link to another imported article leads there (a signed-in one).
    page.get_by_role("link", name="Read your daily report").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_publisher_makes_a_token_uses_it_and_revokes_it(page, live_server):
    user = make_user(email="pat@example.com", name="Pat Publisher")
    sign_in_to(page, "/en/accounts/email/", "pat@example.com")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens", level=1)).to_be_visible()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    page.get_by_label("What is it for?").fill("Reporting script")
    page.get_by_role("button", name="Create token").click()

    secret = page.get_by_role("textbox", name="Token", exact=True).input_value()
    assert ApiToken.objects.get(user=user).prefix == secret[:8]
    expect(
        page.get_by_role("cell", name="Reporting script", exact=True)
    ).to_be_visible()
    page.screenshot(path=TOKENS_SCREENSHOT, full_page=True)

    request = urllib.request.Request(  # noqa: S310 - the test server
        f"{live_server.url}/api/v2/help_center/articles.json"
    )
    credentials = base64.b64encode(f"pat@example.com/token:{secret}".encode()).decode()
    request.add_header("Authorization", f"Basic {credentials}")
    with urllib.request.urlopen(request) as response:  # noqa: S310 - the test server
        assert response.status == 200

    page.reload()
    # Shown once.
    expect(page.get_by_role("textbox", name="Token", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Revoke Reporting script").click()
    expect(page.get_by_text("The token “Reporting script” is revoked.")).to_be_visible()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
