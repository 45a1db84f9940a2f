"""The portal while its database is away, and after it comes back.

gunicorn serves the portal from a separate process, connected to the test
database through a TCP relay that the test can cut and restore: cutting it
is what the portal sees when PostgreSQL stops.
"""

import pytest
from django.db import connection

from tests.relay import Relay
from tests.served import database_url, fetch, gunicorn, wait_for

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: a database server to stop and start",
    ),
    # Serialized like the other transactional tests: the flush after it then
    # leaves the database empty (no post_migrate rows such as content types)
    # for the next one to restore its data into.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def portal(live_server):
    settings = connection.settings_dict
    relay = Relay((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    relay.start()
    try:
        with gunicorn(database_url(relay.port)) as base:
            yield base, relay
    finally:
        relay.cut()


def test_the_site_says_it_is_back_in_a_moment_and_recovers_by_itself(portal):
    base, relay = portal
    assert fetch(base + "/en/")[0] == 200

    relay.cut()
    health = wait_for(base + "/healthz", 503)
    status, page = fetch(base + "/en/")

    assert health[0] == 503
    assert "database: failing" in health[1]
    assert status == 503
    assert "The help center is back in a moment" in page
    assert "Traceback" not in page

    relay.start()
    assert wait_for(base + "/healthz", 200)[0] == 200
    status, page = wait_for(base + "/en/", 200)
    assert status == 200
    assert "How can we help?" in page


def test_a_connection_dropped_between_requests_costs_nobody_a_page(portal):
    """The cached pages' one query is also the connection's health check: a
    connection the database dropped (a restart, a failover) is replaced
    before the page is answered, as Django's own health check would."""
    base, relay = portal
    for url in ("/en/", "/en/", "/en/support/"):
        assert fetch(base + url)[0] == 200  # the worker's connection is open

    relay.cut()  # drops it, as a restarting server does
    relay.start()

    status, page = fetch(base + "/en/")
    assert status == 200
    assert "How can we help?" in page
    assert fetch(base + "/en/support/")[0] == 200
