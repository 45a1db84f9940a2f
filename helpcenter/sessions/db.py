"""SESSION_ENGINE: Django's database sessions (see the package)."""

from django.contrib.sessions.backends import db

from . import FastReadMixin


class SessionStore(FastReadMixin, db.SessionStore):
    pass
