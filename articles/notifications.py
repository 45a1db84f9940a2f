"""Emails about comments and followed articles.

Each is written to the outbox (helpcenter.outbox) in the transaction that
caused it, in the recipient's language; the mail worker sends it, so a mail
server that is down or slow is never felt by the person who acted.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Article, Comment, Follow, Revision, visibilities_for

UNFOLLOW_SALT = "articles.unfollow"


def unfollow_token(follow: Follow) -> str:
    return signing.dumps([follow.user_id, follow.article_id], salt=UNFOLLOW_SALT)


def read_unfollow_token(token: str) -> tuple[int, int] | None:
    try:
        user_id, article_id = signing.loads(token, salt=UNFOLLOW_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return int(user_id), int(article_id)


def _absolute(request, path: str) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.PORTAL_URL.rstrip("/") + path


def _language(user) -> str:
    return user.language or settings.LANGUAGE_CODE


def _message(user, template: str, context: dict, headers=None) -> EmailMessage:
    """The email in the recipient's language, links to pages in it included.

    Callables in `context` (the links) are called in that language.
    """
    with translation.override(_language(user)):
        context = {
            "user": user,
            "PORTAL_NAME": settings.PORTAL_NAME,
            **{
                key: value() if callable(value) else value
                for key, value in context.items()
            },
        }
        subject = render_to_string(f"articles/email/{template}_subject.txt", context)
        body = render_to_string(f"articles/email/{template}.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[user.email],
        headers=headers or {},
    )


def _queue(messages: list[EmailMessage]) -> None:
    if messages:
        get_connection().send_messages(messages)


def _follower_messages(article: Article, exclude_user_id, template, context, request):
    follows = (
        Follow.objects.filter(article=article, user__is_active=True)
        .exclude(user=exclude_user_id)
        .select_related("user")
    )
    messages = []
    for follow in follows:
        if article.visibility not in visibilities_for(follow.user):
            continue
        with translation.override(_language(follow.user)):
            unfollow_url = _absolute(
                request, reverse("articles:unfollow", args=[unfollow_token(follow)])
            )
        headers = {
            "List-Unsubscribe": f"<{unfollow_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        messages.append(
            _message(
                follow.user,
                template,
                {**context, "unfollow_url": unfollow_url},
                headers,
            )
        )
    return messages


def comment_published(comment: Comment, request=None) -> None:
    """Tell the article's followers, except the comment's author."""
    article = comment.article
    context = {
        "article": article,
        "article_title": lambda: article.title_in(translation.get_language()),
        "comment": comment,
        "comment_url": lambda: _absolute(request, comment.get_absolute_url()),
    }
    _queue(
        _follower_messages(
            article, comment.author_id, "comment_published", context, request
        )
    )


def article_updated(article: Article, editor, request=None) -> None:
    """Tell the followers of a published article that staff changed it."""
    if not article.is_published():
        return
    context = {
        "article": article,
        "article_title": lambda: article.title_in(translation.get_language()),
        "article_url": lambda: _absolute(request, article.get_absolute_url()),
    }
    _queue(_follower_messages(article, editor.pk, "article_updated", context, request))


def comment_moderated(comment: Comment, request=None) -> None:
    """Tell the author their pending comment was approved or rejected."""
    context = {
        "article": comment.article,
        "article_title": lambda: comment.article.title_in(translation.get_language()),
        "comment": comment,
        "approved": comment.status == Comment.Status.PUBLISHED,
        "comment_url": lambda: _absolute(request, comment.get_absolute_url()),
        "support_url": lambda: _absolute(request, reverse("support:contact")),
    }
    _queue([_message(comment.author, "comment_moderated", context)])


def review_decided(revision: Revision, request=None) -> None:
    """Tell a change's author that it was published or sent back."""
    author = revision.author
    if author is None or not author.is_active or author.pk == revision.reviewed_by_id:
        return
    context = {
        "revision": revision,
        "published": revision.state == Revision.State.PUBLISHED,
        "revision_url": lambda: _absolute(
            request, reverse("admin:articles_revision_change", args=[revision.pk])
        ),
    }
    _queue([_message(author, "review_decided", context)])
