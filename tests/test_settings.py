import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpcenter.settings import load_env_file, read_env_file

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


def test_an_empty_dot_env_file_name_reads_no_file(monkeypatch, tmp_path):
    monkeypatch.setattr("helpcenter.settings.BASE_DIR", tmp_path)
    (tmp_path / ".env").write_text("HELPCENTER_TEST_VARIABLE=from-the-file\n")
    monkeypatch.delenv("HELPCENTER_TEST_VARIABLE", raising=False)

    monkeypatch.setenv("DJANGO_ENV_FILE", "")
    load_env_file()
    assert "HELPCENTER_TEST_VARIABLE" not in os.environ

    monkeypatch.delenv("DJANGO_ENV_FILE")
    load_env_file()
    assert os.environ["HELPCENTER_TEST_VARIABLE"] == "from-the-file"


def test_a_missing_dot_env_file_is_an_error_only_when_named(monkeypatch, tmp_path):
    monkeypatch.setattr("helpcenter.settings.BASE_DIR", tmp_path)
    monkeypatch.delenv("DJANGO_ENV_FILE", raising=False)
    load_env_file()  # no .env in the project folder: nothing to read

    monkeypatch.setenv("DJANGO_ENV_FILE", str(tmp_path / "production.env"))
    with pytest.raises(FileNotFoundError):
        load_env_file()


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
