"""SESSION_ENGINE: Django's cached database sessions (see the package)."""

from django.contrib.sessions.backends import cached_db

from . import FastReadMixin


class SessionStore(FastReadMixin, cached_db.SessionStore):
    pass
