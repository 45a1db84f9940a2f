import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, make_article, make_section, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_visitor_browses_from_home_to_a_public_article(page):
    section = make_section(name="Customer Support")
    make_article(
        section=section,
        title="What is the best way to contact Customer Support?",
        body="## Chat Support\n\nChat support is available 24 hours a day.",
        promoted=True,
    )
    make_article(section=section, title="Payment disputes", visibility="signed_in")

    page.goto("/")
    expect(page.get_by_text("to see all help articles")).to_be_visible()
    page.get_by_role("link", name=section.category.name).click()
    page.get_by_role("link", name="Customer Support", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer Support")
    expect(page.get_by_text("Payment disputes")).to_have_count(0)
    page.get_by_role("link", name="What is the best way to contact").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What is the best way to contact Customer Support?"
    )
    expect(page.get_by_role("heading", name="Chat Support")).to_be_visible()
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumbs).to_contain_text("Customer Support")


def test_visitor_opens_a_gated_article_signs_in_and_lands_on_it(page):
    make_user(email="pat@example.com", site_id=1234567)
    article = make_article(title="Understanding your tax forms", visibility="signed_in")

    page.goto(article.get_absolute_url())
    expect(page).to_have_url(
        f"{page.url.split('/accounts/')[0]}/accounts/login/?next={article.get_absolute_url()}"
    )
    sign_in(page, "pat@example.com", PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Understanding your tax forms"
    )
    assert page.url.endswith(article.get_absolute_url())
    expect(page.get_by_text("SID 1234567")).to_be_visible()


def test_new_user_signs_up_and_sees_the_sid_placeholder(page):
    make_article(title="Welcome")

    page.goto("/")
    page.get_by_role("link", name="Sign up", exact=True).click()
    page.get_by_label("Name").fill("Nora Newcomer")
    page.get_by_label("Email").fill("nora@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    # The address is verified first: the link in the email signs her in.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")
    (link,) = re.findall(r"https?://\S+/confirm-email/\S+", mail.outbox[-1].body)
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Confirm").click()

    header = page.locator(".site-header")
    expect(header).to_contain_text("Nora Newcomer")
    expect(header).to_contain_text("No SID yet")
    expect(page.get_by_text("to see all help articles")).to_have_count(0)
