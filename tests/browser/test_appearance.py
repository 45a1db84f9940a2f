"""Light and dark colour schemes and print: axe finds no violation (WCAG AA
contrast included), and an article prints as a document.

Screenshots go to test-artifacts/ for a person to look at.
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import sign_in_to
from tests.factories import (
    make_article,
    make_comment,
    make_section,
    make_translation,
    make_user,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Axe()
BODY = """Your payment is sent once your balance passes the
[payment threshold](https://example.com/thresholds) of your region.

## When

On the 15th of each month. See [your profile](/en/accounts/email/).

    code sample: 15th

> Payments on a bank holiday go out the next working day.

| Method | Threshold |
|--------|-----------|
| Bank   | 50        |
"""


@pytest.fixture
def article():
    section = make_section(name="Payments")
    article = make_article(
        section=section, title="When am I paid?", body=BODY, promoted=True
    )
    make_translation(article, "fr", title="Quand suis-je payé ?")
    make_article(section=section, title="Payment thresholds", visibility="signed_in")
    make_comment(article=article, author=make_user(name="Pat"))
    return article


def violations(page) -> str:
    results = AXE.run(page)
    return "" if not results.violations_count else results.generate_report()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def background(page, selector: str = "body") -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_pass_axe_in_both_colour_schemes(new_page, article, scheme):
    page = new_page(color_scheme=scheme)
    urls = [
        reverse("home"),
        article.section.category.get_absolute_url(),
        article.section.get_absolute_url(),
        article.get_absolute_url(),
        reverse("articles:search") + "?q=paid",
        reverse("support:contact"),
        reverse("account_login"),
    ]
    found = {}
    for url in urls:
        page.goto(url)
        if report := violations(page):
            found[url] = report
    page.goto(article.get_absolute_url())
    shot(page, f"article-{scheme}")
    dark = background(page) == "rgb(15, 20, 28)"

    assert not found, "\n".join(f"{url}: {report}" for url, report in found.items())
    assert dark == (scheme == "dark")


def test_a_signed_in_article_passes_axe_in_dark_mode(new_page, article):
    page = new_page(color_scheme="dark")
    make_user(email="pat@example.com")
    sign_in_to(page, article.get_absolute_url(), "pat@example.com")
    page.get_by_role("button", name="No", exact=True).click()
    expect(page.get_by_text("What went wrong?")).to_be_visible()
    page.get_by_role("combobox", name="Search help articles").fill("paid")
    expect(page.get_by_role("listbox", name="Suggested articles")).to_be_visible()

    assert violations(page) == ""
    shot(page, "article-dark-signed-in")


def test_an_article_prints_as_a_document(new_page, article):
    page = new_page(color_scheme="dark")  # prints black on white all the same
    make_user(email="pat@example.com")
    sign_in_to(page, article.get_absolute_url(), "pat@example.com")
    page.emulate_media(media="print")

    for hidden in [
        ".site-header",
        ".support-widget",
        "#feedback",
        "#comment-form",
        ".comments",
        ".site-footer",
        ".article-aside",
    ]:
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("When am I paid?")
    expect(page.get_by_role("table")).to_be_visible()
    link_target = page.eval_on_selector(
        ".article-body a[href^='https']",
        "a => getComputedStyle(a, '::after').content",
    )
    assert link_target == '" (https://example.com/thresholds)"'
    assert background(page) == "rgb(255, 255, 255)"
    assert page.eval_on_selector("h1", "e => getComputedStyle(e).color") == (
        "rgb(0, 0, 0)"
    )
    assert violations(page) == ""
    shot(page, "article-print")
    page.pdf(path=ARTIFACTS / "article-print.pdf", format="A4")
