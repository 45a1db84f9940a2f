"""Every kind of page is valid HTML, in every language: the Nu Html Checker
(vnu.jar, the W3C's validator; scripts/install-test-deps.sh installs it
and a Java runtime) reports no error."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from articles import search as search_engine
from tests.factories import (
    make_article,
    make_comment,
    make_section,
    make_translation,
    make_user,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR", ROOT / "scripts/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
    )
)
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def validate(pages: dict[str, str], folder: Path) -> list[str]:
    """The checker's errors, as "page: line: message"."""
    java = shutil.which("java")
    assert java and VNU_JAR.exists(), (
        "The Nu Html Checker needs Java and vnu.jar: run "
        "scripts/install-test-deps.sh (or set VNU_JAR)."
    )
    files = {}
    for name, html in pages.items():
        path = folder / (name.replace("/", "_") + ".html")
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(  # noqa: S603 - our own arguments
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
        + [str(folder / file) for file in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}: {m.get('lastLine')}: "
        f"{m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] == "error"
    ]


def url_in(language: str, path_of) -> str:
    with override(language):
        return path_of()


@pytest.fixture
def site():
    section = make_section()
    article = make_article(
        section=section,
        title="How do I get paid?",
        body="Paid **monthly**.\n\n## Dates\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    )
    make_translation(article, "fr", title="Comment suis-je payé ?", slug="paye")
    make_article(section=section, title="Payment thresholds")
    publisher = make_user()
    comment = make_comment(article=article, author=publisher)
    return {
        "section": section,
        "article": article,
        "publisher": publisher,
        "comment": comment,
    }


def test_pages_have_no_html_errors_in_any_language(client, site, tmp_path, monkeypatch):
    article, section = site["article"], site["section"]
    paths = {
        "home": lambda: reverse("home"),
        "category": section.category.get_absolute_url,
        "section": section.get_absolute_url,
        "article": article.get_absolute_url,
        "search": lambda: reverse("articles:search") + "?q=paid",
        "search-empty": lambda: reverse("articles:search") + "?q=zzzz",
        "contact": lambda: reverse("support:contact"),
        "request": lambda: reverse("support:request"),
        "login": lambda: reverse("account_login"),
        "signup": lambda: reverse("account_signup"),
        "reset": lambda: reverse("account_reset_password"),
        "not-found": lambda: reverse("home") + "no-such-page/",
    }
    pages = {}
    for language in LANGUAGES:
        for name, path_of in paths.items():
            response = client.get(url_in(language, path_of), follow=True)
            pages[f"{language}/{name}"] = response.content.decode()
    client.force_login(make_user(is_staff=True, groups=["Support staff", "Managers"]))
    for name in ("home", "article", "search"):
        response = client.get(url_in("de", paths[name]), follow=True)
        pages[f"signed-in/{name}"] = response.content.decode()
    pages["signed-in/moderation"] = client.get(
        reverse("articles:moderation")
    ).content.decode()

    # A publisher's own pages: their account, and their comment's forms.
    publisher = Client(raise_request_exception=False)
    publisher.force_login(site["publisher"])
    comment = site["comment"].pk
    own_pages = {
        "email": (200, lambda: reverse("account_email")),
        "mfa": (200, lambda: reverse("mfa_index")),
        "api-tokens": (200, lambda: reverse("zendesk-account:tokens")),
        "comment-edit": (200, lambda: reverse("articles:comment-edit", args=[comment])),
        "comment-delete": (
            200,
            lambda: reverse("articles:comment-delete", args=[comment]),
        ),
        "forbidden": (403, lambda: reverse("articles:moderation")),
        "server-error": (500, lambda: reverse("articles:search") + "?q=paid"),
    }

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(search_engine, "search", crash)
    for name, (status, path_of) in own_pages.items():
        response = publisher.get(url_in("fr", path_of))
        assert response.status_code == status, name
        pages[f"publisher/{name}"] = response.content.decode()

    assert validate(pages, tmp_path) == []


def test_the_checker_finds_errors(tmp_path):
    """The check itself works: the search box as it was is refused."""
    invalid = (
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<input type="search" role="combobox" aria-expanded="false" '
        'aria-label="Search"></body></html>'
    )

    errors = validate({"old-search-box": invalid}, tmp_path)

    assert errors
    assert "combobox" in errors[0]
