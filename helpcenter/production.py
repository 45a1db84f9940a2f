"""What keeps the portal safe and observable in production.

- `SecurityHeadersMiddleware`: a strict Content-Security-Policy (our own
  scripts and styles only, nothing inline, no other origin) and a
  Permissions-Policy. The other security headers are Django's own settings.
- `RequestLogMiddleware`: a request id for every request (kept from a
  trusted proxy's `X-Request-ID` when it looks like one), one log line per
  request, and the id on every log record and on the 500 page.
- `AtomicWritesMiddleware`: every POST (and other unsafe method) is one
  transaction, rolled back when the response is an error, so a crash
  mid-request leaves nothing half-saved.
- `unavailable_page()`: the branded 503 that `helpcenter.views.server_error`
  gives instead of a 500 when the database or the cache does not answer
  (`is_dependency_down()`); the next request tries again (Django and the
  Redis client reconnect), so the site recovers by itself.
- `RequestSizeMiddleware`: refuses bodies over `MAX_REQUEST_BYTES` with a
  clear 413 page before anything reads them.
- `JsonFormatter`: one JSON object per log line (production).
"""

import contextvars
import json
import logging
import re
import time
import uuid

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpResponse
from django.template import loader
from django.utils.functional import empty
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("helpcenter.requests")
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default="-"
)
# A request id from the client or proxy is kept only if it is a plain id
# (a UUID, a hex digest, "trace.0001_a-b"): it goes into a response header,
# every log line and the error pages, so nothing that could end a line, or
# carry markup or quotes, may pass. Matched whole: "$" would let a trailing
# newline through.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def content_security_policy() -> str:
    media = " ".join(settings.CSP_MEDIA_ORIGINS)
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        # data: for the authenticator QR code allauth draws (an image only).
        "img-src": f"'self' data: {media}".strip(),
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _user_id(request):
    """The user's id if the request already knew who it was (no query)."""
    user = getattr(request, "user", None)
    user = getattr(user, "_wrapped", user)
    if user is None or user is empty:
        return None
    return getattr(user, "pk", None)


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every log record."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("method", "path", "status", "duration_ms", "user_id")

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for name in self.FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class AtomicWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in UNSAFE_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
        return response


def unavailable_page() -> HttpResponse:
    """The branded 503, rendered without anything that needs the database."""
    html = loader.render_to_string("503.html", {"request_id": request_id_var.get()})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "30"
    return response


# What a database or a Redis cache raises when it refuses, drops or times
# out a connection (Django's RedisCache lets the client's errors through;
# a Redis still loading its data after a restart counts as refusing).
DEPENDENCY_DOWN_ERRORS = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
)


def is_dependency_down(exception) -> bool:
    """A lost or refused connection, as opposed to a bad query or a bug."""
    return isinstance(exception, DEPENDENCY_DOWN_ERRORS)


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            html = loader.render_to_string(
                "413.html",
                {
                    "limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024),
                    "request_id": request_id_var.get(),
                },
            )
            return HttpResponse(html, status=413)
        return self.get_response(request)
