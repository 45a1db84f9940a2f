from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext_lazy, ngettext, override
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from helpcenter import pagecache
from helpcenter.files import send_file
from helpcenter.pagemeta import PageUrls, describe_html, website_data

from . import caching, feedback, notifications, structured_data
from . import comments as comments_rules
from . import search as search_engine
from .forms import CommentForm, VoteForm, VoteReasonForm
from .models import (
    Article,
    ArticleImage,
    ArticleTranslation,
    Category,
    Comment,
    Follow,
    Section,
    Vote,
    is_moderator,
)

User = get_user_model()
RELATED_ARTICLES = 5
# Shown above an article that has no translation into the reader's language.
NOT_TRANSLATED = {
    "en": gettext_lazy("This article is not available in English yet."),
    "fr": gettext_lazy("This article is not available in French yet."),
    "de": gettext_lazy("This article is not available in German yet."),
    "pt-br": gettext_lazy("This article is not available in Brazilian Portuguese yet."),
}
SECTION_PREVIEW_ARTICLES = 6


def _visible_articles(request: HttpRequest):
    return (
        Article.objects.visible_to(request.user)
        .only("pk", "slug", "title", "section_id", "visibility", "promoted")
        .localized()
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    sections = Section.objects.with_article_counts(request.user)
    categories = Category.objects.with_visible_sections(request.user).prefetch_related(
        Prefetch("sections", queryset=sections, to_attr="visible_sections")
    )
    promoted = (
        _visible_articles(request)
        .filter(promoted=True)
        .select_related("section")
        .order_by("-published_at")[:6]
    )
    website = website_data(
        request,
        name=settings.PORTAL_NAME,
        home=reverse("home"),
        search=reverse("articles:search"),
    )
    return render(
        request,
        "articles/home.html",
        {"categories": categories, "promoted": promoted, "website": website},
    )


@require_GET
def category_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    category = get_object_or_404(
        Category.objects.with_visible_sections(request.user), pk=pk
    )
    if slug != category.slug:
        return redirect(category, permanent=True)
    sections = Section.objects.with_article_counts(request.user).filter(
        category=category
    )
    sections = sections.prefetch_related(
        Prefetch("articles", queryset=_visible_articles(request), to_attr="visible")
    )
    return render(
        request,
        "articles/category_detail.html",
        {
            "category": category,
            "sections": sections,
            "preview_size": SECTION_PREVIEW_ARTICLES,
        },
    )


@require_GET
def section_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    section = get_object_or_404(
        Section.objects.with_article_counts(request.user).select_related("category"),
        pk=pk,
    )
    if slug != section.slug:
        return redirect(section, permanent=True)
    articles = _visible_articles(request).filter(section=section)
    page = Paginator(articles, per_page=30).get_page(request.GET.get("page"))
    hidden = Article.objects.needs_sign_in(request.user).filter(section=section)
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page": page, "hidden_count": hidden.count()},
    )


def _get_visible_article(request: HttpRequest, pk: int) -> Article:
    return get_object_or_404(Article.objects.visible_to(request.user), pk=pk)


def _sign_in_first(request: HttpRequest, pk: int, anchor: str) -> HttpResponse:
    """Send a visitor to sign in and back, for an article they could then read.

    The same rule as the article page: anything else is a 404.
    """
    readable = Article.objects.visible_to(request.user) | Article.objects.needs_sign_in(
        request.user
    )
    article = get_object_or_404(readable, pk=pk)
    return redirect_to_login(article.get_absolute_url() + anchor)


def _article_page(
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
        _visible_articles(request)
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


@require_GET
def article_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    visible = (
        Article.objects.visible_to(request.user)
        .select_related("section__category", "author")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=ArticleTranslation.objects.published(),
                to_attr="published_translations",
            )
        )
    )
    try:
        article = visible.get(pk=pk)
    except Article.DoesNotExist:
        if Article.objects.needs_sign_in(request.user).filter(pk=pk).exists():
            return redirect_to_login(request.get_full_path())
        raise Http404 from None
    article.show_in(article.translation_in(get_language()))
    if slug != (article.shown_translation or article).slug:
        return redirect(article, permanent=True)
    return _article_page(request, article)


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


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _rate_limited(request: HttpRequest, group: str) -> bool:
    return is_ratelimited(
        request,
        group=f"articles.{group}",
        key="user_or_ip",
        rate=settings.RATE_LIMITS[group],
        increment=True,
    )


def _too_many(request: HttpRequest, back: str) -> HttpResponse:
    message = _("You are doing that too often. Wait a minute, then try again.")
    if _wants_json(request):
        return JsonResponse({"error": message}, status=429)
    return render(
        request,
        "articles/too_many_requests.html",
        {"message": message, "back": back},
        status=429,
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
        return _sign_in_first(request, pk, "#feedback")
    article = _get_visible_article(request, pk)
    back = article.get_absolute_url() + "#feedback"
    form = VoteForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"error": _("Choose Yes or No.")}, status=400)
        messages.error(request, _("Choose Yes or No."))
        return redirect(back)
    if _rate_limited(request, "vote"):
        return _too_many(request, back)
    current = feedback.cast_vote(article, request.user, form.choice)
    if current is None:
        message = _("Your vote is withdrawn.")
    elif current.helpful:
        message = _("Thank you for your feedback.")
    else:
        message = _("Thank you. Tell us what went wrong, so we can fix it.")
    if _wants_json(request):
        return JsonResponse({**_vote_state(article, current), "message": message})
    messages.success(request, message)
    return redirect(back)


@require_POST
@login_required
def vote_reason(request: HttpRequest, pk: int) -> HttpResponse:
    article = _get_visible_article(request, pk)
    back = article.get_absolute_url() + "#feedback"
    current = Vote.objects.filter(article=article, user=request.user).first()
    if current is None or current.helpful:
        message = _("Vote No first, then tell us what went wrong.")
        if _wants_json(request):
            return JsonResponse({"error": message}, status=400)
        messages.error(request, message)
        return redirect(back)
    form = VoteReasonForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return _article_page(request, article, reason_form=form, status=400)
    feedback.explain_vote(
        current, form.cleaned_data["reason"], form.cleaned_data["details"]
    )
    message = _("Thank you. Our team reads every answer.")
    if _wants_json(request):
        return JsonResponse({"message": message})
    messages.success(request, message)
    return redirect(back)


@require_POST
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return _sign_in_first(request, pk, "#comment-form")
    article = _get_visible_article(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _article_page(request, article, comment_form=form, status=400)
    if _rate_limited(request, "comment"):
        form.add_error(
            None,
            _(
                "You have posted several comments in a short time. Wait a "
                "minute, then post this one."
            ),
        )
        return _article_page(request, article, comment_form=form, status=429)
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
    article = _get_visible_article(request, pk)
    back = article.get_absolute_url() + "#follow"
    if _rate_limited(request, "follow"):
        return _too_many(request, back)
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


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _searcher(request: HttpRequest) -> str:
    """Who searches, so that their repeated search is counted once: the
    signed-in user (from the session: a cached page does not load the user),
    else the address (allauth's, which knows the trusted proxies) and
    browser; "" (count every time) when the address is unknown."""
    if user_id := request.session.get(SESSION_KEY):
        return f"user:{user_id}"
    try:
        address = get_account_adapter(request).get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied):
        return ""
    return f"address:{address}|{request.headers.get('User-Agent', '')}"


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    category = _int_param(request, "category")
    section = _int_param(request, "section")
    results = search_engine.search(
        request.GET.get("q", ""),
        request.user,
        category=category,
        section=section,
        page=_int_param(request, "page") or 1,
        searcher=_searcher(request),
        # "Search instead for ...": the words as typed, never corrected.
        exact=request.GET.get("exact") == "1",
    )
    popular = []
    if results.query and not results.total:
        popular = search_engine.popular_articles(request.user)
    response = render(
        request,
        "articles/search.html",
        {
            "query": results.query,
            "results": results,
            "popular": popular,
            "category": category,
            "section": section,
        },
    )
    # The page may be cached whole (helpcenter.pagecache): each time it is
    # served from there, the search is counted as if it had run.
    response.replay_data = {"query": results.query, "total": results.total}
    return response


@pagecache.on_replay("articles:search")
def _count_cached_search(request: HttpRequest, data: dict) -> None:
    if search_engine.words_of(data["query"]):  # as search() counts
        searcher = _searcher(request)
        search_engine.record_search(data["query"], data["total"], searcher=searcher)


@require_GET
def search_suggest(request: HttpRequest) -> JsonResponse:
    suggestions = search_engine.suggest(request.GET.get("q", ""), request.user)
    response = JsonResponse({"suggestions": suggestions})
    patch_cache_control(response, private=True, max_age=60)
    return response


@require_GET
def article_image(request: HttpRequest, name: str) -> HttpResponse:
    """Serve an uploaded image to those who may read its article.

    Images are never served from a public folder: one in a gated article is
    as gated as the article. Editors also see the images of drafts.
    """
    image = get_object_or_404(ArticleImage, image=f"articles/{name}")
    public = image.article_id is None or (
        Article.objects.visible_to(AnonymousUser()).filter(pk=image.article_id).exists()
    )
    allowed = (
        public
        or request.user.has_perm("articles.view_article")
        or Article.objects.visible_to(request.user).filter(pk=image.article_id).exists()
    )
    if not allowed:
        raise Http404
    response = send_file(image.image)
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, max_age=3600)
    return response


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
