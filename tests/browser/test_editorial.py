"""The editorial workflow in a browser: the editor's live preview, image
button and link picker; submitting for review; a manager publishing it;
the history with its diff, and restoring a revision."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.articles.test_admin import png_bytes
from tests.browser.conftest import sign_in_to
from tests.factories import make_article, make_manager, make_staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_edit_with_the_editor_and_a_manager_publishes_it(new_page, tmp_path):
    make_staff(email="sam@example.com", name="Sam Staff")
    make_manager(email="max@example.com", name="Max Manager")
    article = make_article(title="Payouts", body="## When\n\nPaid monthly.")
    target = make_article(title="Where is my SID?", section=article.section)
    screenshot = tmp_path / "payouts.png"
    screenshot.write_bytes(png_bytes(size=(90, 40)))
    change = f"/admin/articles/article/{article.pk}/change/"

    staff = new_page()
    sign_in_to(staff, change, "sam@example.com")
    body = staff.locator("#id_body")
    preview = staff.locator(".md-preview")
    expect(preview.locator("h2")).to_have_text("When")  # shown as the page opens
    body.fill("## When\n\nPaid **weekly**, on Fridays.")
    expect(preview.locator("strong")).to_have_text("weekly")

    staff.get_by_role("button", name="Insert image").first.click()
    staff.get_by_label("Image file (PNG, JPEG, GIF or WebP)").set_input_files(
        str(screenshot)
    )
    staff.get_by_label("Describe the image for people who cannot see it").fill(
        "The payouts table"
    )
    staff.get_by_role("button", name="Upload and insert").click()
    expect(body).to_have_value(re.compile(r"!\[The payouts table\]\(/media/articles/"))
    expect(preview.locator("img")).to_have_attribute("alt", "The payouts table")

    staff.get_by_role("button", name="Insert link to article").click()
    staff.get_by_label("Search articles by title").fill("SID")
    staff.get_by_role("button", name=re.compile("Where is my SID")).click()
    expect(body).to_have_value(
        re.compile(re.escape(f"[Where is my SID?](/articles/{target.pk}/)"))
    )
    expect(preview.get_by_role("link", name="Where is my SID?")).to_be_visible()

    staff.get_by_label("Note about this change").fill("We pay weekly now.")
    expect(staff.locator("#id_status")).to_have_count(0)  # no publishing here
    staff.get_by_role("button", name="Submit for review").click()
    expect(staff.get_by_text("Your change awaits review")).to_be_visible()
    staff.goto(article.get_absolute_url())
    expect(staff.locator(".article-body")).to_contain_text("Paid monthly.")

    manager = new_page()
    sign_in_to(manager, "/admin/articles/article/", "max@example.com")
    manager.get_by_role("link", name="Review queue").click()
    manager.get_by_role("link", name="Payouts").click()
    expect(manager.locator(".diff-body del")).to_contain_text("monthly")
    expect(manager.locator(".diff-body ins").first).to_contain_text("weekly")
    expect(manager.get_by_text("We pay weekly now.")).to_be_visible()
    manager.get_by_role("button", name="Publish this change").click()
    expect(manager.get_by_text("The change is published.")).to_be_visible()

    manager.goto(article.get_absolute_url())
    expect(manager.locator(".article-body strong")).to_have_text("weekly")
    manager.locator(".article-body").get_by_role(
        "link", name="Where is my SID?"
    ).click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Where is my SID?")


def test_a_manager_sees_the_history_and_restores_a_revision(page):
    make_manager(email="max@example.com")
    article = make_article(title="Payouts", body="Paid monthly.")
    article.body = "Paid weekly."
    article.save()

    sign_in_to(page, f"/admin/articles/article/{article.pk}/change/", "max@example.com")
    page.locator("#content-main").get_by_role("link", name="Revisions").click()
    expect(page.locator(".diff-body del")).to_have_text("monthly")
    expect(page.locator(".diff-body ins")).to_have_text("weekly")
    page.get_by_role("button", name="Restore this revision").click()
    expect(page.get_by_text("The revision is restored")).to_be_visible()
    assert Article.objects.get(pk=article.pk).body == "Paid monthly."
    expect(page.locator(".revision-list tbody tr")).to_have_count(3)


def test_without_javascript_the_body_is_a_plain_textarea_that_saves(new_page):
    make_manager(email="max@example.com")
    article = make_article(title="Payouts", body="Paid monthly.")
    page = new_page(java_script_enabled=False)

    sign_in_to(page, f"/admin/articles/article/{article.pk}/change/", "max@example.com")
    expect(page.locator(".md-toolbar")).to_have_count(0)
    page.locator("#id_body").fill("Paid weekly.")
    page.get_by_role("button", name="Save", exact=True).first.click()

    assert Article.objects.get(pk=article.pk).body == "Paid weekly."
