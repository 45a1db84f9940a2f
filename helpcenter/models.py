from django.db import InterfaceError, OperationalError, connections, models, router
from django.utils import timezone


class ContentVersionManager(models.Manager):
    def number(self) -> int | None:
        """The current number; plain SQL, as every visitor's page reads it.

        On a request's first query it is also the connection's health check
        (CONN_HEALTH_CHECKS): instead of Django's extra `SELECT 1`, a
        connection that broke since the last request is closed and the
        read tried once more on a new one. Cached pages then cost one round
        trip to the database, not two.
        """
        connection = connections[router.db_for_read(self.model)]
        first = (
            connection.connection is not None
            and connection.health_check_enabled
            and not connection.health_check_done
            and not connection.in_atomic_block
        )
        connection.health_check_done = connection.health_check_done or first
        try:
            return self._read(connection)
        except (InterfaceError, OperationalError):
            if not first:
                raise
            connection.close()
            return self._read(connection)

    def _read(self, connection) -> int | None:
        if connection.vendor == "postgresql" and not (
            connection.queries_logged or connection.execute_wrappers
        ):
            return _read_prepared(connection, self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT number FROM {self.model._meta.db_table} WHERE id = 1"  # noqa: S608
            )
            row = cursor.fetchone()
        return None if row is None else row[0]


# The statement's name on each PostgreSQL connection that has prepared it.
_PREPARED = b"helpcenter_content_version"


def _read_prepared(connection, table: str) -> int | None:
    """The number through a statement prepared once per connection, straight
    on libpq: a cached page's only query then costs the server no parsing or
    planning, and the worker a fraction of a cursor's Python. Used only when
    nothing watches the connection's queries (DEBUG, tests counting them,
    execute wrappers): those see the same read made through a cursor."""
    from psycopg import pq

    connection.ensure_connection()
    database = connection.connection
    pgconn = database.pgconn
    prepared = getattr(connection, "_content_version_prepared_on", None) is database
    if prepared:
        result = pgconn.exec_prepared(_PREPARED, [])
        if _sqlstate(result) != b"26000":  # lost, e.g. behind a connection pooler
            return _value(connection, pgconn, result)
    sql = f"SELECT number FROM {table} WHERE id = 1"  # noqa: S608
    result = pgconn.prepare(_PREPARED, sql.encode())
    if _sqlstate(result) == b"42P05":  # already exists: prepared before a reconnect
        result = pgconn.exec_(b"DEALLOCATE " + _PREPARED)
        if result.status == pq.ExecStatus.COMMAND_OK:
            result = pgconn.prepare(_PREPARED, sql.encode())
    _value(connection, pgconn, result)
    connection._content_version_prepared_on = database
    return _value(connection, pgconn, pgconn.exec_prepared(_PREPARED, []))


def _sqlstate(result) -> bytes | None:
    from psycopg import pq

    return result.error_field(pq.DiagnosticField.SQLSTATE)


def _value(connection, pgconn, result) -> int | None:
    """The result's one value, or Django's OperationalError (which the
    caller's retry on a new connection expects) for a failed command."""
    from psycopg import pq

    if result.status not in (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK):
        connection.errors_occurred = True
        message = result.error_message or pgconn.error_message
        raise OperationalError(message.decode(errors="replace").strip())
    if result.status == pq.ExecStatus.COMMAND_OK or not result.ntuples:
        return None
    return int(result.get_value(0, 0))


class ContentVersion(models.Model):
    """One row: a number that every change to what pages show increments.

    Cached pages and fragments are keyed by it (helpcenter.pagecache), so
    a change makes every one of them unreachable at once, in every worker.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = ContentVersionManager()

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"version {self.number}"
