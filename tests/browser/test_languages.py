"""Readers switch language and read articles in their own."""

import re

import pytest
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to
from tests.factories import make_article, make_section, make_translation, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Looked at by people, not asserted.
SCREENSHOT = "/tmp/article-{language}.png"  # noqa: S108


def test_visitor_switches_to_german_and_reads_the_german_article(page):
    section = make_section(name="Payments", name_de="Zahlungen")
    article = make_article(
        section=section,
        title="When do I get paid?",
        slug="when-do-i-get-paid",
        body="## Payment dates\n\nWe pay on the 15th of each month.",
    )
    make_translation(
        article,
        "de",
        title="Wann erhalte ich meine Auszahlung?",
        slug="wann-erhalte-ich-meine-auszahlung",
        body="## Zahlungstermine\n\nWir zahlen am 15. jedes Monats aus.",
    )
    page.goto(article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("When do I get paid?")

    # By keyboard: open the language menu and choose Deutsch (a link for
    # visitors, whose pages are cached; a button for signed-in people).
    menu = page.locator(".language-menu summary")
    menu.focus()
    page.keyboard.press("Enter")
    deutsch = page.get_by_role("link", name="Deutsch")
    expect(deutsch).to_be_visible()
    deutsch.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(
        re.compile(rf"/de/articles/{article.pk}-wann-erhalte-ich-meine-auszahlung/$")
    )
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wann erhalte ich meine Auszahlung?"
    )
    expect(page.get_by_role("heading", name="Zahlungstermine")).to_be_visible()
    breadcrumbs = page.get_by_role("navigation", name=_("de", "Breadcrumb"))
    expect(breadcrumbs).to_contain_text("Zahlungen")
    expect(page.get_by_text(_("de", "Was this article helpful?"))).to_be_visible()
    expect(page.locator(".notice")).to_have_count(0)

    # The choice is remembered: the home page now opens in German.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/de/$"))


def test_untranslated_article_says_so_in_the_readers_language(page):
    article = make_article(title="Tax forms", body="Send us the W-8BEN form.")

    page.goto("/fr/")
    page.goto(article.get_absolute_url().replace("/en/", "/fr/"))

    expect(page.locator(".notice")).to_have_text(
        _("fr", "This article is not available in French yet.")
    )
    expect(page.locator(".article-body")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tax forms")


def test_publishers_language_is_kept_on_their_profile(page):
    publisher = make_user(email="pat@example.com", language="en")
    sign_in_to(page, "/en/", "pat@example.com")

    page.locator(".language-menu summary").click()
    page.get_by_role("button", name="Português Brasileiro").click()

    expect(page).to_have_url(re.compile(r"/pt-br/$"))
    publisher.refresh_from_db()
    assert publisher.language == "pt-br"


def _(language, text):
    with override(language):
        return gettext(text)
