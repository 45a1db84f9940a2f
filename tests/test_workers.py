"""Cached pages across workers: a change made in one process shows on the
very next request to every other.

gunicorn serves the portal with several workers, each with its own cached
pages and database connection; the changes are made from this process, as
another worker, the admin or a management command would. On PostgreSQL the
workers learn of them by notification (helpcenter.listening), without
reading the content version for every page.
"""

import pytest
from django.db import connection

from articles.models import Article
from tests.factories import make_article
from tests.served import database_url, fetch, gunicorn

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="workers of their own need a database server",
    ),
    # Serialized like the other transactional tests (tests/test_database_down.py).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
WORKERS = 3


def pages(url, count=4 * WORKERS):
    """The page as many visitors in a row get it, from every worker."""
    return [fetch(url) for _ in range(count)]


@pytest.mark.parametrize("listen", ["1", "0"])
def test_every_worker_shows_a_change_on_the_next_request(listen):
    article = make_article(title="Before the change")
    with gunicorn(
        database_url(), workers=WORKERS, DJANGO_CONTENT_VERSION_LISTEN=listen
    ) as base:
        url = base + article.get_absolute_url()
        assert all(
            page == (200, page[1]) and "Before the change" in page[1]
            for page in pages(url)
        )

        for n in range(1, 6):
            article.title = f"Changed {n} times"
            article.save()
            assert [f"Changed {n} times" in page for _, page in pages(url)] == [
                True
            ] * (4 * WORKERS)

        article.status = Article.Status.DRAFT
        article.save()
        assert {status for status, _ in pages(url)} == {404}
