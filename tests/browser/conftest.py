import os
import re

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make for their data are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The live server serves static files from the finders, by their plain
    # names; hashed names are for whitenoise in production.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def _serialized_contents() -> dict:
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    # Playwright's sync API runs the tests in a greenlet, where Django opens
    # new connection objects. Give them the serialized test data, or
    # serialized_rollback would silently restore nothing (losing, after the
    # first flush, the groups and permissions made by data migrations).
    serialized = _serialized_contents()
    with sync_playwright() as playwright:
        from django.db import connections

        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context, one per person in a test.

    Each context has its own cookies, so several people can be signed in at
    once; options go to the context (locale, JavaScript off...). The test
    fails on JavaScript errors, Content-Security-Policy violations or
    missing static files.
    """
    contexts = []
    errors = []

    def open_page(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        # The Content-Security-Policy allows no inline script or style: a
        # page that needs one breaks in production, so the test fails.
        page.on(
            "console",
            lambda m: "Content Security Policy" in m.text and errors.append(m.text),
        )
        page.on(
            "response",
            lambda r: "/static/" in r.url and r.status >= 400 and errors.append(r.url),
        )
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors or missing static files: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in(page, email, password):
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def sign_in_to(page, url, email, password=PASSWORD):
    """Sign in from the sign-in page and land on `url`."""
    page.goto(f"/en/accounts/login/?next={url}")
    sign_in(page, email, password)
    expect(page).to_have_url(re.compile(re.escape(url) + "(#.*)?$"))
