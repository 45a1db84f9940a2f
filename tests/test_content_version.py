"""The content version: the one read every cached page makes.

On PostgreSQL, when nothing watches the connection's queries, it is read
through a statement prepared once per connection (helpcenter.models). These
tests read it both ways and check they agree, whatever happened to the
connection or the statement in between.
"""

import time

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from helpcenter import listening, pagecache, prepared
from helpcenter.models import ContentVersion

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the prepared read is PostgreSQL's",
)
# Transactional, so that other connections see the bumps; serialized like
# the other transactional tests, so the flush after each leaves the data
# (content types and the rest) that the next test restores.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def other_connection():
    """A connection of its own, as another worker's."""
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        dbname=settings["NAME"],
        autocommit=True,
    )


def kill_our_connection():
    pid = connection.connection.info.backend_pid
    with other_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def bump_from_elsewhere():
    with other_connection() as other:
        other.execute(
            f"UPDATE {ContentVersion._meta.db_table} SET number = number + 1 "  # noqa: S608
            "WHERE id = 1"
        )


def prepared_on():
    """The connection the version's statement was last prepared on."""
    return connection._prepared_statements["helpcenter_content_version"]


def read_watched():
    with CaptureQueriesContext(connection) as queries:
        number = ContentVersion.objects.number()
    return number, len(queries)


def test_the_number_moves_with_every_change_and_is_read_in_one_query():
    pagecache.bump()
    before, queries = read_watched()
    pagecache.bump()

    assert queries == 1
    assert ContentVersion.objects.number() == before + 1
    assert read_watched() == (before + 1, 1)


@on_postgres
def test_the_prepared_read_sees_what_other_connections_commit():
    pagecache.bump()
    first = ContentVersion.objects.number()
    assert (
        connection._prepared_statements["helpcenter_content_version"]
        is connection.connection
    )

    bump_from_elsewhere()
    assert ContentVersion.objects.number() == first + 1
    bump_from_elsewhere()
    assert ContentVersion.objects.number() == first + 2
    assert read_watched() == (first + 2, 1)  # the cursor agrees


@on_postgres
def test_a_lost_statement_is_prepared_again():
    """Behind a pooler in transaction mode, or after DISCARD ALL."""
    pagecache.bump()
    number = ContentVersion.objects.number()
    connection.connection.execute("DEALLOCATE ALL")

    assert ContentVersion.objects.number() == number
    bump_from_elsewhere()
    assert ContentVersion.objects.number() == number + 1


@on_postgres
def test_a_new_connection_gets_the_statement_and_the_number():
    pagecache.bump()
    number = ContentVersion.objects.number()
    old = connection.connection
    connection.close()

    assert ContentVersion.objects.number() == number
    assert connection.connection is not old
    assert (
        connection._prepared_statements["helpcenter_content_version"]
        is connection.connection
    )


@on_postgres
def test_a_connection_the_server_dropped_is_replaced_on_the_first_read():
    """The read is the request's health check: a dead connection is closed
    and the read made once more on a new one, prepared statement and all."""
    pagecache.bump()
    number = ContentVersion.objects.number()
    old = connection.connection
    kill_our_connection()
    connection.health_check_done = False  # a new request

    assert ContentVersion.objects.number() == number
    assert connection.connection is not old


@on_postgres
def test_a_failure_after_the_first_read_is_an_operational_error():
    """Mid-request there is no silent retry: Django's error, and the
    connection marked for the check at the end of the request."""
    ContentVersion.objects.number()
    connection.health_check_done = True
    kill_our_connection()

    with pytest.raises(OperationalError):
        ContentVersion.objects.number()
    assert connection.errors_occurred
    connection.close()


# What a page reads: the number this connection was last told
# (helpcenter.listening), read again only after a notification.


def notify_from_elsewhere():
    """Another worker's change: its bump, and the notification with it."""
    with other_connection() as other, other.transaction():
        other.execute(
            f"UPDATE {ContentVersion._meta.db_table} SET number = number + 1 "  # noqa: S608
            "WHERE id = 1"
        )
        other.execute(f"NOTIFY {listening.CHANNEL}")


@pytest.fixture
def reads(monkeypatch):
    """How many times pages read the number from the database."""
    calls = []
    fetch_one = prepared.fetch_one

    def counted(connection, name, sql, params):
        calls.append(name)
        return fetch_one(connection, name, sql, params)

    monkeypatch.setattr(prepared, "fetch_one", counted)
    monkeypatch.setattr(listening, "RECHECK_SECONDS", 3600)
    return calls


def current_within(expected, seconds=5):
    """current(), asked until it gives `expected`: a notification reaches
    the connection a moment after the other one commits."""
    deadline = time.monotonic() + seconds
    while (number := ContentVersion.objects.current()) != expected:
        if time.monotonic() > deadline:
            return number
        time.sleep(0.01)
    return number


@on_postgres
def test_a_page_knows_the_number_without_a_read_until_told_of_a_change(reads):
    pagecache.bump()
    number = ContentVersion.objects.current()
    assert len(reads) == 1

    assert ContentVersion.objects.current() == number
    assert ContentVersion.objects.current() == number
    assert len(reads) == 1  # no round trip

    notify_from_elsewhere()
    assert current_within(number + 1) == number + 1
    assert len(reads) == 2


@on_postgres
def test_a_change_made_in_this_process_shows_at_once(reads):
    number = ContentVersion.objects.current()
    pagecache.bump()

    assert ContentVersion.objects.current() == number + 1  # no waiting


@on_postgres
def test_a_notification_taken_in_by_another_query_is_not_lost(reads):
    number = ContentVersion.objects.current()
    notify_from_elsewhere()
    with connection.cursor() as cursor:  # psycopg reads the notification
        cursor.execute("SELECT pg_sleep(0.2)")

    assert ContentVersion.objects.current() == number + 1


@on_postgres
def test_without_notifications_the_number_is_read_again_after_a_while(
    reads, monkeypatch
):
    """Were notifications lost (a pooler in transaction mode), pages would
    be late by RECHECK_SECONDS at most."""
    monkeypatch.setattr(listening, "RECHECK_SECONDS", 0.2)
    number = ContentVersion.objects.current()
    bump_from_elsewhere()  # no NOTIFY

    assert ContentVersion.objects.current() == number
    time.sleep(0.3)
    assert ContentVersion.objects.current() == number + 1


@on_postgres
def test_where_listen_is_refused_every_page_reads_the_number(reads, monkeypatch):
    """A hot standby refuses LISTEN: plain reads, and no error."""
    monkeypatch.setattr(listening, "CHANNEL", "no channel")  # a syntax error
    number = ContentVersion.objects.current()
    bump_from_elsewhere()

    assert ContentVersion.objects.current() == number + 1
    assert len(reads) == 2


def test_turned_off_every_page_reads_the_number(reads, settings):
    settings.CONTENT_VERSION_LISTEN = False
    number = ContentVersion.objects.current()
    bump_from_elsewhere() if connection.vendor == "postgresql" else pagecache.bump()

    assert ContentVersion.objects.current() == number + 1
    assert len(reads) == (2 if connection.vendor == "postgresql" else 0)


@on_postgres
def test_a_dropped_connection_is_replaced_and_listens_again(reads):
    number = ContentVersion.objects.current()
    old = connection.connection
    kill_our_connection()
    time.sleep(0.2)  # the server has closed it
    connection.health_check_done = False  # a new request

    assert ContentVersion.objects.current() == number
    assert connection.connection is not old
    notify_from_elsewhere()
    assert current_within(number + 1) == number + 1


class WritesElsewhere:
    """Reads here, writes to a primary elsewhere: a replica's router."""

    def db_for_read(self, model, **hints):
        return "default"

    def db_for_write(self, model, **hints):
        return "primary"


@on_postgres
def test_a_replica_reads_the_number_every_time(reads, settings):
    """Notifications are sent on the primary, and the number must match the
    replica's rows: on a replica, pages read it every time."""
    settings.DATABASE_ROUTERS = [f"{__name__}.WritesElsewhere"]
    number = ContentVersion.objects.current()
    bump_from_elsewhere()

    assert ContentVersion.objects.current() == number + 1
    assert len(reads) == 2
