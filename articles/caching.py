"""Fragments of article pages, cached under the content version.

The comment thread of a page is the same for every reader but for two
things, which are put in per person: the Edit and Delete links (on one's own
comments; a manager's on all), and one's own comments that await moderation
(with those, the thread is rendered for that person alone, uncached).
"""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helpcenter import pagecache

from .models import Article, Comment

# Where a comment's links go: inside its footer, or with a footer of their own.
MARKER = re.compile(r"<!--actions(-footer)?:(\d+)-->")
ACTIONS = (
    '<p class="comment-actions">'
    '<a href="{}">{}<span class="visually-hidden"> {}</span></a> '
    '<a href="{}">{}<span class="visually-hidden"> {}</span></a></p>'
)


def comment_thread(request: HttpRequest, article: Article) -> dict:
    """`thread_html` (one page of comments) and `comment_count` for the page."""
    user = request.user
    page_number = request.GET.get("page")
    if user.is_authenticated and (
        Comment.objects.filter(
            article=article, author=user, status=Comment.Status.PENDING
        ).exists()
    ):
        thread = _render(Comment.objects.shown_to(user), article, page_number)
    else:
        number = pagecache.version(request)
        key = pagecache.fragment_key(
            "thread", number, get_language(), article.pk, page_number
        )
        thread = pagecache.cache.get(key)
        if thread is None:
            # Published comments only, whoever asks first: the same as what
            # this reader may see, even if they post one meanwhile.
            thread = _render(Comment.objects.published(), article, page_number)
            pagecache.cache.set(key, thread, pagecache.timeout(number))
    return {**thread, "thread_html": _with_actions(thread, user)}


def _render(comments, article: Article, page_number) -> dict:
    """The page of these comments on the article, and who wrote each."""
    comments = comments.filter(article=article).select_related("author", "edited_by")
    page = Paginator(comments, per_page=settings.COMMENTS_PER_PAGE).get_page(
        page_number
    )
    html = render_to_string("articles/_comment_list.html", {"comments": page})
    return {
        "thread_html": html,
        "comment_count": page.paginator.count,
        "authors": {c.pk: (c.author_id, c.author.display_name) for c in page},
    }


def _with_actions(thread: dict, user) -> str:
    """The thread with Edit and Delete links where `user` may use them."""
    html = thread["thread_html"]
    edit, delete = _("Edit"), _("Delete")
    for pk, (author, name) in thread["authors"].items():
        # The one rule for who changes a comment, on what the thread kept.
        if not Comment(pk=pk, author_id=author).can_be_changed_by(user):
            continue
        label = _("comment by %(name)s") % {"name": name}
        actions = format_html(
            ACTIONS,
            reverse("articles:comment-edit", args=[pk]),
            edit,
            label,
            reverse("articles:comment-delete", args=[pk]),
            delete,
            label,
        )
        html = html.replace(f"<!--actions:{pk}-->", actions, 1).replace(
            f"<!--actions-footer:{pk}-->",
            f'<footer class="comment-footer">{actions}</footer>',
            1,
        )
    return MARKER.sub("", html)
