from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article, ArticleImage, Category, Section

from .forms import ApiTokenForm
from .models import ApiToken, Kind, ZendeskRecord
from .source import language_of

NEW_SECRET = "zendesk_new_token"  # noqa: S105 - the session key, not a secret
KINDS = {
    "articles": (Kind.ARTICLE, "articles:detail-short"),
    "sections": (Kind.SECTION, "articles:section"),
    "categories": (Kind.CATEGORY, "articles:category"),
}


@require_GET
def old_address(
    request: HttpRequest, kind: str, zendesk_id: int, locale: str | None = None
) -> HttpResponse:
    """/hc/<locale>/articles/<Zendesk id>-<slug>: 301 to the imported page.

    Articles the visitor may read (or read after signing in) go to their
    short address, which redirects to the titled one; sections and
    categories only if the visitor may read an article in them. Anything
    else is not found, as on its own address.
    """
    record_kind, name = KINDS[kind]
    link = get_object_or_404(ZendeskRecord, kind=record_kind, zendesk_id=zendesk_id)
    language = language_of(locale) or "en"
    if kind == "articles":
        # Only an article the visitor may read, or read after signing in:
        # the rest are not found, as on their own address.
        readable = Article.objects.visible_to(
            request.user
        ) | Article.objects.needs_sign_in(request.user)
        get_object_or_404(readable.values("pk"), pk=link.object_id)
        kwargs = {"pk": link.object_id}
    else:
        visible = (
            Section.objects.with_article_counts(request.user)
            if kind == "sections"
            else Category.objects.with_visible_sections(request.user)
        )
        target = get_object_or_404(visible, pk=link.object_id)
        kwargs = {"pk": target.pk, "slug": target.slug}
    with override(language):
        return HttpResponsePermanentRedirect(reverse(name, kwargs=kwargs))


@require_GET
def old_attachment(request: HttpRequest, zendesk_id: int) -> HttpResponse:
    """/hc/article_attachments/<id>/<name>: 301 to the imported image (whose
    own address checks that its article may be read)."""
    link = get_object_or_404(ZendeskRecord, kind=Kind.ATTACHMENT, zendesk_id=zendesk_id)
    image = get_object_or_404(ArticleImage, pk=link.object_id)
    if (
        image.article_id is None
        or not Article.objects.visible_to(request.user)
        .filter(pk=image.article_id)
        .exists()
    ):
        raise Http404
    return HttpResponsePermanentRedirect(image.image.url)


@never_cache  # a new token's secret is on the page
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The account page's API tokens: create one (shown once), revoke one.

    A new token's secret goes through the session to the page the POST
    redirects to, and is dropped from it there: a reload creates nothing
    and shows it no more.
    """
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, secret = ApiToken.objects.create_for(
            user=request.user, name=form.cleaned_data["name"]
        )
        request.session[NEW_SECRET] = secret
        return redirect("zendesk-account:tokens")
    mine = ApiToken.objects.active().filter(user=request.user)
    secret = request.session.pop(NEW_SECRET, None)
    return render(
        request,
        "zendesk/tokens.html",
        {"form": form, "tokens": mine, "secret": secret},
    )


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.active(), pk=pk, user=request.user)
    token.revoke()
    messages.success(
        request, _("The token “%(name)s” is revoked.") % {"name": token.name}
    )
    return redirect("zendesk-account:tokens")
