"""Pages and fragments cached under a content version that every change bumps.

`ContentVersion` is one row: every change to what a page shows (an article,
a comment, a vote, a name...) increments it once its transaction commits, so
a cached page or fragment, keyed by the number, is never served after the
change, by any worker. Reading it is one small query per request, and on
PostgreSQL not even that while no change has been notified
(helpcenter.listening).

`PageCacheMiddleware` serves whole pages from the cache: one copy for all
visitors (no session cookie, no message waiting), and a private copy per
session for signed-in people. Pages are rendered around cached fragments
(`articles.caching`) when they are not in the cache.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import connections, router, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

from . import listening
from .models import ContentVersion

# Rows no page shows: saving them keeps every cached page.
NOT_SHOWN = {
    "account.emailaddress",
    "account.emailconfirmation",
    "admin.logentry",
    "articles.searchterm",
    "articles.searchword",
    "contenttypes.contenttype",
    "helpcenter.contentversion",
    "mfa.authenticator",
    "migrations.migration",  # django_migrations, as each migration is applied
    "post_office.attachment",
    "post_office.email",
    "post_office.emailtemplate",
    "post_office.log",
    "sessions.session",
    "support.attachment",
    "support.supportrequest",
    "zendesk.apitoken",  # its last use is noted on every API call
    "zendesk.zendeskrecord",
}
# The pages cached whole (URL names), for visitors and, a copy per session,
# for signed-in people; every other page is rendered each time. Search
# results have a cache of their own: any number of different searches never
# push the articles out.
PAGES = {
    "home": "pages",
    "articles:category": "pages",
    "articles:section": "pages",
    "articles:detail": "pages",
    "articles:search": "searches",
    "support:contact": "pages",
    # For search engines and feed readers: what visitors may read.
    "sitemap-index": "pages",
    "sitemap": "pages",
    "articles:feed": "pages",
    "articles:section-feed": "pages",
}
# What a page does even when it comes from the cache (see `on_replay`).
_replay_hooks = {}

cache = caches["pages"]  # fragments, and the pages named "pages" above
after_commit = transaction.on_commit  # tests without real commits replace it


def bump() -> None:
    """Make every cached page and fragment out of date, in every process:
    this one at once, the others by the notification that follows."""
    updated = ContentVersion.objects.filter(pk=1).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    listening.changed()
    # After the update has committed (bump runs after commit, in autocommit):
    # a process told of it reads the new number.
    listening.notify(connections[router.db_for_write(ContentVersion)])


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def content_changed(sender, using="default", update_fields=None, **kwargs) -> None:
    """After commit, so nobody can cache the old rows under the new number."""
    if sender.__module__ == "__fake__" or sender._meta.label_lower in NOT_SHOWN:
        return  # migrations' historical models: post_migrate bumps once
    if sender._meta.label_lower == "users.user" and update_fields == {"last_login"}:
        return
    after_commit(bump, using=using)


@receiver(post_migrate)
def migrated(sender, using="default", **kwargs) -> None:
    # Once per migrate, when the version's table is there (a migrate of one
    # other app may run before it is).
    tables = connections[using].introspection.table_names()
    if sender.name == "helpcenter" and ContentVersion._meta.db_table in tables:
        bump()


def version(request: HttpRequest | None = None) -> int:
    """The content version; read once per GET."""
    known = getattr(request, "_content_version", None)
    if known is not None:
        return known
    number = ContentVersion.objects.current()
    if number is None:  # the row is made by a migration; tests may flush it
        number = ContentVersion.objects.get_or_create(pk=1)[0].number
    if request is not None and request.method == "GET":
        request._content_version = number
    return number


_next_publication: list = [None, None]  # [version number, when]


def timeout(number: int) -> int:
    """Seconds a page or fragment of this version may be kept.

    Never past the next scheduled publication or unpublication (of an
    article or a translation): `visible_to()` compares its times
    with the clock, so the page changes then without a write.
    """
    from articles.models import Article  # helpcenter is imported by articles

    now = timezone.now()
    known_for, when = _next_publication
    if known_for != number or (when is not None and when <= now):
        when = Article.objects.next_scheduled_change()
        _next_publication[:] = [number, when]
    seconds = settings.PAGE_CACHE_SECONDS
    if when is not None:
        seconds = min(seconds, int((when - now).total_seconds()))
    return max(seconds, 0)


def fragment_key(*parts) -> str:
    raw = "|".join(str(part) for part in parts)
    return "fragment:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def on_replay(view_name: str):
    """Register `hook(request, data)`, called when the page `view_name` is
    served from the cache, with what the view put in `response.replay_data`
    when it rendered the page (e.g. search counts the search)."""

    def register(hook):
        _replay_hooks[view_name] = hook
        return hook

    return register


def _cached_page(request: HttpRequest) -> str | None:
    """The URL name of a GET of one of the pages kept whole, with no message
    waiting; None for any other request."""
    if request.method != "GET" or "messages" in request.COOKIES:
        return None
    view_name = _view_name(get_language(), request.path_info)
    return view_name if view_name in PAGES else None


@receiver(setting_changed)
def _urls_changed(setting, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _view_name.cache_clear()  # as Django's own URL caches are (tests)


@functools.lru_cache(maxsize=4096)
def _view_name(language: str, path: str) -> str | None:
    """resolve(), remembered: the URLconf does not change while the process
    runs, and walking it costs a cached page a quarter of its time. The
    language is part of the key, as the language prefix of the patterns
    matches the active language only."""
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _reader(request: HttpRequest) -> str | None:
    """Whose copy: "" for a visitor; a signed-in person's session, id,
    session hash and CSRF cookie (the token in their forms); None for no copy
    at all.

    Read from the session alone, without loading the user: a copy is stored
    only after the authentication middleware accepted this session for this
    user (`_storable`), and any change to the user (password, activity,
    groups, permissions) bumps the content version, so a copy is never
    served after one.

    A visitor with a session (one who chose a support region) gets none:
    what is in a visitor's session is not covered by the content version.
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    session = request.session
    user_id = session.get(SESSION_KEY)
    if user_id is None or "_messages" in session:
        return None
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    auth_hash = session.get(HASH_SESSION_KEY, "")
    return f"{session.session_key}|{user_id}|{auth_hash}|{csrf}"


def _page_key(request: HttpRequest, number: int, reader: str) -> str:
    # The Support panel on every page shows the team chosen for a visitor
    # from the page's language, the browser's languages and a proxy's
    # country header (support.routing): the key holds all three.
    headers = request.headers
    country = settings.SUPPORT_COUNTRY_HEADER
    # The address as build_absolute_uri() makes it, without its escaping
    # (a key needs none): scheme, host (as Django reads it, so behind a
    # trusted proxy the forwarded one), path and query string.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    raw = "|".join(
        [
            str(number),
            request.LANGUAGE_CODE,
            address,
            headers.get("Accept-Language", ""),
            headers.get(country, "") if country else "",
            reader,
        ]
    )
    return "page:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse, reader: str) -> bool:
    """A page that holds nothing but what its key says.

    A visitor's holds no token and sets no cookie; a signed-in person's may
    hold their token (their CSRF cookie is in the key) but set no other
    cookie. Neither shows a message or changes the session.
    """
    messages = getattr(request, "_messages", None)
    cookies = set(response.cookies)
    if reader:
        csrf = settings.CSRF_COOKIE_NAME
        if response.cookies.get(csrf) and (
            response.cookies[csrf].value == request.COOKIES.get(csrf)
        ):
            cookies.discard(csrf)  # the same secret, sent again
    elif request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    return (
        response.status_code == 200
        and not response.streaming
        and not cookies
        and not request.session.modified
        and _signed_in_as(request) == bool(reader)
        and not (messages is not None and len(messages))
    )


def _signed_in_as(request: HttpRequest) -> bool:
    """Signed in, as the session says (the middleware checked its hash)."""
    user = request.user
    return user.is_authenticated and str(user.pk) == str(
        request.session.get(SESSION_KEY)
    )


def _entry(response: HttpResponse) -> dict:
    """What the cache keeps of a page: the response without its cookies,
    ready to send (unpickled, it needs none of the checks that setting
    each header again would cost), and what the replay needs."""
    headers = {k: v for k, v in response.items() if k.lower() != "set-cookie"}
    modified = headers.get("Last-Modified")
    return {
        "response": HttpResponse(response.content, headers=headers),
        "last_modified": modified and parse_http_date_safe(modified),
        "data": getattr(response, "replay_data", None),
    }


class PageCacheMiddleware:
    """Whole pages from the cache, and cache headers for everyone.

    After the language middleware (the page's language is known) and before
    everything that a cached page does not need; the security headers and
    the request log, further out, apply to cached pages too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view_name = _cached_page(request)
        if view_name is None:
            return self._private(self.get_response(request))
        # The version first: the request's first query is also the
        # connection's health check (ContentVersion.objects.number).
        number = version(request)
        reader = _reader(request)
        if reader is None:
            return self._private(self.get_response(request))
        key = _page_key(request, number, reader)
        store = caches[PAGES[view_name]]
        entry = store.get(key)
        if entry is not None:
            if hook := _replay_hooks.get(view_name):
                hook(request, entry["data"])
            return self._replay(request, entry)
        response = self.get_response(request)
        if not _storable(request, response, reader):
            return self._private(response)
        if reader or view_name in _replay_hooks:
            # A proxy or CDN would serve these without the hook running.
            self._private(response)
        else:
            self._public(response)
        store.set(key, _entry(response), timeout(number))
        return response

    def _replay(self, request: HttpRequest, entry: dict) -> HttpResponse:
        response = entry["response"]  # a copy of its own, from the cache
        if not response.has_header("ETag"):
            return response
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=entry["last_modified"],
            response=response,
        )

    def _public(self, response: HttpResponse) -> None:
        """Visitors' pages: a proxy or CDN may keep them too."""
        set_response_etag(response)
        response["Last-Modified"] = http_date()  # this copy's, not the content's
        patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_MAX_AGE)
        vary = ["Cookie", "Accept-Language"]
        if settings.SUPPORT_COUNTRY_HEADER:
            vary.append(settings.SUPPORT_COUNTRY_HEADER)
        patch_vary_headers(response, vary)

    def _private(self, response: HttpResponse) -> HttpResponse:
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response
