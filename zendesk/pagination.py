"""The API's two pagination styles, as Zendesk has them.

Offset: `page`, `per_page` (up to 100), with `count`, `page_count` and
absolute `next_page`/`previous_page`. Cursor, when a `page[...]` parameter
is given: `page[size]`, `page[after]`, `page[before]`, with `meta.has_more`
and `links.next`. Rows are taken in primary-key order, so neither style
skips or repeats a row between pages.
"""

import base64
import binascii
import math
from collections.abc import Callable

from django.http import HttpRequest

from .api_auth import BadParameter

# What a client may ask for (Zendesk's limit), and what a page holds at
# most (the same; tests lower it to page through a few rows).
PER_PAGE_LIMIT = 100
MAX_PER_PAGE = 100


def int_param(
    request: HttpRequest, name: str, default: int, low: int, high: int
) -> int:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number.") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be between {low} and {high}.")
    return value


def url_with(request: HttpRequest, **changes) -> str:
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = str(value)
    return request.build_absolute_uri(request.path + "?" + query.urlencode(safe="[]"))


def paginate(request: HttpRequest, queryset, key: str, serialize: Callable) -> dict:
    """One page of `queryset` as `{key: serialize(rows), ...}`."""
    if any(name.startswith("page[") for name in request.GET):
        return _cursor_page(request, queryset.order_by("pk"), key, serialize)
    page = int_param(request, "page", 1, 1, 1_000_000)
    per_page = min(int_param(request, "per_page", 30, 1, PER_PAGE_LIMIT), MAX_PER_PAGE)
    count = queryset.count()
    rows = list(queryset.order_by("pk")[(page - 1) * per_page : page * per_page])
    page_count = max(1, math.ceil(count / per_page))
    return {
        key: serialize(rows),
        "page": page,
        "per_page": per_page,
        "page_count": page_count,
        "count": count,
        "next_page": url_with(request, page=page + 1) if page < page_count else None,
        "previous_page": url_with(request, page=page - 1) if page > 1 else None,
        "sort_by": "id",
        "sort_order": "asc",
    }


def _cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def _position(cursor: str, name: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, pk = text.partition(":")
        if kind == "id" and pk.isdigit() and len(pk) <= 18:
            return int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise BadParameter(f"{name} is not a cursor this API gave.")


def _cursor_page(request, queryset, key, serialize) -> dict:
    size = int_param(request, "page[size]", PER_PAGE_LIMIT, 1, PER_PAGE_LIMIT)
    size = min(size, MAX_PER_PAGE)
    after, before = request.GET.get("page[after]"), request.GET.get("page[before]")
    if after and before:
        raise BadParameter("Give page[after] or page[before], not both.")
    if before:
        older = queryset.filter(pk__lt=_position(before, "page[before]"))
        rows = list(older.order_by("-pk")[: size + 1])
        has_more = len(rows) > size
        rows = rows[:size][::-1]
    else:
        if after:
            queryset = queryset.filter(pk__gt=_position(after, "page[after]"))
        rows = list(queryset[: size + 1])
        has_more = len(rows) > size
        rows = rows[:size]
    first = _cursor(rows[0].pk) if rows else None
    last = _cursor(rows[-1].pk) if rows else None
    moved = {"page[after]": None, "page[before]": None, "page[size]": size}
    return {
        key: serialize(rows),
        "meta": {"has_more": has_more, "after_cursor": last, "before_cursor": first},
        "links": {
            "first": url_with(request, **moved),
            "last": None,
            "next": url_with(request, **{**moved, "page[after]": last})
            if last
            else None,
            "prev": url_with(request, **{**moved, "page[before]": first})
            if first
            else None,
        },
    }
