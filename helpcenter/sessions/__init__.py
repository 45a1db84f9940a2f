"""Django's database sessions, read with a statement written once.

A signed-in reader's cached page costs two reads: the session and the
content version. Through the ORM, most of the session read is spent
compiling the same SELECT again for every request (about two thirds of it,
profiled). The engines here (`helpcenter.sessions.db` and
`helpcenter.sessions.cached_db`) are Django's, with that one read replaced
by the same statement written out once, on the same database
(`router.db_for_read`), with the same rule: a session past its
`expire_date` is no session. On PostgreSQL it is a prepared statement
(helpcenter.prepared), as the content version's read. Everything else
(saving, rotating, flushing, expiring) is Django's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

from django.db import connections, router
from django.utils import timezone

from .. import prepared


class SessionRow(NamedTuple):
    """What Django's `load()` reads of the Session row."""

    session_data: str
    expire_date: datetime


class FastReadMixin:
    """For a SessionStore of `django.contrib.sessions.backends.db` or one of
    its subclasses."""

    def _get_session_from_db(self) -> SessionRow | None:
        row = read_session(self.model, self.session_key)
        if row is None:
            self._session_key = None  # as Django's: a new key when saved
        return row


def read_session(model, session_key: str) -> SessionRow | None:
    alias = router.db_for_read(model)
    connection = connections[alias]
    table = connection.ops.quote_name(model._meta.db_table)
    now = timezone.now()
    if "\x00" in session_key:  # no session's; libpq would cut the text there
        return None
    if prepared.usable(connection):
        row = prepared.fetch_one(
            connection,
            "helpcenter_session",
            f"SELECT session_data, (expire_date AT TIME ZONE 'UTC')::text FROM {table} "  # noqa: S608
            "WHERE session_key = $1 AND expire_date > $2",
            [session_key, now.isoformat()],
        )
        if row is None:
            return None
        expire_date = datetime.fromisoformat(row[1].decode()).replace(tzinfo=UTC)
        return SessionRow(row[0].decode(), expire_date)
    return _read_through_cursor(connection, model, session_key, now)


def _read_through_cursor(
    connection, model, session_key: str, now: datetime
) -> SessionRow | None:
    meta = model._meta
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {quote('session_data')}, {quote('expire_date')} "  # noqa: S608
        f"FROM {quote(meta.db_table)} "
        f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
    )
    with connection.cursor() as cursor:
        now = connection.ops.adapt_datetimefield_value(now)
        cursor.execute(sql, [session_key, now])
        row = cursor.fetchone()
    if row is None:
        return None
    data, expire_date = row
    column = meta.get_field("expire_date").get_col(meta.db_table)
    for converter in connection.ops.get_db_converters(column):
        expire_date = converter(expire_date, column, connection)
    return SessionRow(data, expire_date)
