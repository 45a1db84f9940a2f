"""The search results page and the suggestions as one types."""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from helpcenter import pagecache

from .. import search as search_engine


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
