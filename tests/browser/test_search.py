"""Search as visitors use it: suggestions by keyboard and mouse, results."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    make_article,
    make_category,
    make_section,
    make_user,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOT = "/tmp/search-results.png"  # noqa: S108 - looked at by people, not asserted


def make_tracking_articles():
    section = make_section(name="Tracking links")
    create = make_article(section=section, title="How do I create a tracking link?")
    test = make_article(section=section, title="How do I test a tracking link?")
    make_article(
        section=section, title="Tracking for publishers", visibility="signed_in"
    )
    make_article(section=section, title="How do payouts work?")
    return create, test


def search_box(page):
    return page.get_by_role("combobox", name="Search help articles")


def suggestions(page):
    return page.get_by_role("listbox", name="Suggested articles")


def test_visitor_chooses_a_suggestion_with_the_keyboard(page):
    create, _test = make_tracking_articles()

    page.goto("/")
    box = search_box(page)
    expect(box).to_have_count(1)  # the hero box; the header has none on home
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("track")

    listbox = suggestions(page)
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("How do I create a tracking link?")
    expect(options.nth(1)).to_contain_text("How do I test a tracking link?")
    # Gated articles are never suggested to visitors.
    expect(listbox).not_to_contain_text("Tracking for publishers")
    expect(listbox).not_to_contain_text("payouts")
    expect(page.get_by_role("status")).to_have_text(
        "2 suggestions. Use the up and down arrows to choose."
    )
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    expect(options.nth(0)).to_have_attribute("aria-selected", "false")

    page.keyboard.press("ArrowDown")
    first_id = options.nth(0).get_attribute("id")
    assert first_id
    expect(box).to_have_attribute("aria-activedescendant", first_id)
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(options.nth(1)).to_have_attribute("aria-selected", "false")
    expect(box).to_be_focused()

    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How do I create a tracking link?"
    )
    assert urlparse(page.url).path == create.get_absolute_url()


def test_visitor_clicks_a_suggestion_in_the_header_search_box(page):
    _create, test = make_tracking_articles()
    payouts = make_article(title="How are payouts calculated?")

    page.goto(payouts.get_absolute_url())
    box = search_box(page)
    expect(box).to_have_count(1)
    expect(box).to_have_attribute("id", "header-q")
    box.click()
    page.keyboard.type("tracking link")

    listbox = suggestions(page)
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option", name=re.compile("How do I test"))
    expect(option).to_have_count(1)
    option.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How do I test a tracking link?"
    )
    assert urlparse(page.url).path == test.get_absolute_url()


def test_misspelled_search_submitted_from_the_hero_shows_corrected_results(page):
    article = make_article(
        title="How do I reset my password?",
        body="Open **Settings** and choose *Forgot password* to reset it.",
    )
    make_article(title="How do payouts work?")

    page.goto("/")
    box = search_box(page)
    box.press_sequentially("pasword reset")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=pasword\+reset$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    note = page.locator(".did-you-mean")
    expect(note).to_contain_text("Showing results for")
    expect(note.locator("strong")).to_have_text("password reset")
    results = page.locator(".result-list .result")
    expect(results).to_have_count(1)
    link = results.get_by_role("link", name="How do I reset my password?")
    expect(link).to_have_count(1)
    expect(link.locator("mark").first).to_be_visible()
    expect(results).not_to_contain_text("payouts")

    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How do I reset my password?"
    )
    assert urlparse(page.url).path == article.get_absolute_url()


def test_visitor_signs_in_from_results_and_sees_the_gated_result(page):
    make_user(email="pat@example.com")
    payments = make_section(
        name="Payments", category=make_category(name="Getting paid")
    )
    reports = make_section(name="Reports", category=make_category(name="Your account"))
    make_article(section=payments, title="How do payouts work?", promoted=True)
    make_article(section=payments, title="When is my payout sent?")
    make_article(
        section=reports,
        title="Reading the payout report",
        body="The payout report lists every payout of the month.",
    )
    make_article(
        section=payments,
        title="Changing your payout method",
        visibility="signed_in",
    )

    page.goto("/search/?q=payout")
    expect(page.locator(".result-count")).to_have_text("3 results for “payout”")
    expect(page.locator(".result-list .result")).to_have_count(3)
    expect(page.get_by_text("Changing your payout method")).to_have_count(0)
    filters = page.get_by_role("navigation", name="Filter results")
    expect(filters.get_by_role("link", name="Getting paid 2")).to_be_visible()
    expect(filters.get_by_role("link", name="Your account 1")).to_be_visible()
    expect(filters.get_by_role("link", name=re.compile("^Payments"))).to_be_visible()
    expect(filters.get_by_role("link", name=re.compile("^Reports"))).to_be_visible()
    note = page.locator(".gated-note")
    expect(note).to_have_text("1 more result for signed-in publishers: sign in.")
    page.screenshot(path=SCREENSHOT, full_page=True)

    note.get_by_role("link", name="sign in").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))
    (next_url,) = parse_qs(urlparse(page.url).query)["next"]
    assert next_url == "/en/search/?q=payout"
    sign_in(page, "pat@example.com", PASSWORD)

    expect(page.locator(".result-count")).to_have_text("4 results for “payout”")
    url = urlparse(page.url)
    assert url.path == "/en/search/"
    assert parse_qs(url.query) == {"q": ["payout"]}
    gated = page.locator(".result-list").get_by_role(
        "link", name="Changing your payout method"
    )
    expect(gated).to_have_count(1)
    expect(page.locator(".gated-note")).to_have_count(0)


def test_escape_closes_the_suggestions_and_keeps_the_text(page):
    make_tracking_articles()

    page.goto("/")
    box = search_box(page)
    box.press_sequentially("track")
    listbox = suggestions(page)
    expect(listbox).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(".+"))

    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    expect(box).to_have_value("track")
    expect(box).to_be_focused()

    # ArrowDown asks again; the list comes back.
    page.keyboard.press("ArrowDown")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option")).to_have_count(2)
