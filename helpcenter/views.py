import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse, translate_url
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.i18n import set_language as django_set_language

from . import health
from .production import is_dependency_down, request_id_var, unavailable_page


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """One line per dependency, `name: ok` or `name: failing: why`.

    200 when every check passes, 503 when any fails (see helpcenter.health);
    `?serving` runs only the checks a server needs to serve pages.
    """
    results = health.run_checks(serving="serving" in request.GET)
    body = "".join(
        f"{name}: failing: {failure}\n" if failure else f"{name}: ok\n"
        for name, failure in results
    )
    failing = any(failure for _name, failure in results)
    return HttpResponse(
        body, status=503 if failing else 200, content_type="text/plain; charset=utf-8"
    )


# Kept out: pages that are per person, forms and actions (votes, comments,
# follows are POSTs; their addresses answer nothing useful to a GET), search
# results (endless and thin) and the language switch.
ROBOTS_DISALLOWED = [
    "accounts/",
    "search/",
    "moderation/",
    "comments/",
    "unfollow/",
    "support/region/",
    "support/request/",
    "support/attachments/",
    "*/vote/",
    "*/comments/",
    "*/follow/",
]


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers' rules, and where the sitemap is.

    The admin is named only at its usual address: a custom DJANGO_ADMIN_PATH
    is kept out of the way of scanners, so it is not written here (its
    pages answer crawlers with the sign-in, which is disallowed).
    """
    lines = ["User-agent: *"]
    if settings.ADMIN_PATH == "admin/":
        lines.append("Disallow: /admin/")
    lines.append(f"Disallow: {reverse('set_language')}")
    for code, _name in settings.LANGUAGES:
        with override(code):
            home = reverse("home")
        lines += [f"Disallow: {home}{path}" for path in ROBOTS_DISALLOWED]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}"]
    response = HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=60 * 60)
    return response


@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice.

    It keeps the reader on the same page in the new language (`next` is
    checked against the host, so it cannot send anyone elsewhere) and sets
    the language cookie; a signed-in user's profile keeps the choice too.
    Visitors' menu is made of links (their pages are cached, with no CSRF
    token): a GET sets the cookie only.
    """
    if request.method == "GET":
        return _set_language_cookie(request)
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    known = language in dict(settings.LANGUAGES)
    if known and user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response


def _set_language_cookie(request: HttpRequest) -> HttpResponse:
    language = request.GET.get("language", "")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if language not in dict(settings.LANGUAGES):
        return redirect(next_url)
    response = redirect(translate_url(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    too_big = isinstance(exception, (RequestDataTooBig, TooManyFieldsSent))
    html = loader.render_to_string(
        "400.html", {"too_big": too_big, "request_id": request_id_var.get()}
    )
    return HttpResponse(html, status=413 if too_big else 400)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or the 503 page when the database or cache is away.

    Django calls this while handling the exception, so it is at hand. No
    context processors: they could touch the database.
    """
    if is_dependency_down(sys.exc_info()[1]):
        return unavailable_page()
    html = loader.render_to_string("500.html", {"request_id": request_id_var.get()})
    return HttpResponse(html, status=500)
