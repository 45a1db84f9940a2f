"""Votes, comments and their moderation, as readers and managers use them."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from articles.models import Comment, Vote
from tests.browser.conftest import sign_in, sign_in_to
from tests.factories import PASSWORD, make_article, make_manager, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_publisher_votes_explains_a_no_and_withdraws_without_a_reload(page):
    publisher = make_user(email="pat@example.com", name="Pat Publisher")
    article = make_article(title="How do payouts work?")

    sign_in_to(page, article.get_absolute_url(), "pat@example.com")
    feedback = page.locator("#feedback")
    summary = feedback.locator("[data-vote-summary]")
    status = feedback.get_by_role("status")
    # The pressed button's check mark is decorative: its name stays "Yes".
    yes = feedback.get_by_role("button", name="Yes", exact=True)
    no = feedback.get_by_role("button", name="No", exact=True)
    reasons = feedback.get_by_role("group", name="What went wrong?")
    expect(summary).to_have_text("No votes yet")
    expect(reasons).to_be_hidden()
    page.evaluate("window.__marker = 1")

    yes.click()
    expect(summary).to_have_text("1 out of 1 found this helpful")
    expect(yes).to_have_attribute("aria-pressed", "true")
    expect(no).to_have_attribute("aria-pressed", "false")
    expect(status).to_have_text("Thank you for your feedback.")
    expect(reasons).to_be_hidden()
    assert page.evaluate("window.__marker") == 1, "the page reloaded"

    no.click()
    expect(summary).to_have_text("0 out of 1 found this helpful")
    expect(no).to_have_attribute("aria-pressed", "true")
    expect(yes).to_have_attribute("aria-pressed", "false")
    expect(reasons).to_be_visible()
    reasons.get_by_label("It is inaccurate or outdated").check()
    feedback.get_by_label("Tell us more").fill("The fees table is from last year.")
    feedback.get_by_role("button", name="Send").click()
    expect(status).to_have_text("Thank you. Our team reads every answer.")
    expect(feedback.locator("[data-reason-form]")).to_be_hidden()
    assert page.evaluate("window.__marker") == 1, "the page reloaded"

    vote = Vote.objects.get(article=article, user=publisher)
    assert vote.helpful is False
    assert vote.reason == Vote.Reason.INACCURATE
    assert vote.details == "The fees table is from last year."
    article.refresh_from_db()
    assert (article.vote_count, article.helpful_count) == (1, 0)

    feedback.get_by_role("button", name="Withdraw my vote").click()
    expect(summary).to_have_text("No votes yet")
    expect(status).to_have_text("Your vote is withdrawn.")
    expect(yes).to_have_attribute("aria-pressed", "false")
    expect(no).to_have_attribute("aria-pressed", "false")
    expect(feedback.get_by_role("button", name="Withdraw my vote")).to_be_hidden()
    expect(reasons).to_be_hidden()
    assert page.evaluate("window.__marker") == 1, "the page reloaded"
    assert not Vote.objects.filter(article=article).exists()
    article.refresh_from_db()
    assert (article.vote_count, article.helpful_count) == (0, 0)


def test_visitor_who_votes_is_asked_to_sign_in_and_comes_back(page):
    make_user(email="pat@example.com")
    article = make_article(title="How do payouts work?")

    page.goto(article.get_absolute_url())
    expect(page.locator("#feedback")).to_contain_text("Sign in to vote.")
    page.locator("#feedback").get_by_role("button", name="Yes", exact=True).click()

    expect(page).to_have_url(re.compile("/accounts/login/"))
    url = urlparse(page.url)
    assert url.path == "/en/accounts/login/"
    (next_url,) = parse_qs(url.query)["next"]
    assert urlparse(next_url).path == article.get_absolute_url()

    sign_in(page, "pat@example.com", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("How do payouts work?")
    assert urlparse(page.url).path == article.get_absolute_url()
    # Signed in now: the vote buttons post instead of asking to sign in.
    expect(page.locator("#feedback")).not_to_contain_text("Sign in to vote.")
    expect(page.locator("#feedback").locator("[data-vote-form]")).to_be_visible()


def test_comment_is_held_approved_and_edited_by_author_and_manager(new_page):
    make_user(email="pat@example.com", name="Pat Publisher")
    make_manager(email="morgan@example.com", name="Morgan Reed", title="Community Lead")
    article = make_article(title="How do payouts work?")
    url = article.get_absolute_url()
    text = "Payouts reached me two days late this month."

    publisher = new_page()
    sign_in_to(publisher, url, "pat@example.com")
    publisher.get_by_label("Your comment").fill(text)
    publisher.get_by_role("button", name="Post comment").click()
    expect(publisher.get_by_text("will appear once a moderator")).to_be_visible()
    mine = publisher.get_by_role("article", name="Comment by Pat Publisher")
    expect(mine.locator(".comment-body")).to_have_text(text)
    expect(mine).to_contain_text("Awaiting moderation")

    visitor = new_page()
    visitor.goto(url)
    expect(visitor.get_by_role("heading", name="0 comments")).to_be_visible()
    expect(visitor.get_by_text(text)).to_have_count(0)

    manager = new_page()
    sign_in_to(manager, "/moderation/", "morgan@example.com")
    item = manager.locator(".moderation-item", has_text=text)
    expect(item).to_have_count(1)
    expect(item.get_by_role("link", name="How do payouts work?")).to_have_attribute(
        "href", url
    )
    expect(item).to_contain_text("Pat Publisher")
    expect(item).to_contain_text("History: 0 published, 1 pending, 0 rejected, 0 spam")
    item.get_by_role("button", name="Approve", exact=True).click()
    expect(manager.get_by_text("1 comment approved.")).to_be_visible()
    expect(manager.locator(".moderation-item", has_text=text)).to_have_count(0)
    assert Comment.objects.get().status == Comment.Status.PUBLISHED

    visitor.reload()
    shown = visitor.get_by_role("article", name="Comment by Pat Publisher")
    expect(shown.locator(".comment-body")).to_have_text(text)
    expect(shown).not_to_contain_text("Awaiting moderation")
    expect(visitor.get_by_role("heading", name="1 comment")).to_be_visible()

    publisher.reload()
    mine.get_by_role("link", name="Edit").click()
    expect(publisher.get_by_role("heading", name="Edit comment")).to_be_visible()
    publisher.get_by_label("Your comment").fill("Payouts reached me a day late.")
    publisher.get_by_role("button", name="Save changes").click()
    expect(publisher.get_by_text("Your changes are saved.")).to_be_visible()
    expect(mine.locator(".comment-body")).to_have_text("Payouts reached me a day late.")
    expect(mine.locator(".comment-edited")).to_have_text("Edited")

    manager.goto(url)
    theirs = manager.get_by_role("article", name="Comment by Pat Publisher")
    theirs.get_by_role("link", name="Edit").click()
    expect(manager.get_by_role("heading", name="Edit comment")).to_be_visible()
    manager.get_by_label("Your comment").fill("Payouts reached me a day late (fixed).")
    manager.get_by_role("button", name="Save changes").click()
    expect(theirs.locator(".comment-body")).to_have_text(
        "Payouts reached me a day late (fixed)."
    )
    expect(theirs.locator(".comment-edited")).to_have_text(
        "Edited by Morgan Reed - Community Lead"
    )

    visitor.reload()
    expect(shown.locator(".comment-body")).to_have_text(
        "Payouts reached me a day late (fixed)."
    )
    expect(shown.locator(".comment-edited")).to_have_text(
        "Edited by Morgan Reed - Community Lead"
    )


HOSTILE = (
    '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> '
    '[click](javascript:window.__xss=3) <svg onload="window.__xss=4">'
)

FIND_DANGER = """() => {
    const found = [];
    for (const body of document.querySelectorAll(".comment-body")) {
        for (const el of [body, ...body.querySelectorAll("*")]) {
            const tag = el.tagName.toLowerCase();
            if (tag === "script") found.push("<script>");
            for (const attr of el.attributes) {
                const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "");
                if (attr.name.toLowerCase().startsWith("on")) {
                    found.push(`${tag} ${attr.name}=${attr.value}`);
                } else if (/^javascript:/i.test(value)) {
                    found.push(`${tag} ${attr.name}=${attr.value}`);
                }
            }
        }
    }
    return found;
}"""


def test_hostile_comment_is_published_harmless(page, settings):
    settings.COMMENTS_PREMODERATION = False
    make_user(email="pat@example.com", name="Pat Publisher")
    article = make_article(title="How do payouts work?")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    sign_in_to(page, article.get_absolute_url(), "pat@example.com")
    page.get_by_label("Your comment").fill(HOSTILE)
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is published.")).to_be_visible()
    comment = page.get_by_role("article", name="Comment by Pat Publisher")
    expect(comment).to_be_visible()
    expect(comment).not_to_contain_text("Awaiting moderation")
    assert Comment.objects.get().status == Comment.Status.PUBLISHED

    # Give any injected handler (an image's error, an SVG's load) its chance.
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    link = comment.locator("a", has_text="click")
    if link.count():
        link.first.click()
        page.wait_for_timeout(300)

    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert page.evaluate(FIND_DANGER) == []
    # Nothing the visitor sees runs either.
    page.goto(article.get_absolute_url())
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.evaluate(FIND_DANGER) == []
