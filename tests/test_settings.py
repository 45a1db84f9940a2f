import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "help.example.com",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
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
