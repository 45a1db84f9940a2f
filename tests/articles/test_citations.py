"""Links between articles, counted on save, and search ranking an article
that others link to a little higher."""

import html
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser

from articles import search
from articles.models import Article, Citation
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

VISITOR = AnonymousUser()


def link(article, text="see") -> str:
    return f"[{text}]({article.get_absolute_url()})"


def cited(article) -> int:
    return Article.objects.get(pk=article.pk).citations


def test_a_published_article_linking_to_another_counts_once():
    target = make_article(title="Payments")
    other = make_article()
    source = make_article()
    source.body = (
        f"{link(target)}, {link(target, 'again')}, [bare](/articles/{target.pk}/),"
        f" [French](/fr/articles/{other.pk}-x/), {link(source, 'itself')},"
        " [missing](/articles/999999/) and"
        f" [elsewhere](https://example.com/articles/{other.pk}/)"
    )
    source.save()

    assert set(Citation.objects.values_list("source", "target")) == {
        (source.pk, target.pk),
        (source.pk, other.pk),
    }
    assert (cited(target), cited(other), cited(source)) == (1, 1, 0)


def test_links_removed_drafts_and_deletions_are_counted_again():
    target = make_article()
    draft = make_article(body=link(target), status=Article.Status.DRAFT)
    source = make_article(body=link(target))
    assert cited(target) == 1  # the draft's link does not count

    draft.status = Article.Status.PUBLISHED
    draft.published_at = source.published_at
    draft.save()
    assert cited(target) == 2

    source.body = "No link any more."
    source.save()
    assert cited(target) == 1

    draft.delete()
    assert cited(target) == 0
    assert not Citation.objects.exists()


def test_a_stale_copy_saved_does_not_write_back_the_count():
    target = make_article()
    stale = Article.objects.get(pk=target.pk)
    make_article(body=link(target))

    stale.title = "Renamed"
    stale.save()

    assert cited(target) == 1


def test_the_migration_records_the_links_already_there():
    target = make_article()
    source = make_article(body=link(target))
    Citation.objects.all().delete()
    Article.objects.update(citations=0)
    migration = importlib.import_module("articles.migrations.0017_citations")

    editor = SimpleNamespace(connection=SimpleNamespace(alias="default"))
    migration.record_existing(django_apps, editor)

    assert list(Citation.objects.values_list("source", "target")) == [
        (source.pk, target.pk)
    ]
    assert cited(target) == 1


def titles(results) -> list[str]:
    return [html.unescape(hit.plain_title) for hit in results.hits]


@pytest.mark.parametrize("order", ["cited first", "cited last"])
def test_of_two_equal_matches_the_one_linked_to_comes_first(order):
    section = make_section()
    body = "How to change the payout method of your account."
    first, second = (
        make_article(title=title, body=body, section=section)
        for title in (
            ["Method A", "Method B"]
            if order == "cited first"
            else ["Method B", "Method A"]
        )
    )
    method_b = first if first.title == "Method B" else second
    for n in range(3):
        make_article(
            title=f"Guide {n}", body=f"Read {link(method_b)}.", section=section
        )

    found = search.search("payout method", VISITOR, record=False)

    assert titles(found)[:2] == ["Method B", "Method A"]


def test_an_exact_title_still_comes_before_a_much_linked_article():
    section = make_section()
    hub = make_article(
        title="Everything about your account",
        body="Payout thresholds, payout methods and payout dates.",
        section=section,
    )
    for n in range(30):
        make_article(title=f"Note {n}", body=f"Read {link(hub)}.", section=section)
    make_article(title="Payout thresholds", body="The lowest amount paid.")

    found = search.search("payout thresholds", VISITOR, record=False)

    assert titles(found)[0] == "Payout thresholds"
