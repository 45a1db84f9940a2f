"""Was this article helpful? Yes / No, and what went wrong."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import feedback
from ..forms import VoteForm, VoteReasonForm
from ..models import Article, Vote
from .common import (
    article_page,
    get_visible_article,
    rate_limited,
    sign_in_first,
    too_many,
    wants_json,
)


def _vote_state(article: Article, vote: Vote | None) -> dict:
    return {
        "vote": None if vote is None else ("yes" if vote.helpful else "no"),
        "helpful_count": article.helpful_count,
        "vote_count": article.vote_count,
        "summary": feedback.helpfulness(article),
    }


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return sign_in_first(request, pk, "#feedback")
    article = get_visible_article(request, pk)
    back = article.get_absolute_url() + "#feedback"
    form = VoteForm(request.POST)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"error": _("Choose Yes or No.")}, status=400)
        messages.error(request, _("Choose Yes or No."))
        return redirect(back)
    if rate_limited(request, "vote"):
        return too_many(request, back)
    current = feedback.cast_vote(article, request.user, form.choice)
    if current is None:
        message = _("Your vote is withdrawn.")
    elif current.helpful:
        message = _("Thank you for your feedback.")
    else:
        message = _("Thank you. Tell us what went wrong, so we can fix it.")
    if wants_json(request):
        return JsonResponse({**_vote_state(article, current), "message": message})
    messages.success(request, message)
    return redirect(back)


@require_POST
@login_required
def vote_reason(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_visible_article(request, pk)
    back = article.get_absolute_url() + "#feedback"
    current = Vote.objects.filter(article=article, user=request.user).first()
    if current is None or current.helpful:
        message = _("Vote No first, then tell us what went wrong.")
        if wants_json(request):
            return JsonResponse({"error": message}, status=400)
        messages.error(request, message)
        return redirect(back)
    form = VoteReasonForm(request.POST)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return article_page(request, article, reason_form=form, status=400)
    feedback.explain_vote(
        current, form.cleaned_data["reason"], form.cleaned_data["details"]
    )
    message = _("Thank you. Our team reads every answer.")
    if wants_json(request):
        return JsonResponse({"message": message})
    messages.success(request, message)
    return redirect(back)
