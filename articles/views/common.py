"""What the article views share: the visible articles, the sign-in detour,
rate limits and the article page itself (which votes and comments re-render
with their errors)."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from helpcenter.pagemeta import PageUrls, describe_html

from .. import caching, feedback, structured_data
from ..forms import CommentForm, VoteReasonForm
from ..models import Article, Follow, Vote

RELATED_ARTICLES = 5
# Shown above an article that has no translation into the reader's language.
NOT_TRANSLATED = {
    "en": gettext_lazy("This article is not available in English yet."),
    "fr": gettext_lazy("This article is not available in French yet."),
    "de": gettext_lazy("This article is not available in German yet."),
    "pt-br": gettext_lazy("This article is not available in Brazilian Portuguese yet."),
}


def visible_articles(request: HttpRequest):
    return (
        Article.objects.visible_to(request.user)
        .only("pk", "slug", "title", "section_id", "visibility", "promoted")
        .localized()
    )


def get_visible_article(request: HttpRequest, pk: int) -> Article:
    return get_object_or_404(Article.objects.visible_to(request.user), pk=pk)


def sign_in_first(request: HttpRequest, pk: int, anchor: str) -> HttpResponse:
    """Send a visitor to sign in and back, for an article they could then read.

    The same rule as the article page: anything else is a 404.
    """
    readable = Article.objects.visible_to(request.user) | Article.objects.needs_sign_in(
        request.user
    )
    article = get_object_or_404(readable, pk=pk)
    return redirect_to_login(article.get_absolute_url() + anchor)


def article_page(
    request: HttpRequest,
    article: Article,
    *,
    comment_form: CommentForm | None = None,
    reason_form: VoteReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The article with its feedback and comment area.

    A constant number of queries, however many comments and votes it has.
    """
    user = request.user
    article.show_in(article.translation_in(get_language()))
    related = (
        visible_articles(request)
        .filter(section=article.section_id)
        .exclude(pk=article.pk)[:RELATED_ARTICLES]
    )
    vote = following = None
    if user.is_authenticated:
        vote = Vote.objects.filter(article=article, user=user).first()
        following = Follow.objects.filter(article=article, user=user).exists()
    if reason_form is None and vote is not None and not vote.helpful:
        reason_form = VoteReasonForm(
            initial={"reason": vote.reason, "details": vote.details}
        )
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "related": related,
            **caching.comment_thread(request, article),
            "comment_form": comment_form or CommentForm(),
            "vote": vote,
            "reason_form": reason_form or VoteReasonForm(),
            "helpfulness": feedback.helpfulness(article),
            "following": following,
            **_page_meta(request, article),
            "not_translated": (
                NOT_TRANSLATED.get(get_language())
                if get_language() != article.language and not article.shown_translation
                else None
            ),
        },
        status=status,
    )


def _page_meta(request: HttpRequest, article: Article) -> dict:
    """Its addresses, description and structured data, for search engines
    and link previews. An article shown untranslated has the original as its
    canonical address: the page in the reader's language is not a version."""
    versions = _versions(request, article)
    here = [v["url"] for v in versions if v["language"] == get_language()]
    urls = PageUrls(
        canonical=here[0] if here else versions[0]["url"],
        alternates=[(v["language"], v["url"]) for v in versions],
        x_default=versions[0]["url"],
    )
    description = describe_html(article.local_body_html)
    return {
        "page_urls": urls,
        "description": description,
        "structured_data": structured_data.for_article(
            request, article, url=urls.canonical, description=description
        ),
    }


def _versions(request: HttpRequest, article: Article) -> list[dict]:
    """The article's address in each language it is published in (hreflang)."""
    versions = [{"language": article.language, "slug": article.slug}]
    versions += [
        {"language": translation.language, "slug": translation.slug}
        for translation in article.published_translations
        if translation.language != article.language
    ]
    for version in versions:
        with override(version["language"]):
            version["url"] = request.build_absolute_uri(
                reverse(
                    "articles:detail",
                    kwargs={"pk": article.pk, "slug": version["slug"]},
                )
            )
    return versions


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def rate_limited(request: HttpRequest, group: str) -> bool:
    return is_ratelimited(
        request,
        group=f"articles.{group}",
        key="user_or_ip",
        rate=settings.RATE_LIMITS[group],
        increment=True,
    )


def too_many(request: HttpRequest, back: str) -> HttpResponse:
    message = _("You are doing that too often. Wait a minute, then try again.")
    if wants_json(request):
        return JsonResponse({"error": message}, status=429)
    return render(
        request,
        "articles/too_many_requests.html",
        {"message": message, "back": back},
        status=429,
    )
