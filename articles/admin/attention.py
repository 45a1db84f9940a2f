"""The Needs attention page: what staff should look at next."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import feedback
from ..models import Article, ArticleTranslation, BrokenLink

SHOWN = 50
# Helpfulness: a Wilson lower bound under this, with at least this many
# votes, is poor (one bad vote alone is not).
POOR_SCORE = 0.5
POOR_MIN_VOTES = 5


def attention_lists() -> dict:
    """Each list the page shows, at most SHOWN rows long."""
    cutoff = timezone.now() - timedelta(days=settings.ARTICLE_REVIEW_DAYS)
    articles = Article.objects.select_related("section")
    return {
        "flagged": articles.filter(needs_update=True).order_by("content_updated_at"),
        "unreviewed": articles.published()
        .filter(content_updated_at__lt=cutoff)
        .filter(Q(reviewed_at__isnull=True) | Q(reviewed_at__lt=cutoff))
        .order_by("content_updated_at"),
        "outdated": ArticleTranslation.objects.outdated()
        .select_related("article")
        .order_by("language", "article__title"),
        "unhelpful": feedback.with_wilson_score(
            articles.filter(vote_count__gte=POOR_MIN_VOTES)
        )
        .filter(wilson__lt=POOR_SCORE)
        .order_by("wilson"),
        "broken": BrokenLink.objects.select_related("article").order_by(
            "article__title", "language"
        ),
    }


def attention_view(model_admin, request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    lists = {
        name: {"rows": list(rows[:SHOWN]), "count": rows.count()}
        for name, rows in attention_lists().items()
    }
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Needs attention"),
        "opts": Article._meta,
        "lists": lists,
        "review_days": settings.ARTICLE_REVIEW_DAYS,
        "poor_score": POOR_SCORE,
        "poor_min_votes": POOR_MIN_VOTES,
    }
    return render(request, "admin/articles/attention.html", context)
