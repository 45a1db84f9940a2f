"""What `/healthz` checks: every dependency the portal is configured with.

A check is a function of no arguments that returns None while its
dependency works and a short message when it does not; an exception counts
as "no answer". `CHECKS` names them in the order `/healthz` reports them,
so watching one more dependency is one more function and one more entry.
Messages are shown to anyone who asks, so they name no hosts; the details
go to the log.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.utils import timezone

logger = logging.getLogger(__name__)

Check = Callable[[], str | None]


def database() -> str | None:
    """Every configured database (the replica too) answers a query."""
    silent = []
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            logger.exception("Health check: database %r does not answer", alias)
            silent.append(alias)
    return f"no answer from {', '.join(silent)}" if silent else None


def cache_round_trip() -> str | None:
    """A value written to the default cache (any backend) reads back."""
    # A key of its own: app servers probed at the same moment would otherwise
    # read each other's values.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=30)
    value = cache.get(key)
    cache.delete(key)
    return None if value == "ok" else "a value written did not read back"


def outbox_age() -> str | None:
    """No mail has waited for the worker longer than OUTBOX_MAX_WAIT_MINUTES.

    Waiting mail (queued, or deferred after a failure) that old means the
    worker is not running or the mail server keeps refusing it. With
    EMAIL_QUEUE off, mail is sent at once and nothing waits for a worker.
    """
    if not settings.EMAIL_QUEUE:
        return None
    from post_office.models import STATUS, Email

    oldest = (
        Email.objects.filter(status__in=[STATUS.queued, STATUS.requeued])
        .order_by("created")
        .values_list("created", flat=True)
        .first()
    )
    if oldest is None:
        return None
    waited = timezone.now() - oldest
    if waited <= timedelta(minutes=settings.OUTBOX_MAX_WAIT_MINUTES):
        return None
    return f"the oldest unsent mail has waited {waited.total_seconds() // 60:.0f} min"


# (name, check, needed to serve pages). `/healthz?serving` runs only the
# checks a server needs to serve pages, for load balancers and readiness
# probes: a mail backlog must not take the site out of rotation.
CHECKS: list[tuple[str, Check, bool]] = [
    ("database", database, True),
    ("cache", cache_round_trip, True),
    ("outbox", outbox_age, False),
]


def run_checks(*, serving: bool = False) -> list[tuple[str, str | None]]:
    """Each check's name and failure message (None when it passed).

    With `serving`, only the checks a server needs to serve pages.
    """
    results = []
    for name, check, needed_to_serve in CHECKS:
        if serving and not needed_to_serve:
            continue
        try:
            failure = check()
        except Exception as error:
            logger.exception("Health check: %s does not answer", name)
            failure = f"no answer ({type(error).__name__})"
        results.append((name, failure))
    return results
