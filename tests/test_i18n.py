"""The portal in English, French, German and Brazilian Portuguese."""

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext, override

from articles import notifications
from articles.models import Follow
from support.routing import region_for
from tests.factories import (
    make_article,
    make_comment,
    make_manager,
    make_section,
    make_translation,
    make_user,
)

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["en", "fr", "de", "pt-br"]
CATALOGS = ["fr", "de", "pt_BR"]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogs as `makemessages` leaves them after reading the code now.

    It runs on a copy of the project, so a string added to a template or to
    Python code since the catalogs were last updated shows up here as an
    untranslated entry.
    """
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is needed: run `make test`, which installs it")
    copy = tmp_path_factory.mktemp("project")
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "staticfiles", "media", "*.pyc", "__pycache__", "*.mo"
    )
    for name in ["manage.py", "helpcenter", "articles", "support", "users", "zendesk"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=ignore)
        else:
            shutil.copy(source, copy / name)
    shutil.copytree(ROOT / "templates", copy / "templates")
    shutil.copytree(ROOT / "locale", copy / "locale", ignore=ignore)
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--no-obsolete",
            *(f"--locale={code}" for code in CATALOGS),
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    return {
        code: polib.pofile(str(copy / "locale" / code / "LC_MESSAGES" / "django.po"))
        for code in CATALOGS
    }


@pytest.mark.parametrize("code", CATALOGS)
def test_every_string_is_translated(extracted, code):
    catalog = extracted[code]
    missing = [
        entry.msgid
        for entry in catalog
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]

    assert len(catalog) > 400
    assert missing == [], f"{code}: untranslated or fuzzy: {missing}"


@pytest.mark.parametrize("code", CATALOGS)
def test_placeholders_survive_translation(code):
    catalog = polib.pofile(str(ROOT / "locale" / code / "LC_MESSAGES" / "django.po"))
    for entry in catalog:
        wanted = sorted(polib_placeholders(entry.msgid))
        if entry.msgid_plural:
            for text in entry.msgstr_plural.values():
                assert set(polib_placeholders(text)) <= set(
                    polib_placeholders(entry.msgid_plural) + wanted
                ), entry.msgid
        else:
            assert sorted(polib_placeholders(entry.msgstr)) == wanted, entry.msgid


def polib_placeholders(text):
    import re

    return re.findall(r"%\([a-z_]+\)[sd]|<[a-z/][^>]*>", text)


@pytest.mark.parametrize("code", CATALOGS)
def test_compiled_catalogs_match_the_po_files(code):
    """The .mo files ship in the repository, so `make run` needs no gettext."""
    folder = ROOT / "locale" / code / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    compiled = polib.mofile(str(folder / "django.mo"))

    def pairs(catalog):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
            for entry in catalog
            if entry.msgid and "fuzzy" not in entry.flags
        }

    assert pairs(compiled) == pairs(source)


def test_first_visit_follows_the_browser_then_english(client):
    assert client.get("/")["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")["Location"] == "/de/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="pt-BR")["Location"] == "/pt-br/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ja")["Location"] == "/en/"
    assert client.get("/support/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == (
        "/fr/support/"
    )


def test_signed_in_users_profile_language_comes_first(client):
    client.force_login(make_user(language="fr"))

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")

    assert response["Location"] == "/fr/"


def test_admin_and_health_check_have_no_language_prefix(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/fr/healthz").status_code == 404
    assert client.get("/admin/login/").status_code == 302  # to the sign-in
    assert client.get("/fr/admin/").status_code == 404


def test_the_switcher_keeps_the_page_and_remembers_the_choice(client):
    article = make_article(slug="reset-password")
    make_translation(article, "de", slug="passwort-zuruecksetzen")
    with override("en"):
        english = article.get_absolute_url()

    response = client.post(reverse("set_language"), {"language": "de", "next": english})

    assert response.status_code == 302
    assert response["Location"] == f"/de/articles/{article.pk}-reset-password/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    final = client.get(response["Location"], follow=True)
    assert final.redirect_chain[-1][0] == (
        f"/de/articles/{article.pk}-passwort-zuruecksetzen/"
    )
    # The cookie now picks the language of addresses without one.
    assert client.get("/")["Location"] == "/de/"


def test_the_switcher_saves_a_signed_in_users_choice(client):
    user = make_user(language="en")
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "pt-br", "next": "/en/"})

    user.refresh_from_db()
    assert user.language == "pt-br"


def test_the_switcher_sends_nobody_elsewhere(client):
    response = client.post(
        reverse("set_language"),
        {"language": "fr", "next": "https://evil.example/phish"},
    )

    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_the_switcher_is_on_every_page_and_marks_the_current_language(client):
    html = client.get("/fr/").content.decode()

    # Visitors' pages are cached: links, with no CSRF token.
    assert "csrfmiddlewaretoken" not in html
    link = '<a href="/i18n/setlang/?language={}&amp;next=/fr/" lang="{}"'
    assert link.format("fr", "fr") in html
    assert 'aria-current="true">Français</a>' in html
    for code, name in [("en", "English"), ("de", "Deutsch")]:
        assert link.format(code, code) in html
        assert f'rel="nofollow">{name}</a>' in html

    client.force_login(make_user())
    html = client.get("/fr/").content.decode()

    assert 'action="/i18n/setlang/"' in html
    assert 'value="fr" lang="fr" aria-current="true">Français</button>' in html
    for code, name in [("en", "English"), ("de", "Deutsch")]:
        assert f'value="{code}" lang="{code}">{name}</button>' in html


def test_a_visitors_language_link_sets_the_cookie_and_translates_the_page(client):
    response = client.get(reverse("set_language") + "?language=de&next=/en/support/")

    assert response.status_code == 302
    assert response["Location"] == "/de/support/"
    assert response.cookies["django_language"].value == "de"
    assert client.get("/").headers["Location"] == "/de/"


def test_a_language_link_goes_nowhere_else(client):
    response = client.get(
        reverse("set_language") + "?language=de&next=https://evil.example/"
    )

    assert response["Location"] == "/"


def pages(article, manager_client, client):
    section = article.section
    return {
        "home": (client, lambda: reverse("home")),
        "category": (client, lambda: section.category.get_absolute_url()),
        "section": (client, lambda: section.get_absolute_url()),
        "article": (client, lambda: article.get_absolute_url()),
        "search": (client, lambda: reverse("articles:search") + "?q=payout"),
        "empty search": (client, lambda: reverse("articles:search") + "?q=zzzz"),
        "support": (client, lambda: reverse("support:contact")),
        "support request": (client, lambda: reverse("support:request")),
        "sign in": (client, lambda: reverse("account_login")),
        "sign up": (client, lambda: reverse("account_signup")),
        "password reset": (client, lambda: reverse("account_reset_password")),
        "moderation": (manager_client, lambda: reverse("articles:moderation")),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_each_language(client, language):
    from django.test import Client

    article = make_article(title="Payout dates", section=make_section())
    make_comment(article=article, status="pending")
    manager_client = Client()
    manager_client.force_login(make_manager())
    with override(language):
        search_label = gettext("Search")
        support_label = gettext("Support")
        for name, (browser, url) in pages(article, manager_client, client).items():
            path = url()
            assert path.startswith(f"/{language}/"), name
            response = browser.get(path)
            html = response.content.decode()
            assert response.status_code == 200, name
            assert f'<html lang="{language}">' in html, name
            assert support_label in html, name
            if name != "sign in":
                assert search_label in html or name in {"support request"}, name
    if language != "en":
        assert search_label != "Search" or support_label != "Support"


def test_counts_and_dates_are_localised(client):
    article = make_article(title="Payout dates")
    type(article).objects.filter(pk=article.pk).update(
        helpful_count=1234,
        vote_count=2000,
        content_updated_at=datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC),
    )
    with override("de"):
        german = client.get(article.get_absolute_url()).content.decode()
    with override("fr"):
        french = client.get(article.get_absolute_url()).content.decode()
    with override("pt-br"):
        portuguese = client.get(article.get_absolute_url()).content.decode()

    assert "30. November 2026" in german
    assert "30 novembre 2026" in french
    # Django capitalises the month in pt_BR; the portal's catalog does not.
    assert "30 de novembro de 2026" in portuguese

    assert "1.234 von 2.000 fanden diesen Artikel hilfreich" in german
    assert "1\xa0234 personnes sur 2\xa0000 ont trouvé cet article utile" in french


def test_emails_go_out_in_the_recipients_language(client):
    article = make_article(title="Payout dates")
    make_translation(article, "de", title="Auszahlungstermine", slug="auszahlung")
    for email, language in [("anna@example.com", "de"), ("bob@example.com", "en")]:
        follower = make_user(email=email, language=language)
        Follow.objects.create(article=article, user=follower)
    comment = make_comment(article=article)

    with override("fr"):
        notifications.comment_published(comment)

    german, english = sorted(mail.outbox, key=lambda m: m.to)
    assert german.to == ["anna@example.com"]
    with override("de"):
        subject = gettext('New comment on "%(title)s"') % {
            "title": "Auszahlungstermine"
        }
    assert german.subject == subject
    assert subject.startswith("Neu")
    assert english.subject == 'New comment on "Payout dates"'
    assert "/de/comments/" in german.body
    assert "/de/unfollow/" in german.extra_headers["List-Unsubscribe"]
    assert "/en/comments/" in english.body
    assert "/fr/" not in german.body + english.body


def test_support_routing_follows_the_pages_language(rf):
    from django.contrib.auth.models import AnonymousUser

    def routed(language, accept):
        request = rf.get("/", HTTP_ACCEPT_LANGUAGE=accept)
        request.LANGUAGE_CODE = language
        request.session = {}
        return region_for(AnonymousUser(), request).region.email

    # A German browser reading the French pages is sent to the French team.
    assert routed("fr", "de-DE,de;q=0.9") == "frpubsupport@example.com"
    # The language the browser asked for: Portugal still goes to Europe.
    assert routed("pt-br", "pt-PT") == "eupubsupport@example.com"
    assert routed("de", "de-AT") == "depubsupport@example.com"


def test_a_support_request_sent_in_french_is_confirmed_in_french(client):
    from support.models import SupportRequest
    from tests.support.test_views import valid_data

    with override("fr"):
        form = reverse("support:request")
    response = client.post(form, valid_data(), HTTP_ACCEPT_LANGUAGE="fr")

    request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/support/request/sent/")
    team, confirmation = sorted(
        mail.outbox, key=lambda m: m.to != [request.region.email]
    )
    assert request.language == "fr"
    assert request.region.email == "frpubsupport@example.com"
    assert f"Référence : {request.reference}" in confirmation.body
    assert "Objet : Links stopped tracking" in confirmation.body
    # The team reads English.
    assert f"Reference: {request.reference}" in team.body
