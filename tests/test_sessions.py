"""The session engines: Django's, with the read written once
(helpcenter.sessions). They keep Django's rules."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpcenter.sessions import cached_db, db, read_session

from .factories import make_user

pytestmark = pytest.mark.django_db

ENGINES = [db.SessionStore, cached_db.SessionStore]


def saved_session(store, expiry=None):
    """A session of this engine holding {"colour": "blue"}, saved."""
    session = store()
    session["colour"] = "blue"
    if expiry is not None:
        session.set_expiry(expiry)
    session.save()
    return session


def test_the_portal_uses_them():
    assert settings.SESSION_ENGINE == "helpcenter.sessions.db"


@pytest.mark.parametrize("store", ENGINES)
def test_a_saved_session_is_read_back_in_one_query(store):
    session = saved_session(store, expiry=600)

    again = store(session.session_key)
    with CaptureQueriesContext(connection) as queries:
        if store is cached_db.SessionStore:
            caches[settings.SESSION_CACHE_ALIAS].delete(again.cache_key)
        assert again["colour"] == "blue"
    assert len(queries) == 1
    assert 590 <= again.get_expiry_age() <= 600


@pytest.mark.parametrize("store", ENGINES)
def test_an_expired_session_is_no_session(store):
    session = saved_session(store)
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    if store is cached_db.SessionStore:
        caches[settings.SESSION_CACHE_ALIAS].delete(session.cache_key)

    again = store(session.session_key)
    assert again.get("colour") is None
    assert again.session_key is None  # a new key when it is saved
    again["colour"] = "red"
    again.save()
    assert again.session_key != session.session_key


@pytest.mark.parametrize("store", ENGINES)
# Django warns of the NUL in the cached engine's cache key, as it should.
@pytest.mark.filterwarnings("ignore::django.core.cache.CacheKeyWarning")
def test_an_unknown_key_is_no_session(store):
    session = saved_session(store)
    for key in ("x" * 32, session.session_key[:8], session.session_key + "\x00x"):
        again = store(key)
        assert dict(again.items()) == {}
        assert again.session_key is None


def test_the_cached_engine_keeps_the_sessions_own_expiry():
    store = cached_db.SessionStore
    session = saved_session(store, expiry=300)
    cache = caches[settings.SESSION_CACHE_ALIAS]
    cache.delete(session.cache_key)

    assert store(session.session_key)["colour"] == "blue"
    assert cache.get(session.cache_key) == {"colour": "blue", "_session_expiry": 300}


def test_a_signed_in_reader_stays_signed_in_until_the_session_expires(client):
    user = make_user(email="pat@example.com", name="Pat Reader", site_id=7654321)
    client.force_login(user)
    assert "7654321" in client.get("/en/").content.decode()

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    page = client.get("/en/").content.decode()
    assert "7654321" not in page
    assert "Sign in" in page


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the prepared read is PostgreSQL's"
)
@pytest.mark.parametrize("store", ENGINES)
def test_the_prepared_read_and_the_cursor_agree(store):
    session = saved_session(store, expiry=600)
    stored = Session.objects.get(session_key=session.session_key).expire_date

    prepared = read_session(Session, session.session_key)
    assert connection._prepared_statements["helpcenter_session"] is (
        connection.connection
    )
    with CaptureQueriesContext(connection):  # watched: through a cursor
        through_cursor = read_session(Session, session.session_key)
    assert prepared == through_cursor
    assert prepared.expire_date == stored
    assert store(session.session_key)["colour"] == "blue"
