"""The portal while its Redis cache is away, and after it comes back.

The cache is the real Redis at 127.0.0.1:6379 (database 6), reached through
a TCP relay the test can cut and restore: cutting it is what the portal sees
when Redis stops. Sessions are the production ones: in the database, read
through the cache. The first tests need no Redis at all: a cache at a port
where nothing listens is down from the start.
"""

import os

import pytest
import redis
from django.test import Client, RequestFactory
from django.urls import reverse
from django_ratelimit.core import is_ratelimited

from helpcenter.production import is_dependency_down
from tests.factories import PASSWORD, make_user
from tests.relay import Relay, free_port

pytestmark = pytest.mark.django_db

REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 6


def use_redis_cache(settings, port):
    settings.CACHES = {
        **settings.CACHES,  # the pages' caches stay in the process
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/{REDIS_DB}",
            "KEY_PREFIX": f"test-{os.getpid()}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    settings.SESSION_ENGINE = "helpcenter.sessions.cached_db"


@pytest.fixture
def cache_away(settings):
    original = settings.CACHES
    use_redis_cache(settings, free_port())
    yield
    # Back before conftest's empty_cache clears "the" cache.
    settings.CACHES = original


def browser():
    """A client that gets the error pages, as a browser would."""
    return Client(raise_request_exception=False)


def test_healthz_names_the_cache_when_it_does_not_answer(cache_away):
    response = browser().get("/healthz")

    assert response.status_code == 503
    assert response.content.decode() == (
        "database: ok\ncache: failing: no answer (ConnectionError)\noutbox: ok\n"
    )
    assert "no-store" in response["Cache-Control"]


def test_pages_answer_the_branded_503_when_the_cache_does_not_answer(cache_away):
    response = browser().get("/en/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The help center is back in a moment" in response.content.decode()


def test_sign_in_refuses_with_a_503_rather_than_skip_its_rate_limit(cache_away):
    make_user(email="pat@example.com")

    response = browser().post(
        reverse("account_login"), {"login": "pat@example.com", "password": PASSWORD}
    )

    assert response.status_code == 503


def test_per_user_rate_limits_raise_what_counts_as_a_dependency_down(cache_away):
    request = RequestFactory().post("/")

    with pytest.raises(redis.RedisError) as raised:
        is_ratelimited(request, group="test", key="ip", rate="5/m", increment=True)

    assert is_dependency_down(raised.value)


@pytest.fixture
def relay(settings):
    try:
        redis.Redis(REDIS_HOST, REDIS_PORT, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {REDIS_HOST}:{REDIS_PORT}: a cache to cut off")
    relay = Relay((REDIS_HOST, REDIS_PORT))
    relay.start()
    original = settings.CACHES
    use_redis_cache(settings, relay.port)
    yield relay
    settings.CACHES = original
    relay.cut()
    redis.Redis(REDIS_HOST, REDIS_PORT, db=REDIS_DB).flushdb()


def test_the_site_says_it_is_back_in_a_moment_and_recovers_by_itself(relay):
    client = browser()
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/").status_code == 200

    relay.cut()
    health = client.get("/healthz")
    page = client.get("/en/search/?q=payment")  # search results are cached there

    assert health.status_code == 503
    assert "cache: failing" in health.content.decode()
    # A page kept whole in the process's own page cache is still served.
    assert client.get("/en/").status_code == 200
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "The help center is back in a moment" in page.content.decode()

    relay.start()
    health = client.get("/healthz")
    page = client.get("/en/?after=1")  # not in the page cache

    assert health.status_code == 200
    assert health.content.decode() == "database: ok\ncache: ok\noutbox: ok\n"
    assert page.status_code == 200
    assert "How can we help?" in page.content.decode()


def test_a_signed_in_reader_stays_signed_in_across_a_redis_restart(relay):
    client = browser()
    client.force_login(make_user(site_id=1234567))
    assert client.get("/en/").wsgi_request.user.is_authenticated

    relay.cut()
    assert client.get("/en/").status_code == 503
    # It comes back empty, as a Redis without persistence does.
    redis.Redis(REDIS_HOST, REDIS_PORT, db=REDIS_DB).flushdb()
    relay.start()
    response = client.get("/en/")

    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    assert "SID 1234567" in response.content.decode()
