from django.db import InterfaceError, OperationalError, connections, models, router
from django.utils import timezone

from . import listening, prepared


class ContentVersionManager(models.Manager):
    def current(self) -> int | None:
        """The number, as a page needs it: without a round trip while this
        connection has been told of no change since it last read it
        (helpcenter.listening)."""
        alias = router.db_for_read(self.model)
        if alias != router.db_for_write(self.model):
            # A replica: bumps notify on the primary only, and the replica's
            # number must match the replica's rows. Read there every time.
            return self.number()
        number = listening.known(connections[alias])
        return self.number(listen=True) if number is None else number

    def number(self, listen: bool = False) -> int | None:
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
            return self._read(connection, listen)
        except (InterfaceError, OperationalError):
            if not first:
                raise
            connection.close()
            return self._read(connection, listen)

    def _read(self, connection, listen: bool) -> int | None:
        sql = f"SELECT number FROM {self.model._meta.db_table} WHERE id = 1"  # noqa: S608
        if prepared.usable(connection):
            watch = listening.listen(connection) if listen else None
            since = listening.generation()  # before the read
            row = prepared.fetch_one(connection, "helpcenter_content_version", sql, [])
            number = None if row is None else int(row[0])
            listening.remember(watch, number, since)
            return number
        if connection.vendor == "sqlite" and not prepared.watched(connection):
            # Straight on the driver, which keeps the statement compiled.
            connection.ensure_connection()
            with connection.wrap_database_errors:
                row = connection.connection.execute(sql).fetchone()
            return None if row is None else row[0]
        with connection.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
        return None if row is None else row[0]


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
