"""The Zendesk Help Center API, read side (and votes), under /api/v2/help_center/.

Every article comes from `Article.objects.visible_to(request.user)`, as on
every page; categories and sections are those with an article the caller may
read. Ids are ours; `html_url` is our page.
"""

import datetime
import re

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import override
from django_ratelimit.core import is_ratelimited

from articles import feedback
from articles import search as search_engine
from articles.models import Article, ArticleTranslation, Category, Comment, Section

from .api_auth import BadParameter, api_view, error
from .models import Kind, ZendeskRecord
from .pagination import int_param, paginate, url_with
from .serializers import Shapes
from .source import language_of

INCREMENTAL_LIMIT = 100
ARTICLE_PATH = re.compile(r"/articles/(\d+)")


def _shapes(request: HttpRequest) -> Shapes:
    return Shapes(f"{request.scheme}://{request.get_host()}")


def _language(locale: str | None) -> str | None:
    if locale is None:
        return None
    language = language_of(locale)
    if language is None:
        raise BadParameter(f"Unknown locale {locale!r}: use en-us, fr, de or pt-br.")
    return language


def _not_found() -> JsonResponse:
    return error(404, "RecordNotFound", "Not found")


@api_view("GET", "POST")
def unknown(request: HttpRequest) -> JsonResponse:
    return _not_found()


# ---- categories and sections ---------------------------------------------


def _categories(request):
    return Category.objects.with_visible_sections(request.user)


def _sections(request):
    return Section.objects.with_article_counts(request.user)


@api_view("GET")
def categories(request: HttpRequest, locale: str | None = None) -> JsonResponse:
    language, shapes = _language(locale) or "en", _shapes(request)
    return JsonResponse(
        paginate(
            request,
            _categories(request),
            "categories",
            lambda rows: [shapes.category(c, language) for c in rows],
        )
    )


@api_view("GET")
def category(request: HttpRequest, pk: int, locale: str | None = None) -> JsonResponse:
    found = _categories(request).filter(pk=pk).first()
    if found is None:
        return _not_found()
    language = _language(locale) or "en"
    return JsonResponse({"category": _shapes(request).category(found, language)})


@api_view("GET")
def sections(
    request: HttpRequest, locale: str | None = None, category_pk: int | None = None
) -> JsonResponse:
    rows = _sections(request)
    if category_pk is not None:
        if not _categories(request).filter(pk=category_pk).exists():
            return _not_found()
        rows = rows.filter(category_id=category_pk)
    language, shapes = _language(locale) or "en", _shapes(request)
    return JsonResponse(
        paginate(
            request,
            rows,
            "sections",
            lambda rows: _section_list(shapes, rows, language),
        )
    )


def _section_list(shapes: Shapes, rows, language: str) -> list[dict]:
    parents = dict(
        ZendeskRecord.objects.filter(
            kind=Kind.SECTION, object_id__in=[s.pk for s in rows]
        ).values_list("object_id", "extra__parent_section_id")
    )
    return [shapes.section(s, language, parents.get(s.pk)) for s in rows]


@api_view("GET")
def section(request: HttpRequest, pk: int, locale: str | None = None) -> JsonResponse:
    found = _sections(request).filter(pk=pk).first()
    if found is None:
        return _not_found()
    language = _language(locale) or "en"
    shape = _section_list(_shapes(request), [found], language)[0]
    return JsonResponse({"section": shape})


# ---- articles --------------------------------------------------------------


def _articles(request: HttpRequest, language: str | None):
    """Visible articles; in `language`, those written or published in it."""
    rows = Article.objects.visible_to(request.user).select_related("section")
    if language is None:
        return rows
    published = ArticleTranslation.objects.published(language)
    return rows.filter(
        Q(language=language) | Q(pk__in=published.values("article_id"))
    ).prefetch_related(Prefetch("translations", published, to_attr="in_language"))


def _article_list(shapes: Shapes, rows, language: str | None) -> list[dict]:
    extras = dict(
        ZendeskRecord.objects.filter(
            kind=Kind.ARTICLE, object_id__in=[a.pk for a in rows]
        ).values_list("object_id", "extra")
    )
    shown = []
    for article in rows:
        translation = None
        if language is not None and article.language != language:
            translation = next(iter(article.in_language), None)
        shown.append(shapes.article(article, translation, extras.get(article.pk)))
    return shown


@api_view("GET")
def articles(
    request: HttpRequest, locale: str | None = None, section_pk: int | None = None
) -> JsonResponse:
    language = _language(locale)
    rows = _articles(request, language)
    if section_pk is not None:
        if not _sections(request).filter(pk=section_pk).exists():
            return _not_found()
        rows = rows.filter(section_id=section_pk)
    shapes = _shapes(request)
    return JsonResponse(
        paginate(
            request,
            rows,
            "articles",
            lambda rows: _article_list(shapes, rows, language),
        )
    )


@api_view("GET")
def article(request: HttpRequest, pk: int, locale: str | None = None) -> JsonResponse:
    language = _language(locale)
    found = _articles(request, language).filter(pk=pk).first()
    if found is None:
        return _not_found()
    return JsonResponse(
        {"article": _article_list(_shapes(request), [found], language)[0]}
    )


@api_view("GET")
def translations(
    request: HttpRequest, pk: int, locale: str | None = None
) -> JsonResponse:
    found = Article.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        return _not_found()
    rows = ArticleTranslation.objects.published().filter(article=found)
    extras = dict(
        ZendeskRecord.objects.filter(
            kind=Kind.TRANSLATION, object_id__in=rows.values("pk")
        ).values_list("object_id", "extra")
    )
    shapes = _shapes(request)
    return JsonResponse(
        paginate(
            request,
            rows,
            "translations",
            lambda rows: [shapes.translation(t, found, extras.get(t.pk)) for t in rows],
        )
    )


@api_view("GET")
def comments(request: HttpRequest, pk: int, locale: str | None = None) -> JsonResponse:
    found = Article.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        return _not_found()
    rows = Comment.objects.published().filter(article=found).select_related("article")
    shapes = _shapes(request)
    return JsonResponse(
        paginate(
            request, rows, "comments", lambda rows: [shapes.comment(c) for c in rows]
        )
    )


@api_view("GET")
def search(request: HttpRequest, locale: str | None = None) -> JsonResponse:
    query = request.GET.get("query", "").strip()
    if not query:
        raise BadParameter("query is required.")
    language = _language(request.GET.get("locale") or locale) or "en"
    page = int_param(request, "page", 1, 1, 1000)
    with override(language):
        found = search_engine.search(query, request.user, page=page, record=False)
    pks = [int(m.group(1)) for hit in found.hits if (m := ARTICLE_PATH.search(hit.url))]
    rows = {a.pk: a for a in _articles(request, language).filter(pk__in=pks)}
    shapes, results = _shapes(request), []
    shown = [rows[pk] for pk in pks if pk in rows]
    snippets = {
        int(m.group(1)): hit.snippet
        for hit in found.hits
        if (m := ARTICLE_PATH.search(hit.url))
    }
    for shape, article_row in zip(
        _article_list(shapes, shown, language), shown, strict=True
    ):
        marked = (
            str(snippets[article_row.pk])
            .replace("<mark>", "<em>")
            .replace("</mark>", "</em>")
        )
        results.append({**shape, "result_type": "article", "snippet": marked})
    return JsonResponse(
        {
            "results": results,
            "count": found.total,
            "page": found.page,
            "per_page": len(found.hits) if found.pages > 1 else max(len(results), 1),
            "page_count": found.pages,
            "next_page": url_with(request, page=page + 1) if found.has_next else None,
            "previous_page": url_with(request, page=page - 1) if page > 1 else None,
        }
    )


@api_view("GET")
def incremental_articles(request: HttpRequest) -> JsonResponse:
    raw = request.GET.get("start_time", "")
    if not raw.isdigit():
        raise BadParameter("start_time (a Unix time in seconds) is required.")
    try:
        start = datetime.datetime.fromtimestamp(int(raw), tz=datetime.UTC)
    except (OverflowError, ValueError, OSError):
        raise BadParameter("start_time is out of range.") from None
    rows = list(
        _articles(request, None)
        .filter(updated_at__gte=start)
        .order_by("updated_at", "pk")[:INCREMENTAL_LIMIT]
    )
    end_time = int(rows[-1].updated_at.timestamp()) if rows else int(raw)
    full = len(rows) == INCREMENTAL_LIMIT
    return JsonResponse(
        {
            "articles": _article_list(_shapes(request), rows, None),
            "count": len(rows),
            "end_time": end_time,
            "next_page": url_with(request, start_time=end_time) if full else None,
        }
    )


@api_view("POST")
def vote(request: HttpRequest, pk: int, direction: str) -> JsonResponse:
    found = Article.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None:
        return _not_found()
    # The vote buttons' own limit, counted together with them.
    if is_ratelimited(
        request,
        group="articles.vote",
        key="user_or_ip",
        rate=settings.RATE_LIMITS["vote"],
        increment=True,
    ):
        response = error(429, "TooManyRequests", "Too many votes: wait a minute.")
        response["Retry-After"] = "60"
        return response
    current = feedback.cast_vote(found, request.user, direction == "up")
    now = timezone.now()
    return JsonResponse(
        {
            "vote": {
                "id": current.pk,
                "url": request.build_absolute_uri(),
                "user_id": request.user.pk,
                "value": 1 if current.helpful else -1,
                "item_id": found.pk,
                "item_type": "Article",
                "created_at": current.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "updated_at": (current.updated_at or now).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"
                ),
            }
        },
        status=200,
    )
