"""Production settings and the middleware that keeps the portal safe."""

import datetime
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import OperationalError, connections, transaction
from django.urls import reverse

from articles import feedback, notifications
from articles import search as search_engine
from articles.models import Comment, Vote
from helpcenter.production import JsonFormatter, RequestIdFilter
from helpcenter.routers import PrimaryReplicaRouter
from tests.factories import make_article, make_user

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "help.example.com",
    "DJANGO_ENV_FILE": "",  # never a developer's .env
}


def manage(*args, **env):
    """Run manage.py in a fresh process with exactly this environment."""
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**PRODUCTION, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def setting(expression, **env):
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}, default=str))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**PRODUCTION, "DJANGO_SETTINGS_MODULE": "helpcenter.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_check_deploy_is_clean_in_production():
    result = manage("check", "--deploy")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "Set DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "Set DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_half_configured(env, message):
    environment = {**PRODUCTION, **env}

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert message in result.stderr


def test_optional_services_are_chosen_by_the_environment():
    plain = setting(
        "[settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND'],"
        " settings.STORAGES['default']['BACKEND'], sorted(settings.DATABASES),"
        " settings.ADMIN_PATH]"
    )
    scaled = setting(
        "[settings.SESSION_ENGINE, settings.CACHES['default'],"
        " settings.STORAGES['default'], sorted(settings.DATABASES),"
        " settings.DATABASES['replica']['TEST'], settings.DATABASE_ROUTERS,"
        " settings.ADMIN_PATH]",
        REDIS_URL="redis://127.0.0.1:6379/3",
        DJANGO_STORAGE_BUCKET="help-media",
        DJANGO_STORAGE_ENDPOINT_URL="https://s3.example.com",
        DATABASE_URL="postgres://app@primary.example.com/help",
        DATABASE_REPLICA_URL="postgres://app@replica.example.com/help",
        DJANGO_ADMIN_PATH="/staff-area/",
    )

    assert plain == [
        "helpcenter.sessions.db",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.files.storage.FileSystemStorage",
        ["default"],
        "admin/",
    ]
    sessions, cache, storage, databases, replica_test, routers, admin = scaled
    assert sessions == "helpcenter.sessions.cached_db"
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    # A Redis that does not answer fails a request fast, not at the timeout.
    assert cache["OPTIONS"] == {"socket_connect_timeout": 1, "socket_timeout": 1}
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "help-media"
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["file_overwrite"] is False
    assert databases == ["default", "replica"]
    assert replica_test["MIRROR"] == "default"
    assert routers == ["helpcenter.routers.PrimaryReplicaRouter"]
    assert admin == "staff-area/"


def test_the_admin_can_live_at_another_path():
    result = manage(
        "shell",
        "-c",
        "from django.urls import reverse; print(reverse('admin:index'))",
        DJANGO_ADMIN_PATH="staff-area",
    )

    assert result.stdout.strip().endswith("/staff-area/"), result.stderr


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_router_reads_from_the_replica_outside_writes():
    router = PrimaryReplicaRouter()

    assert router.db_for_read(Comment) == "replica"
    assert router.db_for_write(Comment) == "default"
    with transaction.atomic():
        assert router.db_for_read(Comment) == "default"
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica", "articles")


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    article = make_article()

    for url in ["/en/", article.get_absolute_url(), "/admin/login/", "/healthz"]:
        response = client.get(url, secure=True)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp, url
        assert "script-src 'self';" in csp, url
        assert "style-src 'self';" in csp, url
        assert "'unsafe-inline'" not in csp, url
        assert "frame-ancestors 'none'" in csp, url
        assert "camera=()" in response["Permissions-Policy"], url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Strict-Transport-Security"].startswith("max-age="), url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_http_only(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    user = make_user(email="pat@example.com")

    page = client.get(reverse("account_login"), secure=True)
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": "correct horse battery staple"},
        secure=True,
    )

    session = response.cookies["sessionid"]
    assert response.status_code == 302
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert page.cookies["csrftoken"]["secure"]


@pytest.mark.django_db
def test_every_request_has_an_id_and_one_log_line(client, caplog):
    article = make_article()
    caplog.set_level(logging.INFO, logger="helpcenter.requests")

    mine = client.get(article.get_absolute_url(), HTTP_X_REQUEST_ID="abc12345-edge")
    fresh = client.get(article.get_absolute_url(), HTTP_X_REQUEST_ID="<script>")

    assert mine["X-Request-ID"] == "abc12345-edge"
    assert len(fresh["X-Request-ID"]) == 32
    records = [r for r in caplog.records if r.name == "helpcenter.requests"]
    assert len(records) == 2
    line = json.loads(JsonFormatter().format(_with_id(records[0], "abc12345-edge")))
    assert line["request_id"] == "abc12345-edge"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert line["path"] == article.get_absolute_url()
    assert line["duration_ms"] >= 0
    assert "user_id" in line


def _with_id(record, request_id):
    record.request_id = request_id
    return record


def test_log_records_carry_the_current_request_id():
    from helpcenter.production import request_id_var

    token = request_id_var.set("req-12345678")
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, None)
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)

    assert json.loads(JsonFormatter().format(record))["request_id"] == "req-12345678"


@pytest.mark.django_db
def test_an_error_shows_the_500_page_with_the_request_id(client, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(search_engine, "search", crash)
    client.raise_request_exception = False

    response = client.get("/en/search/?q=payout", HTTP_X_REQUEST_ID="trace-0001-abc")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "trace-0001-abc" in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_a_lost_database_gives_the_branded_503(client, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(search_engine, "search", down)
    client.raise_request_exception = False

    response = client.get("/en/search/?q=payout")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The help center is back in a moment" in response.content.decode()


@pytest.mark.django_db
def test_a_body_over_the_limit_is_refused_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BYTES = 1000

    response = client.post(
        reverse("support:request"),
        data=b"x" * 2000,
        content_type="application/octet-stream",
    )

    assert response.status_code == 413
    assert "What you sent is too large." in response.content.decode()


@pytest.mark.django_db
def test_too_many_fields_get_a_clear_error(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10

    response = client.post(
        reverse("support:request"), {f"field{n}": "x" for n in range(50)}
    )

    assert response.status_code == 413
    assert "The form had too much text or too many fields." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_a_crash_after_saving_a_comment_leaves_no_comment(client, monkeypatch):
    article = make_article()
    client.force_login(make_user())
    client.raise_request_exception = False

    def crash(*args, **kwargs):
        raise RuntimeError("mail queue exploded")

    monkeypatch.setattr(notifications, "comment_published", crash)
    monkeypatch.setattr("articles.comments.notifications.comment_published", crash)
    monkeypatch.setattr("django.conf.settings.COMMENTS_PREMODERATION", False)

    response = client.post(
        reverse("articles:comment-create", args=[article.pk]), {"body": "Thanks!"}
    )

    assert response.status_code == 500
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_a_crash_after_counting_a_vote_leaves_no_vote(client, monkeypatch):
    article = make_article()
    client.force_login(make_user())
    client.raise_request_exception = False

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(feedback, "helpfulness", crash)

    response = client.post(
        reverse("articles:vote", args=[article.pk]),
        {"helpful": "yes"},
        HTTP_ACCEPT="application/json",
    )

    article.refresh_from_db()
    assert response.status_code == 500
    assert not Vote.objects.exists()
    assert (article.helpful_count, article.vote_count) == (0, 0)


@pytest.mark.django_db
def test_orphan_files_are_cleaned_and_used_ones_kept(tmp_path):
    from articles.models import ArticleImage

    image = ArticleImage(alt="kept")
    image.image.save("kept.png", ContentFile(b"png"), save=True)
    orphan = default_storage.save("support/2026/11/orphan.png", ContentFile(b"x"))
    recent = default_storage.save("articles/2026/11/recent.png", ContentFile(b"x"))
    old = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC).timestamp()
    for name in (orphan, image.image.name):
        os.utime(default_storage.path(name), (old, old))

    call_command("clean_orphan_files", "--dry-run")
    assert default_storage.exists(orphan)
    call_command("clean_orphan_files")

    assert not default_storage.exists(orphan)
    assert default_storage.exists(image.image.name)
    # Too young: it may belong to an upload being saved right now.
    assert default_storage.exists(recent)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sessions_are_kept_in_the_database_and_cached_in_redis(client, settings):
    settings.CACHES = {
        **settings.CACHES,  # the pages' caches stay in the process
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
            "KEY_PREFIX": f"test-{os.getpid()}",
        },
    }
    settings.SESSION_ENGINE = "helpcenter.sessions.cached_db"
    from django.contrib.sessions.models import Session
    from django.core.cache import caches

    user = make_user(email="pat@example.com", site_id=1234567)
    client.force_login(user)
    response = client.get("/en/")

    assert response.status_code == 200
    assert "SID 1234567" in response.content.decode()
    session_key = client.session.session_key
    assert caches["default"].get(f"django.contrib.sessions.cached_db{session_key}")
    assert Session.objects.filter(session_key=session_key).exists()
    assert not connections["default"].in_atomic_block


@pytest.mark.django_db
def test_nginx_can_send_checked_files(client, settings):
    from articles.models import ArticleImage

    settings.MEDIA_ACCEL_PREFIX = "/protected-media/"
    gated = make_article(visibility="signed_in")
    image = ArticleImage(alt="SID", article=gated)
    image.image.save("sid.png", ContentFile(b"png"), save=True)
    url = image.image.url

    refused = client.get(url)
    client.force_login(make_user())
    sent = client.get(url)

    assert refused.status_code == 404
    assert "X-Accel-Redirect" not in refused
    assert sent.status_code == 200
    assert sent["X-Accel-Redirect"] == "/protected-media/" + image.image.name
    assert sent["Content-Type"] == "image/png"
    assert sent.content == b""
    assert "private" in sent["Cache-Control"]
