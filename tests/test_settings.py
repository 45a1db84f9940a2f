import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpcenter.env import load_env_file, read_env_file

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "help.example.com",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    # No .env file either: a developer's own must not change the outcome.
    clean["DJANGO_ENV_FILE"] = ""
    # Our own manage.py with fixed arguments.
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_with_the_built_in_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_debug_mode_starts_with_the_built_in_key():
    result = manage("check", DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr


def settings_with(env_file, *names, **env):
    """These settings, as a fresh process with this .env file sees them."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps([getattr(settings, name) for name in {names!r}]))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "helpcenter.settings",
            "DJANGO_ENV_FILE": str(env_file),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_a_dot_env_file_configures_a_local_checkout(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=from-the-file\n")

    assert settings_with(env_file, "DEBUG", "SECRET_KEY") == [True, "from-the-file"]


def test_the_environment_wins_over_the_dot_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=from-the-file\nPORTAL_NAME=File\n"
    )

    debug, key, name = settings_with(
        env_file,
        "DEBUG",
        "SECRET_KEY",
        "PORTAL_NAME",
        DJANGO_DEBUG="0",
        DJANGO_SECURE_SSL_REDIRECT="0",
        PORTAL_NAME="",
    )

    assert debug is False
    assert key == "from-the-file"  # unset in the environment: the file's
    assert name == ""  # set, even empty: the environment's


def test_only_a_named_dot_env_file_is_read(monkeypatch, tmp_path):
    (tmp_path / ".env").write_text("HELPCENTER_TEST_VARIABLE=from-the-file\n")
    monkeypatch.delenv("HELPCENTER_TEST_VARIABLE", raising=False)

    for unnamed in (None, ""):
        if unnamed is None:
            monkeypatch.delenv("DJANGO_ENV_FILE", raising=False)
        else:
            monkeypatch.setenv("DJANGO_ENV_FILE", unnamed)
        load_env_file(tmp_path)
        assert "HELPCENTER_TEST_VARIABLE" not in os.environ

    monkeypatch.setenv("DJANGO_ENV_FILE", ".env")
    load_env_file(tmp_path)
    assert os.environ["HELPCENTER_TEST_VARIABLE"] == "from-the-file"


def test_the_server_reads_no_dot_env_but_commands_do(tmp_path):
    """A checkout's .env (debug on) configures `manage.py`, never wsgi.py."""
    checkout = tmp_path / "checkout"
    shutil.copytree(
        ROOT,
        checkout,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "staticfiles", "media", "*.sqlite3"
        ),
    )
    (checkout / ".env").write_text("DJANGO_DEBUG=1\nPORTAL_NAME=From the file\n")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("PORTAL_NAME", None)

    command = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.PORTAL_NAME)",
        ],
        cwd=checkout,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    server = subprocess.run(
        [sys.executable, "-c", "import helpcenter.wsgi"],
        cwd=checkout,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert command.returncode == 0, command.stderr
    assert command.stdout.strip().splitlines()[-1] == "From the file"
    # No key and debug off: the file was not read.
    assert server.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in server.stderr


def test_a_missing_dot_env_file_is_an_error_only_when_named(monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_ENV_FILE", ".env")
    load_env_file(tmp_path)  # no .env in the project folder: nothing to read

    monkeypatch.setenv("DJANGO_ENV_FILE", str(tmp_path / "production.env"))
    with pytest.raises(FileNotFoundError):
        load_env_file(tmp_path)


def test_dot_env_lines_are_read_as_written(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# Local settings\n"
        "\n"
        "DJANGO_DEBUG=1\n"
        "  export REDIS_URL = redis://127.0.0.1:6379/7  \n"
        "DJANGO_LOG_LEVEL=DEBUG   # an inline comment\n"
        'PORTAL_NAME="Help #1 Center"  # quoted: the # stays\n'
        "DEFAULT_FROM_EMAIL='Help <help@example.com>'\n"
        "DJANGO_SECRET_KEY=abc$HOME=x#y\n"
        "EMAIL_HOST_PASSWORD=\n"
        "SUPPORT_CHAT_URL=    # empty, then a comment\n"
        "RATE_LIMIT_VOTE=#not-a-comment\n"
    )

    assert read_env_file(env_file) == {
        "DJANGO_DEBUG": "1",
        "REDIS_URL": "redis://127.0.0.1:6379/7",
        "DJANGO_LOG_LEVEL": "DEBUG",
        "PORTAL_NAME": "Help #1 Center",
        "DEFAULT_FROM_EMAIL": "Help <help@example.com>",
        "DJANGO_SECRET_KEY": "abc$HOME=x#y",
        "EMAIL_HOST_PASSWORD": "",
        "SUPPORT_CHAT_URL": "",
        "RATE_LIMIT_VOTE": "#not-a-comment",
    }


def test_a_malformed_dot_env_line_is_refused_with_its_number(tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\nthis is not a setting\n")

    with pytest.raises(ImproperlyConfigured, match="line 2"):
        read_env_file(env_file)


def test_the_image_reads_no_dot_env_file():
    dockerfile = (ROOT / "Dockerfile").read_text()
    ignored = (ROOT / ".dockerignore").read_text().splitlines()

    assert re.search(r"^\s+DJANGO_ENV_FILE=\s", dockerfile, re.MULTILINE)
    assert ".env" in ignored


def test_mail_waits_for_the_worker_in_production_and_not_in_the_demo():
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.POST_OFFICE['DEFAULT_PRIORITY'])",
    )

    production = manage(*show, **PRODUCTION).stdout.split()
    demo = manage(*show, DJANGO_DEBUG="1").stdout.split()
    queued_demo = manage(*show, DJANGO_DEBUG="1", EMAIL_QUEUE="1").stdout.split()

    assert production == ["helpcenter.outbox.OutboxBackend", "medium"]
    assert demo == ["helpcenter.outbox.OutboxBackend", "now"]
    assert queued_demo[1] == "medium"
