"""A visitor and two publishers, each seeing their own page right after the
others' votes and comments, with pages served from the cache."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to
from tests.factories import make_article, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_everyone_sees_their_own_page_after_each_others_votes_and_comments(
    new_page, settings
):
    settings.COMMENTS_PREMODERATION = False
    make_user(email="ann@example.com", name="Ann Able", site_id=111111)
    make_user(email="bob@example.com", name="Bob Baker", site_id=222222)
    url = make_article(title="How do payouts work?").get_absolute_url()
    visitor, ann, bob = new_page(), new_page(), new_page()
    visitor.goto(url)
    visitor.reload()  # now from the cache
    sign_in_to(ann, url, "ann@example.com")
    sign_in_to(bob, url, "bob@example.com")
    for page in (visitor, ann, bob):
        expect(page.locator("[data-vote-summary]")).to_have_text("No votes yet")

    ann.locator("#feedback").get_by_role("button", name="Yes", exact=True).click()
    expect(ann.locator("[data-vote-summary]")).to_have_text(
        "1 out of 1 found this helpful"
    )
    for page in (visitor, bob):
        page.reload()
        expect(page.locator("[data-vote-summary]")).to_have_text(
            "1 out of 1 found this helpful"
        )
    yes = bob.locator("#feedback").get_by_role("button", name="Yes", exact=True)
    expect(yes).to_have_attribute("aria-pressed", "false")

    bob.get_by_label("Your comment").fill("Payouts arrive on the 15th.")
    bob.get_by_role("button", name="Post comment").click()
    expect(bob.get_by_role("heading", name="1 comment")).to_be_visible()
    for page in (visitor, ann):
        page.reload()
        expect(page.get_by_role("heading", name="1 comment")).to_be_visible()
        expect(page.locator(".comment-body")).to_have_text(
            "Payouts arrive on the 15th."
        )
        expect(page.locator(".comment").get_by_role("link", name="Edit")).to_have_count(
            0
        )
    bob_comment = bob.locator(".comment")
    expect(bob_comment.get_by_role("link", name="Edit")).to_be_visible()

    ann.reload()
    expect(ann.locator(".account-name")).to_have_text("Ann Able")
    expect(ann.locator("#feedback [aria-pressed=true]")).to_have_text("Yes")
    expect(bob.locator(".account-name")).to_have_text("Bob Baker")
    for page, other in ((ann, "222222"), (bob, "111111"), (visitor, "111111")):
        assert other not in page.content()
    expect(visitor.locator(".account-name")).to_have_count(0)


def test_a_visitor_switches_language_and_region_on_cached_pages(new_page):
    url = make_article(title="How do payouts work?").get_absolute_url()
    visitor = new_page()
    visitor.goto("/en/support/")
    visitor.reload()  # from the cache: no CSRF token in the page

    visitor.get_by_label("Show the contacts for").select_option(label="Germany")
    visitor.get_by_role("button", name="Switch region").click()
    expect(visitor.get_by_text("You now see the contacts of Germany.")).to_be_visible()

    visitor.goto(url)
    visitor.locator(".language-menu summary").click()
    visitor.get_by_role("link", name="Français").click()
    expect(visitor.locator("html")).to_have_attribute("lang", "fr")
    visitor.goto("/")
    expect(visitor).to_have_url(visitor.url.split("/fr/")[0] + "/fr/")
