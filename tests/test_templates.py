"""The templates themselves: mistakes that would show as text on a page."""

from pathlib import Path

import pytest

from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_template_comments_close_on_their_own_line():
    # Django's {# #} comments are one line only: an unclosed one is printed.
    unclosed = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if line.count("{#") > line.count("#}")
    ]

    assert unclosed == [], "use {% comment %} for comments of several lines"


def test_the_comment_thread_shows_no_template_syntax(client):
    article = make_article()
    make_comment(article=article, status="published")

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'class="comment-list"' in html
    assert "{#" not in html and "#}" not in html
