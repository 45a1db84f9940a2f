"""The portal while its database is away, and after it comes back.

gunicorn serves the portal from a separate process, connected to the test
database through a TCP relay that the test can cut and restore: cutting it
is what the portal sees when PostgreSQL stops.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.relay import Relay, free_port

ROOT = Path(__file__).resolve().parent.parent

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


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(url, status, seconds=20):
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = fetch(url)
        except OSError:
            result = (None, "")
        if result[0] == status or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


@pytest.fixture
def portal(live_server):
    settings = connection.settings_dict
    relay = Relay((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    relay.start()
    port = free_port()
    user = settings["USER"] or "postgres"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_DEBUG": "0",
        "DJANGO_ENV_FILE": "",
        "DJANGO_SECRET_KEY": "database-down-test-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATICFILES_STORAGE": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
        "DATABASE_URL": (
            f"postgres://{user}@127.0.0.1:{relay.port}/{settings['NAME']}"
        ),
    }
    server = subprocess.Popen(  # noqa: S603 - gunicorn from our own venv
        [
            sys.executable,
            "-m",
            "gunicorn",
            "helpcenter.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(base + "/healthz", 200)[0] == 200
        yield base, relay
    finally:
        server.terminate()
        server.wait(timeout=10)
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
