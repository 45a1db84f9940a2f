"""The portal served by gunicorn from a process of its own, on the test
database: for tests that need real workers, each with its own connection.
"""

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

from tests.relay import free_port

ROOT = Path(__file__).resolve().parent.parent


def fetch(url, headers=None):
    """(status, page); a new connection each time, as separate visitors."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
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


def database_url(port=None) -> str:
    """The test database's address, or through a relay on this machine's
    `port`."""
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    host = "127.0.0.1" if port else settings["HOST"] or "127.0.0.1"
    port = port or settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


@contextlib.contextmanager
def gunicorn(database, workers=1, **env):
    """The portal's base address, served with production settings."""
    port = free_port()
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_DEBUG": "0",
        "DJANGO_ENV_FILE": "",
        "DJANGO_SECRET_KEY": "served-test-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATICFILES_STORAGE": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
        "DATABASE_URL": database,
        **env,
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
            str(workers),
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(base + "/healthz", 200)[0] == 200
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
