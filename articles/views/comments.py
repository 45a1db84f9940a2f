"""Comments: post, link, edit and delete; follow and unfollow an article."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import comments as comments_rules
from .. import notifications
from ..forms import CommentForm
from ..models import Article, Comment, Follow
from .common import (
    article_page,
    get_visible_article,
    rate_limited,
    sign_in_first,
    too_many,
)

User = get_user_model()


@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return sign_in_first(request, pk, "#comment-form")
    article = get_visible_article(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return article_page(request, article, comment_form=form, status=400)
    if rate_limited(request, "comment"):
        form.add_error(
            None,
            _(
                "You have posted several comments in a short time. Wait a "
                "minute, then post this one."
            ),
        )
        return article_page(request, article, comment_form=form, status=429)
    comment = comments_rules.post_comment(
        article, request.user, form.cleaned_data["body"], request
    )
    if comment.status == Comment.Status.PENDING:
        messages.success(
            request,
            _(
                "Thank you. Your comment will appear once a moderator has "
                "approved it; we will email you."
            ),
        )
    else:
        messages.success(request, _("Your comment is published."))
    return redirect(_comment_location(comment, request.user))


def _comment_location(comment: Comment, user) -> str:
    """The article page that holds the comment, and its anchor."""
    earlier = (
        Comment.objects.shown_to(user)
        .filter(article=comment.article_id)
        .filter(
            Q(created_at__lt=comment.created_at)
            | Q(created_at=comment.created_at, pk__lt=comment.pk)
        )
        .count()
    )
    page = earlier // settings.COMMENTS_PER_PAGE + 1
    url = comment.article.get_absolute_url()
    if page > 1:
        url += f"?page={page}"
    return f"{url}#comment-{comment.pk}"


@require_GET
def comment_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """A stable link to a comment, whichever page it is on."""
    comment = get_object_or_404(
        Comment.objects.shown_to(request.user).filter(
            article__in=Article.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    return redirect(_comment_location(comment, request.user))


def _changeable_comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("article", "author").filter(
            article__in=Article.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    if not comment.can_be_changed_by(request.user):
        raise PermissionDenied
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _changeable_comment(request, pk)
    if request.method == "POST":
        form = CommentForm(request.POST, instance=comment)
        if form.is_valid():
            comments_rules.edit_comment(
                comment, request.user, form.cleaned_data["body"]
            )
            messages.success(request, _("Your changes are saved."))
            return redirect(_comment_location(comment, request.user))
        status = 400
    else:
        form = CommentForm(instance=comment)
        status = 200
    return render(
        request,
        "articles/comment_form.html",
        {"form": form, "comment": comment, "article": comment.article},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _changeable_comment(request, pk)
    if request.method == "POST":
        article = comment.article
        comment.delete()
        messages.success(request, _("The comment is deleted."))
        return redirect(article.get_absolute_url() + "#comments")
    return render(
        request,
        "articles/comment_confirm_delete.html",
        {"comment": comment, "article": comment.article},
    )


@require_POST
@login_required
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_visible_article(request, pk)
    back = article.get_absolute_url() + "#follow"
    if rate_limited(request, "follow"):
        return too_many(request, back)
    if request.POST.get("follow") == "0":
        Follow.objects.filter(article=article, user=request.user).delete()
        messages.success(request, _("You no longer follow this article."))
    else:
        Follow.objects.get_or_create(article=article, user=request.user)
        messages.success(
            request,
            _(
                "You follow this article: we will email you about new "
                "comments and updates."
            ),
        )
    return redirect(back)


# The link in every follower email. Its signed token is the authority, so
# it works without signing in, and mail clients' one-click unsubscribe
# (RFC 8058) may POST to it without a CSRF token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unfollow(request: HttpRequest, token: str) -> HttpResponse:
    ids = notifications.read_unfollow_token(token)
    if ids is None:
        return render(request, "articles/unfollow.html", {"invalid": True}, status=400)
    user_id, article_id = ids
    Follow.objects.filter(user=user_id, article=article_id).delete()
    # Named only if the follower may still read it: the link never expires,
    # and the article may since have become a draft or staff-only.
    follower = User.objects.filter(pk=user_id, is_active=True).first()
    article = (
        Article.objects.visible_to(follower or AnonymousUser())
        .filter(pk=article_id)
        .only("pk", "slug", "title")
        .first()
    )
    return render(request, "articles/unfollow.html", {"article": article})
