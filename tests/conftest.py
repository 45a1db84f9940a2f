import pytest


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    # allauth's rate limits count in the cache: no test inherits another's.
    # Pages and fragments too (helpcenter.pagecache).
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def content_version_at_once(request, monkeypatch):
    # A test's own transaction never commits, so the content version is
    # bumped at once rather than after commit; tests that commit for real
    # (transactional_db, live_server) keep the real path.
    from helpcenter import listening, pagecache

    pagecache._next_publication[:] = [None, None]
    listening.changed()  # the database may have been flushed or restored
    marker = request.node.get_closest_marker("django_db")
    commits = marker is not None and marker.kwargs.get("transaction")
    if not commits and not {"transactional_db", "live_server"} & set(
        request.fixturenames
    ):
        monkeypatch.setattr(pagecache, "after_commit", lambda func, using=None: func())


@pytest.fixture(autouse=True)
def english_to_begin_with():
    # A request activates its page's language in the thread and leaves it
    # there: each test starts in the portal's default language.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def mail_through_the_outbox(settings):
    # pytest-django replaces EMAIL_BACKEND with locmem; put the outbox back,
    # delivering to locmem at once (EMAIL_QUEUE off), so that every email
    # takes the production path and still lands in mail.outbox. The outbox's
    # own tests queue it instead (tests/test_outbox.py).
    settings.EMAIL_BACKEND = "helpcenter.outbox.OutboxBackend"
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
        "DEFAULT_PRIORITY": "now",
    }
