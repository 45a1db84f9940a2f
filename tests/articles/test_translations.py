"""Articles in the reader's language: translations, fallback, addresses."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from articles import search
from articles.models import ArticleTranslation
from tests.articles.test_admin import article_form
from tests.factories import (
    make_article,
    make_section,
    make_staff,
    make_translation,
    make_user,
)
from tests.test_markup import HOSTILE, assert_harmless

pytestmark = pytest.mark.django_db


def url_in(language, article, slug=None):
    with override(language):
        return reverse(
            "articles:detail", kwargs={"pk": article.pk, "slug": slug or article.slug}
        )


def test_reader_gets_the_translation_in_their_language(client):
    article = make_article(title="How do I reset my password?", body="Click *Reset*.")
    make_translation(
        article,
        "fr",
        title="Comment réinitialiser mon mot de passe ?",
        slug="reinitialiser-mot-de-passe",
        body="Cliquez sur *Réinitialiser*.",
    )

    response = client.get(url_in("fr", article, "reinitialiser-mot-de-passe"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "Comment réinitialiser mon mot de passe ?" in html
    assert "<em>Réinitialiser</em>" in html
    assert "Click" not in html
    with override("fr"):
        assert gettext("This article is not available in French yet.") not in html


def test_without_a_translation_the_original_comes_with_a_notice(client):
    article = make_article(title="How do I reset my password?", body="Click *Reset*.")

    response = client.get(url_in("de", article))

    html = response.content.decode()
    assert response.status_code == 200
    with override("de"):
        notice = gettext("This article is not available in German yet.")
    assert notice != "This article is not available in German yet."
    assert notice in html
    # The English text is marked as English for screen readers.
    assert re.search(r'<div class="article-body" lang="en">\s*<p>Click', html)
    assert 'id="article-title" lang="en"' in html


def test_a_draft_translation_is_not_shown(client):
    article = make_article(title="Payments")
    make_translation(
        article,
        "fr",
        title="Paiements (brouillon)",
        status=ArticleTranslation.Status.DRAFT,
    )

    response = client.get(url_in("fr", article))

    html = response.content.decode()
    assert response.status_code == 200
    assert "brouillon" not in html
    assert "Payments" in html
    assert 'hreflang="fr"' not in html


def test_readers_get_the_original_once_a_translation_passes_its_unpublish_time(
    client,
):
    article = make_article(title="Payouts", slug="payouts", body="Paid *monthly*.")
    due = timezone.now() + timedelta(seconds=2)
    make_translation(
        article,
        "fr",
        title="Paiements",
        slug="paiements",
        body="Payé chaque *mois*.",
        unpublish_at=due,
    )
    with override("fr"):
        notice = escape(gettext("This article is not available in French yet."))

    before = client.get(url_in("fr", article, "paiements"))

    html = before.content.decode()
    assert before.status_code == 200
    assert "Paiements" in html and "<em>mois</em>" in html
    assert "monthly" not in html and notice not in html
    assert client.get(url_in("fr", article, "payouts"))["Location"] == url_in(
        "fr", article, "paiements"
    )

    time.sleep(max((due - timezone.now()).total_seconds(), 0) + 0.1)

    after = client.get(url_in("fr", article, "paiements"), follow=True)
    html = after.content.decode()
    assert after.redirect_chain == [(url_in("fr", article, "payouts"), 301)]
    assert after.status_code == 200
    assert "Paiements" not in html and "mois" not in html
    assert "<em>monthly</em>" in html
    assert notice in html
    assert 'hreflang="fr"' not in html
    assert not ArticleTranslation.objects.published("fr").exists()


def test_a_translation_never_opens_an_article_the_reader_may_not_see(client):
    gated = make_article(visibility="signed_in")
    staff_only = make_article(visibility="staff")
    draft = make_article(status="draft")
    for article in (gated, staff_only, draft):
        make_translation(article, "fr", slug="traduit")

    assert client.get(url_in("fr", gated, "traduit")).status_code == 302
    assert client.get(url_in("fr", staff_only, "traduit")).status_code == 404
    assert client.get(url_in("fr", draft, "traduit")).status_code == 404
    client.force_login(make_user())
    assert client.get(url_in("fr", gated, "traduit")).status_code == 200
    assert client.get(url_in("fr", staff_only, "traduit")).status_code == 404


def test_each_language_has_its_own_address_and_old_ones_redirect(client):
    article = make_article(slug="reset-password")
    make_translation(article, "fr", slug="reinitialiser")

    to_french = client.get(url_in("fr", article, "reset-password"))
    to_english = client.get(url_in("en", article, "reinitialiser"))

    assert to_french.status_code == 301
    assert to_french["Location"] == url_in("fr", article, "reinitialiser")
    assert to_english.status_code == 301
    assert to_english["Location"] == url_in("en", article, "reset-password")


def test_hreflang_links_every_published_version(client):
    article = make_article(slug="reset-password")
    make_translation(article, "fr", slug="reinitialiser")
    make_translation(article, "de", slug="zuruecksetzen")
    make_translation(
        article, "pt-br", slug="redefinir", status=ArticleTranslation.Status.DRAFT
    )

    html = client.get(url_in("de", article, "zuruecksetzen")).content.decode()

    links = dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
    )
    assert links == {
        "en": "http://testserver" + url_in("en", article, "reset-password"),
        "fr": "http://testserver" + url_in("fr", article, "reinitialiser"),
        "de": "http://testserver" + url_in("de", article, "zuruecksetzen"),
        "x-default": "http://testserver" + url_in("en", article, "reset-password"),
    }
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    assert canonical == "http://testserver" + url_in("de", article, "zuruecksetzen")


def test_lists_show_titles_in_the_readers_language(
    client, django_assert_max_num_queries
):
    section = make_section(name="Payments", name_fr="Paiements")
    for n in range(8):
        article = make_article(section=section, title=f"Payout {n}", slug=f"payout-{n}")
        make_translation(article, "fr", title=f"Versement {n}", slug=f"versement-{n}")
    make_article(section=section, title="Untranslated payout")

    with override("fr"):
        url = section.get_absolute_url()
    with django_assert_max_num_queries(8):
        html = client.get(url).content.decode()

    assert "Paiements" in html
    assert html.count("Versement ") == 8
    assert f'href="{url_in("fr", article, "versement-7")}"' in html
    assert "Untranslated payout" in html


def test_votes_and_comments_belong_to_the_article_in_every_language(client):
    article = make_article()
    make_translation(article, "fr", slug="traduit")
    client.force_login(make_user())

    with override("fr"):
        client.post(reverse("articles:vote", args=[article.pk]), {"helpful": "yes"})
    english = client.get(url_in("en", article)).content.decode()
    french = client.get(url_in("fr", article, "traduit")).content.decode()

    article.refresh_from_db()
    assert (article.helpful_count, article.vote_count) == (1, 1)
    assert "1 out of 1 found this helpful" in english
    assert "1 personne sur 1 a trouvé cet article utile" in french


def test_search_in_french_finds_the_french_translation(client):
    article = make_article(title="How do I reset my password?", body="Use the form.")
    make_translation(
        article,
        "fr",
        title="Comment réinitialiser mon mot de passe ?",
        slug="reinitialiser",
        body="Utilisez le formulaire de réinitialisation.",
    )

    with override("fr"):
        french = search.search("mot de passe", make_user(), record=False)
        suggestions = search.suggest("réinit", make_user())
    with override("en"):
        english = search.search("mot de passe", make_user(), record=False)

    assert french.total == 1
    assert french.hits[0].plain_title == "Comment réinitialiser mon mot de passe ?"
    assert french.hits[0].url == url_in("fr", article, "reinitialiser")
    assert "<mark>" in french.hits[0].snippet + french.hits[0].title
    assert [s["title"] for s in suggestions] == [
        "Comment réinitialiser mon mot de passe ?"
    ]
    assert suggestions[0]["url"] == url_in("fr", article, "reinitialiser")
    # The French text belongs to French readers' search only.
    assert english.total == 0


def test_search_finds_no_translation_of_an_article_the_reader_may_not_see():
    gated = make_article(title="Bank details", visibility="signed_in")
    make_translation(gated, "fr", title="Coordonnées bancaires", body="Votre IBAN.")

    with override("fr"):
        found = search.search("coordonnées bancaires", AnonymousUser(), record=False)
        suggested = search.suggest("coordonnées", AnonymousUser())

    assert found.total == 0
    assert found.hidden_count == 1
    assert suggested == []


def test_staff_add_a_translation_inline_rendered_and_sanitised(client):
    staff = make_staff()
    client.force_login(staff)
    section = make_section()
    hostile = "\n\n".join(HOSTILE[:20])
    data = article_form(
        section,
        **{
            "translations-TOTAL_FORMS": 1,
            "translations-0-language": "fr",
            "translations-0-status": "published",
            "translations-0-title": "Où trouver mon SID ?",
            "translations-0-slug": "ou-trouver-mon-sid",
            "translations-0-body": "## Où\n\nEn haut à droite.\n\n" + hostile,
        },
    )

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    translation = ArticleTranslation.objects.get()
    assert translation.article.title == "How do I find my SID?"
    assert '<h2 id="ou">Où</h2>' in translation.body_html
    assert_harmless(translation.body_html)


def test_a_translation_in_the_articles_own_language_is_refused(client):
    client.force_login(make_staff())
    data = article_form(
        make_section(),
        **{
            "language": "en",
            "translations-TOTAL_FORMS": 1,
            "translations-0-language": "en",
            "translations-0-status": "published",
            "translations-0-title": "Again",
            "translations-0-slug": "again",
            "translations-0-body": "Text",
        },
    )
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data.update(title=article.title, slug=article.slug)

    response = client.post(url, data)

    assert response.status_code == 200
    with override("en"):
        assert "The article itself is written in this language." in (
            response.content.decode()
        )
    assert not ArticleTranslation.objects.exists()


def test_search_forgets_a_deleted_translation():
    article = make_article(title="How do I reset my password?")
    translation = make_translation(article, "de", title="Passwort zurücksetzen")
    reader = make_user()

    with override("de"):
        before = search.search("Passwort", reader, record=False)
        translation.delete()
        after = search.search("Passwort", reader, record=False)
        english = search.search("password", reader, record=False)

    assert before.total == 1
    assert after.total == 0
    assert english.hits[0].plain_title == "How do I reset my password?"
