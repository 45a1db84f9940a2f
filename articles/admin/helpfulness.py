"""The Feedback page: articles ranked by how helpful readers find them."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .. import feedback
from ..models import Article, Vote


def feedback_view(model_admin, request: HttpRequest) -> HttpResponse:
    """Articles ranked by how surely readers find them helpful.

    The Wilson lower bound puts the least helpful first, and does not let
    one lucky vote outrank a long record.
    """
    if not request.user.has_perm("articles.view_vote"):
        raise PermissionDenied
    best_first = request.GET.get("order") == "best"
    ranked = feedback.with_wilson_score(
        Article.objects.filter(vote_count__gt=0).select_related("section")
    ).order_by("-wilson" if best_first else "wilson", "-vote_count", "pk")
    page = Paginator(ranked, per_page=50).get_page(request.GET.get("page"))
    ids = [article.pk for article in page]
    reasons = {pk: [] for pk in ids}
    rows = (
        Vote.objects.filter(article__in=ids, helpful=False)
        .exclude(reason="")
        .values_list("article", "reason")
        .annotate(n=Count("pk"))
        .order_by("article", "-n")
    )
    labels = dict(Vote.Reason.choices)
    for article_id, reason, n in rows:
        reasons[article_id].append((labels.get(reason, reason), n))
    answers = {pk: [] for pk in ids}
    texts = (
        Vote.objects.filter(article__in=ids, helpful=False)
        .exclude(details="")
        .order_by("-updated_at")
        .values_list("article", "reason", "details", "updated_at")
    )
    for article_id, reason, details, when in texts[: 20 * len(ids)]:
        if len(answers[article_id]) < 5:
            answers[article_id].append((labels.get(reason, ""), details, when))
    for article in page:
        article.reasons = reasons[article.pk]
        article.answers = answers[article.pk]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Feedback"),
        "opts": model_admin.model._meta,
        "page": page,
        "best_first": best_first,
    }
    return render(request, "admin/articles/feedback.html", context)
