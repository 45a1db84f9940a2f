"""The content version: the one read every cached page makes.

On PostgreSQL, when nothing watches the connection's queries, it is read
through a statement prepared once per connection (helpcenter.models). These
tests read it both ways and check they agree, whatever happened to the
connection or the statement in between.
"""

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from helpcenter import pagecache
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
