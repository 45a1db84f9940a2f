"""The reads every cached page makes, as statements prepared once per
PostgreSQL connection and run straight on libpq.

A cached page costs a read of the content version, and a signed-in
reader's a read of the session too. Through a cursor each costs the worker
some 50-70 us of Python and the server a parse and a plan; prepared, about
20 us in all (measured on the machines the benchmarks run on). Only when
nothing watches the connection's queries (DEBUG, tests counting them,
execute wrappers): callers make those reads through a cursor, so they are
seen like any other.
"""

from __future__ import annotations

import psycopg
from django.db import OperationalError
from psycopg import pq


def watched(connection) -> bool:
    """Does something watch this connection's queries (DEBUG, tests counting
    them, execute wrappers)? Then every read goes through a cursor."""
    return bool(connection.queries_logged or connection.execute_wrappers)


def usable(connection) -> bool:
    """May this connection's reads skip the cursor?"""
    return connection.vendor == "postgresql" and not watched(connection)


def fetch_one(
    connection, name: str, sql: str, params: list[str]
) -> list[bytes | None] | None:
    """The first row of `sql` (with $1, $2... for `params`, sent as text), as
    the server's text; None when there is none.

    Prepared under `name` on the connection's first use of it, and again
    when the server lost it (a connection pooler, DISCARD ALL). A failure is
    Django's OperationalError, as from a cursor, so that a caller's retry on
    a new connection works the same.
    """
    try:
        return _fetch_one(connection, name, sql, params)
    except psycopg.Error as error:  # libpq refused: the connection is gone
        raise failure(connection, str(error)) from error


def failure(connection, message: str) -> OperationalError:
    """Django's error for a statement run on libpq that failed, with the
    connection marked for the check at the end of the request."""
    connection.errors_occurred = True
    return OperationalError(message.strip())


def result_failure(connection, pgconn, result) -> OperationalError:
    message = result.error_message or pgconn.error_message
    return failure(connection, message.decode(errors="replace"))


def _fetch_one(connection, name, sql, params):
    connection.ensure_connection()
    database = connection.connection
    pgconn = database.pgconn
    statement = name.encode()
    values = [param.encode() for param in params]
    prepared = getattr(connection, "_prepared_statements", {})
    if prepared.get(name) is database:
        result = pgconn.exec_prepared(statement, values)
        if _sqlstate(result) != b"26000":  # 26000: no such statement
            return _row(connection, pgconn, result)
    _prepare(connection, pgconn, statement, sql)
    connection._prepared_statements = {**prepared, name: database}
    return _row(connection, pgconn, pgconn.exec_prepared(statement, values))


def _prepare(connection, pgconn, statement: bytes, sql: str) -> None:
    result = pgconn.prepare(statement, sql.encode())
    if _sqlstate(result) == b"42P05":  # already there: prepared, then forgotten
        result = pgconn.exec_(b"DEALLOCATE " + statement)
        if result.status == pq.ExecStatus.COMMAND_OK:
            result = pgconn.prepare(statement, sql.encode())
    _row(connection, pgconn, result)


def _sqlstate(result) -> bytes | None:
    return result.error_field(pq.DiagnosticField.SQLSTATE)


def _row(connection, pgconn, result) -> list[bytes | None] | None:
    if result.status not in (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK):
        raise result_failure(connection, pgconn, result)
    if result.status == pq.ExecStatus.COMMAND_OK or not result.ntuples:
        return None
    return [result.get_value(0, column) for column in range(result.nfields)]
