"""A text sent back untouched by the admin is not a change.

Browsers send a textarea's lines ending in CRLF, and forms strip what ends
a text. Stored bodies end their lines in LF (the demo content and imports
also end them with a newline), so without care every save of the article
form would count each body in it as changed: a revision of every
translation, an "Updated" date, follower emails, and translators refused
for languages they did not touch. These tests post the form as a browser
does: what the change page holds, with the textareas' CRLF.
"""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from articles.models import Article, ArticleTranslation, Follow, Revision
from tests.factories import (
    make_article,
    make_manager,
    make_staff,
    make_translation,
    make_user,
    signed_in,
)

pytestmark = pytest.mark.django_db

BODY = "## Chat\n\nChat with us any time.\nWe answer at once.\n"
FRENCH = "## Chat\n\nÉcrivez-nous à toute heure.\nNous répondons.\n"
GERMAN = "## Chat\n\nSchreiben Sie uns.\nWir antworten.\n"


def as_a_browser_sends_it(html: str) -> dict:
    """The change form's fields as a browser submits them, untouched."""
    form = BeautifulSoup(html, "html.parser").find("form", id="article_form")
    data = {}
    for field in form.find_all("input"):
        kind = field.get("type", "text")
        name = field.get("name")
        if not name or kind in {"submit", "button", "file", "image"}:
            continue
        if kind in {"checkbox", "radio"} and not field.has_attr("checked"):
            continue
        default = "on" if kind in {"checkbox", "radio"} else ""
        data[name] = field.get("value", default)
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True) or select.find("option")
        if select.get("name") and chosen is not None:
            data[select["name"]] = chosen.get("value", "")
    for textarea in form.find_all("textarea"):
        text = textarea.string or ""
        data[textarea["name"]] = text.removeprefix("\n").replace("\n", "\r\n")
    return data


def save_untouched(client, article, **changes) -> dict:
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = as_a_browser_sends_it(client.get(url).content.decode())
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return data


@pytest.fixture
def article():
    article = make_article(body=BODY)
    make_translation(article, "fr", body=FRENCH)
    make_translation(article, "de", body=GERMAN)
    # As after a change of the original (saving a translation's own text
    # brings it up to date, so the flag is set afterwards).
    ArticleTranslation.objects.filter(language="fr").update(outdated=True)
    return Article.objects.get(pk=article.pk)


def test_the_form_sends_the_bodies_with_crlf(article):
    client = signed_in(make_manager())
    data = save_untouched(client, article)

    assert "\r\n" in data["body"]
    assert "\r\n" in data["translations-0-body"]


def test_a_publisher_saving_untouched_texts_changes_nothing_readers_see(article):
    follower = make_user(email="follower@example.com")
    Follow.objects.create(article=article, user=follower)
    revisions = Revision.objects.count()
    updated = article.content_updated_at

    save_untouched(signed_in(make_manager()), article)

    article.refresh_from_db()
    assert Revision.objects.count() == revisions
    assert article.content_updated_at == updated
    assert not mail.outbox  # no "updated" email to followers
    # The French translation is still outdated: nobody brought it up to date.
    assert ArticleTranslation.objects.get(article=article, language="fr").outdated


def test_a_staff_change_of_the_article_proposes_only_what_changed(article):
    staff = signed_in(make_staff())
    data = save_untouched(
        staff,
        article,
        body=BODY.replace("any time", "day and night").replace("\n", "\r\n"),
        _submit_review="1",
    )
    assert data["translations-0-body"]

    pending = Revision.objects.filter(state=Revision.State.PENDING)
    assert [(r.article_id, r.translation_id) for r in pending] == [(article.pk, None)]
    assert "day and night" in pending.get().body
    assert Article.objects.get(pk=article.pk).body == BODY.rstrip()


def test_a_translator_saves_their_language_beside_untouched_others(article):
    translator = signed_in(make_staff(edit_languages=["fr"]))
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = as_a_browser_sends_it(translator.get(url).content.decode())
    french = next(
        key.removesuffix("-language")
        for key, value in data.items()
        if key.endswith("-language") and value == "fr"
    )
    data[f"{french}-body"] = FRENCH.replace("toute heure", "tout moment")

    response = translator.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = Revision.objects.get(state=Revision.State.PENDING)
    assert proposal.translation.language == "fr"
    assert "tout moment" in proposal.body


def test_bodies_are_stored_with_lf_and_no_trailing_space():
    article = make_article(body="## A\r\n\r\nB.\r\n\r\n")
    assert article.body == "## A\n\nB."
