"""Comments: who may post and change them, what is held, and moderation.

Views and the admin call these functions, so the rules live in one place.
"""

import re
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from helpcenter.markup import render_markdown

from . import notifications
from .models import Article, Comment, Follow

LINK = re.compile(r"https?://|www\.|mailto:", re.IGNORECASE)
HREF = re.compile(r"<a\s", re.IGNORECASE)


class Action:
    APPROVE = "approve"
    REJECT = "reject"
    SPAM = "spam"

    STATUS = {
        APPROVE: Comment.Status.PUBLISHED,
        REJECT: Comment.Status.REJECTED,
        SPAM: Comment.Status.SPAM,
    }


def count_links(comment: Comment) -> int:
    return max(len(LINK.findall(comment.body)), len(HREF.findall(comment.body_html)))


def has_bad_history(user) -> bool:
    return Comment.objects.filter(
        author=user, status__in=[Comment.Status.REJECTED, Comment.Status.SPAM]
    ).exists()


def needs_moderation(comment: Comment, author) -> bool:
    """Staff and managers publish at once; others follow the rules."""
    if author.is_staff:
        return False
    return (
        settings.COMMENTS_PREMODERATION
        or count_links(comment) > settings.COMMENT_MAX_LINKS
        or has_bad_history(author)
    )


def post_comment(article: Article, author, body: str, request=None) -> Comment:
    """Save a new comment, published or held; its author follows the article."""
    with transaction.atomic():
        comment = Comment(article=article, author=author, body=body)
        comment.body_html = render_markdown(body)  # for the link count
        comment.status = (
            Comment.Status.PENDING
            if needs_moderation(comment, author)
            else Comment.Status.PUBLISHED
        )
        comment.save()
        Follow.objects.get_or_create(article=article, user=author)
        if comment.status == Comment.Status.PUBLISHED:
            notifications.comment_published(comment, request)
    return comment


def edit_comment(comment: Comment, editor, body: str) -> Comment:
    """Change the text; a publisher's edit is held again if it adds many links."""
    with transaction.atomic():
        comment.body = body
        comment.edited_at = timezone.now()
        comment.edited_by = editor
        comment.save(update_fields=["body", "edited_at", "edited_by"])
        if (
            comment.status == Comment.Status.PUBLISHED
            and editor.pk == comment.author_id
            and not editor.is_staff
            and count_links(comment) > settings.COMMENT_MAX_LINKS
        ):
            comment.status = Comment.Status.PENDING
            comment.save(update_fields=["status"])
    return comment


def moderate(comments: Iterable[Comment], action: str, moderator, request=None):
    """Approve, reject or mark as spam; record who and when; tell the author.

    Returns the number of comments whose status changed.
    """
    status = Action.STATUS[action]
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        for comment in comments:
            before = comment.status
            if before == status:
                continue
            comment.status = status
            comment.moderated_by = moderator
            comment.moderated_at = now
            comment.save(update_fields=["status", "moderated_by", "moderated_at"])
            changed += 1
            if before == Comment.Status.PENDING and action != Action.SPAM:
                notifications.comment_moderated(comment, request)
            if status == Comment.Status.PUBLISHED:
                notifications.comment_published(comment, request)
    return changed


def author_histories(author_ids) -> dict[int, dict[str, int]]:
    """{author id: {status: count}} for the moderation queue, in one query."""
    histories: dict[int, dict[str, int]] = {pk: {} for pk in author_ids}
    rows = (
        Comment.objects.filter(author__in=author_ids)
        .values_list("author", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for author, status, n in rows:
        histories[author][status] = n
    return histories
