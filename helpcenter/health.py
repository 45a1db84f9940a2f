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

from django.core.cache import cache
from django.db import DatabaseError, connections

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


CHECKS: list[tuple[str, Check]] = [
    ("database", database),
    ("cache", cache_round_trip),
    # The durable mail outbox adds its check here: ("outbox", outbox_age),
    # a message when its oldest unsent mail has waited too long.
]


def run_checks() -> list[tuple[str, str | None]]:
    """Each check's name and failure message (None when it passed)."""
    results = []
    for name, check in CHECKS:
        try:
            failure = check()
        except Exception as error:
            logger.exception("Health check: %s does not answer", name)
            failure = f"no answer ({type(error).__name__})"
        results.append((name, failure))
    return results
