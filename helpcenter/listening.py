"""The content version known without asking, on PostgreSQL.

Every cached page needs the content version (helpcenter.pagecache); read
from the database it is a round trip per page, a good part of what a
visitor's cached page costs. Instead, a connection that read it LISTENs on
a channel that every change NOTIFYs once its bump of the number has
committed, so the number it read stays good until a notification arrives.

A page then checks its connection's socket for notifications (no round
trip) and reads the number again only when one came, when this process
made a change itself (read-your-writes without waiting for the server),
when the connection is another one, or after `RECHECK_SECONDS` in any case:
were notifications ever lost, say behind a pooler in transaction mode
(where `DJANGO_CONTENT_VERSION_LISTEN=0` turns this off), pages would be
late by that much at most.

Only where nothing watches the connection's queries (`prepared.usable`),
outside a transaction, on the database the bumps are written to (a
replica's pages read the number there every time: ContentVersionManager),
and on a server that takes LISTEN.
"""

from __future__ import annotations

import time

import psycopg
from django.conf import settings
from psycopg import pq

from . import prepared

CHANNEL = "helpcenter_content_version"
RECHECK_SECONDS = 1.0
_generation = 0  # moved by every change this process makes


class _Watch:
    """What one physical connection knows: the number it read, and whether a
    notification (or a notice) has come since; psycopg hands over the ones
    that arrive while a Django query runs on the connection."""

    def __init__(self, database):
        self.database = database
        self.number = None
        self.generation = -1
        self.read_at = 0.0
        self.stale = True
        self.listening = False

    def __call__(self, notification) -> None:
        self.stale = True

    def notice(self, diagnostic) -> None:
        # On an idle connection, what the server says before it closes it
        # (a restart, pg_terminate_backend): notifications may be lost.
        self.stale = True


def changed() -> None:
    """This process changed the version: nothing it knows holds any more."""
    global _generation
    _generation += 1


def generation() -> int:
    return _generation


def enabled(connection) -> bool:
    """May pages on this connection go by what it was told?"""
    return (
        settings.CONTENT_VERSION_LISTEN
        and prepared.usable(connection)
        and not connection.in_atomic_block
    )


def known(connection) -> int | None:
    """The number this connection read, if nothing can have changed since;
    None when it must be read again."""
    watch = getattr(connection, "_content_watch", None)
    if (
        watch is None
        or watch.stale
        or watch.database is not connection.connection
        or watch.generation != _generation
        or time.monotonic() - watch.read_at > RECHECK_SECONDS
        or not enabled(connection)
    ):
        return None
    pgconn = watch.database.pgconn
    try:
        pgconn.consume_input()  # what the socket holds, without waiting
    except psycopg.Error:
        watch.stale = True  # the read that follows finds out what broke
        return None
    while pgconn.notifies() is not None:
        watch.stale = True
    if pgconn.status != pq.ConnStatus.OK:
        watch.stale = True  # the server closed it: the read replaces it
    return None if watch.stale else watch.number


def listen(connection) -> _Watch | None:
    """LISTEN on this connection, once; None where that cannot be."""
    if not enabled(connection):
        return None
    connection.ensure_connection()
    database = connection.connection
    watch = getattr(connection, "_content_watch", None)
    if watch is not None and watch.database is database:
        return watch if watch.listening else None
    watch = connection._content_watch = _Watch(database)
    pgconn = database.pgconn
    try:
        result = pgconn.exec_(f"LISTEN {CHANNEL}".encode())
    except psycopg.Error as error:  # libpq refused: the connection is gone
        raise prepared.failure(connection, str(error)) from error
    if result.status == pq.ExecStatus.COMMAND_OK:
        database.add_notify_handler(watch)
        database.add_notice_handler(watch.notice)
        watch.listening = True
        return watch
    if pgconn.status != pq.ConnStatus.OK:
        raise prepared.result_failure(connection, pgconn, result)
    return None  # a server that refuses LISTEN: plain reads


def remember(watch: _Watch | None, number: int | None, since: int) -> None:
    """The number read on the watched connection, by a read that began when
    the process's generation was `since`."""
    if watch is None or number is None:
        return
    watch.number = number
    watch.generation = since
    watch.read_at = time.monotonic()
    watch.stale = False


def notify(connection) -> None:
    """Tell every listening connection (at once in autocommit, as bumps run;
    inside a transaction, when it commits)."""
    if connection.vendor == "postgresql" and settings.CONTENT_VERSION_LISTEN:
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")
