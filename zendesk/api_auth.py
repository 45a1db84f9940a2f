"""Who calls the Help Center API, how often, and its JSON errors.

A person authenticates as Zendesk clients do, with HTTP Basic
`email/token:SECRET` and an API token from their account page; a session
cookie works too, for reading. Anonymous requests read what visitors read.
"""

import base64
import binascii
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.vary import vary_on_headers
from django_ratelimit.core import _split_rate, is_ratelimited

from .models import ApiToken


class BadParameter(ValueError):
    """A query parameter the API cannot use: a 400 with its message."""


def error(status: int, code: str, description: str) -> JsonResponse:
    return JsonResponse({"error": code, "description": description}, status=status)


def _credentials(request: HttpRequest) -> tuple[str, str] | bool | None:
    """(email, secret) from `Authorization: Basic`; None when absent, False
    when present but not `email/token:SECRET`."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return False
    login, _, secret = decoded.partition(":")
    email, _, kind = login.rpartition("/")
    if kind != "token" or not email or not secret:
        return False
    return email, secret


def _too_many(request: HttpRequest, token: ApiToken | None) -> int:
    """Seconds to wait when over the limit (0: go ahead)."""
    rate = settings.RATE_LIMITS["api"]
    keys = ["ip"] + ([lambda group, request: f"token:{token.pk}"] if token else [])
    limited = False
    for key in keys:
        limited |= is_ratelimited(
            request, group="zendesk.api", key=key, rate=rate, increment=True
        )
    return _split_rate(rate)[1] if limited else 0


def api_view(*methods: str):
    """A JSON API view: authentication, rate limit, method and 400 on bad input."""
    allowed = set(methods or ["GET"])

    def decorator(view):
        @csrf_exempt  # no cookie-authenticated writes: POST needs a token
        @vary_on_headers("Authorization", "Cookie")
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method not in allowed:
                response = error(405, "MethodNotAllowed", "Method not allowed.")
                response["Allow"] = ", ".join(sorted(allowed))
                return response
            credentials = _credentials(request)
            token = None
            if credentials is False:
                return _unauthorized()
            if credentials:
                token = ApiToken.objects.authenticate(*credentials)
                if token is None:
                    return _unauthorized()
                request.user = token.user
            elif request.method != "GET":
                return _unauthorized()
            if not getattr(request, "user", None):
                request.user = AnonymousUser()
            if wait := _too_many(request, token):
                response = error(
                    429, "TooManyRequests", f"Rate limit exceeded: retry in {wait} s."
                )
                response["Retry-After"] = str(wait)
                return response
            try:
                return view(request, *args, **kwargs)
            except BadParameter as problem:
                return error(400, "InvalidParameter", str(problem))

        return wrapped

    return decorator


def _unauthorized() -> JsonResponse:
    response = error(
        401,
        "Couldn't authenticate you",
        "Use HTTP Basic with email/token:API_TOKEN (tokens are made on your "
        "account page).",
    )
    response["WWW-Authenticate"] = 'Basic realm="Help Center API"'
    return response
