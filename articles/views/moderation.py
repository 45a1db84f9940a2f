"""The managers' moderation queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from .. import comments as comments_rules
from ..models import Comment, is_moderator

MODERATION_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def moderation_queue(request: HttpRequest) -> HttpResponse:
    """Managers approve, reject or mark comments as spam, one or many."""
    if not is_moderator(request.user):
        raise PermissionDenied
    statuses = Comment.Status.values
    shown = request.GET.get("status", Comment.Status.PENDING)
    if shown not in statuses:
        shown = Comment.Status.PENDING
    if request.method == "POST":
        return _moderate(request, shown)
    queryset = (
        Comment.objects.filter(status=shown)
        .select_related("article", "author", "moderated_by")
        .order_by("created_at" if shown == Comment.Status.PENDING else "-moderated_at")
    )
    page = Paginator(queryset, per_page=MODERATION_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    histories = comments_rules.author_histories({c.author_id for c in page})
    for comment in page:
        comment.history = histories[comment.author_id]
    counts = dict(
        Comment.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    tabs = [
        (value, label, counts.get(value, 0)) for value, label in Comment.Status.choices
    ]
    return render(
        request,
        "articles/moderation.html",
        {"page": page, "shown": shown, "tabs": tabs},
    )


def _moderate(request: HttpRequest, shown: str) -> HttpResponse:
    back = f"{reverse('articles:moderation')}?status={shown}"
    one = request.POST.get("one", "")
    if one:
        action, _sep, pk = one.partition(":")
        ids = [pk]
    else:
        action = request.POST.get("action", "")
        ids = request.POST.getlist("comment")
    ids = [int(pk) for pk in ids if pk.isdigit()]
    if action not in comments_rules.Action.STATUS:
        messages.error(request, _("Choose approve, reject or spam."))
        return redirect(back)
    if not ids:
        messages.error(request, _("Select at least one comment first."))
        return redirect(back)
    chosen = Comment.objects.filter(pk__in=ids).select_related("article", "author")
    changed = comments_rules.moderate(chosen, action, request.user, request)
    done = {
        comments_rules.Action.APPROVE: ngettext(
            "%(count)d comment approved.", "%(count)d comments approved.", changed
        ),
        comments_rules.Action.REJECT: ngettext(
            "%(count)d comment rejected.", "%(count)d comments rejected.", changed
        ),
        comments_rules.Action.SPAM: ngettext(
            "%(count)d comment marked as spam.",
            "%(count)d comments marked as spam.",
            changed,
        ),
    }[action]
    messages.success(request, done % {"count": changed})
    return redirect(back)
